import { mean, variance } from '../stats/descriptive';
import { normalSf } from '../stats/normal';
import { studentTQuantile, studentTTwoSidedP } from '../stats/studentT';
import type { Direction } from './status';

export type WelchResult = Readonly<{ t: number; df: number; p: number; diff: number; ciLow: number; ciHigh: number }>;

/**
 * Welch's unequal-variance t-test of mean(after) − mean(before):
 * t = (x̄₂ − x̄₁)/√(s₁²/n₁ + s₂²/n₂), ν = (s₁²/n₁ + s₂²/n₂)² / ((s₁²/n₁)²/(n₁−1) + (s₂²/n₂)²/(n₂−1)),
 * two-sided p from Student's t with ν df; CI = diff ± t_{1−α/2, ν}·SE.
 * Reference: Welch (1947), Biometrika 34; scipy.stats.ttest_ind(equal_var=False).
 */
export function welchTTest(before: readonly number[], after: readonly number[], confidence = 0.95): WelchResult {
  const n1 = before.length;
  const n2 = after.length;
  const a = variance(before) / n1;
  const b = variance(after) / n2;
  const se = Math.sqrt(a + b);
  const diff = mean(after) - mean(before);
  const t = diff / se;
  const df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1));
  const q = studentTQuantile(1 - (1 - confidence) / 2, df);
  return { t, df, p: studentTTwoSidedP(t, df), diff, ciLow: diff - q * se, ciHigh: diff + q * se };
}

export type MannWhitneyResult = Readonly<{ u: number; z: number; p: number }>;

/**
 * Mann–Whitney U test (two-sided, normal approximation with tie correction and continuity correction,
 * as scipy.stats.mannwhitneyu(method='asymptotic', use_continuity=True)). U is the statistic of `before`:
 * U₁ = R₁ − n₁(n₁+1)/2 with mid-ranks; σ_U = √(n₁n₂/12·((n+1) − Σ(t³ − t)/(n(n−1)))).
 */
export function mannWhitneyU(before: readonly number[], after: readonly number[]): MannWhitneyResult {
  const n1 = before.length;
  const n2 = after.length;
  const n = n1 + n2;
  const all = [...before.map((v) => ({ v, g: 0 })), ...after.map((v) => ({ v, g: 1 }))].sort((x, y) => x.v - y.v);
  let r1 = 0;
  let tieSum = 0;
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && all[j + 1]!.v === all[i]!.v) j++;
    const rank = (i + j + 2) / 2;
    const t = j - i + 1;
    tieSum += t * t * t - t;
    for (let k = i; k <= j; k++) if (all[k]!.g === 0) r1 += rank;
    i = j + 1;
  }
  const u = r1 - (n1 * (n1 + 1)) / 2;
  const mu = (n1 * n2) / 2;
  const sigma = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1))));
  const num = Math.abs(u - mu) - 0.5;
  const z = sigma > 0 ? Math.max(0, num) / sigma : 0;
  return { u, z: u >= mu ? z : -z, p: sigma > 0 ? Math.min(1, 2 * normalSf(Math.max(0, num) / sigma)) : 1 };
}

export type BeforeAfter = Readonly<{
  nBefore: number;
  nAfter: number;
  meanBefore: number;
  meanAfter: number;
  difference: number;
  percentChange: number | null;
  welch: WelchResult;
  mannWhitney: MannWhitneyResult;
  improved: boolean;
  significant: boolean;
  verdict: string;
}>;

/**
 * Before/after evidence for a KPI: difference and % change of the means, Welch's t with a 95 % CI,
 * Mann–Whitney U (robust for skewed data such as latency), and a plain-words verdict at α = 0.05
 * requiring both tests to agree for "strong evidence".
 */
export function compareBeforeAfter(before: readonly number[], after: readonly number[], direction: Direction, unit = ''): BeforeAfter {
  if (before.length < 2 || after.length < 2) {
    throw new RangeError(`Before/after needs at least 2 values on each side (before ${before.length}, after ${after.length}).`);
  }
  const mb = mean(before);
  const ma = mean(after);
  const welch = welchTTest(before, after);
  const mw = mannWhitneyU(before, after);
  const diff = ma - mb;
  const pct = mb !== 0 ? (diff / Math.abs(mb)) * 100 : null;
  const improved = direction === 'lower' ? diff < 0 : diff > 0;
  const bothSig = welch.p < 0.05 && mw.p < 0.05;
  const oneSig = welch.p < 0.05 || mw.p < 0.05;
  const u = unit ? ` ${unit}` : '';
  const change = `${fmt(Math.abs(diff))}${u}${pct !== null ? ` (${fmt(Math.abs(pct))} %)` : ''}`;
  const way = diff < 0 ? 'lower' : 'higher';
  let verdict: string;
  if (!oneSig) verdict = `No clear change: the mean after is ${change} ${way}, but a difference this size could be chance (Welch p ${fmtP(welch.p)}, Mann–Whitney p ${fmtP(mw.p)}).`;
  else {
    const strength = bothSig ? 'Strong evidence' : 'Some evidence (the two tests disagree)';
    verdict = `${strength} that the KPI ${improved ? 'improved' : 'got worse'}: the mean is ${change} ${way} after the change; 95 % CI of the difference ${fmt(welch.ciLow)} to ${fmt(welch.ciHigh)}${u} (Welch p ${fmtP(welch.p)}, Mann–Whitney p ${fmtP(mw.p)}).`;
  }
  return { nBefore: before.length, nAfter: after.length, meanBefore: mb, meanAfter: ma, difference: diff, percentChange: pct, welch, mannWhitney: mw, improved, significant: bothSig, verdict };
}

function fmt(v: number): string {
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toPrecision(2);
}
function fmtP(p: number): string {
  return p < 0.001 ? '< 0.001' : `= ${p.toFixed(3)}`;
}
