import { el, serialize } from '../../../common/domain/vsm/svgNode';
import type { SvgNode } from '../../../common/domain/vsm/svgNode';
import { fmt, niceTicks } from './controlChartSvg';

/**
 * Small vector charts for the report's analysis pages and its front page: Pareto (bars + cumulative share),
 * histogram overlay (reference vs current bin shares), grouped bars (per-group rates), interval plot (difference
 * with its 95 % interval), and the KPI before → after bars (full size and thumbnail). Plain data in, standalone SVG
 * out (built with the VSM drawing's element tree, so every text is escaped); colours from the Okabe–Ito palette.
 */
const C = { ink: '#1b1f24', muted: '#57606a', grid: '#d0d7de', a: '#0072b2', b: '#e69f00', c: '#009e73', d: '#cc79a7', bad: '#d55e00' };
const FONT = 'DejaVu Sans, Arial, Helvetica, sans-serif';
const SERIES = [C.a, C.b, C.c, C.d];

type Frame = Readonly<{ x: number; y: number; w: number; h: number }>;

function svg(width: number, height: number, title: string, children: readonly (SvgNode | null | false)[]): string {
  return serialize(
    el('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT, role: 'img' }, [
      el('rect', { width, height, fill: '#ffffff' }),
      title ? el('text', { x: width / 2, y: 22, 'text-anchor': 'middle', 'font-size': 16, 'font-weight': 700, fill: C.ink }, title) : null,
      ...children,
    ]),
  );
}

function cut(s: string, max: number): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Horizontal grid lines and left tick labels for a linear y scale. */
function yAxis(f: Frame, ticks: readonly number[], y: (v: number) => number, label: (v: number) => string, title: string): SvgNode[] {
  return [
    ...ticks.flatMap((t) => [
      el('line', { x1: f.x, x2: f.x + f.w, y1: y(t), y2: y(t), stroke: C.grid, 'stroke-width': 1 }),
      el('text', { x: f.x - 6, y: y(t) + 4, 'text-anchor': 'end', 'font-size': 11, fill: C.muted }, label(t)),
    ]),
    el('line', { x1: f.x, x2: f.x, y1: f.y, y2: f.y + f.h, stroke: C.ink }),
    el('line', { x1: f.x, x2: f.x + f.w, y1: f.y + f.h, y2: f.y + f.h, stroke: C.ink }),
    el('text', { transform: `translate(14 ${f.y + f.h / 2}) rotate(-90)`, 'text-anchor': 'middle', 'font-size': 12, fill: C.ink }, title),
  ];
}

function legend(x: number, y: number, items: ReadonlyArray<readonly [string, string, 'fill' | 'outline' | 'line']>): SvgNode[] {
  let cx = x;
  return items.flatMap(([name, color, kind]) => {
    const mark =
      kind === 'line'
        ? el('line', { x1: cx, x2: cx + 18, y1: y - 4, y2: y - 4, stroke: color, 'stroke-width': 2.5 })
        : el('rect', { x: cx, y: y - 10, width: 14, height: 10, fill: kind === 'fill' ? color : 'none', 'fill-opacity': kind === 'fill' ? 0.75 : 1, stroke: color, 'stroke-width': 2 });
    const nodes = [mark, el('text', { x: cx + 22, y, 'font-size': 11, fill: C.ink }, name)];
    cx += 40 + name.length * 6.5;
    return nodes;
  });
}

const pct = (v: number) => `${fmt(v * 100)} %`;

/** Nice ticks from 0 that reach at least `hi` (niceTicks stops at the last tick ≤ hi, which would cut the tallest bar). */
export function ticksCovering(hi: number): number[] {
  const t = niceTicks(0, hi);
  const step = t.length > 1 ? t[1]! - t[0]! : hi || 1;
  while (t.length === 0 || t[t.length - 1]! < hi) t.push(Number(((t[t.length - 1] ?? 0) + step).toPrecision(12)));
  return t;
}

