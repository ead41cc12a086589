import { loadExcelJs } from '../../exceljs';
import type { Cell, ReportColumn, ReportTable } from '../model';
import { neutraliseCell } from '../escape';

/** Excel's sheet-name rules: at most 31 characters, none of : \ / ? * [ ], unique (case-insensitive). */
export function sheetName(title: string, used: Set<string>): string {
  const base = title.replace(/[:\\/?*[\]]/g, ' ').replace(/^'+|'+$/g, '').trim().slice(0, 31) || 'Sheet';
  let name = base;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${base.slice(0, 31 - String(n).length - 1)} ${n}`;
  used.add(name.toLowerCase());
  return name;
}

/** ISO date or timestamp → a UTC Date, so Excel shows the same calendar date in every time zone. */
function toDate(iso: string): Date | null {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** A typed cell value; text is neutralised (leading = + - @ tab CR get a quote) and never becomes a formula. */
export function xlsxValue(value: Cell, col: ReportColumn): string | number | boolean | Date | null {
  if (value === null) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'boolean') return value;
  if (col.type === 'date' || col.type === 'datetime') return toDate(value) ?? neutraliseCell(value);
  return neutraliseCell(value);
}

const FORMATS: Partial<Record<ReportColumn['type'], string>> = {
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm',
  integer: '#,##0',
  number: '#,##0.###',
};

/**
 * One workbook: an "About" sheet (event, id, generated at, version), then one sheet per table with typed cells,
 * a bold header row that stays frozen while scrolling, and an autofilter.
 */
export async function tablesToXlsx(tables: readonly ReportTable[], about: ReadonlyArray<readonly [string, string]>): Promise<Buffer> {
  const wb = new (await loadExcelJs()).Workbook();
  wb.creator = 'Kaizen Studio';
  const used = new Set<string>();
  const info = wb.addWorksheet(sheetName('About', used));
  info.columns = [{ width: 22 }, { width: 70 }];
  for (const [k, v] of about) info.addRow([neutraliseCell(k), neutraliseCell(v)]);
  info.getColumn(1).font = { bold: true };
  for (const t of tables) {
    const ws = wb.addWorksheet(sheetName(t.title, used), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = t.columns.map((c) => ({
      header: neutraliseCell(c.unit ? `${c.label} (${c.unit})` : c.label),
      key: c.key,
      width: Math.min(60, Math.max(12, c.label.length + 4)),
      style: FORMATS[c.type] ? { numFmt: FORMATS[c.type] } : {},
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of t.rows) ws.addRow(t.columns.map((c, i) => xlsxValue(r[i] ?? null, c)));
    if (t.rows.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
