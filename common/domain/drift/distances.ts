import { chiSquareSf } from '../stats/incompleteGamma';
import { normalSf } from '../stats/normal';
import { sortedFinite } from '../stats/quantile';

/**
 * First Wasserstein (earth mover's) distance between two 1-D samples with equal weights, as
 * scipy.stats.wasserstein_distance(u, v): W₁ = ∫ |F_u(x) − F_v(x)| dx, summed over the pooled sorted values as
 * Σₖ |F_u(xₖ) − F_v(xₖ)|·(xₖ₊₁ − xₖ) with right-continuous ECDFs. Units: those of the values.
 * Reference: scipy.stats.wasserstein_distance documentation; Ramdas, García Trillos & Cuturi (2017), Entropy 19(2) 47.
 */
export function wassersteinDistance(u: ArrayLike<number>, v: ArrayLike<number>): number {
  const a = sortedFinite(u);
  const b = sortedFinite(v);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError(`The Wasserstein distance needs values in both samples (${n}, ${m}).`);
  let i = 0;
  let j = 0;
  let sum = 0;
  let prev = Number.NaN;
  let gap = 0;
  while (i < n || j < m) {
    const x = i < n && (j >= m || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    if (!Number.isNaN(prev)) sum += gap * (x - prev);
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    gap = Math.abs(i / n - j / m);
    prev = x;
  }
  return sum;
}

/** Population standard deviation (divisor n), as numpy.std with its default ddof = 0. */
export function populationSd(xs: ArrayLike<number>): number {
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let k = 0; k < xs.length; k++) {
    const x = xs[k]!;
    if (!Number.isFinite(x)) continue;
    n++;
    const d = x - mean;
    mean += d / n;
    m2 += d * (x - mean);
  }
  return n > 0 ? Math.sqrt(m2 / n) : Number.NaN;
}

/** Evidently's floor for the reference SD that normalises the Wasserstein distance (wasserstein_distance_norm.py). */
export const WASSERSTEIN_SD_FLOOR = 0.001;

/**
 * Wasserstein distance normalised by the reference's population SD, floored at 0.001, as Evidently's
 * `wasserstein` stattest: W₁(ref, cur) / max(std(ref), 0.001). Unitless ("how many reference SDs the mass moved").
 */
export function normedWasserstein(distance: number, referenceSd: number): number {
  return distance / Math.max(referenceSd, WASSERSTEIN_SD_FLOOR);
}

/** Σ x·ln(x/y) over x > 0 (scipy.special.rel_entr summed), with p and q normalised to sum 1. */
function klTo(p: readonly number[], mid: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i]! > 0) s += p[i]! * Math.log(p[i]! / mid[i]!);
  return s;
}

/**
 * Jensen–Shannon distance between two discrete distributions (vectors of counts or fractions, normalised here),
 * as scipy.spatial.distance.jensenshannon(p, q, base): √(½·KL(p‖m) + ½·KL(q‖m)) with m = (p + q)/2, in the
 * given logarithm base (natural log when omitted, as scipy). Base 2 bounds it to [0, 1]; the natural-log
 * distance is the base-2 one × √ln 2. Reference: Endres & Schindelin (2003) IEEE Trans. Inf. Theory 49(7);
 * scipy.spatial.distance.jensenshannon documentation.
 */
export function jensenShannonDistance(p: readonly number[], q: readonly number[], base?: number): number {
  if (p.length !== q.length || p.length === 0) throw new RangeError('Jensen–Shannon needs two distributions over the same bins.');
  const sp = p.reduce((a, b) => a + b, 0);
  const sq = q.reduce((a, b) => a + b, 0);
  const pn = p.map((x) => x / sp);
  const qn = q.map((x) => x / sq);
  const mid = pn.map((x, i) => (x + qn[i]!) / 2);
  let js = klTo(pn, mid) + klTo(qn, mid);
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(Math.max(0, js) / 2);
}

export type ChiSquareResult = Readonly<{ statistic: number; df: number; pvalue: number }>;

/**
 * Pearson's χ² goodness-of-fit test, as scipy.stats.chisquare(f_obs, f_exp): χ² = Σ (O − E)²/E with k − 1 degrees
 * of freedom, p = chi2.sf(χ², k − 1). An expected count of 0 with an observed count above 0 gives χ² = ∞, p = 0.
 * Reference: scipy.stats.chisquare documentation; Pearson (1900).
 */
export function chiSquareGoodnessOfFit(observed: readonly number[], expected: readonly number[]): ChiSquareResult {
  const k = observed.length;
  let stat = 0;
  for (let i = 0; i < k; i++) {
    const d = observed[i]! - expected[i]!;
    if (d !== 0) stat += (d * d) / expected[i]!;
  }
  const df = k - 1;
  return { statistic: stat, df, pvalue: df > 0 ? chiSquareSf(stat, df) : Number.NaN };
}

/**
 * Evidently's `chisquare` stattest (chisquare_stattest.py): the current counts against the reference counts scaled
 * to the current size, E = ref·(m/n), over every category of the union; χ² goodness of fit with k − 1 df.
 */
export function evidentlyChiSquare(refCounts: readonly number[], curCounts: readonly number[]): ChiSquareResult {
  const n = refCounts.reduce((a, b) => a + b, 0);
  const m = curCounts.reduce((a, b) => a + b, 0);
  const k = m / n;
  return chiSquareGoodnessOfFit(curCounts, refCounts.map((r) => r * k));
}

/**
 * Two-proportion z-test (pooled), two-sided, as Evidently's `z` stattest (z_stattest.py): p₁, p₂ the shares of the
 * second category in reference and current, P the pooled share, z = (p₁ − p₂)/√(P(1 − P)(1/n₁ + 1/n₂)),
 * p = 2·(1 − Φ(|z|)) (computed as 2·Φ̄(|z|), which keeps tiny p-values). One and the same value on both sides: p = 1.
 */
export function proportionZTest(refOther: number, nRef: number, curOther: number, nCur: number): Readonly<{ z: number; pvalue: number }> {
  const p1 = refOther / nRef;
  const p2 = curOther / nCur;
  const pooled = (p1 * nRef + p2 * nCur) / (nRef + nCur);
  if (pooled === 0 || pooled === 1) return { z: 0, pvalue: 1 };
  const z = (p1 - p2) / Math.sqrt(pooled * (1 - pooled) * (1 / nRef + 1 / nCur));
  return { z, pvalue: 2 * normalSf(Math.abs(z)) };
}
