// Hand-built XLSX files for the hostile-input tests: a minimal workbook (relationships, workbook, one
// sheet, optional shared strings) written as a zip, where one part may hold a run of up to gigabytes of
// "A" without that run ever being in memory: 1 MiB of "A" is deflated once (ending in a full flush, so the
// block stands alone) and that block is written as many times as needed — about 1 KB per MiB.
import fs from 'node:fs';
import zlib from 'node:zlib';

const MiB = 1024 * 1024;

/** A part's text, or a text with a huge run of "A" (`runMiB` MiB) between a head and a tail. */
export type Part = Readonly<{ name: string; text: string } | { name: string; head: string; runMiB: number; tail: string }>;

type Written = { name: Buffer; offset: number; crc: number; compressed: number; size: number; stated: number };

/**
 * Writes a zip of deflated parts. `statedSizes` replaces the uncompressed size the headers state for a
 * part (a lying header); compressed sizes are always true (the reader needs them to find the next entry).
 */
export function writeZip(file: string, parts: readonly Part[], statedSizes: Readonly<Record<string, number>> = {}): void {
  const fd = fs.openSync(file, 'w');
  let pos = 0;
  const put = (b: Buffer) => {
    fs.writeSync(fd, b);
    pos += b.length;
  };
  const written: Written[] = [];
  const block = zlib.deflateRawSync(Buffer.alloc(MiB, 'A'), { finishFlush: zlib.constants.Z_FULL_FLUSH });
  try {
    for (const p of parts) {
      const name = Buffer.from(p.name);
      let pieces: { bytes: Buffer; times: number }[];
      let size: number;
      let crc: number;
      if ('text' in p) {
        const raw = Buffer.from(p.text);
        pieces = [{ bytes: zlib.deflateRawSync(raw), times: 1 }];
        size = raw.length;
        crc = zlib.crc32(raw);
      } else {
        const head = Buffer.from(p.head);
        const tail = Buffer.from(p.tail);
        pieces = [
          { bytes: zlib.deflateRawSync(head, { finishFlush: zlib.constants.Z_FULL_FLUSH }), times: 1 },
          { bytes: block, times: p.runMiB },
          { bytes: zlib.deflateRawSync(tail), times: 1 },
        ];
        size = head.length + p.runMiB * MiB + tail.length;
        crc = 0; // never checked: the reader refuses the part long before its end
      }
      const compressed = pieces.reduce((s, x) => s + x.bytes.length * x.times, 0);
      const w: Written = { name, offset: pos, crc, compressed, size, stated: statedSizes[p.name] ?? size };
      if (w.stated > 0xfffffffe || compressed > 0xfffffffe) throw new Error('writeZip: no ZIP64 here');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0);
      local.writeUInt16LE(20, 4);
      local.writeUInt16LE(8, 8); // deflate
      local.writeUInt16LE(0x21, 12); // 1980-01-01
      local.writeUInt32LE(w.crc >>> 0, 14);
      local.writeUInt32LE(compressed, 18);
      local.writeUInt32LE(w.stated, 22);
      local.writeUInt16LE(name.length, 26);
      put(local);
      put(name);
      for (const x of pieces) for (let k = 0; k < x.times; k++) put(x.bytes);
      written.push(w);
    }
    const cdStart = pos;
    for (const w of written) {
      const c = Buffer.alloc(46);
      c.writeUInt32LE(0x02014b50, 0);
      c.writeUInt16LE(20, 4);
      c.writeUInt16LE(20, 6);
      c.writeUInt16LE(8, 10);
      c.writeUInt16LE(0x21, 14);
      c.writeUInt32LE(w.crc >>> 0, 16);
      c.writeUInt32LE(w.compressed, 20);
      c.writeUInt32LE(w.stated, 24);
      c.writeUInt16LE(w.name.length, 28);
      c.writeUInt32LE(w.offset, 42);
      put(c);
      put(w.name);
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(written.length, 8);
    end.writeUInt16LE(written.length, 10);
    end.writeUInt32LE(pos - cdStart, 12);
    end.writeUInt32LE(cdStart, 16);
    put(end);
  } finally {
    fs.closeSync(fd);
  }
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The parts every workbook here has: relationships and a workbook with one sheet named "Data". */
export function workbookParts(): Part[] {
  return [
    {
      name: 'xl/_rels/workbook.xml.rels',
      text: `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
    },
    { name: 'xl/workbook.xml', text: `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>` },
  ];
}

/** A sheet's XML from rows of cell XML (`<c r="A1" …>…</c>`). */
export function sheetXml(rows: readonly string[]): string {
  return `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${rows.map((r, i) => `<row r="${i + 1}">${r}</row>`).join('')}</sheetData></worksheet>`;
}

export const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
export const sharedCell = (ref: string, index: number) => `<c r="${ref}" t="s"><v>${index}</v></c>`;
export const numberCell = (ref: string, n: number) => `<c r="${ref}"><v>${n}</v></c>`;

/**
 * Shared strings "name", "ok" and one more string of `runMiB` MiB of "A" (index 2): the cell A3
 * uses it. With `lie`, the headers state 2 KB for the shared strings.
 */
export function writeHugeSharedString(file: string, runMiB: number, lie: boolean): void {
  const sst = `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="3" uniqueCount="3"><si><t>name</t></si><si><t>ok</t></si><si><t>`;
  writeZip(
    file,
    [
      ...workbookParts(),
      { name: 'xl/sharedStrings.xml', head: sst, runMiB, tail: '</t></si></sst>' },
      { name: 'xl/worksheets/sheet1.xml', text: sheetXml([sharedCell('A1', 0), sharedCell('A2', 1), sharedCell('A3', 2)]) },
    ],
    lie ? { 'xl/sharedStrings.xml': 2048 } : {},
  );
}

/** An inline-string cell B3 of `runMiB` MiB in the sheet itself (no shared strings); the headers may lie. */
export function writeHugeCell(file: string, runMiB: number, lie: boolean): void {
  const rows = sheetXml([inlineCell('A1', 'id') + inlineCell('B1', 'note'), numberCell('A2', 1) + inlineCell('B2', 'fine'), numberCell('A3', 2) + '<c r="B3" t="inlineStr"><is><t>']).split('<c r="B3" t="inlineStr"><is><t>');
  writeZip(file, [...workbookParts(), { name: 'xl/worksheets/sheet1.xml', head: `${rows[0]}<c r="B3" t="inlineStr"><is><t>`, runMiB, tail: `</t></is></c>${rows[1]}` }], lie ? { 'xl/worksheets/sheet1.xml': 4096 } : {});
}
