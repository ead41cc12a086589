import type { ChartModel } from './model';

/** A panel as drawn: one series, or two sharing axes and limits (a CUSUM's upper and lower sums). */
export type DrawnPanel<P extends Readonly<{ model: ChartModel; axisLabel: string; height: number }>> = P & Readonly<{ second?: ChartModel }>;

export const SERIES_COLORS = { first: '#0072b2', second: '#14181f' } as const;

/** Legend entries for a two-series panel. */
export const CUSUM_LEGEND = [
  { key: 'upper', text: 'C⁺ upper sum (detects a shift up)', color: SERIES_COLORS.first, marker: 'circle' },
  { key: 'lower', text: 'C⁻ lower sum (detects a shift down)', color: SERIES_COLORS.second, marker: 'square' },
] as const;

/**
 * Draws a CUSUM as Minitab and qcc do: the contract gives two panels (`cusum-upper`, C⁺ ≥ 0, and
 * `cusum-lower`, C⁻ ≤ 0) with the same centre 0 and limits ±H; they become one panel with both series,
 * so a shift up or down reads against one pair of ±H lines. Other panels pass through unchanged.
 */
export function mergeCusumPanels<P extends Readonly<{ model: ChartModel; axisLabel: string; height: number }>>(panels: readonly P[], unit: string): DrawnPanel<P>[] {
  const upper = panels.find((p) => p.model.statistic === 'cusum-upper');
  const lower = panels.find((p) => p.model.statistic === 'cusum-lower');
  if (!upper || !lower) return [...panels];
  const merged: DrawnPanel<P> = { ...upper, second: lower.model, axisLabel: `Cumulative sum${unit ? ` (${unit})` : ''}`, height: Math.max(upper.height, lower.height) };
  return panels.filter((p) => p !== lower).map((p) => (p === upper ? merged : p));
}
