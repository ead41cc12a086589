import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import type ExcelJS from 'exceljs';
import { loadExcelJs } from '../../exceljs';
import { AppError } from '../../../common/contract/errors';
import { formatBytes } from '../limits';
import type { Limits } from '../limits';
import { badInput, checkHeaders } from './base';
import type { Batch, RawRow, SourceOptions, TableSource } from './base';
import { guardChunks, guardStream, XmlGuard } from './xlsxGuard';
import type { PartKind, UnzipBudget } from './xlsxGuard';

type Base = Readonly<{ fileName: string; size: number; mtime: string }>;

const BATCH = 2000;
/** workbook.xml and its relationships are read whole; they hold a line per sheet, so this is generous. */
const MAX_PART_BYTES = 16 * 1024 * 1024;

function isZip(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const b = Buffer.alloc(4);
    fs.readSync(fd, b, 0, 4, 0);
    return b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04;
  } finally {
    fs.closeSync(fd);
  }
}

/** An exceljs cell value → raw text: dates as ISO 8601 UTC, formulas by their result, rich text joined. */
export function xlsxCell(v: ExcelJS.CellValue): string | null {
  if (v === null || v === undefined) return null;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('error' in v) return null;
    if ('formula' in v || 'sharedFormula' in v) {
      // The streaming reader gives a formula whose result is an error (#DIV/0!) no result, or NaN.
      const r = v.result;
      return typeof r === 'number' && Number.isNaN(r) ? null : xlsxCell((r ?? null) as ExcelJS.CellValue);
    }
    if ('text' in v) return String(v.text);
  }
  return String(v as unknown as string);
}

type ZipEntry = Readonly<{ method: number; compressedSize: number; uncompressed: number; offset: number }>;
/** The zip's central directory: entries by name, where each entry's bytes end, where the directory starts. */
type ZipDirectory = Readonly<{ entries: Map<string, ZipEntry>; offsets: number[]; cdStart: number; size: number }>;

function readAt(fd: number, pos: number, len: number): Buffer {
  const b = Buffer.alloc(len);
  return b.subarray(0, fs.readSync(fd, b, 0, len, pos));
}

/** Reads the central directory at the end of the zip (ZIP64 included) without reading the entries. */
function readDirectory(file: string): ZipDirectory {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const tail = readAt(fd, Math.max(0, size - 22 - 0xffff), Math.min(size, 22 + 0xffff));
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0 && eocd < 0; i--) if (tail.readUInt32LE(i) === 0x06054b50) eocd = i;
    if (eocd < 0) throw new Error('the zip directory is missing; is the file cut short?');
    let count = tail.readUInt16LE(eocd + 10);
    let cdSize = tail.readUInt32LE(eocd + 12);
    let cdStart = tail.readUInt32LE(eocd + 16);
    if (count === 0xffff || cdSize === 0xffffffff || cdStart === 0xffffffff) {
      const loc = eocd - 20;
      if (loc < 0 || tail.readUInt32LE(loc) !== 0x07064b50) throw new Error('bad ZIP64 locator');
      const rec = readAt(fd, Number(tail.readBigUInt64LE(loc + 8)), 56);
      if (rec.length < 56 || rec.readUInt32LE(0) !== 0x06064b50) throw new Error('bad ZIP64 directory record');
      count = Number(rec.readBigUInt64LE(32));
      cdSize = Number(rec.readBigUInt64LE(40));
      cdStart = Number(rec.readBigUInt64LE(48));
    }
    if (cdSize > MAX_PART_BYTES || cdStart + cdSize > size) throw new Error('bad zip directory');
    const cd = readAt(fd, cdStart, cdSize);
    const entries = new Map<string, ZipEntry>();
    const offsets: number[] = [];
    let p = 0;
    for (let k = 0; k < count; k++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) throw new Error('bad zip directory entry');
      const nameLen = cd.readUInt16LE(p + 28);
      const extraEnd = p + 46 + nameLen + cd.readUInt16LE(p + 30);
      let uncompressed = cd.readUInt32LE(p + 24);
      let compressedSize = cd.readUInt32LE(p + 20);
      let offset = cd.readUInt32LE(p + 42);
      // ZIP64 extra field: 64-bit values for the fields saturated at 0xFFFFFFFF, in this order.
      for (let e = p + 46 + nameLen; e + 4 <= extraEnd; e += 4 + cd.readUInt16LE(e + 2)) {
        if (cd.readUInt16LE(e) !== 1) continue;
        let q = e + 4;
        const next = (): number => Number(cd.readBigUInt64LE((q += 8) - 8));
        if (uncompressed === 0xffffffff) uncompressed = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (offset === 0xffffffff) offset = next();
      }
      entries.set(cd.toString('utf8', p + 46, p + 46 + nameLen), { method: cd.readUInt16LE(p + 10), compressedSize, uncompressed, offset });
      offsets.push(offset);
      p = extraEnd + cd.readUInt16LE(p + 32);
    }
    offsets.sort((a, b) => a - b);
    return { entries, offsets, cdStart, size };
  } finally {
    fs.closeSync(fd);
  }
}

