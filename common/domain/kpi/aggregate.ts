import { quantileSelect } from '../stats/quantile';

export const KPI_STATISTICS = ['mean', 'median', 'p90', 'p95', 'p99', 'min', 'max', 'count', 'sum', 'rate'] as const;
export type KpiStatistic = (typeof KPI_STATISTICS)[number];
export const KPI_BUCKETS = ['hour', 'day', 'week'] as const;
export type KpiBucket = (typeof KPI_BUCKETS)[number];

export type BucketPoint = Readonly<{ start: number; value: number; n: number }>;

const HOUR = 3_600_000;
const DAY = 86_400_000;
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
 * Buckets with no kept rows are omitted. Rows are grouped by a counting pass; a quantile is then found per
 * bucket by quickselect on that bucket's contiguous Float64Array segment (O(n) on average, no sort).
 */
export function aggregateByBucket(
  time: ArrayLike<number>,
  value: ArrayLike<number> | null,
  statistic: KpiStatistic,
  bucket: KpiBucket,
  include?: ArrayLike<number>,
  condition?: ArrayLike<number>,
): BucketPoint[] {
  const n = time.length;
  const slot = new Map<number, number>();
  const counts: number[] = [];
  const slotOf = new Int32Array(n).fill(-1);
  const needValue = statistic !== 'count' && statistic !== 'rate';
  // Rows usually arrive in time order, so consecutive rows share a bucket: remember the last one to skip the Map.
  let lastKey = Number.NaN;
  let lastSlot = -1;
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
  return out.sort((a, b) => a.start - b.start);
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
