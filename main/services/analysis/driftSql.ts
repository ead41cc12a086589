import { AppError } from '../../../common/contract/errors';
import type { Window } from '../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { categoricalColumnStats, NumericPass } from '../../../common/domain/drift/columnDrift';
import type { ColumnStats } from '../../../common/domain/drift/columnDrift';
import type { KsResult } from '../../../common/domain/drift/ks';
import { equalWidthInnerEdges, psiCategoricalCounts, psiFromBinCounts, quantileInnerEdges, sturgesEdges } from '../../../common/domain/drift/psi';
import type { PsiBinning, PsiResult } from '../../../common/domain/drift/psi';
import type { ReadContext } from '../../context';
import { requireVersion, versionSelect } from '../datasets/access';
import { dayStart } from './data';

/**
 * Drift aggregation pushed into SQLite, so memory stays bounded at any row count (issue 15): counts, min/max and
 * histograms against given edges in one scan per window, category counts by GROUP BY, and one sorted, grouped pass
 * over both windows that yields the two-sample KS statistic and the reference's quantile edges with fixed-size
 * state — no column is read into a JavaScript array. Every number is the one the
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
export function sideSql(ctx: ReadContext, ds: DatasetInfo, w: Window, columns: readonly string[]): SideSql {
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
export function windowCounts(ctx: ReadContext, side: SideSql, features: readonly { name: string; categorical: boolean }[]): { rows: number; byFeature: Map<string, FeatureCounts> } {
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

/**
 * What one numeric feature's PSI still needs counted: #(x ≥ e) per edge (and #(x > last edge) when `closeLast`) in
 * each window, then `finish` turns those cumulative counts into bins.
 */
export type BinPlan = Readonly<{ column: string; edges: readonly number[]; closeLast: boolean; finish: (ref: number[], cur: number[]) => PsiResult }>;

/** The cumulative counts of every plan over one window in one scan (no sort): `sum(x >= e)` per edge. */
export function countBins(ctx: ReadContext, side: SideSql, plans: readonly BinPlan[]): number[][] {
  const parts: string[] = [];
  const params: number[] = [];
  for (const pl of plans) {
    const c = side.col(pl.column);
    for (const e of pl.edges) {
      parts.push(`sum(${num(c)} AND ${c} >= ?)`);
      params.push(e);
    }
    if (pl.closeLast) {
      parts.push(`sum(${num(c)} AND ${c} > ?)`);
      params.push(pl.edges[pl.edges.length - 1]!);
    }
  }
  if (parts.length === 0) return plans.map(() => []);
  // The select list's ? come before the window filter's.
  const row = (ctx.db.prepare(`SELECT ${parts.join(', ')} FROM ${where(side, '1')}`).raw().get(...params, ...side.params) as (number | null)[]).map((x) => x ?? 0);
  let k = 0;
  return plans.map((pl) => row.slice(k, (k += pl.edges.length + (pl.closeLast ? 1 : 0))));
}

/** Open bins (−∞, e₀), [e₀, e₁) … [e_last, +∞) from #(x ≥ eⱼ): bin = number of inner edges ≤ x. */
function openBins(ge: readonly number[], n: number): number[] {
  if (ge.length === 0) return [n];
  return [n - ge[0]!, ...ge.slice(1).map((g, j) => ge[j]! - g), ge[ge.length - 1]!];
}

/** Category → count over the window (numbers as String(v), so 1 and "1" are one category, as in memory). */
function categoryCounts(ctx: ReadContext, side: SideSql, c: string, numericOnly: boolean): Map<string, number> {
  const rows = ctx.db.prepare(`SELECT ${c}, count(*) FROM ${where(side, numericOnly ? num(c) : cat(c))} GROUP BY ${c}`).raw().all(...side.params) as [number | string, number][];
  const out = new Map<string, number>();
  for (const [v, k] of rows) out.set(String(v), (out.get(String(v)) ?? 0) + k);
  return out;
}

/**
 * PSI of one numeric feature with the named binning: finished here when Evidently's rule makes it categorical
 * (≤ 20 distinct reference values), else a plan of edges to count (quantile edges from the order statistics `at`).
 */
