import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, MouseEvent, WheelEvent } from 'react';
import { drawSeries, prepareCanvas, xOf, yOf } from './draw';
import { positionAt } from './model';
import type { ChartModel, Domain } from './model';
import { buildOverlay, fmtNum, withUnit } from './overlay';
import { controlChartSvg } from './exportSvg';
import { CUSUM_LEGEND, SERIES_COLORS, mergeCusumPanels } from './cusum';
import type { DrawnPanel } from './cusum';
import { Overview } from './Overview';
import './controlChart.css';
import { downloadBlob } from '../../export/download';
import { useAppStore } from '../../store';
import { fmt } from '../../format';

export type ChartPanel = Readonly<{ model: ChartModel; axisLabel: string; height: number }>;

export type ControlChartProps = Readonly<{
  title: string;
  unit: string;
  panels: readonly ChartPanel[];
  /** Plain-words explanation per test number, for tooltips. */
  describeTest: (test: number) => string;
  /** Text alternative (summary sentence and signal list), rendered below the chart. */
  textAlternative: string;
  fileName: string;
  /**
   * Progressive detail: when the panels were decimated by the server (fewer points sent than the chart has),
   * zooming asks for the visible range (1-based point numbers, null when back to the whole chart) …
   */
  onRange?: (range: Readonly<{ from: number; to: number }> | null) => void;
  /** … and draws these panels (that range, at full resolution when it fits) in place of the decimated ones. */
  detail?: readonly ChartPanel[] | null;
}>;

/** Series colours from the theme's variables (styles.css), so the canvas follows light, dark and high contrast. */
function themedColors(el: Element) {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const signal = v('--chart-signal', '#cc3311');
  return {
    first: { line: v('--chart-series', SERIES_COLORS.first), signal },
    second: { line: v('--chart-series-2', SERIES_COLORS.second), signal, marker: 'square' as const },
  };
}

/** Maps the main panel's domain onto a panel whose points carry their own 1-based indices (MR starts at 2). */
function domainFor(main: ChartModel, other: ChartModel, d: Domain): Domain {
  if (other === main) return d;
  const lo = main.index[d.i0]!;
  const hi = main.index[Math.max(d.i0, d.i1 - 1)]!;
  const find = (v: number) => {
    let a = 0;
    let b = other.index.length;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (other.index[mid]! < v) a = mid + 1;
      else b = mid;
    }
    return a;
  };
  const i0 = find(lo);
  return { i0, i1: Math.max(i0 + 1, Math.min(other.index.length, find(hi + 1))) };
}

function PanelView({ panel, domain, width, unit, onZoom, describeTest }: { panel: DrawnPanel<ChartPanel>; domain: Domain; width: number; unit: string; onZoom: (factor: number, at: number) => void; describeTest: (t: number) => string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const theme = useAppStore((s) => s.theme);
  const [hover, setHover] = useState<number | null>(null);
  const m = panel.model;
  const second = panel.second;
  const overlay = useMemo(() => buildOverlay(m, domain, width, panel.height, unit, second), [m, second, domain, width, panel.height, unit]);
  const f = overlay.frame;
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ctx = prepareCanvas(c, width, panel.height);
    if (!ctx) return;
    const colors = themedColors(c);
    drawSeries(ctx, m, domain, f, colors.first);
    if (second) drawSeries(ctx, second, domain, f, colors.second);
  }, [m, second, domain, f, width, panel.height, theme]);
  const pointAt = (e: MouseEvent) => {
    const r = (e.currentTarget as HTMLElement).getBoundingClientRect();
    const x = e.clientX - r.left;
    if (x < f.x - 4 || x > f.x + f.w + 4) return null;
    return positionAt(domain, Math.min(1, Math.max(0, (x - f.x) / f.w)));
  };
  const onWheel = (e: WheelEvent) => {
    const i = pointAt(e);
    if (i === null) return;
    onZoom(e.deltaY < 0 ? 0.8 : 1.25, i);
  };
  const tip = hover !== null ? tooltip(m, hover, unit, describeTest, second) : null;
  return (
    <div className="cc-panel" style={{ height: panel.height }} onMouseMove={(e) => setHover(pointAt(e))} onMouseLeave={() => setHover(null)} onWheel={onWheel}>
      <canvas ref={canvas} style={{ width, height: panel.height }} aria-hidden="true" />
      <svg className="cc-overlay" width={width} height={panel.height} aria-hidden="true">
        <rect x={f.x} y={f.y} width={f.w} height={f.h} className="cc-frame" />
        {overlay.yTicks.map((t) => (
          <g key={`y${t.text}`}>
            <line x1={f.x - 5} x2={f.x} y1={t.pos} y2={t.pos} className="cc-tick" />
            <text x={f.x - 8} y={t.pos + 5} textAnchor="end" className="cc-ticklabel">{t.text}</text>
          </g>
        ))}
        {overlay.xTicks.map((t, k) => (
          <text key={`x${k}`} x={t.pos} y={f.y + f.h + 20} textAnchor="middle" className="cc-ticklabel">{t.text}</text>
        ))}
        <text transform={`translate(18 ${f.y + f.h / 2}) rotate(-90)`} textAnchor="middle" className="cc-axislabel">{panel.axisLabel}</text>
        <text x={f.x + f.w / 2} y={f.y + f.h + 44} textAnchor="middle" className="cc-axislabel">Subgroup (date)</text>
        {overlay.stages.map((s) => (
          <g key={`s${s.x}`}>
            <line x1={s.x} x2={s.x} y1={f.y} y2={f.y + f.h} className="cc-stage" />
            <text x={s.x + 5} y={f.y + 16} className="cc-stagelabel">{s.name}</text>
          </g>
        ))}
        {overlay.limits.map((l) => (
          <g key={l.kind} className={`cc-limit cc-${l.kind}`}>
            <path d={l.path} />
            <text x={f.x + f.w + 8} y={l.y + 5}>{l.label}</text>
          </g>
        ))}
        {overlay.signals.map((s) => (
          <g key={`g${s.series}-${s.i}`} className="cc-signal">
            <circle cx={s.x} cy={s.y} r={7} />
            <text x={s.x} y={s.below ? s.y + 22 : s.y - 11} textAnchor="middle">{s.text}</text>
          </g>
        ))}
        {hover !== null && <line x1={xOf(f, domain, hover)} x2={xOf(f, domain, hover)} y1={f.y} y2={f.y + f.h} className="cc-hoverline" />}
        {hover !== null && <circle cx={xOf(f, domain, hover)} cy={yOf(f, m.values[hover]!)} r={5} className="cc-hoverdot" />}
      </svg>
      {tip && (
        <div className="cc-tooltip" role="tooltip" style={{ left: Math.min(width - 260, xOf(f, domain, hover!) + 12), top: 8 }}>
          {tip.map((line, k) => (
            <div key={k}>{line}</div>
          ))}
        </div>
      )}
    </div>
  );
}

