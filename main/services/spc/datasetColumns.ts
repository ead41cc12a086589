import { AppError } from '../../../common/contract/errors';
import type { DatasetChartInput } from '../../../common/contract/schemas/spc';
import type { ChartArrays, Segment } from '../../../common/domain/spc/chartColumns';
import type { ServiceContext } from '../../context';
import * as repo from '../../db/repositories/datasets';
import { requireVersion } from '../datasets/access';
import { matches } from '../kpi/series';
import { stageOf } from './kpiChart';
import type { ChartColumns, RowCounts } from './datasetRows';
import { keepPacked, packedColumn } from './packedColumn';

type Cell = number | string | null;

/** Rows read per SELECT: bounded memory (a 65,536-value JavaScript array at a time) whatever the table size. */
const CHUNK = 65_536;

const bad = (m: string) => new AppError('BAD_INPUT', m);
const isMissing = (v: Cell | undefined): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

function toNumber(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

/** The stage name of a cell as `subgroupsFromColumns` writes it. */
function stageLabel(type: string, v: Cell): string {
  if (v === null) return '(missing)';
  if (type === 'timestamp' && typeof v === 'number') return new Date(v).toISOString();
  return String(v);
}

/** Dataset charts read straight into columns: one point per row, or subgroups of consecutive rows. */
export const readsColumns = (input: DatasetChartInput): boolean => input.subgrouping.kind === 'none' || input.subgrouping.kind === 'size';

/**
 * The chart's columns read straight from the version's table(s) in row order, in chunks, into Float64Arrays:
 * the same rows, counts, numbers, subgroups, stages and messages as selectRows + datasetSubgroups +
 * subgroupsFromColumns, without a JavaScript array per column or an object per row or subgroup. Grouping by a
 * column or by time buckets still goes through those (it needs the groups' keys).
 */
export function readChartArrays(ctx: ServiceContext, input: DatasetChartInput, cols: ChartColumns, types: Readonly<Record<string, string>>, source: string): { data: ChartArrays; counts: RowCounts } {
  const { v } = requireVersion(ctx, input.datasetId, input.version);
  const g = input.subgrouping;
  const datesStage = input.stages.length > 0 && !cols.stage;
  const names = [...new Set([cols.value, cols.size, cols.time, cols.stage, ...input.filters.map((f) => f.column)].filter((c): c is string => c !== undefined))];
  const byName = new Map(v.columns.map((c) => [c.name, c]));
  const sqlCols = names.map((n) => {
    const c = byName.get(n);
    if (!c) throw new AppError('NOT_FOUND', `The dataset has no column "${n}".`, { column: n });
    return c.sqlName;
  });
  const at = (name: string | undefined) => (name === undefined ? -1 : names.indexOf(name));
  const iv = at(cols.value);
  const isz = at(cols.size);
  const it = at(cols.time);
  const ist = at(cols.stage);
  const filters = input.filters.map((f) => ({ f, i: at(f.column) }));
  const needed = [iv, isz, it].filter((i) => i >= 0);
  const stageType = cols.stage ? (types[cols.stage] ?? 'text') : 'text';
  const hasStages = ist >= 0 || datesStage;
  const counts: RowCounts = { total: 0, filtered: 0, missing: 0, used: 0 };
  const simple = names.length === 1 && filters.length === 0 && isz < 0 && !hasStages;
  let values = new Float64Array(Math.max(16, v.rowCount));
  let sizes = isz >= 0 ? new Float64Array(values.length) : null;
  let k = 0;
  // Stage names of the kept rows as runs (row → subgroup below): [first kept row, name].
  const stageRuns: { from: number; name: string }[] = [];
  const grow = () => {
    const next = new Float64Array(values.length * 2);
    next.set(values);
    values = next;
    if (sizes) {
      const s = new Float64Array(next.length);
      s.set(sizes);
      sizes = s;
    }
  };
  const notNumber = (name: string, what: string, row: number, cell: Cell) =>
    bad(`Column "${name}" (${what}) must hold numbers, but row ${row + 1} of ${source} is "${String(cell)}". Choose a numeric column.`);
  let row = 0;
  const toPack: { table: string; values: Float64Array }[] = [];
  ctx.db.transaction(() => {
    for (const table of repo.versionTables(ctx.db, v)) {
      const maxRowid = (ctx.db.prepare(`SELECT max(rowid) FROM "${table}"`).pluck().get() as number | null) ?? 0;
      const stmt = ctx.db.prepare(`SELECT ${sqlCols.join(', ')} FROM "${table}" WHERE rowid > ? AND rowid <= ?`);
      if (simple) {
        // The common case (one plotted column, no filters, sizes or stages): the column's packs (migration 0230)
        // when they cover the table, else plucked values, no row arrays.
        const packed = packedColumn(ctx, table, sqlCols[0]!, maxRowid);
        if (packed) {
          while (k + packed.length > values.length) grow();
          for (let j = 0; j < packed.length; j++, row++) {
            const x = packed[j]!;
            if (x - x === 0) values[k++] = x + 0;
            // NaN is SQL NULL (missing); ±Infinity is a stored REAL the rows would refuse the same way.
            else if (x !== x) counts.missing++;
            else throw notNumber(cols.value, 'plotted', row, x);
          }
          continue;
        }
        stmt.pluck();
        // The raw column, packed after the read when every cell is a number or NULL (rowids 1…max).
        let raw: Float64Array | null = maxRowid > 0 ? new Float64Array(maxRowid) : null;
        let n = 0;
        for (let r = 0; r < maxRowid; r += CHUNK) {
          const a = stmt.all(r, r + CHUNK) as Cell[];
          if (k + a.length > values.length) grow();
          for (let j = 0; j < a.length; j++, row++) {
            const cell = a[j]!;
            if (raw) {
              if (typeof cell === 'number') raw[n++] = cell;
              else if (cell === null) raw[n++] = NaN;
              else raw = null;
            }
            if (typeof cell === 'number' && cell - cell === 0) {
              // + 0: the mean of one value, as the subgroup path computes it (−0 becomes 0).
              values[k++] = cell + 0;
              continue;
            }
            if (isMissing(cell)) {
              counts.missing++;
              continue;
            }
            const x = toNumber(cell);
            if (x === null) throw notNumber(cols.value, 'plotted', row, cell);
            values[k++] = x + 0;
          }
        }
        if (raw && n === maxRowid) toPack.push({ table, values: raw });
        continue;
      }
      stmt.raw();
      for (let r = 0; r < maxRowid; r += CHUNK) {
        const rows = stmt.all(r, r + CHUNK) as Cell[][];
        if (k + rows.length > values.length) grow();
        for (let j = 0; j < rows.length; j++, row++) {
          const cells = rows[j]!;
          if (filters.length > 0 && !filters.every(({ f, i }) => matches(cells[i] ?? null, f))) {
            counts.filtered++;
            continue;
          }
          if (needed.some((i) => isMissing(cells[i]))) {
            counts.missing++;
            continue;
          }
          const x = toNumber(cells[iv]!);
          if (x === null) throw notNumber(cols.value, 'plotted', row, cells[iv]!);
          if (sizes) {
            const s = toNumber(cells[isz]!);
            if (s === null) throw notNumber(cols.size!, 'size', row, cells[isz]!);
            sizes[k] = s;
          }
          if (hasStages) {
            const name = ist >= 0 ? stageLabel(stageType, cells[ist] ?? null) : stageOf(new Date(cells[it] as number).toISOString(), input);
            if (stageRuns.length === 0 || stageRuns[stageRuns.length - 1]!.name !== name) stageRuns.push({ from: k, name });
          }
          values[k++] = x + 0;
        }
      }
    }
  })();
  for (const p of toPack) keepPacked(ctx, p.table, sqlCols[0]!, p.values);
  counts.total = row;
  counts.used = k;
  const size = g.kind === 'size' ? g.size : 1;
  const data = columnsOf(input.chart, values, sizes, k, size, stageRuns);
  return { data, counts };
}

const ATTRIBUTE = new Set(['p', 'np', 'c', 'u']);

/** Subgroups of `size` consecutive kept rows (1: one point per row) as the engine's columns. */
function columnsOf(chart: string, values: Float64Array, sizes: Float64Array | null, k: number, size: number, stageRuns: readonly { from: number; name: string }[]): ChartArrays {
  const m = Math.ceil(k / size);
  const segments = segmentsOfRuns(stageRuns, size, m);
  const attribute = ATTRIBUTE.has(chart);
  // Keep the arrays no bigger than the points (the first guess came from the version's row count).
  const fit = (a: Float64Array, len: number) => (a.length === len ? a : a.length > len * 1.1 ? a.slice(0, len) : a.subarray(0, len));
  if (size === 1) {
    if (attribute) {
      // A count per row, its size the row's size (0 + … as the subgroup sums start).
      const count = fit(values, m);
      const n = sizes ? fit(sizes, m) : 1;
      if (sizes) for (let i = 0; i < m; i++) (n as Float64Array)[i] = 0 + (n as Float64Array)[i]!;
      return { m, count, n, segments, labels: null, time: null };
    }
    return { m, x: fit(values, m), n: 1, segments, labels: null, time: null };
  }
  const n = new Float64Array(m);
  if (attribute) {
    const count = new Float64Array(m);
    const sz = sizes ? new Float64Array(m) : null;
    for (let j = 0; j < m; j++) {
      const from = j * size;
      const to = Math.min(k, from + size);
      let c = 0;
      let s = 0;
      for (let i = from; i < to; i++) {
        c += values[i]!;
        if (sizes) s += sizes[i]!;
      }
      count[j] = c;
      if (sz) sz[j] = s;
      n[j] = sz ? s : 1;
    }
    // A point shows its size, or (no size column) its one count: n as the subgroup path gives it.
    return { m, count, n, segments, labels: null, time: null };
  }
  const x = new Float64Array(m);
  const range = new Float64Array(m);
  const sd = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const from = j * size;
    const to = Math.min(k, from + size);
    let s = 0, lo = Infinity, hi = -Infinity;
    for (let i = from; i < to; i++) {
      const y = values[i]!;
      s += y;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    const len = to - from;
    const mu = s / len;
    x[j] = mu;
    range[j] = hi - lo;
    let ss = 0;
    for (let i = from; i < to; i++) ss += (values[i]! - mu) ** 2;
    sd[j] = len > 1 ? Math.sqrt(ss / (len - 1)) : 0;
    n[j] = len;
  }
  return { m, x, range, sd, n, segments, labels: null, time: null };
}

/** Stages per subgroup (a subgroup takes its first row's stage) from the runs of stage names over kept rows. */
function segmentsOfRuns(runs: readonly { from: number; name: string }[], size: number, m: number): Segment[] {
  if (runs.length === 0) return m > 0 ? [{ name: '', from: 0, to: m }] : [];
  const segs: Segment[] = [];
  let r = 0;
  for (let j = 0; j < m; j++) {
    const row = j * size;
    while (r + 1 < runs.length && runs[r + 1]!.from <= row) r++;
    const name = runs[r]!.name;
    const last = segs[segs.length - 1];
    if (last && last.name === name) segs[segs.length - 1] = { name, from: last.from, to: j + 1 };
    else segs.push({ name, from: j, to: j + 1 });
  }
  return segs;
}
