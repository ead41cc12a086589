import { DomainInputError } from '../errors';
import { mean, sampleSd } from '../stats/descriptive';
import { normalCdf, normalQuantile } from '../stats/normal';

/**
 * Anderson–Darling test of normality with the mean and σ estimated from the data (Stephens' "case 3"), as
 * Minitab's normality test and probability plot report it:
 *
 *   A² = −n − (1/n)·Σᵢ (2i − 1)·[ln Φ(zᵢ) + ln(1 − Φ(z₍ₙ₊₁₋ᵢ₎))],  zᵢ = (x₍ᵢ₎ − x̄)/s  (s with n − 1),
 *   A*² = A²·(1 + 0.75/n + 2.25/n²),
 *   p = 1 − exp(−13.436 + 101.14·A*² − 223.73·A*²²)   when A*² < 0.2
 *       1 − exp(−8.318 + 42.796·A*² − 59.938·A*²²)    when 0.2 ≤ A*² < 0.34
 *       exp(0.9177 − 4.279·A*² − 1.38·A*²²)           when 0.34 ≤ A*² < 0.6
 *       exp(1.2937 − 5.709·A*² + 0.0186·A*²²)         when A*² ≥ 0.6 (and < 153.467; 0 beyond, Minitab prints < 0.005)
 *
 * Minitab shows "AD" = A² (unadjusted) and the p-value from A*². References: D'Agostino, R.B. & Stephens, M.A.
 * (1986) Goodness-of-Fit Techniques, Marcel Dekker, Table 4.9; Minitab Help, "Methods and formulas for Normality
 * Test" (Anderson-Darling); NIST/SEMATECH e-Handbook §1.3.5.14; NAG g08ckc (the same adjusted statistic and p).
 */
export type AndersonDarling = { n: number; mean: number; sd: number; a2: number; a2Adjusted: number; p: number };

export function andersonDarling(values: readonly number[]): AndersonDarling {
  const n = values.length;
  if (n < 3) throw new DomainInputError(`The normality test needs at least 3 values; got ${n}.`);
  const m = mean(values);
  const s = sampleSd(values);
  if (!(s > 0)) throw new DomainInputError('All values are identical, so the normality test is undefined.');
  const x = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const lo = clampP(normalCdf((x[i]! - m) / s));
    const hi = clampP(normalCdf((x[n - 1 - i]! - m) / s));
    sum += (2 * i + 1) * (Math.log(lo) + Math.log(1 - hi));
  }
  const a2 = -n - sum / n;
  const a2Adjusted = a2 * (1 + 0.75 / n + 2.25 / (n * n));
  return { n, mean: m, sd: s, a2, a2Adjusted, p: adPValue(a2Adjusted) };
}

/** D'Agostino & Stephens (1986) Table 4.9 p-value of the adjusted statistic A*² (case 3). */
export function adPValue(a: number): number {
  let p: number;
  if (a < 0.2) p = 1 - Math.exp(-13.436 + 101.14 * a - 223.73 * a * a);
  else if (a < 0.34) p = 1 - Math.exp(-8.318 + 42.796 * a - 59.938 * a * a);
  else if (a < 0.6) p = Math.exp(0.9177 - 4.279 * a - 1.38 * a * a);
  else if (a < 153.467) p = Math.exp(1.2937 - 5.709 * a + 0.0186 * a * a);
  else p = 0;
  return Math.min(1, Math.max(0, p));
}

// Φ of a far-out value rounds to 0 or 1; ln would be −∞. 1e-300 keeps the statistic finite (and huge).
const clampP = (p: number) => Math.min(1 - 1e-16, Math.max(1e-300, p));

/**
 * Normal probability plot (Minitab's default): the sorted values against the normal quantile of Benard's
 * median rank (i − 0.3)/(n + 0.4), with the fitted line x = x̄ + s·z. A straight line of points means normal;
 * a bend means skew, an S heavy or light tails.
 */
export type ProbabilityPlot = { points: { value: number; rank: number; z: number }[]; line: { mean: number; sd: number } };

export function probabilityPlot(values: readonly number[]): ProbabilityPlot {
  const n = values.length;
  const x = Float64Array.from(values).sort();
  const points = Array.from(x, (v, i) => {
    const rank = (i + 1 - 0.3) / (n + 0.4);
    return { value: v, rank, z: normalQuantile(rank) };
  });
  return { points, line: { mean: mean(values), sd: sampleSd(values) } };
}

/**
 * Box-Cox λ as Minitab chooses it: the λ in [−5, 5] that minimises the standard deviation of the standardised
 * transform W = (y^λ − 1)/(λ·ġ^(λ−1)) (W = ġ·ln y at λ = 0), ġ the geometric mean. That is the maximum of the
 * Box-Cox profile likelihood (Box & Cox 1964), so it equals scipy.stats.boxcox_normmax(method="mle").
 * Search: a grid with step 0.01, then golden-section refinement around the best grid point (to 1e-6).
 * Reference: Minitab Help, "Methods and formulas for Box-Cox transformation"; Box, G.E.P. & Cox, D.R. (1964)
 * JRSS B 26, 211–252. `rounded`: the nearest multiple of 0.5, which Minitab also reports.
 */
export function boxCoxLambda(values: readonly number[]): { lambda: number; rounded: number; sd: number } {
  if (values.length < 3) throw new DomainInputError(`The Box-Cox transformation needs at least 3 values; got ${values.length}.`);
  const bad = values.find((v) => !(v > 0));
  if (bad !== undefined) throw new DomainInputError(`The Box-Cox transformation needs values above 0; the data include ${bad}. Use the percentile method instead.`);
  const logs = values.map(Math.log);
  const lg = mean(logs);
  const sdAt = (l: number) => sampleSd(Math.abs(l) < 1e-12 ? logs.map((v) => Math.exp(lg) * v) : values.map((y) => (y ** l - 1) / (l * Math.exp(lg * (l - 1)))));
  let best = 1;
  let bestSd = Infinity;
  for (let i = -500; i <= 500; i++) {
    const l = i / 100;
    const s = sdAt(l);
    if (s < bestSd) {
      bestSd = s;
      best = l;
    }
  }
  let a = Math.max(-5, best - 0.01);
  let b = Math.min(5, best + 0.01);
  const g = (Math.sqrt(5) - 1) / 2;
  while (b - a > 1e-7) {
    const c = b - g * (b - a);
    const d = a + g * (b - a);
    if (sdAt(c) < sdAt(d)) b = d;
    else a = c;
  }
  const lambda = (a + b) / 2;
  return { lambda, rounded: Math.round(lambda * 2) / 2, sd: sdAt(lambda) };
}

/** The Box-Cox transform (y^λ − 1)/λ, ln y at λ = 0: increasing in y for every λ, so spec limits keep their sides. */
export function boxCox(y: number, lambda: number): number {
  return Math.abs(lambda) < 1e-12 ? Math.log(y) : (y ** lambda - 1) / lambda;
}