function tooltip(m: ChartModel, i: number, unit: string, describeTest: (t: number) => string, second?: ChartModel): string[] {
  const lines = second
    ? [`Point ${m.index[i]} · ${m.label(i)}`, `C⁺ ${withUnit(m.values[i]!, unit)} · C⁻ ${withUnit(second.values[i]!, unit)}`, `CL ${fmtNum(m.center[i]!)} · +H ${fmtNum(m.ucl[i]!)} · −H ${fmtNum(m.lcl[i]!)}`]
    : [`Point ${m.index[i]} · ${m.label(i)}`, `Value ${withUnit(m.values[i]!, unit)}`, `CL ${fmtNum(m.center[i]!)} · UCL ${fmtNum(m.ucl[i]!)} · LCL ${fmtNum(m.lcl[i]!)}`];
  if (m.n(i) > 1) lines.push(`Subgroup size ${m.n(i)}`);
  const mask = m.tests[i]! | (second?.tests[i] ?? 0);
  for (let t = 1; t <= 8; t++) if (mask & (1 << (t - 1))) lines.push(describeTest(t));
  return lines;
}

/**
 * A control chart: canvas for the points (min/max-per-pixel decimation beyond 1 point per 2 px, so
 * 1,000,000 points stay fluid), SVG overlay for limits with values, axes, stages and signal numbers;
 * wheel/keyboard zoom, a brushable overview, tooltips, PNG/SVG export and a text alternative.
 */
