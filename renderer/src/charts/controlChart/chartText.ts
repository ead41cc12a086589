import type { SpcChartBase } from '../../../../common/contract/schemas/spc';
import type { ChartPanel } from './ControlChart';
import { modelFromPanel } from './model';
import { fmtNum } from './overlay';
import { PANEL_NAMES, signalPoints } from '../../../../common/domain/spc/signalPoints';

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

/** One point with signals as the lists show it: its name and value, and per flagging panel the tests and that panel's value. */
export type SignalRow = Readonly<{
  index: number;
  subgroup: string;
  value: number;
  panels: readonly Readonly<{ statistic: string; first: boolean; tests: readonly number[]; value: number }>[];
}>;

/**
 * The chart's points with signals on ANY panel (the moving range, R and S panels and CUSUM's lower sum too), one row
 * per point (common/domain/spc/signalPoints): the same rows the KPI board counts and the report's table lists.
 */
export function signalRows(c: Pick<SpcChartBase, 'panels'>): SignalRow[] {
  const models = c.panels.map((p) => modelFromPanel(p));
  const positions = models.map((m) => {
    const pos = new Map<number, number>();
    for (let i = 0; i < m.index.length; i++) pos.set(m.index[i]!, i);
    return pos;
  });
  // Every signal point is sent, decimated or not: its name and value are exact.
  const valueAt = (pi: number, index: number) => {
    const i = positions[pi]!.get(index);
    return i === undefined ? NaN : models[pi]!.values[i]!;
  };
  const labelAt = (index: number) => {
    for (let pi = 0; pi < models.length; pi++) {
      const i = positions[pi]!.get(index);
      if (i !== undefined) return models[pi]!.label(i);
    }
    return '';
  };
  const byStatistic = new Map(c.panels.map((p, pi) => [p.statistic as string, pi]));
  return signalPoints(models.map((m) => ({ statistic: m.statistic, signals: m.signals ?? [] }))).map((r) => ({
    index: r.index,
    subgroup: labelAt(r.index),
    value: valueAt(0, r.index),
    panels: r.panels.map((p) => {
      const pi = byStatistic.get(p.statistic) ?? 0;
      return { statistic: p.statistic, first: pi === 0, tests: p.tests, value: valueAt(pi, r.index) };
    }),
  }));
}

/**
 * A signal row in words: "Point 14 (14 Nov 2026, 362.4 ms): Test 1: … ; Test 1: … (moving range chart, 120 ms)."
 * The first panel's tests come without a panel name; the others name their chart and its value.
 */
export function signalRowText(r: SignalRow, describe: (test: number) => string, fmt: (v: number) => string, date: (s: string) => string = (s) => s): string {
  const head = Number.isFinite(r.value) ? `${date(r.subgroup)}, ${fmt(r.value)}` : date(r.subgroup);
  const parts = r.panels.flatMap((p) => p.tests.map((t) => (p.first ? describe(t) : `${describe(t)} (${PANEL_NAMES[p.statistic] ?? p.statistic} chart${Number.isFinite(p.value) ? `, ${fmt(p.value)}` : ''})`)));
  return `Point ${r.index} (${head}): ${parts.join('; ')}.`;
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
  const rows = signalRows(c);
  const listed = rows.slice(0, MAX_LISTED).map((r) => `point ${r.index} (${r.subgroup}) ${r.panels.map((p) => `test ${p.tests.join(', ')}${p.first ? '' : ` on the ${PANEL_NAMES[p.statistic] ?? p.statistic} chart`}`).join(', ')}`).join('; ');
  const more = rows.length > MAX_LISTED ? ` and ${rows.length - MAX_LISTED} more` : '';
  const sig = rows.length === 0 ? 'No signals.' : `${rows.length} point${rows.length === 1 ? '' : 's'} with signals: ${listed}${more}.`;
  return `${p.total} points from ${first} to ${last}${c.unit ? ` in ${c.unit}` : ''}. ${stages}. ${sig}`;
}
