/**
 * Percentile by linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default):
 * h = (n − 1)·p/100, q = x₍⌊h⌋₎ + (h − ⌊h⌋)(x₍⌊h⌋+1₎ − x₍⌊h⌋₎) on the sorted sample (0-based).
 * p = 50 is the median. Returns null for an empty sample.
 */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const x = [...values].sort((a, b) => a - b);
  const h = ((x.length - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, x.length - 1);
  return x[lo]! + (h - lo) * (x[hi]! - x[lo]!);
}