/** The byte range of an entry as stored: its local header, data and data descriptor. */
function entryRange(dir: ZipDirectory, e: ZipEntry): [number, number] {
  return [e.offset, dir.offsets.find((o) => o > e.offset) ?? dir.cdStart];
}

/** One small entry (workbook.xml, its relationships) as text. */
function readEntryText(file: string, dir: ZipDirectory, name: string): string {
  const e = dir.entries.get(name);
  if (!e) throw new Error(`${name} is missing`);
  if (e.compressedSize > MAX_PART_BYTES) throw new Error(`${name} is too large`);
  const fd = fs.openSync(file, 'r');
  try {
    const local = readAt(fd, e.offset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== 0x04034b50) throw new Error(`bad zip entry ${name}`);
    const data = readAt(fd, e.offset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), e.compressedSize);
    if (e.method === 0) return data.toString('utf8');
    if (e.method === 8) return zlib.inflateRawSync(data, { maxOutputLength: MAX_PART_BYTES }).toString('utf8');
    throw new Error(`${name} uses an unsupported compression method (${e.method})`);
  } finally {
    fs.closeSync(fd);
  }
}

const XML_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function xmlAttrs(tag: string): Map<string, string> {
  const attrs = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const raw = m[2] ?? m[3] ?? '';
    attrs.set(
      m[1]!,
      raw.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (all, ent: string) => {
        if (ent[0] === '#') return String.fromCodePoint(ent[1] === 'x' || ent[1] === 'X' ? parseInt(ent.slice(2), 16) : Number(ent.slice(1)));
        return XML_ENTITIES[ent] ?? all;
      }),
    );
  }
  return attrs;
}

type SheetRef = Readonly<{ name: string; entry: string }>;

/** Worksheets in workbook order with the zip entry holding each (chart sheets are not tables). */
function listSheets(file: string, dir: ZipDirectory): SheetRef[] {
  const targets = new Map<string, string>();
  for (const m of readEntryText(file, dir, 'xl/_rels/workbook.xml.rels').matchAll(/<(?:[\w.-]+:)?Relationship\b[^>]*>/g)) {
    const a = xmlAttrs(m[0]);
    const target = a.get('Target');
    if (!a.get('Type')?.endsWith('/worksheet') || !target) continue;
    targets.set(a.get('Id') ?? '', target.startsWith('/') ? path.posix.normalize(target.slice(1)) : path.posix.normalize(`xl/${target}`));
  }
  const sheets: SheetRef[] = [];
  for (const m of readEntryText(file, dir, 'xl/workbook.xml').matchAll(/<(?:[\w.-]+:)?sheet\b[^>]*>/g)) {
    const a = xmlAttrs(m[0]);
    const rel = [...a].find(([k]) => k.endsWith(':id'))?.[1];
    const entry = rel === undefined ? undefined : targets.get(rel);
    if (entry !== undefined) sheets.push({ name: a.get('name') ?? '', entry });
  }
  return sheets;
}

/**
 * The sizes the zip's directory states for the parts to be read, against the limits, before anything is
 * inflated (the bytes actually inflated are counted again while reading: see xlsxGuard).
 */
function checkStatedSizes(fileName: string, dir: ZipDirectory, read: readonly ZipEntry[], sheet: string, limits: Limits): void {
  const total = read.reduce((s, e) => s + e.uncompressed, 0);
  const shared = dir.entries.get('xl/sharedStrings.xml')?.uncompressed ?? 0;
  const big = [...dir.entries].filter(([, e]) => read.includes(e)).sort((a, b) => b[1].uncompressed - a[1].uncompressed)[0];
  const biggest = big ? ` (${big[0] === sheet ? 'the sheet' : big[0]}: ${formatBytes(big[1].uncompressed)})` : '';
  if (total > limits.maxUnzippedBytes) {
    throw badInput(fileName, `the workbook unpacks to ${formatBytes(total)}${biggest}, over the limit of ${formatBytes(limits.maxUnzippedBytes)}; the file is damaged or built to exhaust memory (a "zip bomb"), or too big: save the sheet as CSV and import that.`, { unzipped: total });
  }
  if (shared > limits.maxSharedStringsBytes) {
    throw badInput(fileName, `its shared-strings table (xl/sharedStrings.xml) unpacks to ${formatBytes(shared)}, over the limit of ${formatBytes(limits.maxSharedStringsBytes)} for a table that is held in memory while the sheet is read; save the sheet as CSV and import that.`, { unzipped: shared });
  }
}

