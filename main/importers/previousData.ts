import { AppError } from '../../common/contract/errors';
import type { Db } from '../db/connection';
import * as repo from '../db/repositories/datasets';
import type { VersionRow } from '../db/repositories/datasets';
import type { Cell } from './convert';
import type { PlannedColumn } from './importPlan';
import { ColumnAccumulator, DISTINCT_CAP } from './profiler';
import { assertTableName } from './tableWriter';

/** Rows read per SELECT when scanning an earlier version: bounded memory whatever its size. */
const SCAN_ROWS = 65_536;

/**
 * Calls `onRows` with the rows of every table of a version (the append chain, oldest first), in row
 * order, a bounded chunk at a time (rowid windows, so each chunk is one indexed range read).
 */
export function scanVersion(db: Db, v: VersionRow, sqlCols: readonly string[], onRows: (rows: unknown[][]) => void): void {
  const cols = sqlCols.join(', ');
  for (const t of repo.versionTables(db, v)) {
    const stmt = db.prepare(`SELECT rowid, ${cols} FROM "${assertTableName(t)}" WHERE rowid > ? ORDER BY rowid LIMIT ${SCAN_ROWS}`).raw(true);
    let after = 0;
    for (;;) {
      const rows = stmt.all(after) as unknown[][];
      if (rows.length === 0) break;
      after = rows[rows.length - 1]![0] as number;
      onRows(rows);
      if (rows.length < SCAN_ROWS) break;
    }
  }
}

/** How append mode tells new rows from old: a time cutoff, or the entity ids already stored. Plain data (it crosses into the parse worker). */
export type AppendCutoff = Readonly<{ kind: 'time'; index: number; last: number | null }> | Readonly<{ kind: 'key'; index: number; keys: Cell[] }>;

/**
 * Append mode: rows are new when their timestamp (role "timestamp", else the first timestamp column)
 * is after the dataset's latest, or, without timestamps, when their entity-id was not seen before.
 */
export function appendCutoff(db: Db, prev: VersionRow, cols: readonly PlannedColumn[]): AppendCutoff {
  const tsIdx = cols.findIndex((c) => c.role === 'timestamp');
  const ts = tsIdx >= 0 ? tsIdx : cols.findIndex((c) => c.type === 'timestamp');
  if (ts >= 0) {
    const sqlName = prev.columns[ts]!.sqlName;
    let last: number | null = null;
    for (const t of repo.versionTables(db, prev)) {
      const m = db.prepare(`SELECT MAX(${sqlName}) FROM "${assertTableName(t)}"`).pluck().get() as number | null;
      if (m !== null && (last === null || m > last)) last = m;
    }
    return { kind: 'time', index: ts, last };
  }
  const key = cols.findIndex((c) => c.role === 'entity-id');
  if (key >= 0) return { kind: 'key', index: key, keys: existingValues(db, prev, cols[key]!.name) };
  throw new AppError('BAD_INPUT', 'Append mode needs a timestamp column or a column with the role "entity-id" to tell new rows from old ones.');
}

/** The predicate for a cutoff: true when the converted row is new. */
export function isNewRow(cutoff: AppendCutoff): (cells: readonly Cell[]) => boolean {
  if (cutoff.kind === 'time') {
    const { index, last } = cutoff;
    return (cells) => last === null || (cells[index] !== null && (cells[index] as number) > last);
  }
  const keys = new Set(cutoff.keys);
  const { index } = cutoff;
  return (cells) => cells[index] === null || !keys.has(cells[index]!);
}

/** Every stored value of one column of a version (for "unique" rules that must hold across versions). */
export function existingValues(db: Db, prev: VersionRow, column: string): Cell[] {
  const out: Cell[] = [];
  scanVersion(db, prev, [prev.columns.find((c) => c.name === column)!.sqlName], (rows) => {
    for (const r of rows) out.push(r[1] as Cell);
  });
  return out;
}

/** Feeds the previous version's rows into fresh accumulators (an append version's profile covers all rows). */
export function previousAccumulators(db: Db, prev: VersionRow, cols: readonly PlannedColumn[]): ColumnAccumulator[] {
  const accs = cols.map((c, k) => new ColumnAccumulator(c.type, undefined, k + 1));
  const sqlCols = cols.map((c) => prev.columns.find((p) => p.name === c.name)!.sqlName);
  scanVersion(db, prev, sqlCols, (rows) => {
    for (const r of rows) for (let k = 0; k < accs.length; k++) accs[k]!.add(r[k + 1] as Cell);
  });
  return accs;
}

/**
 * The previous version's numeric columns (by name), for PSI against the new version: all values sorted,
 * or a uniform sample of SAMPLE_CAP of them for larger columns (read in chunks, never all at once).
 */
export function previousNumbers(db: Db, prev: VersionRow, cols: readonly PlannedColumn[]): Map<string, { values: Float64Array; version: number }> {
  const out = new Map<string, { values: Float64Array; version: number }>();
  cols.forEach((c, k) => {
    if (c.type !== 'integer' && c.type !== 'real' && c.type !== 'timestamp') return;
    const p = prev.columns.find((x) => x.name === c.name && x.type === c.type);
    if (!p) return;
    const acc = new ColumnAccumulator(c.type, undefined, k + 1);
    scanVersion(db, prev, [p.sqlName], (rows) => {
      for (const r of rows) if (r[1] !== null) acc.add(r[1] as number);
    });
    out.set(c.name, { values: acc.sortedSample(), version: prev.version });
  });
  return out;
}

/**
 * The previous version's category and boolean columns (by name, same type), for the profile's PSI of category shares:
 * counts per value from one GROUP BY per table of the version (values as strings; booleans "0"/"1"). More than
 * DISTINCT_CAP distinct values gives null (not compared), as the new version's own counts stop there.
 */
export function previousCategories(db: Db, prev: VersionRow, cols: readonly PlannedColumn[]): Map<string, { categories: Map<string, number> | null; version: number }> {
  const out = new Map<string, { categories: Map<string, number> | null; version: number }>();
  for (const c of cols) {
    if (c.type !== 'category' && c.type !== 'boolean') continue;
    const p = prev.columns.find((x) => x.name === c.name && x.type === c.type);
    if (!p) continue;
    let counts: Map<string, number> | null = new Map<string, number>();
    for (const t of repo.versionTables(db, prev)) {
      const rows = db.prepare(`SELECT ${p.sqlName}, count(*) FROM "${assertTableName(t)}" WHERE ${p.sqlName} IS NOT NULL AND ${p.sqlName} <> '' GROUP BY ${p.sqlName} LIMIT ${DISTINCT_CAP + 1}`).raw(true).all() as [string | number, number][];
      for (const [v, n] of rows) counts.set(String(v), (counts.get(String(v)) ?? 0) + n);
      if (counts.size > DISTINCT_CAP) {
        counts = null;
        break;
      }
    }
    out.set(c.name, { categories: counts, version: prev.version });
  }
  return out;
}
