import { logGamma } from './gamma';

const EPS = 1e-16;
const TINY = 1e-300;

/** P(a, x) by its power series, for x < a + 1 (Numerical Recipes 3rd ed. §6.2, gser). */
function lowerSeries(a: number, x: number): number {
  let ap = a;
  let sum = 1 / a;
  let del = sum;
  for (let n = 0; n < 10_000; n++) {
    ap += 1;
    del *= x / ap;
    sum += del;
    if (Math.abs(del) < Math.abs(sum) * EPS) break;
  }
  return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
}

/** Q(a, x) by Lentz's continued fraction, for x ≥ a + 1 (Numerical Recipes 3rd ed. §6.2, gcf). */
function upperFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 10_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
}

/**
 * Regularised upper incomplete gamma Q(a, x) = Γ(a, x)/Γ(a) (scipy.special.gammaincc), for a > 0, x ≥ 0:
 * the series for x < a + 1 (as 1 − P), else the continued fraction, which keeps small tails precise.
 * Reference: Press et al., Numerical Recipes 3rd ed. (2007) §6.2; Abramowitz & Stegun 6.5.
 */
export function gammaQ(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0)) return Number.NaN;
  if (x === 0) return 1;
  if (x === Number.POSITIVE_INFINITY) return 0;
  if (x < a + 1) return Math.max(0, 1 - lowerSeries(a, x));
  return Math.min(1, upperFraction(a, x));
}

/**
 * Survival function of the χ² distribution with k degrees of freedom: P(X ≥ x) = Q(k/2, x/2)
 * (scipy.stats.chi2.sf). Reference: Abramowitz & Stegun 26.4.19.
 */
export function chiSquareSf(x: number, k: number): number {
  if (!(k > 0)) return Number.NaN;
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return gammaQ(k / 2, x / 2);
}
