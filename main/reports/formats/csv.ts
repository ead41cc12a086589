import type { Cell, ReportColumn, ReportTable } from '../model';
import { neutraliseCell } from '../escape';

const BOM = '\uFEFF';

/** One cell as CSV text: numbers as plain numbers, booleans true/false, text neutralised against formulas. */
export function csvCell(value: Cell, _col: ReportColumn): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = neutraliseCell(value);
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * A table as RFC 4180 CSV (comma, CRLF, quotes doubled), UTF-8, with an optional byte-order mark so Excel
 * opens accented text correctly. The header row uses the column labels with their units.
 */
export function tableToCsv(table: ReportTable, opts: { bom?: boolean } = {}): Buffer {
  const header = table.columns.map((c) => csvCell(c.unit ? `${c.label} (${c.unit})` : c.label, { ...c, type: 'text' }));
  const lines = [header.join(','), ...table.rows.map((r) => table.columns.map((c, i) => csvCell(r[i] ?? null, c)).join(','))];
  return Buffer.from((opts.bom ? BOM : '') + lines.join('\r\n') + '\r\n', 'utf8');
}
