import { AppError } from '../../../common/contract/errors';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { profileFromSummaries } from '../../../common/domain/latency/profile';
import type { GroupLatency, HeatCell, LatencyProfile, LatencySummary } from '../../../common/domain/latency/profile';
import { quantileSorted } from '../../../common/domain/stats/quantile';
import type { ReadContext } from '../../context';
import { requireVersion, versionSelect } from '../datasets/access';
import { bucketStart, utcDate } from './data';
import type { Progress } from './data';

/**
 * The latency profile in bounded memory (issue 15): no column is read into a JavaScript array.
 *
 * - One scan in row order (iterate) keeps, per stage and for the total, the count and the running sum of the
 *   finite values — added in row order, so sums and means are bit for bit those of the in-memory path — and the
 *   same per group, per time bucket and per heatmap cell (state grows with the number of groups, not rows).
 * - Exact type-7 percentiles from one sorted, grouped pass per column (`GROUP BY v ORDER BY v`; SQLite sorts,
 *   spilling to temporary files): the order statistics at ⌊h⌋ and ⌊h⌋+1 are picked from running counts and
 *   interpolated by quantileSorted, the same expression summarize()'s quickselect ends in. Per group, per bucket
 *   and per heatmap cell: one pass sorted by (key, v).
 */

const PS = [0.5, 0.9, 0.95, 0.99] as const;
const DAY = 86_400_000;
const HOUR = 3_600_000;
/** A finite number, as `typeof v === 'number' && Number.isFinite(v)` on the value read (NaN is stored as NULL). */
const num = (c: string) => `(typeof(${c}) IN ('integer','real') AND ${c} > -9e999 AND ${c} < 9e999)`;

export type LatencySpec = Readonly<{
  stages: readonly string[];
  total?: string;
  timestamp?: string;
  groupBy?: string;
  bucket?: 'hour' | 'day';
  utcOffsetMinutes: number;
}>;

export type LatencyOut = { rowCount: number; profile: LatencyProfile; byGroup: GroupLatency[] | null; byTime: GroupLatency[] | null; heatmap: HeatCell[] | null };

/** Count and row-order sum of each stage and of the total, for the whole dataset or one group. */
type Acc = { stageN: number[]; stageSum: number[]; n: number; sum: number };
const newAcc = (k: number): Acc => ({ stageN: new Array<number>(k).fill(0), stageSum: new Array<number>(k).fill(0), n: 0, sum: 0 });

/** The 0-based order statistics type-7 needs for PS at n values. */
function positions(n: number): number[] {
  const out = new Set<number>();
  for (const p of PS) {
    const lo = Math.floor((n - 1) * p);
    out.add(lo);
    out.add(Math.min(lo + 1, n - 1));
  }
  return [...out].sort((a, b) => a - b);
}

/** Picks order statistics from a sorted run of (value, count) rows: feed rows in order, read `at` when done. */
class OrderStats {
  readonly at = new Map<number, number>();
  private p = 0;
  private seen = 0;
  constructor(private readonly want: readonly number[]) {}
  add(x: number, count: number): void {
    const want = this.want;
    while (this.p < want.length && want[this.p]! < this.seen + count) this.at.set(want[this.p++]!, x);
    this.seen += count;
  }
  /** Type-7 quantiles at PS over the n values seen (NaN when none), exactly as quantileSorted on the sorted column. */
  quantiles(n: number): number[] {
    if (n === 0) return PS.map(() => Number.NaN);
    const sparse: Record<number, number> & { length: number } = { length: n };
    for (const [k, v] of this.at) sparse[k] = v;
    return PS.map((p) => quantileSorted(sparse, p));
  }
}

function summary(n: number, sum: number, q: readonly number[]): LatencySummary {
  return { count: n, mean: n ? sum / n : Number.NaN, p50: q[0]!, p90: q[1]!, p95: q[2]!, p99: q[3]!, sum };
}

const NO_QUANTILES = PS.map(() => Number.NaN);

/** A group's row in latencyByGroup: its total summary, slowest stage and stage means from the stage sums. */
function groupRow(group: string, names: readonly string[], a: Acc, total: LatencySummary): GroupLatency {
  const p = profileFromSummaries(
    names.map((name, k) => ({ name, s: summary(a.stageN[k]!, a.stageSum[k]!, NO_QUANTILES) })),
    total,
  );
  const stageMeans: Record<string, number> = {};
  for (const s of p.stages) stageMeans[s.stage] = s.mean;
  return { group, total: p.total, slowestStage: p.slowestStage, stageMeans };
}

