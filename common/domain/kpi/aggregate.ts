import { quantileSelect } from '../stats/quantile';

export const KPI_STATISTICS = ['mean', 'median', 'p90', 'p95', 'p99', 'min', 'max', 'count', 'sum', 'rate'] as const;
export type KpiStatistic = (typeof KPI_STATISTICS)[number];
export const KPI_BUCKETS = ['hour', 'day', 'week'] as const;
export type KpiBucket = (typeof KPI_BUCKETS)[number];

/** `coverage`: on a first or last bucket the data covers only partly, the share of the bucket's time it covers. */
export type BucketPoint = Readonly<{ start: number; value: number; n: number; coverage?: number }>;

const HOUR = 3_600_000;
const DAY = 86_400_000;
const LENGTH: Readonly<Record<KpiBucket, number>> = { hour: HOUR, day: DAY, week: 7 * DAY };
/**
 * A bucket is partial when the data covers less than 6/7 of its time: a week missing more than a day, a day missing
 * more than 3 h 26 min, an hour missing more than 8.5 min. Only the first and last buckets can be: every bucket
 * between them has data before and after it.
 */
export const PARTIAL_BELOW = 6 / 7;

/**
 * The share of bucket [start, start + length) covered by the data's time span [first, last] (the first and last kept
 * rows), or undefined when it covers at least PARTIAL_BELOW of it. A week with rows on Monday only covers 1/7.
 */
export function bucketCoverage(start: number, bucket: KpiBucket, first: number, last: number): number | undefined {
  const len = LENGTH[bucket];
  const covered = Math.max(0, Math.min(start + len, last) - Math.max(start, first));
  const share = covered / len;
  return share < PARTIAL_BELOW ? share : undefined;
}
/** 1970-01-01 was a Thursday; ISO weeks start on Monday (UTC). */
const MONDAY_OFFSET = 3 * DAY;

/** Start of the UTC hour, day or ISO week (Monday 00:00 UTC) containing epoch ms t. */
export function bucketStart(t: number, bucket: KpiBucket): number {
  switch (bucket) {
    case 'hour':
      return Math.floor(t / HOUR) * HOUR;
    case 'day':
      return Math.floor(t / DAY) * DAY;
    case 'week':
      return Math.floor((t + MONDAY_OFFSET) / (7 * DAY)) * 7 * DAY - MONDAY_OFFSET;
  }
}

/**
 * Aggregates rows into time buckets (UTC). `include[i] = 0` drops row i (filters, missing values).
 * Statistics: mean; median, p90, p95, p99 as type-7 quantiles (numpy default, linear interpolation);
 * min; max; count (rows kept); sum; rate = share of kept rows where `condition[i] = 1` (e.g. status = 'failed').
 * Buckets with no kept rows are omitted. With `markPartial`, a first/last bucket the kept rows cover only partly
 * gets its `coverage` (bucketCoverage). Rows are grouped by a counting pass; a quantile is then found per
 * bucket by quickselect on that bucket's contiguous Float64Array segment (O(n) on average, no sort).
 */
export function aggregateByBucket(
  time: ArrayLike<number>,
  value: ArrayLike<number> | null,
  statistic: KpiStatistic,
  bucket: KpiBucket,
  include?: ArrayLike<number>,
  condition?: ArrayLike<number>,
  opts: Readonly<{ markPartial?: boolean }> = {},
): BucketPoint[] {
  const n = time.length;
  const slot = new Map<number, number>();
  const counts: number[] = [];
  const slotOf = new Int32Array(n).fill(-1);
  const needValue = statistic !== 'count' && statistic !== 'rate';
  // Rows usually arrive in time order, so consecutive rows share a bucket: remember the last one to skip the Map.
  let lastKey = Number.NaN;
  let lastSlot = -1;
  let first = Infinity;
  let last = -Infinity;
  for (let i = 0; i < n; i++) {
    if (include && !include[i]) continue;
    const t = time[i]!;
    if (!Number.isFinite(t)) continue;
    if (needValue && !(value && Number.isFinite(value[i]!))) continue;
    const k = bucketStart(t, bucket);
    let s: number;
    if (k === lastKey) s = lastSlot;
    else {
      const found = slot.get(k);
      if (found === undefined) {
        s = counts.length;
        slot.set(k, s);
        counts.push(0);
      } else s = found;
      lastKey = k;
      lastSlot = s;
    }
    counts[s]!++;
    slotOf[i] = s;
    if (t < first) first = t;
    if (t > last) last = t;
  }
  const keys = [...slot.keys()];
  const m = counts.length;
  const out: BucketPoint[] = new Array(m);
  if (statistic === 'count' || statistic === 'rate') {
    const hits = new Float64Array(m);
    if (statistic === 'rate') for (let i = 0; i < n; i++) if (slotOf[i]! >= 0 && condition?.[i]) hits[slotOf[i]!]!++;
    for (let s = 0; s < m; s++) out[s] = { start: keys[s]!, n: counts[s]!, value: statistic === 'count' ? counts[s]! : hits[s]! / counts[s]! };
  } else {
    // Gather each bucket's values contiguously (counting sort by slot).
    const offset = new Int32Array(m + 1);
    for (let s = 0; s < m; s++) offset[s + 1] = offset[s]! + counts[s]!;
    const fill = offset.slice(0, m);
    const vals = new Float64Array(offset[m]!);
    for (let i = 0; i < n; i++) {
      const s = slotOf[i]!;
      if (s >= 0) vals[fill[s]!++] = value![i]!;
    }
    for (let s = 0; s < m; s++) {
      const seg = vals.subarray(offset[s]!, offset[s + 1]!);
      out[s] = { start: keys[s]!, n: seg.length, value: reduce(seg, statistic) };
    }
  }
  out.sort((a, b) => a.start - b.start);
  return opts.markPartial ? markPartial(out, first, last, bucket) : out;
}

/** Sets `coverage` on the first and last buckets when the data's span [first, last] covers them only partly. */
export function markPartial(points: BucketPoint[], first: number, last: number, bucket: KpiBucket): BucketPoint[] {
  if (points.length === 0 || !Number.isFinite(first) || !Number.isFinite(last)) return points;
  const ends = points.length === 1 ? [0] : [0, points.length - 1];
  for (const i of ends) {
    const coverage = bucketCoverage(points[i]!.start, bucket, first, last);
    if (coverage !== undefined) points[i] = { ...points[i]!, coverage };
  }
  return points;
}

function reduce(v: Float64Array, statistic: KpiStatistic): number {
  switch (statistic) {
    case 'mean':
    case 'sum': {
      let s = 0;
      for (let i = 0; i < v.length; i++) s += v[i]!;
      return statistic === 'sum' ? s : s / v.length;
    }
    case 'min': {
      let m = Infinity;
      for (let i = 0; i < v.length; i++) if (v[i]! < m) m = v[i]!;
      return m;
    }
    case 'max': {
      let m = -Infinity;
      for (let i = 0; i < v.length; i++) if (v[i]! > m) m = v[i]!;
      return m;
    }
    default: {
      // Quickselect on the bucket's own segment (reordered in place): O(n) on average, same value as sorting.
      const p = statistic === 'median' ? 0.5 : statistic === 'p90' ? 0.9 : statistic === 'p95' ? 0.95 : 0.99;
      return quantileSelect(v, p);
    }
  }
}
