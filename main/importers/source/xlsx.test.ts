import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { openXlsx } from './xlsx';
import type { RawRow, SourceOptions } from './index';
import { DEFAULT_LIMITS } from '../limits';
import type { Limits } from '../limits';
import { inlineCell, numberCell, sheetXml, workbookParts, writeHugeCell, writeHugeSharedString, writeZip } from '../../../tests/helpers/hostileXlsx';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-xlsx-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const file = (): string => path.join(dir, `w${n++}.xlsx`);

const open = (f: string, opts: SourceOptions = {}, limits: Limits = DEFAULT_LIMITS) => openXlsx(f, { fileName: 'w.xlsx', size: fs.statSync(f).size, mtime: '2026-11-01T00:00:00.000Z' }, opts, limits);

async function readAll(f: string, opts: SourceOptions = {}): Promise<{ headers: string[]; rows: RawRow[]; lines: number[]; sheet: string | null; sheets: string[] }> {
  const src = await open(f, opts);
  const rows: RawRow[] = [];
  const lines: number[] = [];
  for await (const b of src.batches()) {
    rows.push(...b.rows);
    lines.push(...b.lines);
  }
  expect(src.bytesRead()).toBe(src.size);
  return { headers: src.headers, rows, lines, sheet: src.sheet, sheets: src.sheets };
}

async function message(f: string, opts: SourceOptions = {}, limits: Limits = DEFAULT_LIMITS): Promise<string> {
  try {
    const src = await open(f, opts, limits);
    for await (const _ of src.batches()) void _;
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('opened without an error');
}

const started = new Date(Date.UTC(2026, 10, 1, 2, 30));
/** The data sheet: every kind of cell value, an empty row (4) and a gap (7 to 9). */
const runRows: [number, ExcelJS.CellValue[]][] = [
  [1, ['run_id', 'started_at', 'minutes', 'double', 'label', 'ok', 'note']],
  [2, ['r1', started, 62.5, { formula: 'C2*2', result: 125 }, { richText: [{ text: 'fa' }, { text: 'st', font: { bold: true } }] }, true, { text: 'site', hyperlink: 'https://example.org' }]],
  [3, ['r2', new Date(Date.UTC(2026, 10, 2)), 14, { formula: '1/0', result: { error: '#DIV/0!' } }, { formula: 'A3&"x"', result: 'r2x' }, false, { error: '#N/A' }]],
  [4, [null, null, null]],
  [5, ['r3', null, 65, null, 'slow', null, '']],
  [9, ['r4', null, 1, null, null, null, 'last']],
];
const runExpected = {
  headers: ['run_id', 'started_at', 'minutes', 'double', 'label', 'ok', 'note'],
  rows: [
    ['r1', '2026-11-01T02:30:00.000Z', '62.5', '125', 'fast', 'true', 'site'],
    ['r2', '2026-11-02T00:00:00.000Z', '14', null, 'r2x', 'false', null],
    ['r3', null, '65', null, 'slow', null, null], // the streaming reader reads an empty shared string as no value
    ['r4', null, '1', null, null, null, 'last'],
  ],
  lines: [2, 3, 5, 9],
};

async function writeInMemory(f: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Notes').addRows([['about', 'this workbook'], ['made', 'by a test']]);
  const ws = wb.addWorksheet('Runs & more');
  for (const [r, values] of runRows) ws.getRow(r).values = values;
  await wb.xlsx.writeFile(f);
}

async function writeStreamed(f: string, useSharedStrings: boolean): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: f, useSharedStrings, useStyles: true });
  const notes = wb.addWorksheet('Notes');
  notes.addRow(['about', 'this workbook']).commit();
  notes.commit();
  const ws = wb.addWorksheet('Runs & more');
  for (const [r, values] of runRows) {
    const row = ws.getRow(r);
    row.values = values;
    row.commit();
  }
  ws.commit();
  await wb.commit();
}