/**
 * Pareto chart: one bar per item (largest first, as given) on the left axis and the cumulative share of the total
 * as a line on the right axis (0–100 %), the Pareto chart of the latency profile (Juran's "vital few").
 */
export function paretoChartSvg(items: ReadonlyArray<Readonly<{ label: string; value: number; cumulativeShare: number }>>, o: Readonly<{ title: string; unit: string; width?: number; height?: number }>): string {
  const W = o.width ?? 760;
  const H = o.height ?? 320;
  const f: Frame = { x: 64, y: 40, w: W - 64 - 56, h: H - 40 - 70 };
  const max = Math.max(...items.map((i) => i.value), 0) || 1;
  // Headroom above the tallest bar for its value label.
  const ticks = ticksCovering(max * 1.12);
  const top = ticks[ticks.length - 1] ?? max;
  const y = (v: number) => f.y + f.h - (v / top) * f.h;
  const yc = (s: number) => f.y + f.h - s * f.h;
  const bw = f.w / Math.max(items.length, 1);
  const cx = (i: number) => f.x + bw * i + bw / 2;
  return svg(W, H, o.title, [
    ...yAxis(f, ticks, y, fmt, o.unit ? `Mean per request (${o.unit})` : 'Value'),
    ...[0, 0.25, 0.5, 0.75, 1].map((s) => el('text', { x: f.x + f.w + 6, y: yc(s) + 4, 'font-size': 11, fill: C.muted }, `${s * 100} %`)),
    el('line', { x1: f.x + f.w, x2: f.x + f.w, y1: f.y, y2: f.y + f.h, stroke: C.ink }),
    ...items.flatMap((it, i) => [
      el('rect', { x: cx(i) - bw * 0.35, y: y(it.value), width: bw * 0.7, height: Math.max(0, f.y + f.h - y(it.value)), fill: C.a, 'fill-opacity': 0.85 }),
      el('text', { x: cx(i), y: y(it.value) - 4, 'text-anchor': 'middle', 'font-size': 11, fill: C.ink }, fmt(it.value)),
      el('text', { x: cx(i), y: f.y + f.h + 16, 'text-anchor': 'middle', 'font-size': 11, fill: C.ink }, cut(it.label, Math.max(6, Math.floor(bw / 7)))),
    ]),
    el('polyline', { points: items.map((it, i) => `${cx(i)},${yc(it.cumulativeShare)}`).join(' '), fill: 'none', stroke: C.bad, 'stroke-width': 2 }),
    ...items.map((it, i) => el('circle', { cx: cx(i), cy: yc(it.cumulativeShare), r: 3.5, fill: C.bad })),
    ...legend(f.x, H - 14, [
      [o.unit ? `Mean (${o.unit})` : 'Value', C.a, 'fill'],
      ['Cumulative share of total', C.bad, 'line'],
    ]),
  ]);
}

/**
 * Histogram overlay of two windows over the same bins: the reference share as an outlined bar, the current share as
 * a filled bar over it, so a shift shows as bars that move from one side to the other.
 */
export function histogramOverlaySvg(bins: ReadonlyArray<Readonly<{ label: string; reference: number; current: number }>>, o: Readonly<{ title: string; width?: number; height?: number }>): string {
  const W = o.width ?? 760;
  const H = o.height ?? 300;
  const f: Frame = { x: 60, y: 36, w: W - 60 - 16, h: H - 36 - 74 };
  const max = Math.max(...bins.flatMap((b) => [b.reference, b.current]), 0) || 1;
  const ticks = ticksCovering(max * 1.05);
  const top = ticks[ticks.length - 1] ?? max;
  const y = (v: number) => f.y + f.h - (v / top) * f.h;
  const bw = f.w / Math.max(bins.length, 1);
  const every = Math.ceil(bins.length / 12);
  return svg(W, H, o.title, [
    ...yAxis(f, ticks, y, pct, 'Share of rows'),
    ...bins.flatMap((b, i) => {
      const x = f.x + bw * i;
      return [
        el('rect', { x: x + bw * 0.1, y: y(b.reference), width: bw * 0.8, height: f.y + f.h - y(b.reference), fill: 'none', stroke: C.a, 'stroke-width': 2 }),
        el('rect', { x: x + bw * 0.25, y: y(b.current), width: bw * 0.5, height: f.y + f.h - y(b.current), fill: C.b, 'fill-opacity': 0.8 }),
        i % every === 0 ? el('text', { x: x + bw / 2, y: f.y + f.h + 14, 'text-anchor': 'end', 'font-size': 10, fill: C.muted, transform: `rotate(-30 ${x + bw / 2} ${f.y + f.h + 14})` }, cut(b.label, 18)) : null,
      ];
    }),
    ...legend(f.x, H - 10, [
      ['Reference window', C.a, 'outline'],
      ['Current window', C.b, 'fill'],
    ]),
  ]);
}

