import type { VsmMap } from './types';
import { BOX_W, FOOTER_LINE, GAP, HEADER_H, MARGIN, layoutMap } from './layout';
import type { Box, Layout } from './layout';
import type { VsmMetrics } from './metrics';
import { el, wrapName } from './svgNode';
import type { SvgNode } from './svgNode';
import { formatDuration, formatPercent, roundSig, totalsUnit } from './units';

export type SceneMap = Pick<VsmMap, 'name' | 'kind' | 'stages' | 'bursts' | 'externals' | 'displayUnit'>;
export type SceneOptions = Readonly<{
  width?: number;
  selectedId?: string | null;
  memberNames?: Readonly<Record<string, string>>;
  /** Title, suppliers/customers and the metrics text (on for export; the editor shows them as HTML). */
  chrome?: boolean;
  /** Numbers in this locale's form (the screens); omitted: the fixed form of reports and exported files. */
  locale?: string;
}>;
export type Scene = Readonly<{ root: SvgNode; layout: Layout }>;

/** Okabe–Ito colours, written out so the exported file needs no stylesheet. */
export const COLORS = { ink: '#1a1a1a', muted: '#555555', box: '#ffffff', line: '#444444', constraint: '#D55E00', selected: '#0072B2', wait: '#E69F00', burst: '#F0E442', log: '#007A5A', override: '#A34C82', bg: '#ffffff' };
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

function text(x: number, y: number, s: string, attrs: Record<string, string | number> = {}): SvgNode {
  return el('text', { x, y, 'font-size': 13, fill: COLORS.ink, ...attrs }, s);
}

/** A one-line text summary of the map and its metrics, used as the drawing's text alternative. */
export function describeMap(map: SceneMap, m: VsmMetrics, locale?: string): string {
  const u = totalsUnit(map.displayUnit, m.leadTimeMs, m.processTimeMs);
  const parts = [
    `${map.kind === 'future' ? 'Future' : 'Current'}-state map "${map.name}" with ${map.stages.length} stage(s).`,
    `Lead time ${formatDuration(m.leadTimeMs, u, locale)}, process time ${formatDuration(m.processTimeMs, u, locale)}, PCE ${formatPercent(m.pce, locale)}, rolled %C&A ${formatPercent(m.rolledCa, locale)}.`,
  ];
  if (m.taktMs !== null) parts.push(`Takt ${formatDuration(m.taktMs, undefined, locale)}.`);
  if (m.constraint) parts.push(`Constraint: ${m.constraint.name} (${m.constraint.criterion === 'above-takt' ? 'above takt' : 'largest process time'}, ${formatDuration(m.constraint.effectivePtMs, undefined, locale)}).`);
  return parts.join(' ');
}

function stageBox(map: SceneMap, m: VsmMetrics, b: Box, opts: SceneOptions): SvgNode {
  const s = map.stages.find((x) => x.id === b.stageId)!;
  const sm = m.stages.find((x) => x.stageId === s.id)!;
  const isConstraint = m.constraint?.stageId === s.id;
  const selected = opts.selectedId === s.id;
  const stroke = selected ? COLORS.selected : isConstraint || sm.aboveTakt ? COLORS.constraint : COLORS.line;
  const [l1, l2] = wrapName(s.name, 17);
  const filled = Object.values(s.filled).filter(Boolean);
  const overridden = filled.some((f) => f!.overridden);
  const fillLine = filled.length ? `${overridden ? '✎ edited · ' : ''}log n=${Math.max(...filled.map((f) => f!.sampleSize))} v${filled[0]!.version}` : s.ownerId && opts.memberNames?.[s.ownerId] ? opts.memberNames[s.ownerId]! : s.system;
  const bursts = map.bursts.filter((x) => x.stageId === s.id);
  const cx = b.x + 10;
  return el('g', { 'data-stage-id': s.id, 'data-stage-name': s.name, class: 'vsm-stage', cursor: 'grab' }, [
    el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 6, fill: COLORS.box, stroke, 'stroke-width': isConstraint || selected ? 4 : 1.5, 'stroke-dasharray': sm.aboveTakt && !isConstraint && !selected ? '6 3' : undefined }),
    text(cx, b.y + 19, l1, { 'font-weight': 700, 'font-size': 14, class: 'vsm-stage-name' }),
    l2 ? text(cx, b.y + 35, l2, { 'font-weight': 700, 'font-size': 14 }) : null,
    text(cx, b.y + 55, `PT ${s.pt ? formatDuration(sm.ptMs, s.pt.unit, opts.locale) : '—'}${sm.reworkMultiplier > 1 ? ` ×${roundSig(sm.reworkMultiplier, opts.locale)}` : ''}`),
    text(cx, b.y + 73, `C&A ${s.ca === null ? '—' : formatPercent(s.ca / 100, opts.locale)}${s.uptime === null ? '' : ` · Up ${formatPercent(s.uptime / 100, opts.locale)}`}`),
    text(cx, b.y + 92, fillLine.length > 22 ? `${fillLine.slice(0, 21)}…` : fillLine, { fill: filled.length ? (overridden ? COLORS.override : COLORS.log) : COLORS.muted, 'font-size': 12 }),
    isConstraint ? el('g', {}, [el('rect', { x: b.x + b.w - 92, y: b.y - 11, width: 92, height: 20, rx: 4, fill: COLORS.constraint }), text(b.x + b.w - 86, b.y + 4, 'CONSTRAINT', { fill: '#fff', 'font-size': 12, 'font-weight': 700 })]) : null,
    bursts.length ? el('g', { class: 'vsm-burst' }, [el('polygon', { points: starPoints(b.x + 4, b.y - 2, 13), fill: COLORS.burst, stroke: COLORS.ink }), text(b.x - 1, b.y + 3, String(map.bursts.indexOf(bursts[0]!) + 1), { 'font-size': 11, 'font-weight': 700 })]) : null,
  ]);
}

