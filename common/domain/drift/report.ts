import { ksTwoSample } from './ks';
import type { KsMethod } from './ks';
import { populationStabilityIndex, psiBand, psiCategorical } from './psi';
import type { PsiBand, PsiBinning, PsiResult } from './psi';

/** Default alert threshold for PSI (STATS.md: "the alert threshold defaults to 0.2 and is editable"). */
export const DEFAULT_PSI_THRESHOLD = 0.2;

export type DriftOptions = Readonly<{
  column: string;
  binning: PsiBinning;
  bins?: number;
  categorical: boolean;
  threshold: number;
}>;

/** One feature's drift result, in the JSON shape of `kaizen drift --json` (plus counts and band for the UI). */
export type DriftReport = Readonly<{
  column: string;
  binning: PsiBinning | 'categorical';
  /** Open outer bins have lower/upper null (JSON has no infinity); categorical bins have both null. */
  bins: { lower: number | null; upper: number | null; label: string; reference: number; current: number }[];
  psi: number;
  threshold: number;
  drift: boolean;
  ks?: { statistic: number; pvalue: number; method: KsMethod };
}>;

const finiteOrNull = (x: number | null): number | null => (x === null || !Number.isFinite(x) ? null : x);

/** Drift is flagged when PSI ≥ threshold (Evidently's convention). */
export function isDrift(psi: number, threshold: number): boolean {
  return psi >= threshold;
}

export function toReport(column: string, psi: PsiResult, threshold: number, categorical: boolean, ks?: DriftReport['ks']): DriftReport {
  return {
    column,
    binning: categorical ? 'categorical' : psi.binning,
    bins: psi.bins.map((b) => ({ lower: finiteOrNull(b.lower), upper: finiteOrNull(b.upper), label: b.label, reference: b.reference, current: b.current })),
    psi: psi.psi,
    threshold,
    drift: isDrift(psi.psi, threshold),
    ...(ks ? { ks } : {}),
  };
}

/**
 * PSI (named binning) and, for numeric features, the two-sample KS test, as one drift report.
 * Categorical features get one bin per category (Evidently's fill rule when binning is "evidently", else ε).
 */
export function driftReport(
  reference: readonly (number | string)[] | ArrayLike<number>,
  current: readonly (number | string)[] | ArrayLike<number>,
  o: DriftOptions,
): DriftReport & { band: PsiBand; psiDetail: PsiResult } {
  if (o.categorical) {
    const psi = psiCategorical(Array.from(reference as ArrayLike<unknown>, String), Array.from(current as ArrayLike<unknown>, String), o.binning);
    return { ...toReport(o.column, psi, o.threshold, true), band: psiBand(psi.psi), psiDetail: psi };
  }
  const ref = reference as ArrayLike<number>;
  const cur = current as ArrayLike<number>;
  const psi = populationStabilityIndex(ref, cur, { binning: o.binning, bins: o.bins });
  const k = ksTwoSample(ref, cur);
  return {
    ...toReport(o.column, psi, o.threshold, false, { statistic: k.statistic, pvalue: k.pvalue, method: k.method }),
    band: psiBand(psi.psi),
    psiDetail: psi,
  };
}
