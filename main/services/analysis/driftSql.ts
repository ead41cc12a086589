import { AppError } from '../../../common/contract/errors';
import type { Window } from '../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { ksFromStatistic } from '../../../common/domain/drift/ks';
import type { KsResult } from '../../../common/domain/drift/ks';
import { equalWidthInnerEdges, psiCategoricalCounts, psiFromBinCounts, quantileEdgePositions, quantileInnerEdges, sturgesEdges } from '../../../common/domain/drift/psi';
import type { PsiBinning, PsiResult } from '../../../common/domain/drift/psi';
import type { ServiceContext } from '../../context';
import { requireVersion, versionSelect } from '../datasets/access';
import { dayStart } from './data';

/**
 * Drift aggregation pushed into SQLite, so memory stays bounded at any row count (issue 15): counts, min/max and
 * histograms against given edges in one scan per window, the reference's quantile edges from `row_number()` over
 * the sorted values, category counts by GROUP BY, and the two-sample KS statistic from cumulative counts over the
 * pooled distinct values (a window function) — no column is read into JavaScript. Every number is the one the
 * in-memory path (driftReport over the read columns) gives: the same comparisons and the same floating-point
 * expressions; nothing is sampled (KS has always used every value).
 */

/** One window as SQL: `FROM (<version's tables>) WHERE <window filter>`, with its parameters. */
export type SideSql = Readonly<{ ds: DatasetInfo; from: string; filter: string; params: unknown[]; col: (name: string) => string }>;

const DAY = 86_400_000;
/** A finite number, as `typeof v === 'number' && Number.isFinite(v)` on the value read (NaN is stored as NULL). */
const num = (c: string) => `(typeof(${c}) IN ('integer','real') AND ${c} > -9e999 AND ${c} < 9e999)`;
/** A category value: not null and not the empty string (numbers included, as String(v)). */
const cat = (c: string) => `(${c} IS NOT NULL AND ${c} <> '')`;

/** The window's rows of one dataset version as SQL; unknown columns are NOT_FOUND naming what exists. */
export function sideSql(ctx: ServiceContext, ds: DatasetInfo, w: Window, columns: readonly string[]): SideSql {
  const { v } = requireVersion(ctx, ds.id, ds.version);
  const byName = new Map(v.columns.map((c) => [c.name, c.sqlName]));
  const col = (name: string): string => {
    const c = byName.get(name);
    if (!c) throw new AppError('NOT_FOUND', `Dataset "${ds.name}" has no column "${name}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`, { column: name });
    return c;
  };
  const sqlCols = [...new Set([...columns, ...(w.kind === 'version' ? [] : [w.column])].map(col))];
  const base = `(${versionSelect(ctx, v, sqlCols)})`;
  if (w.kind === 'version') return { ds, from: base, filter: '1', params: [], col };
  const wc = col(w.column);
  if (w.kind === 'dates') {
    const from = dayStart(w.from);
    const to = dayStart(w.to) + DAY;
    if (to <= from) throw new AppError('VALIDATION', `The window ends (${w.to}) before it starts (${w.from}).`);
    return { ds, from: base, filter: `typeof(${wc}) IN ('integer','real') AND ${wc} >= ? AND ${wc} < ?`, params: [from, to], col };
  }
  // As the in-memory match: a number equals Number(value) (blank never matches), a text equals value exactly.
  const n = w.value.trim() === '' ? Number.NaN : Number(w.value);
  return {
    ds,
    from: base,
    filter: `((typeof(${wc}) IN ('integer','real') AND ${wc} = ?) OR (typeof(${wc}) = 'text' AND ${wc} = ?))`,
    params: [Number.isFinite(n) ? n : null, w.value],
    col,
  };
}

export type FeatureCounts = { values: number; min: number | null; max: number | null };

/** One scan of a window: its row count and, per feature, how many values count (numbers or categories) and the numeric min/max. */
export function windowCounts(ctx: ServiceContext, side: SideSql, features: readonly { name: string; categorical: boolean }[]): { rows: number; byFeature: Map<string, FeatureCounts> } {
  const parts = ['count(*)'];
  for (const f of features) {
    const c = side.col(f.name);
    if (f.categorical) parts.push(`count(CASE WHEN ${cat(c)} THEN 1 END)`, 'NULL', 'NULL');
    else parts.push(`count(CASE WHEN ${num(c)} THEN 1 END)`, `min(CASE WHEN ${num(c)} THEN ${c} END)`, `max(CASE WHEN ${num(c)} THEN ${c} END)`);
  }
  const row = ctx.db.prepare(`SELECT ${parts.join(', ')} FROM ${where(side, '1')}`).raw().get(...side.params) as (number | null)[];
  const byFeature = new Map<string, FeatureCounts>();
  features.forEach((f, i) => byFeature.set(f.name, { values: row[1 + 3 * i]!, min: row[2 + 3 * i] ?? null, max: row[3 + 3 * i] ?? null }));
  return { rows: row[0]!, byFeature };
}

/** SQL for the window's rows with `cond` added to its filter. */
function where(side: SideSql, cond: string): string {
  return `${side.from} WHERE ${side.filter} AND ${cond}`;
}

/** Counts in the open bins (−∞, e₀), [e₀, e₁) … [e_last, +∞): bin = number of inner edges ≤ x. */
function openBinCounts(ctx: ServiceContext, side: SideSql, c: string, inner: readonly number[], n: number): number[] {
  const ge = cumulativeCounts(ctx, side, c, inner, false);
  if (inner.length === 0) return [n];
  return [n - ge[0]!, ...inner.slice(1).map((_, j) => ge[j]! - ge[j + 1]!), ge[inner.length - 1]!];
}