type ReaderParts = {
  _parseRels: (entry: NodeJS.ReadableStream) => unknown;
  _parseWorkbook: (entry: NodeJS.ReadableStream) => unknown;
  _parseStyles: (entry: NodeJS.ReadableStream) => unknown;
  _parseSharedStrings: (entry: NodeJS.ReadableStream) => unknown;
  _parseWorksheet: (chunks: AsyncIterable<Buffer>, sheetNo: string) => unknown;
};

/**
 * Puts a guard between exceljs's unzip and its XML parser for every part it reads: exceljs 4.4's
 * WorkbookReader hands each zip entry to one of these methods (pinned by xlsxSource.test.ts, which
 * fails if a hostile part gets past them).
 */
function guardReader(reader: object, guard: (kind: PartKind, part: string) => XmlGuard): void {
  const r = reader as ReaderParts;
  for (const [method, part] of [['_parseRels', 'xl/_rels/workbook.xml.rels'], ['_parseWorkbook', 'xl/workbook.xml'], ['_parseStyles', 'xl/styles.xml'], ['_parseSharedStrings', 'xl/sharedStrings.xml']] as const) {
    if (typeof r[method] !== 'function') throw new Error(`exceljs changed: WorkbookReader.${method} is missing`);
    const inner = r[method].bind(r);
    r[method] = (entry) => inner(entry.pipe(guardStream(guard(part === 'xl/sharedStrings.xml' ? 'shared-strings' : 'other', part))));
  }
  const sheet = r._parseWorksheet.bind(r);
  r._parseWorksheet = (chunks, sheetNo) => sheet(guardChunks(guard('sheet', 'sheet'), chunks), sheetNo);
}

