import { sortedFinite } from '../stats/quantile';
import { kolmogorovSf } from './kolmogorov';

export type KsMethod = 'exact' | 'asymptotic';

export type KsResult = Readonly<{
  statistic: number;
  pvalue: number;
  method: KsMethod;
  n: number;
  m: number;
  /** The value of x where the ECDFs differ most (reference minus current sign in `sign`). */
  location: number;
  sign: 1 | -1;
}>;

/** Above this larger sample size the asymptotic p-value is used (scipy's MAX_AUTO_N). */
export const KS_EXACT_MAX_N = 10_000;

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/**
 * Two-sided P(D ≥ d) for the two-sample statistic under H₀ by lattice-path counting (Hodges 1958), computed as
 * the share of monotone paths from (0,0) to (n,m) that touch |i/n − j/m| ≥ d. The recursion carries the
 * outside share directly (Viehmann 2021, arXiv:2102.08037), so small p-values keep their precision.
 * `h` is d·lcm(n, m) rounded to an integer, as scipy does.
 */
export function ksExactPvalue(n: number, m: number, d: number): number {
  if (m > n) [n, m] = [m, n];
  const g = gcd(n, m);
  const lcm = (n / g) * m;
  const h = Math.round(d * lcm);
  if (h === 0) return 1;
  const ng = n / g;
  const mg = m / g;
  // Point (i, j), i in 0..n (larger sample), j in 0..m, is inside when |i·mg − j·ng| < h.
  let prev = new Float64Array(m + 1);
  let cur = new Float64Array(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j === 0 ? 0 : Math.abs(j * ng) < h ? prev[j - 1]! : 1;
  for (let i = 1; i <= n; i++) {
    const im = i * mg;
    cur[0] = im < h ? prev[0]! : 1;
    for (let j = 1; j <= m; j++) {
      const gap = im - j * ng;
      cur[j] = gap < h && gap > -h ? (i * prev[j]! + j * cur[j - 1]!) / (i + j) : 1;
    }
    [prev, cur] = [cur, prev];
  }
  return Math.min(1, Math.max(0, prev[m]!));
}

/**
 * Two-sample Kolmogorov–Smirnov test, two-sided, matching scipy.stats.ks_2samp(method="auto"):
 * D = supₓ |F_ref(x) − F_cur(x)| with right-continuous ECDFs evaluated at every pooled value; the p-value is exact
 * (lattice paths) when max(n, m) ≤ 10 000, otherwise asymptotic: kstwo.sf(D, en) with en = n·m/(n + m) rounded half to even (ksEffectiveN).
 * Reference: scipy.stats.ks_2samp documentation; Hodges (1958) Arkiv för Matematik 3, 469–486.
 */
export function ksTwoSample(reference: ArrayLike<number>, current: ArrayLike<number>, method: 'auto' | KsMethod = 'auto'): KsResult {
  const a = sortedFinite(reference);
  const b = sortedFinite(current);
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) throw new RangeError(`KS needs values in both samples (reference ${n}, current ${m}).`);
  let i = 0;
  let j = 0;
  let best = 0;
  let location = Math.min(a[0]!, b[0]!);
  let sign: 1 | -1 = 1;
  while (i < n || j < m) {
    const x = i < n && (j >= m || a[i]! <= b[j]!) ? a[i]! : b[j]!;
    while (i < n && a[i]! <= x) i++;
    while (j < m && b[j]! <= x) j++;
    const diff = i / n - j / m;
    if (Math.abs(diff) > best) {
      best = Math.abs(diff);
      location = x;
      sign = diff >= 0 ? 1 : -1;
    }
  }
  return ksFromStatistic(n, m, best, location, sign, method);
}

/** Rounds half to even (banker's rounding), as numpy.round does: 2.5 → 2, 3.5 → 4, 5000.5 → 5000. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  // Math.round rounds a tie up; a tie that went up to an odd integer goes down to the even one instead.
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The effective sample size of the asymptotic two-sample p-value: en = n·m/(n + m) (computed as scipy does, larger
 * size first, in doubles) rounded half to even by numpy.round — scipy.stats.ks_2samp passes np.round(en) to
 * kstwo.sf. Equal odd sizes give a tie: n = m = 10 001 → en = 5000.5 → 5000 (half up would give 5001).
 */
export function ksEffectiveN(n: number, m: number): number {
  const [big, small] = n >= m ? [n, m] : [m, n];
  return roundHalfEven((big * small) / (big + small));
}

/**
 * The KS result for a statistic D computed elsewhere (e.g. by SQL over the two samples): the p-value is exact
 * (lattice paths) when max(n, m) ≤ 10 000 under "auto", otherwise asymptotic kstwo.sf(D, ksEffectiveN(n, m)).
 */
export function ksFromStatistic(n: number, m: number, best: number, location: number, sign: 1 | -1, method: 'auto' | KsMethod = 'auto'): KsResult {
  const useExact = method === 'exact' || (method === 'auto' && Math.max(n, m) <= KS_EXACT_MAX_N);
  if (useExact) return { statistic: best, pvalue: ksExactPvalue(n, m, best), method: 'exact', n, m, location, sign };
  return { statistic: best, pvalue: kolmogorovSf(ksEffectiveN(n, m), best), method: 'asymptotic', n, m, location, sign };
}
