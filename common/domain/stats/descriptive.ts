import { quantileSorted } from './quantile';

/** Descriptive statistics on plain number arrays (NaN-free input is the caller's job). */

/** Arithmetic mean Σx/n; NaN for an empty array. */
export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i]!;
  return xs.length > 0 ? s / xs.length : NaN;
}

/** Sample variance Σ(x − x̄)²/(n − 1) (two-pass); NaN when n < 2. */
export function variance(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n < 2) return NaN;
  const m = mean(xs);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (xs[i]! - m) ** 2;
  return ss / (n - 1);
}

/** Sample standard deviation s = √(Σ(x − x̄)²/(n − 1)). */
export function sampleSd(xs: ArrayLike<number>): number {
  return Math.sqrt(variance(xs));
}

/** Type-7 quantile (numpy default) of unsorted values; copies and sorts. */
export function quantileOf(xs: ArrayLike<number>, p: number): number {
  return quantileSorted(Float64Array.from(xs as ArrayLike<number>).sort(), p);
}

/** Median: the middle value, or the mean of the two middle values. */
export function median(xs: ArrayLike<number>): number {
  return quantileOf(xs, 0.5);
}
