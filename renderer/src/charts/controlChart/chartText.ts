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

/** The chart in one paragraph (text alternative): points, limits per stage and the signals. */
export function chartTextAlternative(c: Pick<SpcChartBase, 'panels' | 'unit'>): string {
  const p = c.panels[0]!;
  const first = p.points[0]?.subgroup ?? '';
  const last = p.points[p.points.length - 1]?.subgroup ?? '';
  const stages = p.stages.map((s) => {
    const inStage = p.points.filter((q) => q.index >= s.from && q.index <= s.to);
    return `${s.name || 'all points'} (points ${s.from}–${s.to}): centre ${fmtNum(s.center)}${limitText('UCL', s.ucl, inStage.map((q) => q.ucl))}${limitText('LCL', s.lcl, inStage.map((q) => q.lcl))}`;
  }).join('; ');
  const byIndex = new Map(p.points.map((q) => [q.index, q.subgroup]));
  const listed = p.signals.slice(0, MAX_LISTED).map((s) => `point ${s.index} (${byIndex.get(s.index)}) test ${s.test}`).join(', ');
  const more = p.signals.length > MAX_LISTED ? ` and ${p.signals.length - MAX_LISTED} more` : '';
  const sig = p.signals.length === 0 ? 'No signals.' : `${p.signals.length} signal${p.signals.length === 1 ? '' : 's'}: ${listed}${more}.`;
  return `${p.points.length} points from ${first} to ${last}${c.unit ? ` in ${c.unit}` : ''}. ${stages}. ${sig}`;
}