/** Grouped bars: one group of bars per category (e.g. region), one bar per series (e.g. selection rate, TPR), shares 0–1. */
export function groupedBarsSvg(groups: readonly string[], series: ReadonlyArray<Readonly<{ name: string; values: ReadonlyArray<number | null> }>>, o: Readonly<{ title: string; width?: number; height?: number }>): string {
  const W = o.width ?? 760;
  const H = o.height ?? 300;
  const f: Frame = { x: 60, y: 36, w: W - 60 - 16, h: H - 36 - 56 };
  const max = Math.max(...series.flatMap((s) => s.values.map((v) => v ?? 0)), 0) || 1;
  const ticks = ticksCovering(Math.min(1, max * 1.1));
  const top = ticks[ticks.length - 1] ?? max;
  const y = (v: number) => f.y + f.h - (v / top) * f.h;
  const gw = f.w / Math.max(groups.length, 1);
  const bw = (gw * 0.8) / Math.max(series.length, 1);
  return svg(W, H, o.title, [
    ...yAxis(f, ticks, y, pct, 'Rate'),
    ...groups.flatMap((g, gi) => [
      ...series.flatMap((s, si) => {
        const v = s.values[gi] ?? null;
        const x = f.x + gw * gi + gw * 0.1 + bw * si;
        return v === null
          ? [el('text', { x: x + bw / 2, y: f.y + f.h - 4, 'text-anchor': 'middle', 'font-size': 10, fill: C.muted }, 'n/a')]
          : [
              el('rect', { x, y: y(v), width: bw * 0.9, height: f.y + f.h - y(v), fill: SERIES[si % SERIES.length]! }),
              el('text', { x: x + bw * 0.45, y: y(v) - 3, 'text-anchor': 'middle', 'font-size': 10, fill: C.ink }, pct(v)),
            ];
      }),
      el('text', { x: f.x + gw * gi + gw / 2, y: f.y + f.h + 16, 'text-anchor': 'middle', 'font-size': 12, fill: C.ink }, cut(g, 20)),
    ]),
    ...legend(f.x, H - 10, series.map((s, i) => [s.name, SERIES[i % SERIES.length]!, 'fill'] as const)),
  ]);
}

/**
 * Interval plot: one row per metric, the difference (candidate − baseline) as a dot with its 95 % interval as a
 * line, against a zero line. Rows are scaled separately when their units differ, so each row has its own axis text.
 */