export function latencyInSql(ctx: ReadContext, ds: DatasetInfo, spec: LatencySpec, progress: Progress): LatencyOut {
  const { v } = requireVersion(ctx, ds.id, ds.version);
  const byName = new Map(v.columns.map((c) => [c.name, c.sqlName]));
  // The same check, in the same order, as reading the columns did: the first unknown column is NOT_FOUND.
  const wanted = [...new Set([...spec.stages, spec.total, spec.timestamp, spec.groupBy].filter((c): c is string => !!c))];
  for (const name of wanted) {
    if (!byName.has(name)) throw new AppError('NOT_FOUND', `Dataset "${ds.name}" has no column "${name}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`, { column: name });
  }
  const sqlCols = wanted.map((n) => byName.get(n)!);
  const from = `(${versionSelect(ctx, v, sqlCols)})`;
  const col = (name: string) => byName.get(name)!;
  // Stage names as the in-memory path keyed them (a record: repeats once, integer-like names first).
  const names = Object.keys(Object.fromEntries(spec.stages.map((s) => [s, 0])));
  const stages = names.map(col);
  const k = stages.length;
  // The total as the in-memory path makes it when no total column is given: 0 + each finite stage, in stage order.
  const totalExpr = spec.total ? col(spec.total) : `(0${stages.map((s) => ` + CASE WHEN ${num(s)} THEN ${s} ELSE 0 END`).join('')})`;
  const totalFinite = spec.total ? num(col(spec.total)) : '1';
  const ts = spec.timestamp ? col(spec.timestamp) : null;
  const bucket = ts ? spec.bucket : undefined;
  const offMs = spec.utcOffsetMinutes * 60_000;
  const passes = 1 + (k + 1) + (spec.groupBy ? 1 : 0) + (bucket ? 1 : 0) + (ts ? 1 : 0);
  let done = 0;
  const step = (message: string) => progress(++done, passes, message);

  // 1. One scan in row order: counts and sums (whole, per group, per bucket) and heatmap cell counts.
  const all = newAcc(k);
  const groups = new Map<string, Acc>();
  const buckets = new Map<string, Acc>();
  const cellCounts = new Array<number>(168).fill(0);
  const select = [...stages, ...(spec.total ? [col(spec.total)] : []), ...(ts ? [ts] : []), ...(spec.groupBy ? [col(spec.groupBy)] : [])];
  const iTotal = spec.total ? k : -1;
  const iTs = ts ? k + (spec.total ? 1 : 0) : -1;
  const iGroup = spec.groupBy ? select.length - 1 : -1;
  const values = new Float64Array(k);
  const add = (a: Acc, t: number) => {
    for (let s = 0; s < k; s++) {
      const x = values[s]!;
      if (Number.isFinite(x)) {
        a.stageN[s]!++;
        a.stageSum[s]! += x;
      }
    }
    if (Number.isFinite(t)) {
      a.n++;
      a.sum += t;
    }
  };
  const accOf = (m: Map<string, Acc>, key: string) => {
    let a = m.get(key);
    if (!a) m.set(key, (a = newAcc(k)));
    return a;
  };
  for (const row of ctx.db.prepare(`SELECT ${select.join(', ')} FROM ${from}`).raw().iterate()) {
    const r = row as unknown[];
    let computed = 0;
    for (let s = 0; s < k; s++) {
      const x = r[s];
      const f = typeof x === 'number' ? x : Number.NaN;
      values[s] = f;
      computed += Number.isFinite(f) ? f : 0;
    }
    const tv = iTotal >= 0 ? (typeof r[iTotal] === 'number' ? (r[iTotal] as number) : Number.NaN) : computed;
    add(all, tv);
    if (iGroup >= 0) {
      const g = r[iGroup];
      add(accOf(groups, g === null || g === undefined ? '(blank)' : String(g)), tv);
    }
    if (iTs >= 0) {
      const t = typeof r[iTs] === 'number' ? (r[iTs] as number) : Number.NaN;
      if (bucket) add(accOf(buckets, timeKey(t, bucket)), tv);
      if (Number.isFinite(t) && Number.isFinite(tv)) {
        // As p95Heatmap: 1970-01-01 was a Thursday (weekday 3 with Monday = 0).
        const local = t + offMs;
        const day = Math.floor(local / DAY);
        const weekday = (((day + 3) % 7) + 7) % 7;
        cellCounts[weekday * 24 + Math.floor((local - day * DAY) / HOUR)]!++;
      }
    }
  }
  step('Counted and summed every stage');

  // 2. Exact percentiles of each stage and of the total: one sorted, grouped pass each.
  const sortedPass = (expr: string, cond: string, n: number): number[] => {
    if (n === 0) return [...NO_QUANTILES];
    const os = new OrderStats(positions(n));
    for (const row of ctx.db.prepare(`SELECT v, count(*) FROM (SELECT ${expr} AS v FROM ${from} WHERE ${cond}) GROUP BY v ORDER BY v`).raw().iterate()) {
      const [x, c] = row as [number, number];
      os.add(x, c);
    }
    return os.quantiles(n);
  };
  const stageSummaries = names.map((name, s) => {
    const q = sortedPass(stages[s]!, num(stages[s]!), all.stageN[s]!);
    step(`Percentiles of ${name}`);
    return { name, s: summary(all.stageN[s]!, all.stageSum[s]!, q) };
  });
  const totalSummary = summary(all.n, all.sum, sortedPass(totalExpr, totalFinite, all.n));
  step('Percentiles of the total');
  const profile = profileFromSummaries(stageSummaries, totalSummary);

  // 3. Per key (group, time bucket, heatmap cell): the total's percentiles from one pass sorted by (key, v).
  const keyedPass = (keyExpr: string, cond: string, count: (key: unknown) => number, toKey: (key: unknown) => string): Map<string, number[]> => {
    const out = new Map<string, number[]>();
    let current: unknown = undefined;
    let started = false;
    let os: OrderStats | null = null;
    let n = 0;
    const close = () => {
      if (os) out.set(toKey(current), os.quantiles(n));
    };
    const sql = `SELECT k, v, count(*) FROM (SELECT ${keyExpr} AS k, ${totalExpr} AS v FROM ${from} WHERE ${totalFinite} AND ${cond}) GROUP BY k, v ORDER BY k, v`;
    for (const row of ctx.db.prepare(sql).raw().iterate()) {
      const [key, x, c] = row as [unknown, number, number];
      if (!started || key !== current) {
        close();
        started = true;
        current = key;
        n = count(key);
        os = new OrderStats(positions(n));
      }
      os!.add(x, c);
    }
    close();
    return out;
  };
  const rowsOf = (accs: Map<string, Acc>, q: Map<string, number[]>) =>
    [...accs].map(([key, a]) => groupRow(key, names, a, summary(a.n, a.sum, q.get(key) ?? [...NO_QUANTILES])));

  let byGroup: GroupLatency[] | null = null;
  if (spec.groupBy) {
    const g = col(spec.groupBy);
    // A missing value is the group "(blank)", as in memory; a text column's own "(blank)" joins it there too.
    const toKey = (key: unknown) => String(key);
    const q = keyedPass(`CASE WHEN ${g} IS NULL THEN '(blank)' ELSE ${g} END`, '1', (key) => groups.get(toKey(key))!.n, toKey);
    // Groups in order of first appearance, then by p95 descending (a stable sort), as latencyByGroup orders them.
    byGroup = rowsOf(groups, q).sort((a, b) => b.total.p95 - a.total.p95);
    step(`Percentiles per ${spec.groupBy}`);
  }
  let byTime: GroupLatency[] | null = null;
  if (ts && bucket) {
    const size = bucket === 'hour' ? HOUR : DAY;
    const toKey = (key: unknown) => timeKey(typeof key === 'number' ? key : Number.NaN, bucket);
    const q = keyedPass(`CASE WHEN ${num(ts)} THEN floor(${ts} / ${size}.0) * ${size} END`, '1', (key) => buckets.get(toKey(key))!.n, toKey);
    byTime = rowsOf(buckets, q).sort((a, b) => a.group.localeCompare(b.group));
    step(`Percentiles per ${bucket}`);
  }
  let heatmap: HeatCell[] | null = null;
  if (ts) {
    const local = `(${ts} + ${offMs})`;
    const day = `floor(${local} / ${DAY}.0)`;
    const cell = `((((${day} + 3) % 7) + 7) % 7) * 24 + floor((${local} - ${day} * ${DAY}) / ${HOUR}.0)`;
    const q = keyedPass(cell, num(ts), (key) => cellCounts[key as number]!, (key) => String(key));
    heatmap = cellCounts.map((count, i) => ({ weekday: Math.floor(i / 24), hour: i % 24, count, p95: count ? q.get(String(i))![2]! : null }));
    step('p95 per weekday and hour');
  }
  return { rowCount: ds.rowCount, profile, byGroup, byTime, heatmap };
}

/** The bucket label the in-memory path groups by: a UTC day, an hour, or "(no time)". */
function timeKey(t: number, bucket: 'hour' | 'day'): string {
  if (!Number.isFinite(t)) return '(no time)';
  return bucket === 'day' ? utcDate(t) : new Date(bucketStart(t, 'hour')).toISOString().slice(0, 13) + ':00';
}