export function ControlChart({ title, unit, panels, describeTest, textAlternative, fileName, onRange, detail }: ControlChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(900);
  const drawn = useMemo(() => mergeCusumPanels(panels, unit), [panels, unit]);
  const main = drawn[0]!.model;
  const total = main.values.length;
  const [domain, setDomain] = useState<Domain>({ i0: 0, i1: total });
  useEffect(() => setDomain({ i0: 0, i1: total }), [total, main]);
  const decimated = (main.total ?? total) > total;
  const detailDrawn = useMemo(() => (detail ? mergeCusumPanels(detail, unit) : null), [detail, unit]);
  // Ask for the zoomed range (debounced: a wheel zoom is several steps) when the server left points out.
  const lo = main.index[domain.i0] ?? 0;
  const hi = main.index[Math.max(domain.i0, domain.i1 - 1)] ?? 0;
  const zoomedIn = domain.i0 > 0 || domain.i1 < total;
  useEffect(() => {
    if (!onRange || !decimated) return;
    const t = setTimeout(() => onRange(zoomedIn ? { from: lo, to: hi } : null), 150);
    return () => clearTimeout(t);
  }, [onRange, decimated, zoomedIn, lo, hi]);
  /** The panel drawn in slot k: the detail one when it covers the visible range, else the (decimated) whole. */
  const shown = (p: (typeof drawn)[number], k: number) => {
    const d = detailDrawn?.[k];
    if (!zoomedIn || !d || d.model.statistic !== p.model.statistic || d.model.values.length === 0) return p;
    const ix = d.model.index;
    return ix[0]! <= lo && ix[ix.length - 1]! >= hi ? d : p;
  };
  const domainOf = (m: ChartModel): Domain => ({ ...domainFor(main, m, domain), index: m.index });
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(320, Math.floor(el.clientWidth))));
    ro.observe(el);
    setWidth(Math.max(320, Math.floor(el.clientWidth)));
    return () => ro.disconnect();
  }, []);
  const zoom = (factor: number, at?: number) => {
    setDomain((d) => {
      const span = d.i1 - d.i0;
      const next = Math.min(total, Math.max(decimated ? 2 : 8, Math.round(span * factor)));
      const c = at ?? (d.i0 + d.i1) / 2;
      const ratio = (c - d.i0) / Math.max(1, span);
      let i0 = Math.round(c - ratio * next);
      i0 = Math.max(0, Math.min(total - next, i0));
      return { i0, i1: i0 + next };
    });
  };
  const pan = (dir: number) =>
    setDomain((d) => {
      const step = Math.max(1, Math.round((d.i1 - d.i0) * 0.2)) * dir;
      const i0 = Math.max(0, Math.min(total - (d.i1 - d.i0), d.i0 + step));
      return { i0, i1: i0 + (d.i1 - d.i0) };
    });
  const onKey = (e: KeyboardEvent) => {
    if (e.key === '+' || e.key === '=') zoom(0.8);
    else if (e.key === '-') zoom(1.25);
    else if (e.key === 'ArrowLeft') pan(-1);
    else if (e.key === 'ArrowRight') pan(1);
    else if (e.key === '0') setDomain({ i0: 0, i1: total });
    else return;
    e.preventDefault();
  };
  const svgText = () => controlChartSvg(title, unit, drawn.map((q, k) => { const p = shown(q, k); return { model: p.model, second: p.second, domain: domainOf(p.model), axisLabel: p.axisLabel }; }));
  const exportSvg = () => downloadBlob(`${fileName}.svg`, new Blob([svgText()], { type: 'image/svg+xml' }));
  const exportPng = () => {
    const svg = svgText();
    const img = new Image();
    img.onload = () => {
      const c = document.createElement('canvas');
      c.width = img.width * 2;
      c.height = img.height * 2;
      const ctx = c.getContext('2d')!;
      ctx.scale(2, 2);
      ctx.drawImage(img, 0, 0);
      c.toBlob((b) => b && downloadBlob(`${fileName}.png`, b), 'image/png');
    };
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  };
  const zoomed = domain.i0 > 0 || domain.i1 < total;
  return (
    <figure className="control-chart" aria-label={title}>
      <figcaption className="cc-title">{title}</figcaption>
      <div className="cc-toolbar" role="toolbar" aria-label="Chart tools">
        <button type="button" className="btn btn-small" onClick={() => zoom(0.5)} aria-label="Zoom in">Zoom in</button>
        <button type="button" className="btn btn-small" onClick={() => zoom(2)} disabled={!zoomed} aria-label="Zoom out">Zoom out</button>
        <button type="button" className="btn btn-small" onClick={() => setDomain({ i0: 0, i1: total })} disabled={!zoomed}>Show all</button>
        <span className="cc-range">Points {main.index[domain.i0]}–{main.index[domain.i1 - 1]} of {fmt().count(main.total ?? total)}</span>
        <button type="button" className="btn btn-small" onClick={exportPng}>Export PNG</button>
        <button type="button" className="btn btn-small" onClick={exportSvg}>Export SVG</button>
      </div>
      {drawn.some((p) => p.second) && (
        <ul className="cc-legend" aria-label="Series">
          {CUSUM_LEGEND.map((l) => (
            <li key={l.key}><span className={`cc-swatch cc-swatch-${l.marker}`} style={{ background: l.key === 'lower' ? 'var(--chart-series-2)' : 'var(--chart-series)' }} aria-hidden="true" />{l.text}</li>
          ))}
        </ul>
      )}
      <div ref={box} className="cc-body" tabIndex={0} onKeyDown={onKey} role="img" aria-label={`${title}. ${textAlternative}`} data-testid="control-chart">
        {drawn.map((q, k) => {
          const p = shown(q, k);
          // A wheel position on a detail panel is mapped back to the whole chart's positions by point number.
          const toMain = (at: number) => (p.model === main ? at : positionAt({ i0: 0, i1: total, index: main.index }, (p.model.index[at]! - main.index[0]!) / Math.max(1, main.index[total - 1]! - main.index[0]!)));
          return <PanelView key={q.model.statistic} panel={p} domain={domainOf(p.model)} width={width} unit={unit} onZoom={(f, at) => zoom(f, q.model === main ? toMain(at) : undefined)} describeTest={describeTest} />;
        })}
        {total > 60 && <Overview model={main} domain={domain} width={width} onBrush={setDomain} />}
      </div>
      <p className="hint">Scroll or press + / − to zoom, ← / → to pan, 0 to show all{total > 60 ? '; drag on the overview strip to pick a range' : ''}.</p>
      <details className="cc-text">
        <summary>Chart as text</summary>
        <p>{textAlternative}</p>
      </details>
    </figure>
  );
}
