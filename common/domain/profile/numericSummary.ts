import { quantileSorted } from '../stats/quantile';

export type Histogram = Readonly<{ edges: number[]; counts: number[] }>;

export type NumericSummary = Readonly<{
  min: number;
  max: number;
  mean: number;
  /** Sample standard deviation (n − 1); null for fewer than 2 values. */
  std: number | null;
  /** Type-7 quantiles keyed p1, p5, p25, p50, p75, p95, p99. */
  quantiles: Record<string, number>;
  histogram: Histogram;
}>;

export const PROFILE_QUANTILES: readonly [string, number][] = [
  ['p1', 0.01],
  ['p5', 0.05],
  ['p25', 0.25],
  ['p50', 0.5],
  ['p75', 0.75],
  ['p95', 0.95],
  ['p99', 0.99],
];

/**
 * Equal-width histogram over [min, max] with `bins` bins, each [a, b) except the last, which is
 * closed [a, b] (numpy.histogram's convention). A constant column gets one bin [v, v]. `range` sets the
 * outer edges when the values are a sample of a column whose exact min and max are known.
 */
export function histogramSorted(sorted: ArrayLike<number>, bins = 20, range?: Readonly<{ min: number; max: number }>): Histogram {
  const n = sorted.length;
  if (n === 0) return { edges: [], counts: [] };
  const min = range?.min ?? sorted[0]!;
  const max = range?.max ?? sorted[n - 1]!;
  if (min === max) return { edges: [min, max], counts: [n] };
  const width = (max - min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => (i === bins ? max : min + i * width));
  const counts = new Array<number>(bins).fill(0);
  for (let i = 0; i < n; i++) {
    let b = Math.floor((sorted[i]! - min) / width);
    if (b >= bins) b = bins - 1;
    counts[b]!++;
  }
  return { edges, counts };
}

/**
 * Summary of finite values already sorted ascending: min, max, mean = Σx/n, sample SD
 * √(Σ(x − x̄)²/(n − 1)) (two-pass), quantiles by linear interpolation (Hyndman & Fan type 7,
 * numpy's default) and a 20-bin equal-width histogram. Returns null for no values.
 */
export function numericSummary(sorted: ArrayLike<number>, bins = 20): NumericSummary | null {
  const n = sorted.length;
  if (n === 0) return null;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (sorted[i]! - mean) ** 2;
  const quantiles: Record<string, number> = {};
  for (const [k, p] of PROFILE_QUANTILES) quantiles[k] = quantileSorted(sorted, p);
  return { min: sorted[0]!, max: sorted[n - 1]!, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : null, quantiles, histogram: histogramSorted(sorted, bins) };
}
