import { decimate } from './model';
import type { ChartModel, Domain } from './model';
import { buildOverlay } from './overlay';
import { xOf, yOf } from './draw';
import { CUSUM_LEGEND, SERIES_COLORS } from './cusum';
import { controlChartSceneSvg } from '../../../../common/domain/spc/controlChartSvg';
import type { ControlChartPanelScene, ControlChartSvgStyle } from '../../../../common/domain/spc/controlChartSvg';


/** The app's look for exported charts: the screen's fonts and colours, a frame round each plot, no point markers. */
const EXPORT_STYLE: ControlChartSvgStyle = {
  font: 'system-ui, sans-serif',
  fontSize: 14,
  titleAnchor: 'start',
  text: {
    title: { size: 20, weight: 700, fill: '#14181f' },
    yTick: { fill: '#4a5361' },
    xTick: { fill: '#4a5361' },
    axisTitle: { fill: '#14181f' },
    stage: { fill: '#4a5361' },
    limit: { weight: 600 },
    signal: { weight: 700 },
    legend: { weight: 600, fill: '#14181f' },
  },
  below: { xTick: 20, xTitle: 42 },
  stageAnchor: 'start',
  frame: { kind: 'box', color: '#c9ced6' },
  stageLine: { color: '#4a5361', dash: '4 4' },
  colors: { cl: '#009e73', limit: '#d55e00', line: SERIES_COLORS.first, signal: '#cc3311' },
  limitDash: '6 4',
  pointRadius: 0,
  signalRadius: 5,
};

/** `second`: another series on the same axes and limits (a CUSUM's lower sum), drawn in a second colour. */
export type ExportPanel = Readonly<{ model: ChartModel; domain: Domain; axisLabel: string; second?: ChartModel }>;

/** The series as an SVG path: every point when it fits, else min/max per pixel column. */
function seriesPath(m: ChartModel, d: Domain, f: ReturnType<typeof buildOverlay>['frame']): string {
  const count = d.i1 - d.i0;
  if (count <= f.w) {
    let p = '';
    for (let i = d.i0; i < d.i1; i++) p += `${i === d.i0 ? 'M' : 'L'}${xOf(f, d, i).toFixed(1)},${yOf(f, m.values[i]!).toFixed(1)}`;
    return p;
  }
  const dec = decimate(m.values, d, Math.floor(f.w));
  let p = '';
  for (let c = 0; c < dec.used.length; c++) {
    if (!dec.used[c]) continue;
    p += `${p ? 'L' : 'M'}${(f.x + c).toFixed(1)},${yOf(f, dec.first[c]!).toFixed(1)}L${(f.x + c).toFixed(1)},${yOf(f, dec.min[c]!).toFixed(1)}L${(f.x + c).toFixed(1)},${yOf(f, dec.max[c]!).toFixed(1)}L${(f.x + c).toFixed(1)},${yOf(f, dec.last[c]!).toFixed(1)}`;
  }
  return p;
}

/**
 * A standalone SVG of the chart (title, axes with labels and units, limits labelled with values, stages,
 * signals with their test numbers) as a function of the data — used for "Export SVG" and, rasterised,
 * for "Export PNG". Laid out by the same overlay as the screen; drawn by common/domain/spc/controlChartSvg.ts,
 * the drawing the report uses too. User text is escaped.
 */
export function controlChartSvg(title: string, unit: string, panels: readonly ExportPanel[], width = 1200): string {
  const panelH = 340;
  const legend = panels.some((p) => p.second);
  const top = legend ? 68 : 44;
  const scenes = panels.map((p, k): ControlChartPanelScene => {
    const o = buildOverlay(p.model, p.domain, width, panelH, unit, p.second);
    const f = o.frame;
    return {
      top: top + k * panelH,
      frame: f,
      yTicks: o.yTicks,
      xTicks: o.xTicks,
      yTitle: p.axisLabel,
      xTitle: 'Subgroup (point)',
      stages: o.stages.map((s) => ({ boundary: s.x, label: { x: s.x + 4, y: f.y + 14, text: s.name } })),
      limits: o.limits.map((l) => ({ kind: l.kind, path: l.path, label: { x: f.x + f.w + 8, y: l.y + 5, text: l.label } })),
      series: [
        { path: seriesPath(p.model, p.domain, f), color: SERIES_COLORS.first },
        ...(p.second ? [{ path: seriesPath(p.second, p.domain, f), color: SERIES_COLORS.second, dash: '5 2' }] : []),
      ],
      points: [],
      signals: o.signals.map((s) => ({ x: s.x, y: s.y, label: { x: s.x, y: s.below ? s.y + 18 : s.y - 9, text: s.text } })),
    };
  });
  return controlChartSceneSvg(
    {
      width,
      height: top + panels.length * panelH + 10,
      title: { x: 16, y: 28, text: title },
      panels: scenes,
      legend: legend ? CUSUM_LEGEND.map((l, j) => ({ x: 16 + j * 340, y: 54, text: `${l.marker === 'circle' ? '●' : '■'} ${l.text}`, color: l.color })) : [],
    },
    EXPORT_STYLE,
  );
}
