import { AppError } from '../../common/contract/errors';
import type { Db } from '../db/connection';
import * as repo from '../db/repositories/datasets';
import type { VersionRow } from '../db/repositories/datasets';
import type { Cell } from './convert';
import type { PlannedColumn } from './importPlan';
import type { ColumnAccumulator } from './profiler';
import { assertTableName } from './tableWriter';

/** One SELECT over every table of a version (UNION ALL over the append chain), in row order. */
export function selectVersion(db: Db, v: VersionRow, sqlCols: readonly string[]): unknown[][] {
  const cols = sqlCols.join(', ');
  const sql = repo
    .versionTables(db, v)
    .map((t) => `SELECT ${cols} FROM "${assertTableName(t)}"`)
    .join(' UNION ALL ');
  return db.prepare(sql).raw(true).all() as unknown[][];
}

export type AppendCutoff = Readonly<{
  /** True when the row is newer than the last timestamp, or its key was not seen before. */
  isNew: (cells: readonly Cell[]) => boolean;
  /** Feeds the previous rows into the profile accumulators (the new version's profile covers all rows). */
  feedPrevious: (accs: ColumnAccumulator[]) => void;
  existingValues: (column: string) => Cell[];
}>;

/**
 * Append mode: rows are new when their timestamp (role "timestamp", else the first timestamp column)
 * is after the dataset's latest, or, without timestamps, when their entity-id was not seen before.
 */
export function appendCutoff(db: Db, prev: VersionRow, cols: readonly PlannedColumn[]): AppendCutoff {
  const tsIdx = Math.max(cols.findIndex((c) => c.role === 'timestamp'), -1);
  const ts = tsIdx >= 0 ? tsIdx : cols.findIndex((c) => c.type === 'timestamp');
  const key = cols.findIndex((c) => c.role === 'entity-id');
  const prevCols = (names: string[]) => selectVersion(db, prev, names.map((n) => prev.columns.find((c) => c.name === n)!.sqlName));
  const existingValues = (column: string) => prevCols([column]).map((r) => r[0] as Cell);
  const feedPrevious = (accs: ColumnAccumulator[]) => {
    const rows = selectVersion(db, prev, prev.columns.map((c) => c.sqlName));
    for (const r of rows) for (let k = 0; k < accs.length; k++) accs[k]!.add(r[k] as Cell);
  };
  if (ts >= 0) {
    const last = selectVersion(db, prev, [`MAX(${prev.columns[ts]!.sqlName})`]).reduce<number | null>((m, r) => (r[0] !== null && (m === null || (r[0] as number) > m) ? (r[0] as number) : m), null);
    return { isNew: (cells) => last === null || (cells[ts] !== null && (cells[ts] as number) > last), feedPrevious, existingValues };
  }
  if (key >= 0) {
    const keys = new Set(existingValues(cols[key]!.name));
    return { isNew: (cells) => cells[key] === null || !keys.has(cells[key]!), feedPrevious, existingValues };
  }
  throw new AppError('BAD_INPUT', 'Append mode needs a timestamp column or a column with the role "entity-id" to tell new rows from old ones.');
}

/** The previous version's numeric columns (by name), sorted, for PSI against the new version. */
export function previousNumbers(db: Db, prev: VersionRow, cols: readonly PlannedColumn[]): Map<string, { values: Float64Array; version: number }> {
  const out = new Map<string, { values: Float64Array; version: number }>();
  for (const c of cols) {
    if (c.type !== 'integer' && c.type !== 'real' && c.type !== 'timestamp') continue;
    const p = prev.columns.find((x) => x.name === c.name && x.type === c.type);
    if (!p) continue;
    const rows = selectVersion(db, prev, [p.sqlName]);
    const a = new Float64Array(rows.length);
    let n = 0;
    for (const r of rows) if (r[0] !== null) a[n++] = r[0] as number;
    out.set(c.name, { values: a.slice(0, n).sort(), version: prev.version });
  }
  return out;
}
