import { escapeMarkup as esc } from '../text/escape';

/**
 * A control chart as a standalone SVG string, drawn from a laid-out scene: the one drawing of a control chart
 * that both the report (main/reports/charts) and the app's "Export SVG" (renderer/src/charts) use. The callers
 * lay the chart out (the report from the SPC engine's stages, the app from the same overlay it draws on screen)
 * and choose the look (`ControlChartSvgStyle`); this function writes the markup. Pure: no DOM, all text escaped.
 */

/** A text at a position (pixels from the picture's top left, or the panel's for panel parts). */
export type ChartText = Readonly<{ x: number; y: number; text: string }>;

export type ChartTick = Readonly<{ pos: number; text: string }>;

/** One panel of the chart (an X̄ and an R panel stack; a CUSUM has one panel with two series). */
export type ControlChartPanelScene = Readonly<{
  /** Offset of the panel from the top of the picture. */
  top: number;
  /** The plot area inside the panel. */
  frame: Readonly<{ x: number; y: number; w: number; h: number }>;
  /** y axis ticks (pixel y) and x axis ticks (pixel x), with their labels. */
  yTicks: readonly ChartTick[];
  xTicks: readonly ChartTick[];
  yTitle: string;
  xTitle: string;
  /** Stage names; `boundary` is the x of a dashed line where the stage starts (none for the first). */
  stages: ReadonlyArray<Readonly<{ boundary?: number; label: ChartText }>>;
  /** Limit and centre lines as SVG path data, each with its value label at the right. */
  limits: ReadonlyArray<Readonly<{ kind: 'ucl' | 'cl' | 'lcl'; path: string; label?: ChartText }>>;
  /** The plotted series as SVG path data (a second one: a CUSUM's lower sum). */
  series: ReadonlyArray<Readonly<{ path: string; color: string; dash?: string }>>;
  /** Point markers without a signal (the report marks every point; the export draws the line only). */
  points: ReadonlyArray<Readonly<{ x: number; y: number }>>;
  /** Points flagged by a test: a dot in the signal colour and the test numbers at `label`. */
  signals: ReadonlyArray<Readonly<{ x: number; y: number; label: ChartText }>>;
}>;

export type LegendItem = Readonly<{
  x: number;
  y: number;
  text: string;
  /** Text colour, where it differs from the legend's. */
  color?: string;
  swatch?: Readonly<{ kind: 'dot'; x: number; r: number; color: string } | { kind: 'line'; x1: number; x2: number; color: string; dash?: string }>;
}>;

export type ControlChartScene = Readonly<{
  width: number;
  height: number;
  title: ChartText;
  panels: readonly ControlChartPanelScene[];
  legend: readonly LegendItem[];
}>;

/** How one kind of text looks; no size means the picture's font size. */
export type TextLook = Readonly<{ size?: number; weight?: number; fill: string }>;

export type ControlChartSvgStyle = Readonly<{
  font: string;
  fontSize?: number;
  titleAnchor: 'start' | 'middle';
  text: Readonly<{ title: TextLook; yTick: TextLook; xTick: TextLook; axisTitle: TextLook; stage: TextLook; limit: Omit<TextLook, 'fill'>; signal: Omit<TextLook, 'fill'>; legend: TextLook }>;
  /** Baselines of the x tick labels and of the x axis title, below the plot. */
  below: Readonly<{ xTick: number; xTitle: number }>;
  stageAnchor: 'start' | 'middle';
  /** 'box': a rectangle round the plot; 'axes': the left and bottom axis lines. */
  frame: Readonly<{ kind: 'box' | 'axes'; color: string }>;
  /** Horizontal grid lines at the y ticks, in this colour. */
  grid?: string;
  stageLine: Readonly<{ color: string; dash: string }>;
  colors: Readonly<{ cl: string; limit: string; line: string; signal: string }>;
  limitDash: string;
  pointRadius: number;
  signalRadius: number;
}>;

/** A coordinate as written: at most 3 decimals, so float noise (127.39999999999999) does not reach the file. */
const px = (v: number) => String(Math.round(v * 1000) / 1000);

function text(t: ChartText, look: Partial<TextLook>, anchor?: 'start' | 'middle' | 'end', extra = ''): string {
  const size = look.size !== undefined ? ` font-size="${look.size}"` : '';
  const weight = look.weight !== undefined ? ` font-weight="${look.weight}"` : '';
  const a = anchor && anchor !== 'start' ? ` text-anchor="${anchor}"` : '';
  const fill = look.fill ? ` fill="${look.fill}"` : '';
  return `<text x="${px(t.x)}" y="${px(t.y)}"${size}${weight}${a}${fill}${extra}>${esc(t.text)}</text>`;
}

