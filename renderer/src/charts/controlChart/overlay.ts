import { scaleLinear } from 'd3';
import { limitPath, xOf, yOf } from './draw';
import type { Frame } from './draw';
import type { ChartModel, Domain } from './model';
import { yExtent } from './model';

export type LimitLine = Readonly<{ kind: 'ucl' | 'cl' | 'lcl'; path: string; label: string; y: number }>;
export type Tick = Readonly<{ pos: number; text: string }>;
export type SignalMark = Readonly<{ x: number; y: number; text: string; i: number }>;

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

/** Short number for labels: 4 significant digits, no exponent for everyday values. */
export function fmtNum(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(2);
  return groupThousands(Number(v.toPrecision(4)));
}

/**
 * `n.toLocaleString('en-US', { maximumFractionDigits: 6 })` for the values fmtNum passes (4 significant
 * digits, 1e-3 ≤ |n| < 1e6 or 0), without Intl: the first Intl number format in a page costs tens of ms
 * (ICU set-up), which showed up as most of a chart's first render.
 */
function groupThousands(n: number): string {
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const neg = s.startsWith('-');
  const body = neg ? s.slice(1) : s;
  const dot = body.indexOf('.');
  let int = dot < 0 ? body : body.slice(0, dot);
  const frac = dot < 0 ? '' : body.slice(dot);
  for (let k = int.length - 3; k > 0; k -= 3) int = `${int.slice(0, k)},${int.slice(k)}`;
  return `${neg ? '-' : ''}${int}${frac}`;
}

export function withUnit(v: number, unit: string): string {
  return unit ? `${fmtNum(v)} ${unit}` : fmtNum(v);
}

function lastFinite(a: Float64Array, d: Domain): number {
  for (let i = d.i1 - 1; i >= d.i0; i--) if (a[i] === a[i]) return a[i]!;
  return NaN;
}

/** Everything drawn over the canvas (limits with values, axes, stages, signal labels), as plain data. */
export function buildOverlay(m: ChartModel, d: Domain, width: number, height: number, unit: string): Overlay {
  const [yMin, yMax] = yExtent(m, d);
  const y = scaleLinear().domain([yMin, yMax]).nice(6);
  const [ny0, ny1] = y.domain() as [number, number];
  const frame: Frame = { x: 78, y: 14, w: Math.max(50, width - 78 - 150), h: Math.max(40, height - 14 - 54), yMin: ny0, yMax: ny1 };
  const limits: LimitLine[] = (['ucl', 'cl', 'lcl'] as const).flatMap((kind) => {
    const arr = kind === 'ucl' ? m.ucl : kind === 'cl' ? m.center : m.lcl;
    const v = lastFinite(arr, d);
    if (v !== v) return [];
    const name = kind === 'cl' ? 'CL' : kind.toUpperCase();
    return [{ kind, path: limitPath(arr, m, d, frame), label: `${name} ${withUnit(v, unit)}`, y: yOf(frame, v) }];
  });
  const yTicks = y.ticks(6).map((t) => ({ pos: yOf(frame, t), text: fmtNum(t) }));
  const xs = scaleLinear().domain([d.i0, Math.max(d.i0 + 1, d.i1 - 1)]);
  const xTicks = xs
    .ticks(Math.max(2, Math.floor(frame.w / 130)))
    .filter((t) => Number.isInteger(t) && t >= d.i0 && t < d.i1)
    .map((t) => ({ pos: xOf(frame, d, t), text: m.label(t) }));
  const stages = m.stages.filter((s) => s.start >= d.i0 && s.start < d.i1 && m.stages.length > 1).map((s) => ({ x: xOf(frame, d, s.start) - (s.start > 0 ? frame.w / Math.max(1, d.i1 - d.i0) / 2 : 0), name: s.name }));
  const signals: SignalMark[] = [];
  let summarised = false;
  for (let i = d.i0; i < d.i1; i++) {
    const mask = m.tests[i]!;
    if (!mask) continue;
    if (signals.length >= MAX_SIGNAL_LABELS) {
      summarised = true;
      break;
    }
    const tests: number[] = [];
    for (let t = 1; t <= 8; t++) if (mask & (1 << (t - 1))) tests.push(t);
    signals.push({ i, x: xOf(frame, d, i), y: yOf(frame, m.values[i]!), text: tests.join(',') });
  }
  return { frame, limits, yTicks, xTicks, stages, signals, signalsSummarised: summarised };
}
