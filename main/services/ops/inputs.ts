import { AppError } from '../../../common/contract/errors';
import { DomainInputError } from '../../../common/domain/errors';
import { checkStatus, outcomeOf } from '../../../common/domain/ops/records';
import type { Outcome } from '../../../common/domain/ops/records';
import type { RawColumn } from '../analysis/inputs';
import { findColumn } from '../analysis/inputs';

/**
 * Turns a file's or a dataset's columns (readTableFile / readColumns) into the typed arrays the ops what-ifs read,
 * naming the file or dataset, the column and the row of anything that cannot be read. Rows with an empty time are
 * skipped and counted; every other cell must hold what its column promises.
 */
export type OpsTable = Readonly<{ where: string; columns: readonly RawColumn[] }>;

const bad = (message: string, column: string, row?: number) => new AppError('BAD_INPUT', message, { column, ...(row !== undefined ? { row } : {}) });

/** Epoch ms per row (null for an empty cell). Timestamps come as epoch ms; anything else is refused with its row. */
export function timeColumn(t: OpsTable, name: string): (number | null)[] {
  const col = findColumn(t.columns, name, t.where);
  return col.values.map((v, i) => {
    if (v === null || v === '') return null;
    if (typeof v === 'number' && Number.isFinite(v) && col.type !== 'text' && col.type !== 'category') return v;
    if (typeof v === 'string') {
      const ms = Date.parse(v);
      if (Number.isFinite(ms) && /^\d{4}-\d{2}-\d{2}/.test(v)) return ms;
    }
    throw bad(`${t.where}, column "${name}", row ${i + 1}: "${String(v)}" is not a date and time (use ISO 8601, e.g. 2026-03-02T10:00:00Z).`, name, i + 1);
  });
}

/** Text per row ('' for an empty cell). */
export function textColumn(t: OpsTable, name: string): string[] {
  return findColumn(t.columns, name, t.where).values.map((v) => (v === null ? '' : String(v)));
}

/** Numbers per row (null for an empty cell); text that is not a number is refused with its row. */
export function numberColumn(t: OpsTable, name: string): (number | null)[] {
  const col = findColumn(t.columns, name, t.where);
  return col.values.map((v, i) => {
    if (v === null || v === '') return null;
    const x = typeof v === 'number' ? v : typeof v === 'boolean' ? Number(v) : Number(String(v).trim());
    if (!Number.isFinite(x)) throw bad(`${t.where}, column "${name}", row ${i + 1}: "${String(v)}" is not a number.`, name, i + 1);
    return x;
  });
}

/** Status cells checked (HTTP code or "timeout"), with the row named when one is not. */
export function statusColumn(t: OpsTable, name: string): (number | string)[] {
  const col = findColumn(t.columns, name, t.where);
  return col.values.map((v, i) => {
    try {
      return checkStatus(typeof v === 'boolean' ? String(v) : v, i + 1, name);
    } catch (e) {
      if (e instanceof DomainInputError) throw bad(`${t.where}, ${e.message}`, name, i + 1);
      throw e;
    }
  });
}

/** Keeps the rows with a time; says how many were dropped. */
export function withTimes<T extends Record<string, readonly unknown[]>>(times: (number | null)[], cols: T): { times: number[]; cols: T; skipped: number } {
  const keep: number[] = [];
  times.forEach((t, i) => t !== null && keep.push(i));
  const out = {} as Record<string, unknown[]>;
  for (const [k, v] of Object.entries(cols)) out[k] = keep.map((i) => v[i]);
  return { times: keep.map((i) => times[i]!), cols: out as unknown as T, skipped: times.length - keep.length };
}

export function outcomes(statuses: readonly (number | string)[], latencies: readonly (number | null)[] | undefined, timeoutMs?: number): Outcome[] {
  return statuses.map((s, i) => outcomeOf(s, latencies?.[i] ?? null, timeoutMs));
}

/** The table must have rows with a time to analyse. */
export function requireRows(where: string, n: number, skipped: number, timeCol: string): void {
  if (n === 0) throw new AppError('BAD_INPUT', `${where} has no rows with a time in column "${timeCol}"${skipped ? ` (${skipped} empty)` : ''}; nothing to analyse.`, { column: timeCol });
}