export function psiPlan(ctx: ReadContext, ref: SideSql, cur: SideSql, column: string, r: FeatureCounts, k: FeatureCounts, binning: PsiBinning, bins: number, at: ReadonlyMap<number, number>): PsiResult | BinPlan {
  if (binning === 'evidently') {
    const rc = ref.col(column);
    const distinct = ctx.db.prepare(`SELECT count(*) FROM (SELECT DISTINCT ${rc} FROM ${where(ref, num(rc))} LIMIT 21)`).pluck().get(...ref.params) as number;
    if (distinct <= 20) return psiCategoricalCounts(categoryCounts(ctx, ref, rc, true), categoryCounts(ctx, cur, cur.col(column), true), 'evidently', (a, b) => Number(a) - Number(b));
    const edges = sturgesEdges(Math.min(r.min!, k.min!), Math.max(r.max!, k.max!), r.values + k.values);
    // [a, b) with the last bin closed: bin i = #(≥ eᵢ) − #(≥ eᵢ₊₁), the last #(≥ e_{k−1}) − #(> e_k).
    const binsOf = (ge: number[]) => edges.slice(0, -1).map((_, i) => (i < edges.length - 2 ? ge[i]! - ge[i + 1]! : ge[i]! - ge[edges.length]!));
    return { column, edges, closeLast: true, finish: (rg, cg) => psiFromBinCounts('evidently', edges, binsOf(rg), binsOf(cg), r.values, k.values) };
  }
  const inner = binning === 'equal-width' ? equalWidthInnerEdges(r.min!, r.max!, bins) : quantileInnerEdges(r.values, (pos) => at.get(pos)!, bins);
  const edges = [Number.NEGATIVE_INFINITY, ...inner, Number.POSITIVE_INFINITY];
  return { column, edges: inner, closeLast: false, finish: (rg, cg) => psiFromBinCounts(binning, edges, openBins(rg, r.values), openBins(cg, k.values), r.values, k.values) };
}

/** PSI, χ², Jensen–Shannon and Evidently's test of one categorical feature from one GROUP BY per window. */
export function categoricalSql(ctx: ReadContext, ref: SideSql, cur: SideSql, column: string, binning: PsiBinning): { psi: PsiResult; stats: ColumnStats } {
  const rc = categoryCounts(ctx, ref, ref.col(column), false);
  const cc = categoryCounts(ctx, cur, cur.col(column), false);
  return { psi: psiCategoricalCounts(rc, cc, binning), stats: categoricalColumnStats(rc, cc) };
}

/**
 * One sorted pass over both windows (SQLite sorts and groups; JavaScript keeps two counters): the two-sample KS
 * statistic, W₁ and the reference SD (NumericPass) as the in-memory merge computes them — for each pooled distinct value x ascending, i = #(ref ≤ x),
 * j = #(cur ≤ x), D = max |i/n − j/m| at the first x reaching it, the same double arithmetic — and the reference's
 * order statistics at `positions` (0-based) for the quantile edges. Fixed-size state; rows come through iterate().
 */
export function ksPass(ctx: ReadContext, ref: SideSql, cur: SideSql, column: string, n: number, m: number, positions: readonly number[] = []): { ks: KsResult; at: Map<number, number>; stats: ColumnStats } {
  const rc = ref.col(column);
  const cc = cur.col(column);
  const sql = `SELECT v, sum(a), sum(1 - a) FROM (
      SELECT ${rc} AS v, 1 AS a FROM ${where(ref, num(rc))}
      UNION ALL SELECT ${cc} AS v, 0 AS a FROM ${where(cur, num(cc))}) GROUP BY v ORDER BY v`;
  const at = new Map<number, number>();
  const pass = new NumericPass(n, m);
  let p = 0;
  let i = 0;
  for (const row of ctx.db.prepare(sql).raw().iterate(...ref.params, ...cur.params)) {
    const [x, ra, ca] = row as [number, number, number];
    while (p < positions.length && positions[p]! < i + ra) at.set(positions[p++]!, x);
    i += ra;
    pass.add(x, ra, ca);
  }
  // The pass also keeps W₁, the reference SD and the few-values counts (columnDrift.ts); its p-value is computed once.
  const stats = pass.finish();
  const { location, sign } = pass.ks;
  return { ks: { ...stats.ks!, n, m, location, sign }, at, stats };
}
