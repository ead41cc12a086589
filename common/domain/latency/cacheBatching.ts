import { quantileOf, mean } from '../stats/descriptive';
import { quantileSorted, sortedFinite } from '../stats/quantile';

/** Row order by timestamp (stable), so what-ifs work on logs in any order. */
export function orderByTime(timestamps: ArrayLike<number>): Uint32Array {
  const ix = new Uint32Array(timestamps.length);
  for (let i = 0; i < ix.length; i++) ix[i] = i;
  return ix.sort((a, b) => timestamps[a]! - timestamps[b]! || a - b);
}

function p95(values: Float64Array): number {
  return quantileOf(values, 0.95);
}

export type CacheWhatIf = Readonly<{
  requests: number;
  /** Requests whose key was already seen within the window before them. */
  repeats: number;
  hitShare: number;
  currentP95: number;
  expectedP95: number;
  currentMean: number;
  expectedMean: number;
  windowMs: number;
  cacheLatencyMs: number;
}>;

/**
 * Cache what-if: a request is a would-be hit when the same key occurred within `windowMs` before it (a cache with
 * that TTL, unlimited size). Expected latency replaces each would-be hit's total latency with `cacheLatencyMs`;
 * p95 is the type-7 95th percentile of the resulting per-request latencies.
 */
export function cacheWhatIf(
  timestamps: ArrayLike<number>,
  keys: ArrayLike<string>,
  totalMs: ArrayLike<number>,
  windowMs: number,
  cacheLatencyMs: number,
): CacheWhatIf {
  const order = orderByTime(timestamps);
  const lastSeen = new Map<string, number>();
  const current = new Float64Array(order.length);
  const expected = new Float64Array(order.length);
  let repeats = 0;
  let n = 0;
  for (const i of order) {
    const t = timestamps[i]!;
    const v = totalMs[i]!;
    if (!Number.isFinite(t) || !Number.isFinite(v)) continue;
    const key = keys[i]!;
    const prev = lastSeen.get(key);
    const hit = prev !== undefined && t - prev <= windowMs;
    lastSeen.set(key, t);
    current[n] = v;
    expected[n] = hit ? Math.min(v, cacheLatencyMs) : v;
    if (hit) repeats++;
    n++;
  }
  const cur = current.subarray(0, n);
  const exp = expected.subarray(0, n);
  return {
    requests: n,
    repeats,
    hitShare: n ? repeats / n : Number.NaN,
    currentP95: p95(cur),
    expectedP95: p95(exp),
    currentMean: mean(cur),
    expectedMean: mean(exp),
    windowMs,
    cacheLatencyMs,
  };
}

export type BatchWhatIf = Readonly<{
  batchSize: number;
  maxWaitMs: number;
  batches: number;
  meanBatchSize: number;
  addedMeanMs: number;
  addedP95Ms: number;
  /** Requests per second one replica can serve: unbatched and with the observed batch sizes. */
  throughputUnbatchedRps: number;
  throughputBatchedRps: number;
  serviceMs: number;
  marginalCost: number;
}>;

/**
 * Batching what-if from arrival times. A batch opens at its first arrival and closes when it holds `batchSize`
 * requests or `maxWaitMs` after it opened, whichever is first; each request waits (close − arrival).
 * Cost model (stated in the UI): one batch of k takes serviceMs·(1 + marginalCost·(k − 1)), so throughput per replica
 * is k / that time; unbatched it is 1 / serviceMs. serviceMs is typically the median model_ms.
 */
export function batchWhatIf(
  timestamps: ArrayLike<number>,
  batchSize: number,
  maxWaitMs: number,
  serviceMs: number,
  marginalCost = 0.2,
): BatchWhatIf {
  const t = sortedFinite(timestamps);
  const waits = new Float64Array(t.length);
  let batches = 0;
  let totalItems = 0;
  let totalBatchTime = 0;
  let i = 0;
  while (i < t.length) {
    const open = t[i]!;
    let j = i;
    while (j < t.length && j - i < batchSize && t[j]! - open <= maxWaitMs) j++;
    const k = j - i;
    const close = k === batchSize ? t[j - 1]! : open + maxWaitMs;
    for (let r = i; r < j; r++) waits[r] = close - t[r]!;
    batches++;
    totalItems += k;
    totalBatchTime += serviceMs * (1 + marginalCost * (k - 1));
    i = j;
  }
  const sorted = Float64Array.from(waits).sort();
  return {
    batchSize,
    maxWaitMs,
    batches,
    meanBatchSize: batches ? totalItems / batches : Number.NaN,
    addedMeanMs: mean(waits),
    addedP95Ms: t.length ? quantileSorted(sorted, 0.95) : Number.NaN,
    throughputUnbatchedRps: serviceMs > 0 ? 1000 / serviceMs : Number.NaN,
    throughputBatchedRps: totalBatchTime > 0 ? (1000 * totalItems) / totalBatchTime : Number.NaN,
    serviceMs,
    marginalCost,
  };
}