/** Chunks of the file's byte ranges in the order given, as one stream. */
function rangesStream(file: string, ranges: [number, number][], onBytes: (n: number) => void): Readable {
  async function* chunks(): AsyncGenerator<Buffer> {
    for (const [start, end] of ranges) {
      if (end <= start) continue;
      for await (const c of fs.createReadStream(file, { start, end: end - 1, highWaterMark: 1 << 16 })) {
        onBytes((c as Buffer).length);
        yield c as Buffer;
      }
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

function rowValues(row: ExcelJS.Row, width: number): RawRow | null {
  const values: RawRow = new Array(width);
  let any = false;
  for (let c = 0; c < width; c++) {
    const v = xlsxCell(row.findCell(c + 1)?.value ?? null);
    values[c] = v;
    if (v !== null && v !== '') any = true;
  }
  return any ? values : null;
}

/**
 * An XLSX workbook: the chosen sheet (first by default); its first row is the header. Streamed with
 * exceljs's WorkbookReader, fed only the parts it needs in the order it needs them (relationships,
 * workbook, styles, shared strings, then the one sheet): the sheet streams straight from the zip
 * instead of being parked in a temp file, dates are known as dates, and other sheets are never read.
 * Only the shared-strings table is held in memory.
 */
export async function openXlsx(file: string, base: Base, opts: SourceOptions, limits: Limits): Promise<TableSource> {
  if (!isZip(file)) throw badInput(base.fileName, 'is not an XLSX workbook (it is not a zip archive). Save it from the spreadsheet as .xlsx, or as CSV.');
  let dir: ZipDirectory;
  let sheetRefs: SheetRef[];
  try {
    dir = readDirectory(file);
    sheetRefs = listSheets(file, dir);
  } catch (e) {
    throw badInput(base.fileName, `is not a readable XLSX workbook (${(e as Error).message}).`);
  }
  const sheets = sheetRefs.map((s) => s.name);
  if (sheets.length === 0) throw badInput(base.fileName, 'the workbook has no sheets.');
  const ref = opts.sheet ? sheetRefs.find((s) => s.name === opts.sheet) : sheetRefs[0];
  if (!ref) throw badInput(base.fileName, `has no sheet named "${opts.sheet}" (sheets: ${sheets.join(', ')}).`);
  const sheetEntry = dir.entries.get(ref.entry);
  // exceljs streams only sheets stored under this name pattern (every writer we know uses it).
  if (!sheetEntry || !/^xl\/worksheets\/sheet\d+\.xml$/.test(ref.entry)) {
    throw badInput(base.fileName, `is not a readable XLSX workbook (sheet "${ref.name}" is stored as ${ref.entry}${sheetEntry ? ', which the streaming reader does not support' : ', which is missing'}).`);
  }
  const parts = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml']
    .map((n) => dir.entries.get(n))
    .filter((e): e is ZipEntry => e !== undefined);
  checkStatedSizes(base.fileName, dir, [...parts, sheetEntry], ref.entry, limits);
  const ranges = parts.map((e) => entryRange(dir, e));
  ranges.push(entryRange(dir, sheetEntry), [dir.cdStart, dir.size]);
  const total = ranges.reduce((s, [a, b]) => s + Math.max(0, b - a), 0);
  let read = 0;

  async function* sheetRows(): AsyncGenerator<ExcelJS.Row> {
    let consumed = 0;
    const budget: UnzipBudget = { used: 0 };
    const input = rangesStream(file, ranges, (n) => (read = Math.round((base.size * (consumed += n)) / total)));
    // A corrupt entry errors exceljs's unzip stream but leaves exceljs waiting for the entry's end
    // forever, so an error of the file or of the unzip stream also ends the read in progress. (A fresh
    // promise per read: racing every read against one long-lived promise would keep every row alive.)
    let failure: Error | null = null;
    let wake: ((e: Error) => void) | null = null;
    const failed = (e: Error): void => {
      failure ??= e;
      wake?.(e);
    };
    const next = <T>(it: AsyncIterator<T>): Promise<IteratorResult<T>> =>
      failure
        ? Promise.reject(failure)
        : new Promise((resolve, reject) => {
            wake = reject;
            it.next().then(resolve, reject);
          });
    input.on('error', failed);
    const pipe = input.pipe.bind(input);
    input.pipe = (<T extends NodeJS.WritableStream>(dest: T, o?: { end?: boolean }): T => pipe(dest.on('error', failed) as T, o)) as typeof input.pipe;
    const reader = new (await loadExcelJs()).stream.xlsx.WorkbookReader(input, { sharedStrings: 'cache', worksheets: 'emit', styles: 'cache', hyperlinks: 'ignore', entries: 'ignore' });
    guardReader(reader, (kind, part) => new XmlGuard(kind, part === 'sheet' ? `sheet "${ref!.name}"` : part, budget, limits, (m) => badInput(base.fileName, m)));
    // Without shared strings (all inline) exceljs would copy the sheet to a temp file before reading it.
    (reader as unknown as { sharedStrings?: unknown[] }).sharedStrings = [];
    const sheetIt = reader[Symbol.asyncIterator]();
    let rowIt: AsyncGenerator<ExcelJS.Row> | null = null;
    let broken = false;
    try {
      for (let ws = await next(sheetIt); !ws.done; ws = await next(sheetIt)) {
        rowIt = ws.value[Symbol.asyncIterator]();
        for (let r = await next(rowIt); !r.done; r = await next(rowIt)) yield r.value;
        rowIt = null;
      }
    } catch (e) {
      broken = true;
      throw e instanceof AppError ? e : badInput(base.fileName, `is not a readable XLSX workbook (${(e as Error).message}).`);
    } finally {
      // Stopped early (a sample): close exceljs's readers; after an error they may never settle, so leave them.
      if (!broken) {
        await rowIt?.return(undefined);
        await sheetIt.return(undefined);
      }
      input.destroy();
    }
  }

  // Header and the first data row now, so an empty sheet is said before anything is imported.
  let rawHeaders: string[] | null = null;
  let anyValue = false;
  let hasData = false;
  for await (const row of sheetRows()) {
    if (rawHeaders === null) {
      rawHeaders = [];
      if (row.number === 1) {
        for (let c = 1; c <= row.cellCount; c++) rawHeaders.push(xlsxCell(row.findCell(c)?.value ?? null) ?? '');
        while (rawHeaders.length > 0 && rawHeaders[rawHeaders.length - 1] === '') rawHeaders.pop();
        anyValue = rawHeaders.length > 0;
        if (anyValue) continue;
      }
    }
    if (rawHeaders.length === 0) {
      if (rowValues(row, row.cellCount)) throw badInput(base.fileName, `sheet "${ref.name}", row 1: the header row is empty; the first row must hold the column names.`);
    } else if (rowValues(row, rawHeaders.length)) {
      hasData = true;
      break;
    }
  }
  if (!anyValue) throw badInput(base.fileName, `sheet "${ref.name}" is empty.`);
  const headers = checkHeaders(base.fileName, rawHeaders!, `sheet "${ref.name}" row 1`);
  if (!hasData) throw badInput(base.fileName, `sheet "${ref.name}" has a header row but no data rows.`);

  async function* batches(): AsyncGenerator<Batch> {
    let rows: RawRow[] = [];
    let lines: number[] = [];
    read = 0;
    for await (const row of sheetRows()) {
      if (row.number < 2) continue;
      const values = rowValues(row, headers.length);
      if (!values) continue;
      rows.push(values);
      lines.push(row.number);
      if (rows.length >= BATCH) {
        yield { rows, lines };
        rows = [];
        lines = [];
      }
    }
    read = base.size;
    if (rows.length > 0) yield { rows, lines };
  }
  return { ...base, format: 'xlsx', encoding: null, delimiter: null, quote: null, sheet: ref.name, sheets, headers, notes: [], batches, bytesRead: () => read };
}
