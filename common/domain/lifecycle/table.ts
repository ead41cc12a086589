import { DomainInputError } from '../errors';

/** One cell as the importer hands it over (readTableFile, or a dataset's columns). */
export type Cell = number | string | boolean | null;

/**
 * A log as the lifecycle analyses read it: named columns of equal length, and where it came from (a file name
 * or "Dataset "Training epochs""), so every message can say where the problem is.
 */
export type LogTable = Readonly<{ source: string; rowCount: number; columns: Readonly<Record<string, readonly Cell[]>> }>;

/** Builds a LogTable from the importer's column list. */
export function logTable(source: string, columns: readonly { name: string; values: readonly Cell[] }[]): LogTable {
  const out: Record<string, readonly Cell[]> = {};
  for (const c of columns) out[c.name] = c.values;
  return { source, rowCount: columns[0]?.values.length ?? 0, columns: out };
}

/** The column, or an error naming the log and the columns it has. */
export function column(t: LogTable, name: string): readonly Cell[] {
  const c = t.columns[name];
  if (!c) throw new DomainInputError(`${t.source} has no column "${name}" (columns: ${Object.keys(t.columns).join(', ') || 'none'}).`);
  return c;
}

/** Refuses a log without rows, naming it and the analysis that needed rows. */
export function requireRows(t: LogTable, what: string): void {
  if (t.rowCount === 0) throw new DomainInputError(`${t.source} has no rows; ${what} needs at least one.`);
}

const blank = (v: Cell): boolean => v === null || (typeof v === 'string' && v.trim() === '');

/** Row numbers in messages are 1-based data rows (the header is not counted). */
function badCell(t: LogTable, name: string, i: number, v: Cell, want: string): DomainInputError {
  return new DomainInputError(`${t.source}, column "${name}", row ${i + 1}: "${String(v)}" is not ${want}.`);
}

/** A number from a cell: numbers as they are, booleans 0/1, numeric text parsed; null for a blank cell. */
export function toNumber(v: Cell): number | null | undefined {
  if (blank(v)) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  const x = Number(String(v).trim());
  return Number.isFinite(x) ? x : undefined;
}

/**
 * A numeric column: blanks are null (or refused with `required`), anything that is not a number stops the
 * analysis with the log, column and row named.
 */
export function numberColumn(t: LogTable, name: string, opts: { required?: boolean; min?: number } = {}): (number | null)[] {
  const col = column(t, name);
  return col.map((v, i) => {
    const x = toNumber(v);
    if (x === undefined) throw badCell(t, name, i, v, 'a number');
    if (x === null && opts.required) throw new DomainInputError(`${t.source}, column "${name}", row ${i + 1}: the value is missing.`);
    if (x !== null && opts.min !== undefined && x < opts.min) throw new DomainInputError(`${t.source}, column "${name}", row ${i + 1}: ${x} is below ${opts.min}.`);
    return x;
  });
}

/** A text column (numbers and booleans as their text); blanks are null, or refused with `required`. */
export function textColumn(t: LogTable, name: string, opts: { required?: boolean } = {}): (string | null)[] {
  return column(t, name).map((v, i) => {
    if (blank(v)) {
      if (opts.required) throw new DomainInputError(`${t.source}, column "${name}", row ${i + 1}: the value is missing.`);
      return null;
    }
    return String(v).trim();
  });
}

/**
 * A time column as epoch milliseconds UTC: numbers are taken as epoch ms (the importer's timestamps), text must
 * be an ISO 8601 date-time. Blanks are null, or refused with `required`.
 */
export function timeColumn(t: LogTable, name: string, opts: { required?: boolean } = {}): (number | null)[] {
  return column(t, name).map((v, i) => {
    if (blank(v)) {
      if (opts.required) throw new DomainInputError(`${t.source}, column "${name}", row ${i + 1}: the time is missing.`);
      return null;
    }
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    const ms = typeof v === 'string' ? Date.parse(v.trim()) : Number.NaN;
    if (!Number.isFinite(ms)) throw badCell(t, name, i, v, 'a date-time (ISO 8601, e.g. 2026-11-01T02:05:00Z)');
    return ms;
  });
}

/** Best of two values in the direction that counts. */
export type Mode = 'min' | 'max';
export const better = (mode: Mode, a: number, b: number): boolean => (mode === 'min' ? a < b : a > b);

/** Rounds for display-stable JSON (floating sums such as 0.1 + 0.2): 12 significant digits. */
export function tidy(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(12)) : x;
}