describe('openXlsx (streamed)', () => {
  it('the second sheet by name: dates, formula results, rich text, errors, empty rows skipped, sheet row numbers', async () => {
    const f = file();
    await writeInMemory(f);
    expect(await readAll(f, { sheet: 'Runs & more' })).toEqual({ ...runExpected, sheet: 'Runs & more', sheets: ['Notes', 'Runs & more'] });
    expect(await readAll(f)).toMatchObject({ sheet: 'Notes', headers: ['about', 'this workbook'], rows: [['made', 'by a test']] });
  });

  it('workbooks written by the streaming writer, with shared strings and with inline strings, read the same', async () => {
    for (const shared of [true, false]) {
      const f = file();
      await writeStreamed(f, shared);
      const rows = runExpected.rows.map((r) => [...r]);
      if (!shared) {
        // exceljs's streaming reader keeps only the last run of inline rich text, and an empty inline string is ''.
        rows[0]![4] = 'st';
        rows[2]![6] = '';
      }
      expect(await readAll(f, { sheet: 'Runs & more' })).toEqual({ ...runExpected, rows, sheet: 'Runs & more', sheets: ['Notes', 'Runs & more'] });
    }
  });

  it('streams without parking the sheet in a temp file, and batches() restarts after an early stop', async () => {
    const f = file();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: f, useSharedStrings: false });
    const ws = wb.addWorksheet('Big');
    ws.addRow(['i', 'text']).commit();
    for (let i = 1; i <= 4500; i++) ws.addRow([i, `row ${i}`]).commit();
    ws.commit();
    await wb.commit();
    const mine = () => fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith(`tmp-${process.pid}-`)).length;
    const before = mine();
    const src = await open(f);
    for await (const b of src.batches()) {
      expect(b.rows.length).toBe(2000);
      expect(b.lines[0]).toBe(2);
      break;
    }
    const sizes: number[] = [];
    let last: RawRow = [];
    for await (const b of src.batches()) {
      sizes.push(b.rows.length);
      last = b.rows[b.rows.length - 1]!;
    }
    expect(sizes).toEqual([2000, 2000, 500]);
    expect(last).toEqual(['4500', 'row 4500']);
    expect(mine()).toBe(before);
  });

  it('says which sheets exist, and when a sheet is empty, has no header or no data rows', async () => {
    const f = file();
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Empty');
    wb.addWorksheet('Header only').addRow(['a', 'b']);
    const noHeader = wb.addWorksheet('No header');
    noHeader.getRow(3).values = ['x', 'y'];
    const blankData = wb.addWorksheet('Blank data');
    blankData.addRow(['a', 'b']);
    blankData.getRow(2).values = [null, null, 'outside the header'];
    await wb.xlsx.writeFile(f);
    expect(await message(f, { sheet: 'Nope' })).toBe('w.xlsx: has no sheet named "Nope" (sheets: Empty, Header only, No header, Blank data).');
    expect(await message(f)).toBe('w.xlsx: sheet "Empty" is empty.');
    expect(await message(f, { sheet: 'Header only' })).toBe('w.xlsx: sheet "Header only" has a header row but no data rows.');
    expect(await message(f, { sheet: 'Blank data' })).toBe('w.xlsx: sheet "Blank data" has a header row but no data rows.');
    expect(await message(f, { sheet: 'No header' })).toMatch(/^w\.xlsx: sheet "No header", row 1: the header row is empty/);
  });

  it('a corrupt sheet is an error naming the file, not a hang', { timeout: 10_000 }, async () => {
    const f = file();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: f });
    const ws = wb.addWorksheet('S');
    for (let i = 0; i <= 3000; i++) ws.addRow(i === 0 ? ['i', 'text'] : [i, `row ${i}`]).commit();
    ws.commit();
    await wb.commit();
    const buf = fs.readFileSync(f);
    const at = buf.indexOf('xl/worksheets/sheet1.xml'); // the entry's local header: its data follows
    buf.fill(0xff, at + 40, at + 60);
    fs.writeFileSync(f, buf);
    expect(await message(f)).toMatch(/^w\.xlsx: is not a readable XLSX workbook \(/);
  });

  it('a cut-off workbook or a zip that is not a workbook is "not a readable XLSX workbook"', async () => {
    const f = file();
    await writeInMemory(f);
    const cut = file();
    fs.writeFileSync(cut, fs.readFileSync(f).subarray(0, Math.floor(fs.statSync(f).size / 2)));
    expect(await message(cut)).toMatch(/^w\.xlsx: is not a readable XLSX workbook \(the zip directory is missing/);
    // A zip holding one stored file and no workbook.
    const name = Buffer.from('hello.txt');
    const data = Buffer.from('hi');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(1, 8);
    end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12);
    end.writeUInt32LE(30 + name.length + data.length, 16);
    const zip = file();
    fs.writeFileSync(zip, Buffer.concat([local, name, data, central, name, end]));
    expect(await message(zip)).toBe('w.xlsx: is not a readable XLSX workbook (xl/_rels/workbook.xml.rels is missing).');
  });
});