/** #(x ≥ e) for each edge, plus #(x > last edge) when `closeLast`, over the window's finite numbers: one scan, no sort. */
function cumulativeCounts(ctx: ServiceContext, side: SideSql, c: string, edges: readonly number[], closeLast: boolean): number[] {
  if (edges.length === 0) return [];
  const parts = edges.map(() => `sum(${c} >= ?)`);
  const params: number[] = [...edges];
  if (closeLast) {
    parts.push(`sum(${c} > ?)`);
    params.push(edges[edges.length - 1]!);
  }
  const row = ctx.db.prepare(`SELECT ${parts.join(', ')} FROM ${where(side, num(c))}`).raw().get(...params, ...side.params) as (number | null)[]; // the select list's ? come first
  return row.map((x) => x ?? 0);
}

/** The reference's order statistics at the given 0-based positions (one sort inside SQLite). */
function orderStatistics(ctx: ServiceContext, side: SideSql, c: string, positions: readonly number[]): Map<number, number> {
  const rows = ctx.db
    .prepare(`SELECT pos, v FROM (SELECT ${c} AS v, row_number() OVER (ORDER BY ${c}) - 1 AS pos FROM ${where(side, num(c))}) WHERE pos IN (SELECT value FROM json_each(?))`)
    .raw()
    .all(...side.params, JSON.stringify(positions)) as [number, number][];
  return new Map(rows);
}

/** Category → count over the window (numbers as String(v), so 1 and "1" are one category, as in memory). */
function categoryCounts(ctx: ServiceContext, side: SideSql, c: string, numericOnly: boolean): Map<string, number> {
  const rows = ctx.db.prepare(`SELECT ${c}, count(*) FROM ${where(side, numericOnly ? num(c) : cat(c))} GROUP BY ${c}`).raw().all(...side.params) as [number | string, number][];
  const out = new Map<string, number>();
  for (const [v, k] of rows) out.set(String(v), (out.get(String(v)) ?? 0) + k);
  return out;
}

/** PSI of one numeric feature with the named binning, from SQL counts. */
export function psiSql(ctx: ServiceContext, ref: SideSql, cur: SideSql, column: string, r: FeatureCounts, k: FeatureCounts, binning: PsiBinning, bins = 10): PsiResult {
  const rc = ref.col(column);
  const cc = cur.col(column);
  if (binning === 'evidently') {
    const distinct = ctx.db.prepare(`SELECT count(*) FROM (SELECT DISTINCT ${rc} FROM ${where(ref, num(rc))} LIMIT 21)`).pluck().get(...ref.params) as number;
    if (distinct <= 20) return psiCategoricalCounts(categoryCounts(ctx, ref, rc, true), categoryCounts(ctx, cur, cc, true), 'evidently', (a, b) => Number(a) - Number(b));
    const edges = sturgesEdges(Math.min(r.min!, k.min!), Math.max(r.max!, k.max!), r.values + k.values);
    const binsOf = (side: SideSql, c: string) => {
      const ge = cumulativeCounts(ctx, side, c, edges, true);
      const last = edges.length - 2;
      return edges.slice(0, -1).map((_, i) => (i < last ? ge[i]! - ge[i + 1]! : ge[i]! - ge[edges.length]!));
    };
    return psiFromBinCounts('evidently', edges, binsOf(ref, rc), binsOf(cur, cc), r.values, k.values);
  }
  let inner: number[];
  if (binning === 'equal-width') inner = equalWidthInnerEdges(r.min!, r.max!, bins);
  else {
    const at = orderStatistics(ctx, ref, rc, quantileEdgePositions(r.values, bins));
    inner = quantileInnerEdges(r.values, (pos) => at.get(pos)!, bins);
  }
  const edges = [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY];
  return psiFromBinCounts(binning, edges, openBinCounts(ctx, ref, rc, inner, r.values), openBinCounts(ctx, cur, cc, inner, k.values), r.values, k.values);
}

/** PSI of one categorical feature from GROUP BY counts. */
export function psiCategoricalSql(ctx: ServiceContext, ref: SideSql, cur: SideSql, column: string, binning: PsiBinning): PsiResult {
  return psiCategoricalCounts(categoryCounts(ctx, ref, ref.col(column), false), categoryCounts(ctx, cur, cur.col(column), false), binning);
}

/**
 * Two-sample KS in SQL: per pooled distinct value x (ascending), i = #(ref ≤ x) and j = #(cur ≤ x) by running sums;
 * D = max |i/n − j/m| at the smallest such x (the in-memory merge's first maximum), with the same double arithmetic.
 */
export function ksSql(ctx: ServiceContext, ref: SideSql, cur: SideSql, column: string, n: number, m: number): KsResult {
  const rc = ref.col(column);
  const cc = cur.col(column);
  const sql = `WITH t AS (SELECT v, sum(a) AS a, sum(b) AS b FROM (
      SELECT ${rc} AS v, 1 AS a, 0 AS b FROM ${where(ref, num(rc))}
      UNION ALL SELECT ${cc} AS v, 0 AS a, 1 AS b FROM ${where(cur, num(cc))}) GROUP BY v),
    s AS (SELECT v, sum(a) OVER w AS i, sum(b) OVER w AS j FROM t WINDOW w AS (ORDER BY v ROWS UNBOUNDED PRECEDING))
    SELECT v, i * 1.0 / ? - j * 1.0 / ? AS d FROM s ORDER BY abs(d) DESC, v LIMIT 1`;
  const [x, d] = ctx.db.prepare(sql).raw().get(...ref.params, ...cur.params, n, m) as [number, number];
  return ksFromStatistic(n, m, Math.abs(d), x, d >= 0 ? 1 : -1);
}
