/** Minitab's default CUSUM plan: k = 0.5 (detects a 1 σ shift), h = 4. Montgomery's example uses h = 5. */
export const DEFAULT_CUSUM_K = 0.5;
export const DEFAULT_CUSUM_H = 4;

/**
 * Tabular (one-sided, two-sum) CUSUM over subgroups [from, to), written into `upper` and `lower`:
 *
 *   C⁺ᵢ = max(0, C⁺ᵢ₋₁ + x̄ᵢ − (μ0 + K)),   C⁻ᵢ = min(0, C⁻ᵢ₋₁ + x̄ᵢ − (μ0 − K)),   C⁺ = C⁻ = 0 before `from`,
 *
 * with K = k·σ/√nᵢ in the data's units (σ/√nᵢ is the σ of a subgroup mean; nᵢ = 1 for individuals).
 * A signal is C⁺ᵢ > H or C⁻ᵢ < −H with H = h·σ/√nᵢ.
 * Sign convention: the lower sum is kept ≤ 0, as Minitab and qcc plot it below the zero centre line;
 * Montgomery tabulates its magnitude (his C⁻ᵢ = −C⁻ᵢ here). Sums are not reset after a signal
 * (Minitab's default; Montgomery's Table 9.2 keeps accumulating: C⁺₃₀ = 5.30).
 * Reference: Montgomery, Introduction to Statistical Quality Control (7th ed.), §9.1.2, Example 9.1;
 * Minitab, "Methods and formulas for CUSUM chart" (tabular CUSUM, h = 4, k = 0.5 by default).
 */
export function tabularCusum(
  x: ArrayLike<number>,
  n: ArrayLike<number>,
  from: number,
  to: number,
  target: number,
  sigma: number,
  k: number,
  upper: Float64Array,
  lower: Float64Array,
): void {
  let hi = 0;
  let lo = 0;
  for (let i = from; i < to; i++) {
    const slack = (k * sigma) / Math.sqrt(n[i]!);
    const d = x[i]! - target;
    hi = Math.max(0, hi + d - slack);
    lo = Math.min(0, lo + d + slack);
    upper[i] = hi;
    lower[i] = lo;
  }
}

/**
 * Plain words for a CUSUM signal (reported as test 1: a point beyond the limits ±H). k = δ/2 tunes the
 * chart to a shift of δ = 2k σ of the plotted mean.
 */
export function describeCusumTest(h: number, k: number): string {
  const shift = Number((2 * k).toPrecision(3));
  return `Test 1 (CUSUM): a cumulative sum beyond the decision interval ±H = ${h} σ — the mean moved away from the target and stayed there (upper sum: up, lower sum: down; k = ${k} σ suits shifts of about ${shift} σ)`;
}