export function intervalChartSvg(rows: ReadonlyArray<Readonly<{ label: string; value: number | null; low: number | null; high: number | null; format: (v: number) => string }>>, o: Readonly<{ title: string; width?: number }>): string {
  const W = o.width ?? 760;
  const rowH = 44;
  const H = 40 + rows.length * rowH + 30;
  // Left: the metric's name; right: the value and its interval in words, wide enough for "-42.6 ms [-45.8 ms, -39.8 ms]".
  const x0 = 170;
  const w = W - x0 - 215;
  return svg(W, H, o.title, [
    ...rows.flatMap((r, i) => {
      const cy = 40 + i * rowH + rowH / 2;
      const vals = [r.value, r.low, r.high, 0].filter((v): v is number => v !== null && Number.isFinite(v));
      const span = Math.max(...vals.map(Math.abs), 1e-12) * 1.15;
      const x = (v: number) => x0 + w / 2 + (v / span) * (w / 2);
      const nodes: Array<SvgNode | null> = [
        el('text', { x: x0 - 10, y: cy + 4, 'text-anchor': 'end', 'font-size': 12, fill: C.ink }, cut(r.label, 28)),
        el('line', { x1: x0, x2: x0 + w, y1: cy, y2: cy, stroke: C.grid }),
        el('line', { x1: x(0), x2: x(0), y1: cy - 14, y2: cy + 14, stroke: C.muted, 'stroke-dasharray': '3 3' }),
      ];
      if (r.value === null) return [...nodes, el('text', { x: x0 + w + 8, y: cy + 4, 'font-size': 11, fill: C.muted }, 'not computed')].filter((n): n is SvgNode => n !== null);
      const lo = r.low ?? r.value;
      const hi = r.high ?? r.value;
      const excludesZero = r.low !== null && r.high !== null && (r.low > 0 || r.high < 0);
      const color = excludesZero ? C.bad : C.a;
      nodes.push(
        el('line', { x1: x(lo), x2: x(hi), y1: cy, y2: cy, stroke: color, 'stroke-width': 3 }),
        el('line', { x1: x(lo), x2: x(lo), y1: cy - 6, y2: cy + 6, stroke: color, 'stroke-width': 2 }),
        el('line', { x1: x(hi), x2: x(hi), y1: cy - 6, y2: cy + 6, stroke: color, 'stroke-width': 2 }),
        el('circle', { cx: x(r.value), cy, r: 5, fill: color }),
        el('text', { x: x0 + w + 8, y: cy + 4, 'font-size': 11, fill: C.ink }, `${r.format(r.value)}${r.low !== null && r.high !== null ? ` [${r.format(r.low)}, ${r.format(r.high)}]` : ''}`),
      );
      return nodes.filter((n): n is SvgNode => n !== null);
    }),
    el('text', { x: x0 + w / 2, y: H - 10, 'text-anchor': 'middle', 'font-size': 11, fill: C.muted }, 'Candidate − baseline with 95 % interval; dashed line = no difference; orange = interval excludes 0'),
  ]);
}

export type BeforeAfter = Readonly<{ name: string; unit: string; before: number | null; after: number | null; target: number | null; direction: 'lower' | 'higher' }>;

/**
 * A KPI before → after: two bars (before grey-blue, after green when it moved the better way, orange otherwise) and
 * the target as a dashed line. `thumb` draws it small for the front page and the A3 (values on the bars, no axis).
 */
