import type { PsiBand } from './psi';

export type DriftReading = Readonly<{
  /** PSI of the feature and its band (psiBand: < 0.10 stable, 0.10–0.25 moderate, > 0.25 significant). */
  psi: number;
  band: PsiBand;
  /** The team's alert threshold (drift when PSI ≥ threshold). */
  threshold: number;
  /** Two-sample KS p-value; null for categorical features (no KS). */
  ksP: number | null;
  /** Rows in the reference and current windows that the tests used. */
  n: number;
  m: number;
  /** Significance level for the KS test; 0.05 unless given. */
  alpha?: number;
}>;

export type DriftExplanation = Readonly<{
  /** True when PSI and KS point different ways (one says "shifted", the other not). */
  contradiction: boolean;
  text: string;
}>;

/** Below this effective sample size n·m/(n+m), PSI's bins hold few rows each and PSI itself is noisy. */
export const SMALL_EFFECTIVE_N = 200;

/**
 * The smallest KS statistic D that is significant at `alpha` for samples of n and m rows (asymptotic):
 * D_crit = c(α)·√((n+m)/(n·m)), c(α) = √(−ln(α/2)/2) (1.358 at α = 0.05). Reference: Smirnov (1948);
 * Massey (1951) table; scipy.stats.ks_2samp's asymptotic distribution.
 */
export function ksCriticalD(n: number, m: number, alpha = 0.05): number {
  return Math.sqrt(-Math.log(alpha / 2) / 2) * Math.sqrt((n + m) / (n * m));
}

/** "6.8e-62", "0.003", "0.41": a p-value as people read it. */
export function formatP(p: number): string {
  if (!Number.isFinite(p)) return String(p);
  if (p === 0) return '< 1e-300';
  if (p < 0.001) return p.toExponential(1).replace(/\.0e/, 'e');
  return String(Number(p.toPrecision(2)));
}

const count = (x: number) => Math.round(x).toLocaleString('en-US');
const fix = (x: number, d: number) => String(Number(x.toFixed(d)));

/**
 * Plain-words reading of a drift result where PSI and KS may seem to disagree, e.g. KS p = 6.8e-62 next to PSI
 * "stable". PSI measures how large the shift is (Σ(cur−ref)·ln(cur/ref) over bins), whatever the sample size; the KS
 * p-value says only whether the two windows could come from one distribution, and with tens of thousands of rows
 * it becomes tiny for shifts far too small to matter (its critical D shrinks as 1/√(n·m/(n+m))). Conversely, PSI on
 * small samples is noisy (few rows per bin) and can cross the threshold where KS sees nothing. Used by the report
 * (main/reports/sections/analysis) and meant for the Analyse screen too, so both say the same.
 */
export function explainDrift(r: DriftReading): DriftExplanation {
  const alpha = r.alpha ?? 0.05;
  const psiDrift = r.psi >= r.threshold;
  const psiText = `PSI ${fix(r.psi, 3)} (${r.band})`;
  if (r.ksP === null) {
    return {
      contradiction: false,
      text: psiDrift
        ? `${psiText} is at or above the threshold ${r.threshold}: the share of rows per category has shifted by a size that matters.`
        : `${psiText} is below the threshold ${r.threshold}: the share of rows per category barely moved.`,
    };
  }
  const ksDrift = r.ksP < alpha;
  const eff = (r.n * r.m) / (r.n + r.m);
  const pText = r.ksP === 0 ? 'KS p < 1e-300' : `KS p = ${formatP(r.ksP)}`;
  if (ksDrift && !psiDrift) {
    const d = ksCriticalD(r.n, r.m, alpha);
    return {
      contradiction: true,
      text:
        `${pText} and ${psiText} do not contradict each other. With ${count(r.n)} and ${count(r.m)} rows, KS calls even a gap of ` +
        `${fix(d, 3)} between the two cumulative distributions significant, so its p-value only says the windows are not identical. ` +
        `PSI measures the size of the shift, and that is below the threshold ${r.threshold}: the shift is real but small.`,
    };
  }
  if (psiDrift && !ksDrift) {
    const why =
      eff < SMALL_EFFECTIVE_N
        ? `With only ${count(r.n)} and ${count(r.m)} rows, each PSI bin holds few rows and PSI is noisy; KS has too little data to be sure. Collect more rows before acting.`
        : 'KS looks at the largest gap between the cumulative distributions and misses changes that cancel out or sit in the tails; PSI compares every bin, so it sees a change of shape that KS does not.';
    return { contradiction: true, text: `${psiText} is at or above the threshold ${r.threshold}, but ${pText} is not significant. ${why}` };
  }
  if (psiDrift) return { contradiction: false, text: `${psiText} and ${pText} agree: the distribution has shifted, by a size that matters.` };
  return { contradiction: false, text: `${psiText} and ${pText} agree: no shift was detected.` };
}
