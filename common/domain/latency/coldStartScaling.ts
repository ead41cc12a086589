import { mean } from '../stats/descriptive';
import { quantileSorted, sortedFinite } from '../stats/quantile';
import { orderByTime } from './cacheBatching';

export type ColdStartReport = Readonly<{
  idleGapMs: number;
  cold: Readonly<{ count: number; p50: number; p95: number; mean: number }>;
  warm: Readonly<{ count: number; p50: number; p95: number; mean: number }>;
  /** cold p95 − warm p95, ms. */
  p95PenaltyMs: number;
}>;

function stats(values: number[]) {
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return {
    count: n,
    p50: n ? quantileSorted(s, 0.5) : Number.NaN,
    p95: n ? quantileSorted(s, 0.95) : Number.NaN,
    mean: mean(values),
  };
}

/**
 * Cold starts: a request is "cold" when more than `idleGapMs` passed since the previous request (the first request
 * of the log is cold too). Compares the latency of cold requests with the rest.
 */
export function coldStarts(timestamps: ArrayLike<number>, totalMs: ArrayLike<number>, idleGapMs: number): ColdStartReport {
  const order = orderByTime(timestamps);
  const cold: number[] = [];
  const warm: number[] = [];
  let prev = Number.NEGATIVE_INFINITY;
  for (const i of order) {
    const t = timestamps[i]!;
    const v = totalMs[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    (t - prev > idleGapMs ? cold : warm).push(v);
    prev = t;
  }
  const c = stats(cold);
  const w = stats(warm);
  return { idleGapMs, cold: c, warm: w, p95PenaltyMs: c.p95 - w.p95 };
}

export type ArrivalCell = Readonly<{ weekday: number; hour: number; meanPerMin: number; peakPerMin: number; replicasNeeded: number }>;

export type ScalingPolicy = Readonly<{
  min: number;
  max: number;
  /** Scale up when utilisation (demand / capacity) exceeds this, e.g. 0.7. */
  scaleUpAt: number;
  /** Minutes between the decision and the new replica serving. */
  delayMin: number;
}>;

export type AutoscalingReport = Readonly<{
  perReplicaRps: number;
  targetUtilisation: number;
  minutes: number;
  peakPerMin: number;
  replicasForPeak: number;
  cells: readonly ArrivalCell[];
  policy: ScalingPolicy;
  minutesUnderCapacity: number;
  /** Requests that arrived in minutes where demand exceeded capacity, beyond that capacity. */
  excessRequests: number;
  maxReplicasUsed: number;
  /** Replicas per minute under the policy (for a chart), aligned with `demandPerMin`. */
  replicasPerMin: readonly number[];
  demandPerMin: readonly number[];
  startMs: number;
}>;

/**
 * Replicas needed for a demand λ (requests/min): ⌈λ / (perReplicaRps·60·targetUtilisation)⌉ (at least 1).
 */
export function replicasNeeded(perMin: number, perReplicaRps: number, targetUtilisation: number): number {
  return Math.max(1, Math.ceil(perMin / (perReplicaRps * 60 * targetUtilisation)));
}

/**
 * Autoscaling what-if. Arrivals are counted per minute (UTC); by weekday × hour the mean and peak requests/min and
 * the replicas needed for the peak. The policy is replayed minute by minute: capacity = replicas·perReplicaRps·60;
 * when utilisation > scaleUpAt a replica is ordered (one per minute) and serves `delayMin` minutes later; when
 * utilisation would stay below scaleUpAt/2 with one replica fewer, one is removed. A minute is "under capacity"
 * when demand > capacity.
 */
export function autoscalingWhatIf(
  timestamps: ArrayLike<number>,
  perReplicaRps: number,
  targetUtilisation: number,
  policy: ScalingPolicy,
): AutoscalingReport {
  const t = sortedFinite(timestamps);
  const start = t.length ? Math.floor(t[0]! / 60_000) * 60_000 : 0;
  const minutes = t.length ? Math.floor((t[t.length - 1]! - start) / 60_000) + 1 : 0;
  const demand = new Array<number>(minutes).fill(0);
  for (const x of t) demand[Math.floor((x - start) / 60_000)]!++;
  const sums = new Array<number>(168).fill(0);
  const counts = new Array<number>(168).fill(0);
  const peaks = new Array<number>(168).fill(0);
  demand.forEach((d, m) => {
    const date = new Date(start + m * 60_000);
    const cell = ((date.getUTCDay() + 6) % 7) * 24 + date.getUTCHours();
    sums[cell]! += d;
    counts[cell]!++;
    peaks[cell] = Math.max(peaks[cell]!, d);
  });
  const cells = sums.map((s, i) => ({
    weekday: Math.floor(i / 24),
    hour: i % 24,
    meanPerMin: counts[i] ? s / counts[i] : 0,
    peakPerMin: peaks[i]!,
    replicasNeeded: counts[i] ? replicasNeeded(peaks[i]!, perReplicaRps, targetUtilisation) : 0,
  }));
  const perReplicaPerMin = perReplicaRps * 60;
  let replicas = policy.min;
  const pending: number[] = [];
  let under = 0;
  let excess = 0;
  let maxUsed = replicas;
  const replicasPerMin: number[] = [];
  for (let m = 0; m < minutes; m++) {
    while (pending.length && pending[0]! <= m) {
      pending.shift();
      replicas = Math.min(policy.max, replicas + 1);
    }
    const capacity = replicas * perReplicaPerMin;
    if (demand[m]! > capacity) {
      under++;
      excess += demand[m]! - capacity;
    }
    replicasPerMin.push(replicas);
    maxUsed = Math.max(maxUsed, replicas);
    const utilisation = demand[m]! / capacity;
    if (utilisation > policy.scaleUpAt && replicas + pending.length < policy.max) pending.push(m + Math.max(1, policy.delayMin));
    else if (!pending.length && replicas > policy.min && demand[m]! / ((replicas - 1) * perReplicaPerMin) < policy.scaleUpAt / 2) replicas--;
  }
  const peak = demand.reduce((a, x) => Math.max(a, x), 0);
  return {
    perReplicaRps,
    targetUtilisation,
    minutes,
    peakPerMin: peak,
    replicasForPeak: replicasNeeded(peak, perReplicaRps, targetUtilisation),
    cells,
    policy,
    minutesUnderCapacity: under,
    excessRequests: excess,
    maxReplicasUsed: maxUsed,
    replicasPerMin,
    demandPerMin: demand,
    startMs: start,
  };
}