export function beforeAfterSvg(k: BeforeAfter, o: Readonly<{ thumb?: boolean; title?: string }> = {}): string {
  const thumb = o.thumb ?? false;
  const W = thumb ? 220 : 480;
  const H = thumb ? 104 : 280;
  const top0 = thumb ? 8 : 40;
  // The thumbnail keeps a strip on the right for the target's label, clear of the bars and their values.
  const f: Frame = { x: thumb ? 6 : 64, y: top0, w: W - (thumb ? 6 + 52 : 64 + 24), h: H - top0 - (thumb ? 26 : 40) };
  const vals = [k.before, k.after, k.target].filter((v): v is number => v !== null && Number.isFinite(v));
  const max = Math.max(...vals, 0) || 1;
  // Headroom above the tallest bar for its value.
  const ticks = ticksCovering(max * (thumb ? 1.22 : 1.12));
  const top = ticks[ticks.length - 1] ?? max;
  const y = (v: number) => f.y + f.h - (Math.max(0, v) / top) * f.h;
  const better = k.before !== null && k.after !== null && (k.direction === 'lower' ? k.after < k.before : k.after > k.before);
  const bw = f.w / 2;
  const unit = k.unit ? ` ${k.unit}` : '';
  const bar = (v: number | null, i: number, color: string, label: string): SvgNode[] => {
    const x = f.x + bw * i + bw * 0.18;
    const w = bw * 0.64;
    const base = f.y + f.h;
    return [
      v === null ? el('text', { x: x + w / 2, y: base - 6, 'text-anchor': 'middle', 'font-size': 11, fill: C.muted }, 'no data') : el('rect', { x, y: y(v), width: w, height: base - y(v), fill: color }),
      v === null ? null : el('text', { x: x + w / 2, y: y(v) - 4, 'text-anchor': 'middle', 'font-size': thumb ? 12 : 13, 'font-weight': 700, fill: C.ink }, `${fmt(v)}${thumb ? '' : unit}`),
      el('text', { x: x + w / 2, y: base + (thumb ? 15 : 18), 'text-anchor': 'middle', 'font-size': thumb ? 11 : 12, fill: C.ink }, label),
    ].filter((n): n is SvgNode => n !== null);
  };
  return svg(W, H, thumb ? '' : (o.title ?? `${k.name}: before → after`), [
    ...(thumb ? [el('line', { x1: f.x, x2: f.x + f.w, y1: f.y + f.h, y2: f.y + f.h, stroke: C.ink })] : yAxis(f, ticks, y, fmt, k.unit || 'Value')),
    ...bar(k.before, 0, '#8aa4bf', 'Before'),
    ...bar(k.after, 1, better ? C.c : C.bad, 'After'),
    k.target === null
      ? null
      : el('g', {}, [
          el('line', { x1: f.x, x2: f.x + f.w, y1: y(k.target), y2: y(k.target), stroke: C.ink, 'stroke-dasharray': '5 4', 'stroke-width': 1.5 }),
          thumb
            ? el('text', { x: f.x + f.w + 4, y: y(k.target) - 2, 'font-size': 10, fill: C.ink }, [el('tspan', { x: f.x + f.w + 4 }, 'target'), el('tspan', { x: f.x + f.w + 4, dy: 11 }, fmt(k.target))])
            : el('text', { x: f.x + f.w, y: y(k.target) - 3, 'text-anchor': 'end', 'font-size': 11, fill: C.ink }, `target ${fmt(k.target)}${unit}`),
        ]),
  ]);
}

/**
 * Every KPI's before → after thumbnail in one picture (small multiples, `cols` per row), each under its name and
 * "before → after unit", so the front page and the A3 show all KPIs at one glance.
 */
export function kpiSmallMultiplesSvg(items: readonly BeforeAfter[], cols = 3): string {
  const cw = 240;
  const ch = 152;
  const n = Math.max(items.length, 1);
  const c = Math.min(cols, n);
  const W = c * cw;
  const H = Math.ceil(n / c) * ch;
  const cells = items.map((k, i) => {
    const x = (i % c) * cw;
    const y = Math.floor(i / c) * ch;
    // A nested picture: placed by x/y, and hidden from screen readers (the outer picture's label says it all).
    const thumb = beforeAfterSvg(k, { thumb: true }).replace(/^<svg xmlns="[^"]*"/, `<svg x="${x + 10}" y="${y + 44}"`).replace(/^(<svg[^>]*?) role="img"/, '$1 aria-hidden="true"');
    const head = serialize(el('g', {}, [
      el('text', { x: x + 10, y: y + 18, 'font-size': 13, 'font-weight': 700, fill: C.ink }, cut(k.name, 30)),
      el('text', { x: x + 10, y: y + 36, 'font-size': 12, fill: C.muted }, `${k.before === null ? '—' : fmt(k.before)} → ${k.after === null ? '—' : fmt(k.after)}${k.unit ? ` ${k.unit}` : ''}`),
    ]));
    return head + thumb;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="${FONT}" role="img"><rect width="${W}" height="${H}" fill="#ffffff"/>${cells.join('')}</svg>`;
}
