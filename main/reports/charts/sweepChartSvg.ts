import type { ThresholdSweep } from '../../../common/domain/fairness/sweep';
import { el, serialize } from '../../../common/domain/vsm/svgNode';
import type { SvgNode } from '../../../common/domain/vsm/svgNode';

/**
 * The fairness threshold sweep for the report (issue 20): two panels side by side, selection rate and TPR per group
 * against the threshold (score ≥ t), the chosen threshold dashed. Okabe–Ito colours with a dash pattern per group,
 * so the lines differ in grey print too. Plain data in, standalone SVG out (every text escaped by the element tree).
 */
const INK = '#1b1f24';
const MUTED = '#57606a';
const GRID = '#d0d7de';
const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';
const COLOURS = ['#0072b2', '#e69f00', '#009e73', '#d55e00', '#cc79a7', '#56b4e9', '#000000'];
const DASHES = ['', '8 4', '2 3', '10 3 2 3', '4 4', '12 6', '1 3'];
const style = (i: number) => ({ stroke: COLOURS[i % COLOURS.length]!, dash: DASHES[(i + Math.floor(i / COLOURS.length)) % DASHES.length]! });

export function sweepChartSvg(sweep: ThresholdSweep, o: Readonly<{ title: string; threshold?: number; width?: number }>): string {
  const W = o.width ?? 760;
  const legendRows = Math.ceil(sweep.groups.length / 4);
  const H = 280 + legendRows * 16;
  const ts = sweep.thresholds;
  const lo = ts[0] ?? 0;
  const hi = ts[ts.length - 1] ?? 1;
  const panelW = (W - 40) / 2;
  const panel = (left: number, metric: 'selection_rate' | 'tpr', name: string): SvgNode[] => {
    const f = { x: left + 46, y: 52, w: panelW - 56, h: 170 };
    const x = (t: number) => f.x + (hi === lo ? 0 : ((t - lo) / (hi - lo)) * f.w);
    const y = (v: number) => f.y + f.h - v * f.h;
    const nodes: SvgNode[] = [el('text', { x: f.x + f.w / 2, y: f.y - 8, 'text-anchor': 'middle', 'font-size': 13, 'font-weight': 700, fill: INK }, name)];
    for (const v of [0, 0.25, 0.5, 0.75, 1]) {
      nodes.push(el('line', { x1: f.x, x2: f.x + f.w, y1: y(v), y2: y(v), stroke: GRID }), el('text', { x: f.x - 5, y: y(v) + 4, 'text-anchor': 'end', 'font-size': 10, fill: MUTED }, `${v * 100} %`));
    }
    for (let k = 0; k <= 4; k++) {
      const t = lo + ((hi - lo) * k) / 4;
      nodes.push(el('text', { x: x(t), y: f.y + f.h + 14, 'text-anchor': 'middle', 'font-size': 10, fill: MUTED }, String(Number(t.toPrecision(3)))));
    }
    nodes.push(el('text', { x: f.x + f.w / 2, y: f.y + f.h + 30, 'text-anchor': 'middle', 'font-size': 11, fill: INK }, 'threshold (positive when score ≥ it)'));
    if (o.threshold !== undefined && o.threshold >= lo && o.threshold <= hi) {
      nodes.push(el('line', { x1: x(o.threshold), x2: x(o.threshold), y1: f.y, y2: f.y + f.h, stroke: INK, 'stroke-dasharray': '5 4' }), el('text', { x: x(o.threshold) + 3, y: f.y + 10, 'font-size': 10, fill: INK }, `t = ${o.threshold}`));
    }
    sweep.groups.forEach((g, i) => {
      const s = style(i);
      let d = '';
      let pen = false;
      g[metric].forEach((v, k) => {
        if (v === null || v === undefined) {
          pen = false;
          return;
        }
        d += `${pen ? 'L' : 'M'}${x(ts[k]!).toFixed(1)},${y(v).toFixed(1)}`;
        pen = true;
      });
      if (d) nodes.push(el('path', { d, fill: 'none', stroke: s.stroke, 'stroke-width': 2, 'stroke-dasharray': s.dash || undefined }));
    });
    nodes.push(el('line', { x1: f.x, x2: f.x, y1: f.y, y2: f.y + f.h, stroke: INK }), el('line', { x1: f.x, x2: f.x + f.w, y1: f.y + f.h, y2: f.y + f.h, stroke: INK }));
    return nodes;
  };
  const legend = sweep.groups.flatMap((g, i) => {
    const s = style(i);
    const lx = 20 + (i % 4) * ((W - 40) / 4);
    const ly = 276 + Math.floor(i / 4) * 16;
    return [
      el('line', { x1: lx, x2: lx + 22, y1: ly - 4, y2: ly - 4, stroke: s.stroke, 'stroke-width': 2.5, 'stroke-dasharray': s.dash || undefined }),
      el('text', { x: lx + 27, y: ly, 'font-size': 11, fill: INK }, g.group.length > 26 ? `${g.group.slice(0, 25)}…` : g.group),
    ];
  });
  return serialize(
    el('svg', { xmlns: 'http://www.w3.org/2000/svg', width: W, height: H, viewBox: `0 0 ${W} ${H}`, 'font-family': FONT, role: 'img' }, [
      el('rect', { width: W, height: H, fill: '#ffffff' }),
      el('text', { x: W / 2, y: 20, 'text-anchor': 'middle', 'font-size': 15, 'font-weight': 700, fill: INK }, o.title),
      ...panel(20, 'selection_rate', 'Selection rate'),
      ...panel(20 + panelW, 'tpr', 'True positive rate (TPR)'),
      ...legend,
    ]),
  );
}