function path(d: string, color: string, dash?: string): string {
  return `<path d="${d}" fill="none" stroke="${color}" stroke-width="1.5"${dash ? ` stroke-dasharray="${dash}"` : ''}/>`;
}

function panelSvg(p: ControlChartPanelScene, s: ControlChartSvgStyle): string[] {
  const f = p.frame;
  const bottom = f.y + f.h;
  const out: string[] = [`<g transform="translate(0 ${p.top})">`];
  if (s.grid) for (const t of p.yTicks) out.push(`<line x1="${f.x}" x2="${f.x + f.w}" y1="${px(t.pos)}" y2="${px(t.pos)}" stroke="${s.grid}" stroke-width="1"/>`);
  if (s.frame.kind === 'box') out.push(`<rect x="${f.x}" y="${f.y}" width="${f.w}" height="${f.h}" fill="none" stroke="${s.frame.color}"/>`);
  else out.push(`<line x1="${f.x}" x2="${f.x}" y1="${f.y}" y2="${bottom}" stroke="${s.frame.color}"/>`, `<line x1="${f.x}" x2="${f.x + f.w}" y1="${bottom}" y2="${bottom}" stroke="${s.frame.color}"/>`);
  for (const t of p.yTicks) out.push(text({ x: f.x - 8, y: t.pos + 4, text: t.text }, s.text.yTick, 'end'));
  for (const t of p.xTicks) out.push(text({ x: t.pos, y: bottom + s.below.xTick, text: t.text }, s.text.xTick, 'middle'));
  out.push(`<text transform="translate(18 ${f.y + f.h / 2}) rotate(-90)"${s.text.axisTitle.size ? ` font-size="${s.text.axisTitle.size}"` : ''} text-anchor="middle" fill="${s.text.axisTitle.fill}">${esc(p.yTitle)}</text>`);
  out.push(text({ x: f.x + f.w / 2, y: bottom + s.below.xTitle, text: p.xTitle }, s.text.axisTitle, 'middle'));
  for (const st of p.stages) {
    if (st.boundary !== undefined) out.push(`<line x1="${px(st.boundary)}" x2="${px(st.boundary)}" y1="${f.y}" y2="${bottom}" stroke="${s.stageLine.color}" stroke-dasharray="${s.stageLine.dash}"/>`);
    out.push(text(st.label, s.text.stage, s.stageAnchor));
  }
  for (const l of p.limits) {
    const color = l.kind === 'cl' ? s.colors.cl : s.colors.limit;
    out.push(path(l.path, color, l.kind === 'cl' ? undefined : s.limitDash));
    if (l.label) out.push(text(l.label, { ...s.text.limit, fill: color }));
  }
  for (const sr of p.series) out.push(path(sr.path, sr.color, sr.dash));
  for (const pt of p.points) out.push(`<circle cx="${px(pt.x)}" cy="${px(pt.y)}" r="${s.pointRadius}" fill="${s.colors.line}"/>`);
  for (const sg of p.signals) {
    out.push(`<circle cx="${px(sg.x)}" cy="${px(sg.y)}" r="${s.signalRadius}" fill="${s.colors.signal}"/>`);
    out.push(text(sg.label, { ...s.text.signal, fill: s.colors.signal }, 'middle'));
  }
  out.push('</g>');
  return out;
}

function legendSvg(l: LegendItem, s: ControlChartSvgStyle): string {
  const w = l.swatch;
  const swatch = !w
    ? ''
    : w.kind === 'dot'
      ? `<circle cx="${w.x}" cy="${l.y}" r="${w.r}" fill="${w.color}"/>`
      : `<line x1="${w.x1}" x2="${w.x2}" y1="${l.y}" y2="${l.y}" stroke="${w.color}" stroke-width="1.5"${w.dash ? ` stroke-dasharray="${w.dash}"` : ''}/>`;
  return swatch + text({ x: l.x, y: w ? l.y + 4 : l.y, text: l.text }, { ...s.text.legend, fill: l.color ?? s.text.legend.fill });
}

/** The chart as a standalone SVG document (escaped text, no script, no external reference). */
export function controlChartSceneSvg(scene: ControlChartScene, style: ControlChartSvgStyle): string {
  const { width: W, height: H } = scene;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${esc(style.font)}"${style.fontSize ? ` font-size="${style.fontSize}"` : ''} role="img">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    text(scene.title, style.text.title, style.titleAnchor),
    ...scene.panels.flatMap((p) => panelSvg(p, style)),
    ...scene.legend.map((l) => legendSvg(l, style)),
    '</svg>',
  ].join('\n');
}