describe('hostile workbooks: sizes are checked before the XML parser sees the bytes', () => {
  const MiB = 1024 * 1024;

  it('a hand-built workbook reads (the generator is sound)', async () => {
    const f = file();
    writeHugeSharedString(f, 0, false);
    expect((await readAll(f)).rows).toEqual([['ok']]);
    const g = file();
    writeHugeCell(g, 0, false);
    const r = await readAll(g);
    expect([r.headers, r.rows]).toEqual([['id', 'note'], [['1', 'fine'], ['2', '']]]);
  });

  it('a shared string over 1 MiB is refused while streaming, even when the zip states a small size', { timeout: 20_000 }, async () => {
    const f = file();
    writeHugeSharedString(f, 1024, true); // 1 GiB of "A" in a ~1 MB file, stated as 2 KB
    expect(fs.statSync(f).size).toBeLessThan(2 * MiB);
    const before = process.memoryUsage().rss;
    expect(await message(f)).toBe(`w.xlsx: shared string 3 (xl/sharedStrings.xml) holds over 1 MiB of text (Excel's own limit is 32,767 characters); the workbook is damaged or not a real spreadsheet.`);
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * MiB);
  });

  it('a cell over 1 MiB in the sheet is refused with its reference', { timeout: 20_000 }, async () => {
    const f = file();
    writeHugeCell(f, 1024, true);
    expect(await message(f)).toBe(`w.xlsx: sheet "Data", cell B3: the cell holds over 1 MiB of text (Excel's own limit is 32,767 characters); the workbook is damaged or not a real spreadsheet.`);
  });

  it('the sizes the zip directory states are checked before anything is inflated', async () => {
    const f = file();
    writeHugeSharedString(f, 1024, false);
    expect(await message(f)).toBe('w.xlsx: its shared-strings table (xl/sharedStrings.xml) unpacks to 1.0 GiB, over the limit of 256 MiB for a table that is held in memory while the sheet is read; save the sheet as CSV and import that.');
    const g = file();
    writeHugeCell(g, 64, false);
    expect(await message(g, {}, { ...DEFAULT_LIMITS, maxUnzippedBytes: 32 * MiB })).toMatch(/^w\.xlsx: the workbook unpacks to 64\.0 MiB \(the sheet: 64\.0 MiB\), over the limit of 32 MiB; the file is damaged or built to exhaust memory \(a "zip bomb"\)/);
  });

  it('the bytes actually inflated are counted: a zip that understates its sizes is stopped at the limit', { timeout: 20_000 }, async () => {
    const f = file();
    writeHugeCell(f, 64, true);
    const limits = { ...DEFAULT_LIMITS, maxFieldBytes: 1024 * MiB, maxUnzippedBytes: 16 * MiB };
    expect(await message(f, {}, limits)).toBe('w.xlsx: the workbook unpacks to more than 16 MiB (the limit), found while reading sheet "Data"; the file is damaged or built to exhaust memory (a "zip bomb"), or too big: save the sheet as CSV and import that.');
    // Many small cells past the limit (not one big one) are stopped the same way.
    const rows = [inlineCell('A1', 'n')];
    for (let i = 2; i <= 40_000; i++) rows.push(numberCell(`A${i}`, i));
    const g = file();
    writeZip(g, [...workbookParts(), { name: 'xl/worksheets/sheet1.xml', text: sheetXml(rows) }], { 'xl/worksheets/sheet1.xml': 100 });
    expect(await message(g, {}, { ...DEFAULT_LIMITS, maxUnzippedBytes: 256 * 1024 })).toMatch(/^w\.xlsx: the workbook unpacks to more than 256 KiB \(the limit\)/);
    expect((await readAll(g)).rows).toHaveLength(39_999);
  });
});