/** The kaizen-burst star: 8 points of radius r, inner corners at `inner` × r. */
export function starPoints(cx: number, cy: number, r: number, inner = 0.55): string {
  const pts: string[] = [];
  for (let i = 0; i < 16; i++) {
    const a = (Math.PI * i) / 8;
    const rr = i % 2 ? r * inner : r;
    pts.push(`${(cx + rr * Math.cos(a)).toFixed(1)},${(cy + rr * Math.sin(a)).toFixed(1)}`);
  }
  return pts.join(' ');
}

function flow(layout: Layout, m: VsmMetrics, locale: string | undefined): SvgNode[] {
  const out: SvgNode[] = [];
  for (const row of layout.rows) {
    for (let blk = row.firstBlock; blk <= row.lastBlock; blk++) {
      const boxes = layout.boxes.filter((b) => b.block === blk);
      const first = boxes[0]!;
      const gx = first.x - GAP;
      for (const b of boxes) {
        const my = b.y + b.h / 2;
        out.push(el('line', { x1: gx + 2, y1: my, x2: b.x - 3, y2: my, stroke: COLORS.line, 'stroke-width': 2, 'marker-end': 'url(#vsm-arrow)' }));
      }
      const midY = first.y + first.h / 2;
      out.push(el('polygon', { points: `${gx + 18},${midY - 26} ${gx + 6},${midY - 6} ${gx + 30},${midY - 6}`, fill: COLORS.wait, stroke: COLORS.ink }));
      const step = m.ladder[blk]!;
      const ly = row.ladderY;
      const split = first.x + BOX_W * 0.42;
      out.push(el('polyline', { points: `${gx},${ly + 6} ${split},${ly + 6} ${split},${ly + 30} ${first.x + BOX_W},${ly + 30}`, fill: 'none', stroke: COLORS.ink, 'stroke-width': 2 }));
      out.push(text(gx + 2, ly + 20, `WT ${formatDuration(step.waitMs, undefined, locale)}`, { 'font-size': 12 }));
      out.push(text(split + 4, ly + 44, `PT ${formatDuration(step.processMs, undefined, locale)}`, { 'font-size': 12 }));
    }
  }
  return out;
}

/** Geometry of each rework loop drawn back to an earlier (or the same) block: path, label and its anchor. */
export type LoopShape = Readonly<{ d: string; label: string; x: number; y: number; sameRow: boolean }>;

/** The map's rework loops on a layout; `lift` is how far a same-row loop rises above the boxes. */
export function reworkLoops(map: SceneMap, layout: Layout, lift: number): LoopShape[] {
  const out: LoopShape[] = [];
  for (const s of map.stages) {
    if (!s.reworkToId || s.reworkShare <= 0) continue;
    const from = layout.boxes.find((b) => b.stageId === s.id);
    const to = layout.boxes.find((b) => b.stageId === s.reworkToId);
    if (!from || !to || to.block > from.block) continue;
    const x1 = from.x + from.w / 2;
    const x2 = to.x + to.w / 3;
    const label = `↺ ${Number((s.reworkShare * 100).toFixed(1))} %`;
    if (from.row === to.row) {
      const top = Math.min(from.y, to.y) - lift;
      out.push({ d: `M ${x1} ${from.y} C ${x1} ${top}, ${x2} ${top}, ${x2} ${to.y - 2}`, label, x: (x1 + x2) / 2, y: top, sameRow: true });
    } else {
      const y2 = to.y + to.h + 2;
      out.push({ d: `M ${x1} ${from.y} C ${x1} ${from.y - 40}, ${x2} ${y2 + 40}, ${x2} ${y2}`, label, x: (x1 + x2) / 2 + 4, y: (from.y + y2) / 2, sameRow: false });
    }
  }
  return out;
}

function loops(map: SceneMap, layout: Layout): SvgNode[] {
  const style = { fill: 'none', stroke: COLORS.constraint, 'stroke-width': 2, 'stroke-dasharray': '5 3', 'marker-end': 'url(#vsm-arrow-red)' };
  const font = { 'font-size': 12, fill: COLORS.constraint, 'font-weight': 700 };
  return reworkLoops(map, layout, 22).flatMap((l) => [
    el('path', { ...style, d: l.d }),
    l.sameRow ? text(l.x - 22, l.y - 2, l.label, font) : text(l.x, l.y, l.label, font),
  ]);
}

