import type { PanelObjects } from '../../../common/domain/spc/packed';
import { controlChartSceneSvg } from '../../../common/domain/spc/controlChartSvg';
import type { ControlChartPanelScene, ControlChartSvgStyle } from '../../../common/domain/spc/controlChartSvg';

/**
 * A control-chart panel as standalone vector SVG for reports: points joined in order, center line and
 * UCL/LCL per stage (step lines, labelled with their values), stage boundaries, and every signal marked in
 * red with its test number. Laid out here from the SPC engine's numbers; drawn by the one control-chart
 * drawing in common/domain/spc/controlChartSvg.ts (which the app's "Export SVG" uses too).
 */
export type ControlChartOptions = Readonly<{ title: string; unit: string; width?: number; height?: number }>;

const C = { ink: '#1b1f24', muted: '#57606a', grid: '#d0d7de', line: '#0072b2', cl: '#009e73', limit: '#d55e00', signal: '#c00000', stage: '#8c959f' };

/** The report's look: print fonts, grid lines, every point marked, legend under the plot. */
const REPORT_STYLE: ControlChartSvgStyle = {
  font: 'DejaVu Sans, Arial, Helvetica, sans-serif',
  titleAnchor: 'middle',
  text: {
    title: { size: 17, weight: 700, fill: C.ink },
    yTick: { size: 12, fill: C.muted },
    xTick: { size: 11, fill: C.muted },
    axisTitle: { size: 13, fill: C.ink },
    stage: { size: 12, fill: C.muted },
    limit: { size: 12 },
    signal: { size: 11, weight: 700 },
    legend: { size: 11, fill: C.ink },
  },
  below: { xTick: 18, xTitle: 40 },
  stageAnchor: 'middle',
  frame: { kind: 'axes', color: C.ink },
  grid: C.grid,
  stageLine: { color: C.stage, dash: '2 3' },
  colors: { cl: C.cl, limit: C.limit, line: C.line, signal: C.signal },
  limitDash: '6 4',
  pointRadius: 3,
  signalRadius: 4.5,
};

/** Rounds for axis and limit labels: 3 significant digits, no exponent for everyday magnitudes. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return '—';
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return String(Number(v.toPrecision(3)));
}

export function niceTicks(lo: number, hi: number, count = 5): number[] {
  const span = hi - lo || Math.abs(hi) || 1;
  const raw = span / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

export function renderControlChartSvg(panel: PanelObjects, opts: ControlChartOptions): string {
  const W = opts.width ?? 960;
  const H = opts.height ?? 380;
  const m = { top: 46, right: 92, bottom: 76, left: 78 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const pts = panel.points;
  const values = [...pts.map((p) => p.value), ...panel.stages.flatMap((s) => [s.center, s.ucl, s.lcl].filter((v): v is number => v !== null))];
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!Number.isFinite(lo)) [lo, hi] = [0, 1];
  const pad = (hi - lo || Math.abs(hi) || 1) * 0.08;
  lo -= pad;
  hi += pad;
  const n = Math.max(pts.length, 2);
  // Positions to 0.1 px, as they are written.
  const r1 = (v: number) => Number(v.toFixed(1));
  const x = (i: number) => r1(m.left + (pw * (i - 1)) / (n - 1));
  const y = (v: number) => r1(m.top + ph - (ph * (v - lo)) / (hi - lo));
  const xStep = Math.max(1, Math.ceil(pts.length / 12));
  const half = pw / (n - 1) / 2;
  const last = panel.stages[panel.stages.length - 1];
  const stages: Array<ControlChartPanelScene['stages'][number]> = [];
  const limits: Array<ControlChartPanelScene['limits'][number]> = [];
  for (const s of panel.stages) {
    const x0 = r1(Math.max(m.left, m.left + (pw * (s.from - 1)) / (n - 1) - half));
    const x1 = r1(Math.min(m.left + pw, m.left + (pw * (s.to - 1)) / (n - 1) + half));
    stages.push({ boundary: s.from > 1 ? x0 : undefined, label: { x: r1((x0 + x1) / 2), y: m.top - 6, text: s.name } });
    const line = (v: number | null, kind: 'ucl' | 'cl' | 'lcl', name: string) => {
      if (v === null) return;
      limits.push({ kind, path: `M${x0.toFixed(1)},${y(v).toFixed(1)}L${x1.toFixed(1)},${y(v).toFixed(1)}`, label: s === last ? { x: m.left + pw + 6, y: r1(y(v) + 4), text: `${name} ${fmt(v)}` } : undefined });
    };
    line(s.ucl, 'ucl', 'UCL');
    line(s.center, 'cl', 'CL');
    line(s.lcl, 'lcl', 'LCL');
  }
  const ly = H - 14;
  return controlChartSceneSvg(
    {
      width: W,
      height: H,
      title: { x: W / 2, y: 24, text: opts.title },
      panels: [
        {
          top: 0,
          frame: { x: m.left, y: m.top, w: pw, h: ph },
          yTicks: niceTicks(lo, hi).map((t) => ({ pos: y(t), text: fmt(t) })),
          xTicks: pts.filter((q) => (q.index - 1) % xStep === 0).map((p) => ({ pos: x(p.index), text: p.subgroup.slice(0, 12) })),
          yTitle: `${panel.statistic.toUpperCase()}${opts.unit ? ` (${opts.unit})` : ''}`,
          xTitle: 'Subgroup (time order)',
          stages,
          limits,
          series: pts.length > 1 ? [{ path: `M${pts.map((p) => `${x(p.index).toFixed(1)},${y(p.value).toFixed(1)}`).join('L')}`, color: C.line }] : [],
          points: pts.filter((p) => p.tests.length === 0).map((p) => ({ x: x(p.index), y: y(p.value) })),
          signals: pts.filter((p) => p.tests.length > 0).map((p) => ({ x: x(p.index), y: y(p.value), label: { x: x(p.index), y: r1(y(p.value) - 8), text: p.tests.join(',') } })),
        },
      ],
      legend: [
        { x: m.left + 8, y: ly, text: 'value', swatch: { kind: 'dot', x: m.left, r: 4, color: C.line } },
        { x: m.left + 68, y: ly, text: 'signal (test no.)', swatch: { kind: 'dot', x: m.left + 60, r: 4.5, color: C.signal } },
        { x: m.left + 208, y: ly, text: 'center line', swatch: { kind: 'line', x1: m.left + 180, x2: m.left + 204, color: C.cl } },
        { x: m.left + 318, y: ly, text: 'control limits', swatch: { kind: 'line', x1: m.left + 290, x2: m.left + 314, color: C.limit, dash: '6 4' } },
      ],
    },
    REPORT_STYLE,
  );
}
