import { quantilesSelect } from '../stats/quantile';

/** Percentile summary of one latency column, in milliseconds. */
export type LatencySummary = Readonly<{ count: number; mean: number; p50: number; p90: number; p95: number; p99: number; sum: number }>;

export type StageShare = Readonly<LatencySummary & { stage: string; share: number; cumulativeShare: number }>;

export type LatencyProfile = Readonly<{
  total: LatencySummary;
  /** Stages sorted by share of total time, largest first (Pareto order), with an "unaccounted" row if stages do not add up. */
  stages: readonly StageShare[];
  slowestStage: string | null;
}>;

/**
 * p50/p90/p95/p99 (type-7 quantiles, numpy default), mean and sum of the finite values of one column.
 * Quantiles by quickselect on a copy (no full sort), so 1 M values take a few tens of milliseconds.
 */
export function summarize(values: ArrayLike<number>): LatencySummary {
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) n++;
  const s = new Float64Array(n);
  let sum = 0;
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) {
      s[k++] = v;
      sum += v;
    }
  }
  const [p50, p90, p95, p99] = quantilesSelect(s, [0.5, 0.9, 0.95, 0.99]) as [number, number, number, number];
  return { count: n, mean: n ? sum / n : Number.NaN, p50, p90, p95, p99, sum };
}

/**
 * Per-stage latency profile: each stage's percentiles and its share of total time,
 * share = Σ stage / Σ total over the rows (time-weighted, so the Pareto shows where the milliseconds go).
 * If the stages add up to less than the total column, the rest is shown as "unaccounted".
 * The slowest stage is the one with the largest share.
 */
export function latencyProfile(stages: Readonly<Record<string, ArrayLike<number>>>, total?: ArrayLike<number>): LatencyProfile {
  const names = Object.keys(stages);
  const summaries = names.map((name) => ({ name, s: summarize(stages[name]!) }));
  let totalValues = total;
  if (!totalValues) {
    const n = names.length ? stages[names[0]!]!.length : 0;
    const t = new Float64Array(n);
    for (const name of names) {
      const col = stages[name]!;
      for (let i = 0; i < n; i++) t[i]! += Number.isFinite(col[i]!) ? col[i]! : 0;
    }
    totalValues = t;
  }
  return profileFromSummaries(summaries, summarize(totalValues));
}

/**
 * The profile from each stage's summary and the total's (however they were computed: in memory above, or in
 * SQL with the same sums and quantiles): shares, the "unaccounted" row, Pareto order and the slowest stage.
 */
export function profileFromSummaries(summaries: readonly { name: string; s: LatencySummary }[], totalSummary: LatencySummary): LatencyProfile {
  const denom = totalSummary.sum;
  const rows = summaries.map(({ name, s }) => ({ ...s, stage: name, share: denom > 0 ? s.sum / denom : Number.NaN }));
  const accounted = summaries.reduce((a, x) => a + x.s.sum, 0);
  if (denom > 0 && denom - accounted > denom * 0.005) {
    const rest = denom - accounted;
    const nan = Number.NaN;
    rows.push({ stage: 'unaccounted', count: totalSummary.count, mean: rest / totalSummary.count, p50: nan, p90: nan, p95: nan, p99: nan, sum: rest, share: rest / denom });
  }
  rows.sort((a, b) => b.share - a.share);
  let cum = 0;
  const withCum = rows.map((r) => ({ ...r, cumulativeShare: (cum += r.share) }));
  const named = withCum.filter((r) => r.stage !== 'unaccounted');
  return { total: totalSummary, stages: withCum, slowestStage: named.length ? named[0]!.stage : null };
}

export type GroupLatency = Readonly<{ group: string; total: LatencySummary; slowestStage: string | null; stageMeans: Readonly<Record<string, number>> }>;

/** The profile split by a key per row (endpoint, model version, time bucket), groups sorted by p95 descending. */
export function latencyByGroup(
  keys: ArrayLike<string>,
  stages: Readonly<Record<string, ArrayLike<number>>>,
  total: ArrayLike<number>,
): GroupLatency[] {
  const idx = new Map<string, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i] ?? '(blank)';
    const list = idx.get(k);
    if (list) list.push(i);
    else idx.set(k, [i]);
  }
  const pick = (col: ArrayLike<number>, ix: number[]) => Float64Array.from(ix, (i) => col[i]!);
  const out: GroupLatency[] = [];
  for (const [group, ix] of idx) {
    const sub: Record<string, Float64Array> = {};
    for (const name of Object.keys(stages)) sub[name] = pick(stages[name]!, ix);
    const p = latencyProfile(sub, pick(total, ix));
    const stageMeans: Record<string, number> = {};
    for (const s of p.stages) stageMeans[s.stage] = s.mean;
    out.push({ group, total: p.total, slowestStage: p.slowestStage, stageMeans });
  }
  return out.sort((a, b) => b.total.p95 - a.total.p95);
}

export type HeatCell = Readonly<{ weekday: number; hour: number; count: number; p95: number | null }>;

/**
 * p95 of total latency by weekday (0 = Monday) × hour of day, in the given UTC offset (minutes).
 * Cells without requests have p95 null.
 */
export function p95Heatmap(timestamps: ArrayLike<number>, total: ArrayLike<number>, utcOffsetMinutes = 0): HeatCell[] {
  const buckets: number[][] = Array.from({ length: 168 }, () => []);
  for (let i = 0; i < timestamps.length; i++) {
    const t = timestamps[i]!;
    const v = total[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    // 1970-01-01 was a Thursday (weekday 3 with Monday = 0); plain arithmetic avoids a Date per row.
    const local = t + utcOffsetMinutes * 60_000;
    const day = Math.floor(local / 86_400_000);
    const weekday = (((day + 3) % 7) + 7) % 7;
    const hour = Math.floor((local - day * 86_400_000) / 3_600_000);
    buckets[weekday * 24 + hour]!.push(v);
  }
  return buckets.map((b, i) => ({
    weekday: Math.floor(i / 24),
    hour: i % 24,
    count: b.length,
    p95: b.length ? quantilesSelect(Float64Array.from(b), [0.95])[0]! : null,
  }));
}
