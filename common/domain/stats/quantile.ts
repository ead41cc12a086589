/**
 * Quantiles by linear interpolation between order statistics: Hyndman & Fan (1996) definition 7,
 * R's default `quantile(type = 7)` and numpy's default `np.quantile(method="linear")`.
 *
 * For sorted x₁ ≤ … ≤ xₙ and probability p: h = (n − 1)·p (0-based), Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
 * Reference: Hyndman, R.J. & Fan, Y. (1996) "Sample quantiles in statistical packages",
 * The American Statistician 50(4), 361–365.
 */
export function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return Number.NaN;
  if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1] (got ${p})`);
  return quantileAt(sorted, (sorted.length - 1) * p);
}

/**
 * The type-7 interpolation itself, at 0-based position h of sorted data: x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋).
 * Every quantile and percentile here ends in it (the quickselect variants through `between`).
 */
function quantileAt(sorted: ArrayLike<number>, h: number): number {
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return between(sorted[lo]!, sorted[hi]!, h - lo);
}

/** a + f·(b − a), exactly a when f = 0. */
function between(a: number, b: number, f: number): number {
  return f === 0 ? a : a + f * (b - a);
}

/**
 * Percentile p ∈ [0, 100] of unsorted data, type 7 (numpy.percentile's default): h = (n − 1)·p/100 on the
 * sorted copy. p = 50 is the median. Null for an empty sample.
 */
export function percentile(values: ArrayLike<number>, p: number): number | null {
  if (values.length === 0) return null;
  const sorted = Float64Array.from(values).sort();
  return quantileAt(sorted, ((sorted.length - 1) * p) / 100);
}

/** Sorts finite numbers ascending into a Float64Array (typed-array sort is numeric and fast). */
export function sortedFinite(values: ArrayLike<number>): Float64Array {
  let count = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) count++;
  const out = new Float64Array(count);
  let k = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[k++] = v;
  }
  return out.sort();
}

/** Type-7 quantiles of unsorted data at several probabilities (one sort). */
export function quantiles(values: ArrayLike<number>, ps: readonly number[]): number[] {
  const s = sortedFinite(values);
  return ps.map((p) => quantileSorted(s, p));
}

/** Index of the first element of sorted `a` that is > x (numpy searchsorted side="right"). */
export function upperBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Index of the first element of sorted `a` that is ≥ x (numpy searchsorted side="left"). */
export function lowerBound(a: ArrayLike<number>, x: number, lo = 0, hi = a.length): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Type-7 quantile of unsorted data by quickselect (Hoare's FIND), O(n) on average; reorders `a` in place.
 * Gives exactly quantileSorted(sorted copy, p).
 */
export function quantileSelect(a: Float64Array, p: number): number {
  return quantilesSelect(a, [p])[0]!;
}

/** Moves the k-th smallest of a[left..right] to index k (elements left of it ≤, right of it ≥); returns it. */
function selectKth(a: Float64Array, k: number, left = 0, right = a.length - 1): number {
  while (right > left) {
    const pivot = a[(left + right) >>> 1]!;
    let i = left;
    let j = right;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i] = a[j]!;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) right = j;
    else if (k >= i) left = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * Several type-7 quantiles of unsorted data without a full sort: successive quickselects on the shrinking right part
 * (O(n) per probability on average). Reorders `a`; results are in the order of `ps` and equal quantileSorted's.
 */
export function quantilesSelect(a: Float64Array, ps: readonly number[]): number[] {
  const n = a.length;
  const out = new Array<number>(ps.length).fill(Number.NaN);
  if (n === 0) return out;
  const order = ps.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p);
  let left = 0;
  for (const { p, i } of order) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`quantile probability must be in [0, 1] (got ${p})`);
    const h = (n - 1) * p;
    const k = Math.floor(h);
    const x = selectKth(a, k, left, n - 1);
    left = k;
    if (h === k || k + 1 >= n) {
      out[i] = x;
      continue;
    }
    // The (k+1)-th smallest is the minimum of the right part: one read-only scan (a[k+1..] stays ≥ a[k], so the
    // next p's select from `left = k` is still valid).
    let next = Number.POSITIVE_INFINITY;
    for (let j = k + 1; j < n; j++) if (a[j]! < next) next = a[j]!;
    out[i] = between(x, next, h - k);
  }
  return out;
}

/** Copies the finite values into a new Float64Array (no sorting). */
export function finiteCopy(values: ArrayLike<number>): Float64Array {
  const out = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isFinite(v)) out[n++] = v;
  }
  return n === values.length ? out : out.slice(0, n);
}
