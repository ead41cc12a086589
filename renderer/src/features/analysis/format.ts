import { fmt } from '../../format';

/** Number formatting for analysis screens: units always shown, sensible precision, the app's locale. */
export function ms(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return `${fmt().fixed(x, x >= 100 ? 0 : 1)} ms`;
}

export function pct(x: number | null | undefined, digits = 1): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'undefined';
  return `${fmt().fixed(x * 100, digits)} %`;
}

export function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return 'undefined';
  return fmt().fixed(x, digits);
}

export function pvalue(p: number): string {
  if (p === 0) return '< 1e-300';
  return p < 0.001 ? p.toExponential(2) : fmt().fixed(p, 3);
}

export const BAND_LABEL = { stable: 'stable (< 0.10)', moderate: 'moderate (0.10–0.25)', significant: 'significant (> 0.25)' } as const;