/** "Current state: Retraining today", or just the name when it already says which state it is. */
export function mapTitle(map: Pick<SceneMap, 'kind' | 'name'>): string {
  const kind = map.kind === 'future' ? 'Future state' : 'Current state';
  return map.name.toLowerCase().startsWith(kind.toLowerCase()) ? map.name : `${kind}: ${map.name}`;
}

function header(map: SceneMap, width: number): SvgNode[] {
  const out: SvgNode[] = [text(MARGIN, MARGIN + 20, mapTitle(map), { 'font-size': 20, 'font-weight': 700 })];
  const sup = map.externals.filter((e) => e.kind === 'supplier');
  const cus = map.externals.filter((e) => e.kind === 'customer');
  const ext = (list: typeof sup, x: number, anchor: 'start' | 'end', label: string) =>
    list.slice(0, 2).forEach((e, i) => {
      out.push(text(x, MARGIN + 42 + i * 18, `${label}: ${e.name}${e.sla ? ` — SLA ${e.sla}` : ''}`.slice(0, 70), { 'text-anchor': anchor, 'font-size': 13 }));
    });
  ext(sup, MARGIN, 'start', '▷ Supplier');
  ext(cus, width - MARGIN, 'end', 'Customer ▷');
  return out;
}

function footer(map: SceneMap, m: VsmMetrics, layout: Layout, locale: string | undefined): SvgNode[] {
  const u = totalsUnit(map.displayUnit, m.leadTimeMs, m.processTimeMs);
  const y = layout.footerY + 16;
  const line1 = `Lead time ${formatDuration(m.leadTimeMs, u, locale)} · Process time ${formatDuration(m.processTimeMs, u, locale)} · PCE ${formatPercent(m.pce, locale)} · Rolled %C&A ${formatPercent(m.rolledCa, locale)}${m.taktMs !== null ? ` · Takt ${formatDuration(m.taktMs, undefined, locale)}` : ''}`;
  const line2 = m.constraint ? `Constraint: ${m.constraint.name} — ${m.constraint.criterion === 'above-takt' ? 'above takt' : 'largest process time'} (${formatDuration(m.constraint.effectivePtMs, undefined, locale)})` : 'Constraint: enter process times to find it';
  const line3 = map.bursts.length ? `Kaizen bursts: ${map.bursts.map((b, i) => `${i + 1} ${b.title}`).join(' · ')}` : '';
  return [
    text(MARGIN, y, line1, { 'font-size': 15, 'font-weight': 700 }),
    text(MARGIN, y + FOOTER_LINE, line2, { 'font-size': 15, fill: m.constraint ? COLORS.constraint : COLORS.muted }),
    line3 ? text(MARGIN, y + 2 * FOOTER_LINE, line3.length > 150 ? `${line3.slice(0, 149)}…` : line3, { 'font-size': 13 }) : null,
  ].filter((n): n is SvgNode => n !== null);
}

/**
 * Builds the whole drawing (boxes, wait triangles, ladder, loops, bursts, metrics) as an element tree.
 * Ladder steps use the unit that reads best per step; totals use the map's display unit unless it reads badly (totalsUnit).
 */
export function buildVsmScene(map: SceneMap, metrics: VsmMetrics, opts: SceneOptions = {}): Scene {
  const width = Math.max(BOX_W + GAP + 2 * MARGIN, opts.width ?? 1200);
  const chrome = opts.chrome ?? true;
  const layout = layoutMap(metrics.blocks, width, chrome ? 3 : 0, chrome);
  const arrow = (id: string, color: string) => el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' }, [el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color })]);
  const root = el('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height: layout.height, viewBox: `0 0 ${width} ${layout.height}`, 'font-family': FONT, role: 'img', 'aria-labelledby': 'vsm-title vsm-desc' }, [
    el('title', { id: 'vsm-title' }, `Value-stream map: ${map.name}`),
    el('desc', { id: 'vsm-desc' }, describeMap(map, metrics, opts.locale)),
    el('defs', {}, [arrow('vsm-arrow', COLORS.line), arrow('vsm-arrow-red', COLORS.constraint)]),
    el('rect', { x: 0, y: 0, width, height: layout.height, fill: COLORS.bg }),
    ...(chrome ? header(map, width) : []),
    map.stages.length === 0 ? text(MARGIN, MARGIN + (chrome ? HEADER_H : 0) + 40, 'No stages yet.', { 'font-size': 16, fill: COLORS.muted }) : null,
    ...flow(layout, metrics, opts.locale),
    ...layout.boxes.map((b) => stageBox(map, metrics, b, opts)),
    ...loops(map, layout),
    ...(chrome ? footer(map, metrics, layout, opts.locale) : []),
  ]);
  return { root, layout };
}

