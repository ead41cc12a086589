import type { SpcChartBase } from '../../../../common/contract/schemas/spc';
import type { ChartPanel } from './ControlChart';
import { modelFromPanel } from './model';
import { fmtNum } from './overlay';

/** y-axis label of each panel statistic. */
export const AXIS_LABELS: Readonly<Record<string, string>> = { i: 'Value', mr: 'Moving range', xbar: 'Subgroup mean', r: 'Range', s: 'Standard deviation', p: 'Proportion', np: 'Number defective', c: 'Count', u: 'Count per unit', ewma: 'EWMA' };

/** The panels ControlChart draws: the first one taller, axis labels with the unit (none for proportions). */
export function chartPanels(c: Pick<SpcChartBase, 'panels' | 'unit'>): ChartPanel[] {
  return c.panels.map((p, i) => ({ model: modelFromPanel(p), axisLabel: `${AXIS_LABELS[p.statistic] ?? p.statistic}${c.unit && p.statistic !== 'p' ? ` (${c.unit})` : ''}`, height: i === 0 ? 340 : 220 }));
}

/** Long charts (a dataset column row by row) can have thousands of signals: the text names the first ones. */
const MAX_LISTED = 50;

/** ", UCL 412" for a constant limit; ", UCL 265.1 to 265.4" when it varies with the subgroup size; nothing without one. */
function limitText(name: string, constant: number | null, perPoint: readonly (number | null)[]): string {
  if (constant !== null) return `, ${name} ${fmtNum(constant)}`;
  let lo = Infinity;
  let hi = -Infinity;
  for (const x of perPoint) {
    if (x === null || !Number.isFinite(x)) continue;
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  if (lo > hi) return '';
  return fmtNum(lo) === fmtNum(hi) ? `, ${name} ${fmtNum(lo)}` : `, ${name} ${fmtNum(lo)} to ${fmtNum(hi)}`;
}

export type LocatedSignal = Readonly<{ test: number; index: number; subgroup: string; value: number; side: 'lower sum' | null }>;

/**
 * The signals of the chart's location panel(s), in point order: the first panel, and for CUSUM the
 * lower sum too (a downward shift signals there). Dispersion panels (MR, R, S) are not listed.
 */
export function locationSignals(c: Pick<SpcChartBase, 'panels'>): LocatedSignal[] {
  return c.panels
    .filter((p, i) => i === 0 || p.statistic === 'cusum-lower')
    .flatMap((p) => {
      // Every signal point is sent, decimated or not: its name and value are exact.
      const m = modelFromPanel(p);
      const pos = new Map<number, number>();
      for (let i = 0; i < m.index.length; i++) pos.set(m.index[i]!, i);
      return (m.signals ?? []).map((s) => {
        const i = pos.get(s.index);
        return { test: s.test, index: s.index, subgroup: i === undefined ? '' : m.label(i), value: i === undefined ? NaN : m.values[i]!, side: p.statistic === 'cusum-lower' ? ('lower sum' as const) : null };
      });
    })
    .sort((a, b) => a.index - b.index || a.test - b.test);
}

/** The chart in one paragraph (text alternative): points, limits per stage and the signals. */
export function chartTextAlternative(c: Pick<SpcChartBase, 'panels' | 'unit'>): string {
  const p = c.panels[0]!;
  const m = modelFromPanel(p);
  const k = m.values.length;
  const first = k > 0 ? m.label(0) : '';
  const last = k > 0 ? m.label(k - 1) : '';
  const stages = p.stages.map((s) => {
    const ucl: number[] = [];
    const lcl: number[] = [];
    for (let i = 0; i < k; i++) {
      const index = m.index[i]!;
      if (index < s.from || index > s.to) continue;
      ucl.push(m.ucl[i]!);
      lcl.push(m.lcl[i]!);
    }
    return `${s.name || 'all points'} (points ${s.from}–${s.to}): centre ${fmtNum(s.center)}${limitText('UCL', s.ucl, ucl)}${limitText('LCL', s.lcl, lcl)}`;
  }).join('; ');
  const signals = locationSignals(c);
  const listed = signals.slice(0, MAX_LISTED).map((s) => `point ${s.index} (${s.subgroup}${s.side ? `, ${s.side}` : ''}) test ${s.test}`).join(', ');
  const more = signals.length > MAX_LISTED ? ` and ${signals.length - MAX_LISTED} more` : '';
  const sig = signals.length === 0 ? 'No signals.' : `${signals.length} signal${signals.length === 1 ? '' : 's'}: ${listed}${more}.`;
  return `${p.total} points from ${first} to ${last}${c.unit ? ` in ${c.unit}` : ''}. ${stages}. ${sig}`;
}
