import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { formatBytes } from './limits';
import { badInput, checkHeaders } from './source';
import type { Batch, RawRow, SourceOptions, TableSource } from './source';

type Base = Readonly<{ fileName: string; size: number; mtime: string }>;

/** Workbooks are loaded whole by exceljs; above this the user is told to save the sheet as CSV. */
export const MAX_XLSX_BYTES = 100 * 1024 * 1024;
const BATCH = 2000;

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
    if ('result' in v) return xlsxCell((v.result ?? null) as ExcelJS.CellValue);
    if ('text' in v) return String(v.text);
  }
  return String(v as unknown as string);
}

/** An XLSX workbook: the chosen sheet (first by default); its first row is the header. */
export async function openXlsx(file: string, base: Base, opts: SourceOptions): Promise<TableSource> {
  if (!isZip(file)) throw badInput(base.fileName, 'is not an XLSX workbook (it is not a zip archive). Save it from the spreadsheet as .xlsx, or as CSV.');
  if (base.size > MAX_XLSX_BYTES) throw badInput(base.fileName, `workbooks are read whole and this one is ${formatBytes(base.size)}, over the ${formatBytes(MAX_XLSX_BYTES)} limit. Save the sheet as CSV to stream it.`);
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.readFile(file);
  } catch (e) {
    throw badInput(base.fileName, `is not a readable XLSX workbook (${(e as Error).message}).`);
  }
  const sheets = wb.worksheets.map((w) => w.name);
  if (sheets.length === 0) throw badInput(base.fileName, 'the workbook has no sheets.');
  const ws = opts.sheet ? wb.getWorksheet(opts.sheet) : wb.worksheets[0];
  if (!ws) throw badInput(base.fileName, `has no sheet named "${opts.sheet}" (sheets: ${sheets.join(', ')}).`);
  const headerRow = ws.getRow(1);
  const width = Math.max(ws.actualColumnCount, headerRow.cellCount);
  if (ws.actualRowCount === 0 || width === 0) throw badInput(base.fileName, `sheet "${ws.name}" is empty.`);
  const rawHeaders: string[] = [];
  for (let c = 1; c <= width; c++) rawHeaders.push(xlsxCell(headerRow.getCell(c).value) ?? '');
  while (rawHeaders.length > 0 && rawHeaders[rawHeaders.length - 1] === '') rawHeaders.pop();
  const headers = checkHeaders(base.fileName, rawHeaders, `sheet "${ws.name}" row 1`);
  const last = ws.rowCount;
  if (last < 2) throw badInput(base.fileName, `sheet "${ws.name}" has a header row but no data rows.`);
  let read = 0;
  async function* batches(): AsyncGenerator<Batch> {
    let rows: RawRow[] = [];
    let lines: number[] = [];
    for (let r = 2; r <= last; r++) {
      const row = ws!.getRow(r);
      const values: RawRow = new Array(headers.length);
      let any = false;
      for (let c = 0; c < headers.length; c++) {
        const v = xlsxCell(row.getCell(c + 1).value);
        values[c] = v;
        if (v !== null && v !== '') any = true;
      }
      if (!any) continue;
      rows.push(values);
      lines.push(r);
      if (rows.length >= BATCH) {
        read = Math.round((base.size * r) / last);
        yield { rows, lines };
        rows = [];
        lines = [];
      }
    }
    read = base.size;
    if (rows.length > 0) yield { rows, lines };
  }
  return { ...base, format: 'xlsx', encoding: null, delimiter: null, quote: null, sheet: ws.name, sheets, headers, notes: [], batches, bytesRead: () => read };
}
