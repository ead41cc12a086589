import { scaleLinear } from 'd3';
import { PLOT_LEFT, limitPath, plotWidth, xOf, yOf } from './draw';
import type { Frame } from './draw';
import type { ChartModel, Domain } from './model';
import { yExtent } from './model';
import { fmt } from '../../format';

export type LimitLine = Readonly<{ kind: 'ucl' | 'cl' | 'lcl'; path: string; label: string; y: number }>;
export type Tick = Readonly<{ pos: number; text: string }>;
/** `series` 1 is the panel's second series; `below` puts the label under the point. */
export type SignalMark = Readonly<{ x: number; y: number; text: string; i: number; series: 0 | 1; below: boolean }>;

export type Overlay = Readonly<{
  frame: Frame;
  limits: LimitLine[];
  yTicks: Tick[];
  xTicks: Tick[];
  stages: { x: number; name: string }[];
  signals: SignalMark[];
  /** True when the visible window has too many signals to label each one. */
  signalsSummarised: boolean;
}>;

const MAX_SIGNAL_LABELS = 300;

/** Short number for labels: 4 significant digits in the app's locale (renderer/src/format), no exponent for everyday values. */
export function fmtNum(v: number): string {
  return fmt().sig(v);
}

export function withUnit(v: number, unit: string): string {
  return unit ? `${fmtNum(v)} ${unit}` : fmtNum(v);
}

function lastFinite(a: Float64Array, d: Domain): number {
  for (let i = d.i1 - 1; i >= d.i0; i--) if (a[i] === a[i]) return a[i]!;
  return NaN;
}

const LABEL_GAP = 17;
/** Room for a limit label right of the plot (the 150 px margin less the 8 px gap) and a bold 14 px glyph's width. */
const LABEL_ROOM = 140;
const LABEL_CHAR = 8.6;

/**
 * "UCL 412.3 ms", or "UCL 0.1234" when the unit would push the label past the chart's right edge (a long unit such
 * as "share of runs": the axis title carries it). fmtNum keeps the number itself to at most 10 characters.
 */
export function limitLabel(name: string, v: number, unit: string): string {
  const full = `${name} ${withUnit(v, unit)}`;
  return full.length * LABEL_CHAR <= LABEL_ROOM ? full : `${name} ${fmtNum(v)}`;
}

/**
 * Moves limit labels apart (not the lines) so close limits stay readable — e.g. a CUSUM's ±H near 0 when
 * the sums run far beyond them, or a P chart with tight limits. Keeps the top-to-bottom order.
 */
function spreadLabels(limits: { y: number }[], f: Frame): void {
  const order = [...limits].sort((a, b) => a.y - b.y);
  for (let j = 1; j < order.length; j++) order[j]!.y = Math.max(order[j]!.y, order[j - 1]!.y + LABEL_GAP);
  // Pushed past the bottom of the plot: pull the stack back up from the bottom.
  let limit = f.y + f.h + 6;
  for (let j = order.length - 1; j >= 0; j--) {
    order[j]!.y = Math.min(order[j]!.y, limit);
    limit = order[j]!.y - LABEL_GAP;
  }
}

/** Limit names: UCL/CL/LCL, or +H/CL/−H for a CUSUM (its limits are the decision interval ±H). */
function limitName(statistic: string, kind: LimitLine['kind']): string {
  if (kind === 'cl') return 'CL';
  if (statistic.startsWith('cusum')) return kind === 'ucl' ? '+H' : '−H';
  return kind.toUpperCase();
}

/**
 * Everything drawn over the canvas (limits with values, axes, stages, signal labels), as plain data.
 * `second`: another series on the same panel and point indices (CUSUM's lower sum); the limits are `m`'s.
 */
export function buildOverlay(m: ChartModel, d: Domain, width: number, height: number, chartUnit: string, second?: ChartModel): Overlay {
  // A P/NP/U panel plots proportions or counts of the KPI's events, not values in the KPI's unit ("share of runs").
  const unit = m.statistic === 'p' || m.statistic === 'np' || m.statistic === 'u' ? '' : chartUnit;
  const [yMin, yMax] = yExtent(m, d, second);
  const y = scaleLinear().domain([yMin, yMax]).nice(6);
  const [ny0, ny1] = y.domain() as [number, number];
  const frame: Frame = { x: PLOT_LEFT, y: 14, w: plotWidth(width), h: Math.max(40, height - 14 - 54), yMin: ny0, yMax: ny1 };
  const limits: { -readonly [K in keyof LimitLine]: LimitLine[K] }[] = (['ucl', 'cl', 'lcl'] as const).flatMap((kind) => {
    const arr = kind === 'ucl' ? m.ucl : kind === 'cl' ? m.center : m.lcl;
    const v = lastFinite(arr, d);
    if (v !== v) return [];
    const name = limitName(m.statistic, kind);
    return [{ kind, path: limitPath(arr, m, d, frame), label: limitLabel(name, v, unit), y: yOf(frame, v) }];
  });
  spreadLabels(limits, frame);
  const yTicks = y.ticks(6).map((t) => ({ pos: yOf(frame, t), text: fmtNum(t) }));
  const xs = scaleLinear().domain([d.i0, Math.max(d.i0 + 1, d.i1 - 1)]);
  const xTicks = xs
    .ticks(Math.max(2, Math.floor(frame.w / 130)))
    .filter((t) => Number.isInteger(t) && t >= d.i0 && t < d.i1)
    .map((t) => ({ pos: xOf(frame, d, t), text: m.label(t) }));
  const stages = m.stages.filter((s) => s.start >= d.i0 && s.start < d.i1 && m.stages.length > 1).map((s) => ({ x: xOf(frame, d, s.start) - (s.start > 0 ? frame.w / Math.max(1, d.i1 - d.i0) / 2 : 0), name: s.name }));
  const signals: SignalMark[] = [];
  let summarised = false;
  for (const series of second ? [m, second] : [m]) {
    for (let i = d.i0; i < d.i1 && !summarised; i++) {
      const mask = series.tests[i]!;
      if (!mask) continue;
      if (signals.length >= MAX_SIGNAL_LABELS) {
        summarised = true;
        break;
      }
      const tests: number[] = [];
      for (let t = 1; t <= 8; t++) if (mask & (1 << (t - 1))) tests.push(t);
      const y = yOf(frame, series.values[i]!);
      // Labels go away from the zero line for a sum below it, so they stay inside the plot.
      signals.push({ i, x: xOf(frame, d, i), y, text: tests.join(','), series: series === m ? 0 : 1, below: series !== m && series.values[i]! < 0 });
    }
  }
  return { frame, limits, yTicks, xTicks, stages, signals, signalsSummarised: summarised };
}
