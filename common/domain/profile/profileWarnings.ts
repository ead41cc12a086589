export type ProfileWarning = Readonly<{ code: 'missing' | 'constant' | 'mixed-types' | 'drift'; message: string }>;

/** Missing share above which a column is flagged (issue 3: 5 %). */
export const MISSING_THRESHOLD = 0.05;
/** PSI above which the distribution shift against the previous version is flagged (STATS.md: 0.2). */
export const PSI_ALERT = 0.2;

export type WarningInput = Readonly<{
  name: string;
  count: number;
  missing: number;
  distinct: number;
  /** Values that did not parse as the column's type (stored as missing). */
  invalid: number;
  psi: number | null;
  againstVersion: number | null;
  /** Categories compare shares of values rather than a distribution of numbers (only the wording differs). */
  psiKind?: 'numeric' | 'categorical';
}>;

function pct(x: number): string {
  const p = x * 100;
  return `${Number.isInteger(p) ? p : p.toFixed(p < 10 ? 1 : 0)} %`;
}

/**
 * Column warnings: missing share > 5 %, a constant column (one distinct non-missing value over more
 * than one row), mixed types (values that did not parse as the column's type) and distribution shift
 * against the previous version (PSI > 0.2: quantile bins for numbers, one bin per value for categories).
 */
export function profileWarnings(c: WarningInput, missingThreshold = MISSING_THRESHOLD, psiAlert = PSI_ALERT): ProfileWarning[] {
  const out: ProfileWarning[] = [];
  if (c.count > 0 && c.missing / c.count > missingThreshold) {
    out.push({ code: 'missing', message: `${c.name}: ${pct(c.missing / c.count)} missing (${c.missing} of ${c.count} rows), above the ${pct(missingThreshold)} threshold.` });
  }
  if (c.count - c.missing > 1 && c.distinct === 1) out.push({ code: 'constant', message: `${c.name}: every value is the same (constant column).` });
  if (c.invalid > 0) out.push({ code: 'mixed-types', message: `${c.name}: ${c.invalid} values did not match the column type and were stored as missing.` });
  if (c.psi !== null && c.psi > psiAlert) {
    const what = c.psiKind === 'categorical' ? 'category shares shifted' : 'distribution shifted';
    out.push({ code: 'drift', message: `${c.name}: ${what} against version ${c.againstVersion} (PSI ${c.psi.toFixed(3)} > ${psiAlert}).` });
  }
  return out;
}
