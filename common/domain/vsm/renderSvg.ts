import { COLORS, buildVsmScene, describeMap, mapTitle, reworkLoops, starPoints } from './scene';
import type { SceneMap, SceneOptions } from './scene';
import { layoutMap } from './layout';
import type { Box, Layout, LayoutGeometry } from './layout';
import type { VsmMetrics } from './metrics';
import { el, serialize } from './svgNode';
import type { SvgNode } from './svgNode';
import { formatDuration, formatPercent, totalsUnit } from './units';

/** The area (CSS px) presenter mode shows the map in. */
export type PresenterView = Readonly<{ width: number; height: number }>;
export type RenderOptions = SceneOptions & Readonly<{
  /** Draw for a projector: text never under 16 px when shown in this area (wraps rows before shrinking). */
  presenter?: PresenterView;
}>;

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';

/**
 * Renders a map and its metrics to a standalone SVG document (no stylesheet, no scripts, user text
 * escaped). Used by the editor's SVG/PNG export and by reports; `presenter` switches to the projector layout.
 */
export function renderVsmSvg(map: SceneMap, metrics: VsmMetrics, opts: RenderOptions = {}): string {
  const { presenter, ...scene } = opts;
  if (presenter) return `${XML_HEAD}${serialize(buildPresenterScene(map, metrics, presenter, scene.memberNames).root)}`;
  return `${XML_HEAD}${serialize(buildVsmScene(map, metrics, { ...scene, selectedId: null }).root)}`;
}

// ---- Presenter mode: the same drawing with projector type sizes, laid out for the area it is shown in. ----

/** Type sizes in drawing units; the layout is chosen so one unit is at least one CSS px on screen. */
const T = { min: 16, name: 18, figure: 18, title: 24, total: 20 } as const;
const PM = 12;
const PGAP = 26;
const MIN_BOX_W = 138;
const MAX_BOX_W = 280;
const MAX_ZOOM = 1.6;
const LINE = { name: 22, figure: 23, sub: 21, header: 22, footer: 26 } as const;
const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

/**
 * Approximate advance width of text in em, per character class, from DejaVu Sans (the widest of the
 * common system sans faces, so text that fits here fits in Segoe UI, Roboto or Helvetica too); bold ×1.12.
 */
function charEm(c: string): number {
  if (c === ' ' || c === '·') return 0.32;
  if ('iljI.,:;\'|!'.includes(c)) return 0.3;
  if ('ftr()[]/-J'.includes(c)) return 0.41;
  if ('csz'.includes(c)) return 0.56;
  if ('0123456789abdeghknopquvxyLTPFY?'.includes(c)) return 0.64;
  if ('ABCEKRSVXZ'.includes(c)) return 0.71;
  if ('DGHNOQU&×'.includes(c)) return 0.84;
  if ('mwMW%'.includes(c)) return 1;
  return c.codePointAt(0)! >= 0x2e80 ? 1.05 : 0.84;
}

/** Estimated rendered width of `s` in px at `size` (see charEm). */
export function textWidth(s: string, size: number, bold = false): number {
  let em = 0;
  for (const c of s) em += charEm(c);
  return em * size * (bold ? 1.12 : 1);
}

/** `s` cut with an ellipsis so it fits `maxW`. */
function ellipsize(s: string, maxW: number, size: number, bold = false): string {
  if (textWidth(s, size, bold) <= maxW) return s;
  const chars = [...s];
  while (chars.length > 1 && textWidth(`${chars.join('').trimEnd()}…`, size, bold) > maxW) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/** Greedy wrap of `pieces` joined by `sep` into at most `maxLines` lines of `maxW`; the last line ellipsized. */
function wrap(pieces: readonly string[], sep: string, maxW: number, size: number, bold: boolean, maxLines: number): string[] {
  const lines: string[] = [];
  let cur = '';
  for (const p of pieces) {
    const next = cur ? `${cur}${sep}${p}` : p;
    if (!cur || textWidth(next, size, bold) <= maxW) cur = next;
    else {
      lines.push(cur);
      cur = p;
    }
  }
  if (cur) lines.push(cur);
  if (lines.length > maxLines) lines.splice(maxLines - 1, lines.length, lines.slice(maxLines - 1).join(sep));
  return lines.map((l) => ellipsize(l, maxW, size, bold));
}

type Line = Readonly<{ s: string; size: number; fill?: string; bold?: boolean }>;
type BoxText = Readonly<{ name: string[]; nameSize: number; figures: Line[]; sub: Line | null }>;
type Plan = Readonly<{ width: number; layout: Layout; g: LayoutGeometry; boxes: ReadonlyMap<string, BoxText>; header: Line[]; externals: Readonly<{ left: string[]; right: string[] }>; footer: Line[]; indent: number }>;

/** The largest of `sizes` at which `s` fits, else `s` ellipsized at the smallest. */
function figure(s: string, maxW: number, sizes: readonly number[] = [T.figure, T.min]): Line {
  for (const size of sizes) if (textWidth(s, size) <= maxW) return { s, size };
  const size = sizes[sizes.length - 1]!;
  return { s: ellipsize(s, maxW, size), size };
}

/** Stage names at T.name, or smaller (never under T.min) when that keeps a name whole in two lines. */
function nameLines(name: string, inner: number): Readonly<{ lines: string[]; size: number }> {
  const words = name.split(/\s+/).filter(Boolean);
  for (let size: number = T.name; size >= T.min; size--) {
    const lines = wrap(words, ' ', inner, size, true, 2);
    if (!lines.some((l) => l.endsWith('…')) || size === T.min) return { lines: lines.length ? lines : [''], size };
  }
  return { lines: [''], size: T.min };
}

function boxText(map: SceneMap, m: VsmMetrics, stageId: string, boxW: number, memberNames?: Readonly<Record<string, string>>): BoxText {
  const s = map.stages.find((x) => x.id === stageId)!;
  const sm = m.stages.find((x) => x.stageId === s.id)!;
  const inner = boxW - 18;
  const { lines: name, size: nameSize } = nameLines(s.name, inner);
  const pt = `PT ${s.pt ? formatDuration(sm.ptMs, s.pt.unit) : '—'}${sm.reworkMultiplier > 1 ? ` ×${Number(sm.reworkMultiplier.toFixed(2))}` : ''}`;
  const ca = `C&A ${s.ca === null ? '—' : `${Number(s.ca.toFixed(1))} %`}`;
  const up = s.uptime === null ? null : `Up ${Number(s.uptime.toFixed(1))} %`;
  const figures = [figure(pt, inner)];
  if (up && textWidth(`${ca} · ${up}`, T.figure) <= inner) figures.push({ s: `${ca} · ${up}`, size: T.figure });
  else figures.push(figure(ca, inner), ...(up ? [figure(up, inner)] : []));
  const filled = Object.values(s.filled).filter(Boolean);
  const overridden = filled.some((f) => f!.overridden);
  const subText = filled.length ? `${overridden ? '✎ edited · ' : ''}log n=${Math.max(...filled.map((f) => f!.sampleSize))} v${filled[0]!.version}` : s.ownerId && memberNames?.[s.ownerId] ? memberNames[s.ownerId]! : s.system;
  const sub = subText ? { s: ellipsize(subText, inner, T.min), size: T.min, fill: filled.length ? (overridden ? COLORS.override : COLORS.log) : COLORS.muted } : null;
  return { name, nameSize, figures, sub };
}

/**
 * `compact` trades detail for height when the full drawing cannot fit at 16 px: 1 drops the data-source line
 * in the boxes, 2 also the supplier/customer line, 3 also the list of kaizen burst titles (the stars stay).
 */
function plan(map: SceneMap, m: VsmMetrics, width: number, boxW: number, compact: number, memberNames?: Readonly<Record<string, string>>): Plan {
  const inner = width - 2 * PM;
  const boxes = new Map(map.stages.map((s) => [s.id, boxText(map, m, s.id, boxW, memberNames)] as const).map(([id, t]) => [id, compact >= 1 ? { ...t, sub: null } : t] as const));
  const texts = [...boxes.values()];
  const nameLines = Math.max(1, ...texts.map((b) => b.name.length));
  const figureLines = Math.max(2, ...texts.map((b) => b.figures.length));
  const sub = texts.some((b) => b.sub);
  const boxH = 26 + (nameLines - 1) * LINE.name + figureLines * LINE.figure + (sub ? LINE.sub : 0) + 9;
  const hasLoops = map.stages.some((s) => s.reworkToId && s.reworkShare > 0);

  const ext = (kind: 'supplier' | 'customer', label: string, maxW: number) =>
    map.externals.filter((e) => e.kind === kind && compact < 2).slice(0, 2).map((e) => ellipsize(`${label}: ${e.name}${e.sla ? ` — SLA ${e.sla}` : ''}`, maxW, T.min));
  const both = map.externals.some((e) => e.kind === 'supplier') && map.externals.some((e) => e.kind === 'customer');
  const externals = { left: ext('supplier', '▷ Supplier', both ? inner / 2 - 12 : inner), right: ext('customer', 'Customer ▷', both ? inner / 2 - 12 : inner) };
  const extLines = Math.max(externals.left.length, externals.right.length);

  const u = totalsUnit(map.displayUnit, m.leadTimeMs, m.processTimeMs);
  const totals = [`Lead time ${formatDuration(m.leadTimeMs, u)}`, `Process time ${formatDuration(m.processTimeMs, u)}`, `PCE ${formatPercent(m.pce)}`, `Rolled %C&A ${formatPercent(m.rolledCa)}`, ...(m.taktMs !== null ? [`Takt ${formatDuration(m.taktMs)}`] : [])];
  const constraint = m.constraint ? `Constraint: ${m.constraint.name} — ${m.constraint.criterion === 'above-takt' ? 'above takt' : 'largest process time'} (${formatDuration(m.constraint.effectivePtMs)})` : 'Constraint: enter process times to find it';
  const footer: Line[] = [
    ...wrap(totals, ' · ', inner, T.total, true, 3).map((s) => ({ s, size: T.total, bold: true })),
    ...wrap(constraint.split(' '), ' ', inner, T.figure, false, 2).map((s) => ({ s, size: T.figure, fill: m.constraint ? COLORS.constraint : COLORS.muted })),
    ...(map.bursts.length && compact < 3 ? wrap(map.bursts.map((b, i) => `${i === 0 ? 'Kaizen bursts: ' : ''}${i + 1} ${b.title}`), ' · ', inner, T.min, false, 2).map((s) => ({ s, size: T.min })) : []),
  ];
  const header = [{ s: ellipsize(mapTitle(map), inner, T.title, true), size: T.title, bold: true }];
  const g: LayoutGeometry = { boxW, boxH, gap: PGAP, branchGap: 20, margin: PM, headerH: 32 + extLines * LINE.header + 4, loopBand: hasLoops ? 40 : 18, ladderH: 58, rowGap: 10, footerLine: LINE.footer };
  const layout = layoutMap(m.blocks, width, footer.length, true, g);
  const perRow = Math.min(m.blocks.length, layout.columns);
  const indent = Math.max(0, (inner - perRow * (PGAP + boxW)) / 2);
  return { width, layout, g, boxes, header, externals, footer, indent };
}

/** The plan with the fewest rows whose boxes stay at least MIN_BOX_W wide and that fits `w` × `h`, if any. */
function fitting(map: SceneMap, m: VsmMetrics, w: number, h: number, compact: number, memberNames?: Readonly<Record<string, string>>): Plan | null {
  for (let c = Math.max(1, m.blocks.length); c >= 1; c--) {
    const boxW = Math.min(MAX_BOX_W, Math.floor((w - 2 * PM) / c - PGAP));
    if (boxW < MIN_BOX_W) continue;
    const p = plan(map, m, w, boxW, compact, memberNames);
    if (p.layout.height <= h) return p;
  }
  return null;
}

/**
 * Chooses the drawing size for the presenter area: the largest zoom (up to MAX_ZOOM, so small maps get
 * larger text) at which a layout fits `view` with boxes wide enough for the text. The drawing is then
 * `view / zoom` units wide, and shown scaled by at least `zoom`, so no text is under T.min px. Full detail
 * first, then more compact; when nothing fits (many stages, a small area) the layout scaled down least.
 */
function presenterPlan(map: SceneMap, m: VsmMetrics, view: PresenterView, memberNames?: Readonly<Record<string, string>>): Plan {
  for (let compact = 0; compact <= 3; compact++)
    for (let z = MAX_ZOOM; z >= 1 - 1e-9; z -= 0.05) {
      const p = fitting(map, m, Math.floor(view.width / z), Math.floor(view.height / z), compact, memberNames);
      if (p) return p;
    }
  let best: { p: Plan; scale: number } | null = null;
  for (let c = Math.max(1, m.blocks.length); c >= 1; c--) {
    const boxW = Math.max(MIN_BOX_W, Math.min(MAX_BOX_W, Math.floor((view.width - 2 * PM) / c - PGAP)));
    const w = Math.max(Math.floor(view.width), 2 * PM + c * (PGAP + boxW));
    const p = plan(map, m, w, boxW, 3, memberNames);
    const scale = Math.min(view.width / w, view.height / p.layout.height);
    if (!best || scale > best.scale + 1e-9) best = { p, scale };
  }
  return best!.p;
}

function txt(x: number, y: number, l: Line, attrs: Record<string, string | number> = {}): SvgNode {
  return el('text', { x, y, 'font-size': l.size, fill: l.fill ?? COLORS.ink, 'font-weight': l.bold ? 700 : undefined, ...attrs }, l.s);
}

function presenterBox(map: SceneMap, m: VsmMetrics, p: Plan, b: Box): SvgNode {
  const s = map.stages.find((x) => x.id === b.stageId)!;
  const sm = m.stages.find((x) => x.stageId === s.id)!;
  const t = p.boxes.get(s.id)!;
  const isConstraint = m.constraint?.stageId === s.id;
  const stroke = isConstraint || sm.aboveTakt ? COLORS.constraint : COLORS.line;
  const nameLines = Math.max(1, ...[...p.boxes.values()].map((x) => x.name.length));
  const cx = b.x + 9;
  let y = b.y + 26 + (nameLines - 1) * LINE.name;
  const figures = t.figures.map((f) => txt(cx, (y += LINE.figure), f));
  const bursts = map.bursts.filter((x) => x.stageId === s.id);
  const badgeW = textWidth('CONSTRAINT', T.min, true) + 10;
  return el('g', { 'data-stage-id': s.id, 'data-stage-name': s.name, class: 'vsm-stage' }, [
    el('rect', { x: b.x, y: b.y, width: b.w, height: b.h, rx: 6, fill: COLORS.box, stroke, 'stroke-width': isConstraint ? 4 : 2, 'stroke-dasharray': sm.aboveTakt && !isConstraint ? '6 3' : undefined }),
    ...t.name.map((n, i) => txt(cx, b.y + 26 + i * LINE.name, { s: n, size: t.nameSize, bold: true }, i === 0 ? { class: 'vsm-stage-name' } : {})),
    ...figures,
    t.sub ? txt(cx, b.y + b.h - 9, t.sub) : null,
    isConstraint ? el('g', {}, [el('rect', { x: b.x + b.w - badgeW, y: b.y - 12, width: badgeW, height: 22, rx: 4, fill: COLORS.constraint }), txt(b.x + b.w - badgeW / 2, b.y + 5, { s: 'CONSTRAINT', size: T.min, fill: '#fff', bold: true }, { 'text-anchor': 'middle' })]) : null,
    bursts.length ? el('g', { class: 'vsm-burst' }, [el('polygon', { points: starPoints(b.x - 3, b.y - 2, 15, 0.6), fill: COLORS.burst, stroke: COLORS.ink }), txt(b.x - 3, b.y + 4, { s: String(map.bursts.indexOf(bursts[0]!) + 1), size: T.min, bold: true }, { 'text-anchor': 'middle' })]) : null,
  ]);
}

/** Arrows, wait triangles and the timeline ladder; the PT label ends at the box's right edge, the step sits after the WT label. */
function presenterFlow(p: Plan, m: VsmMetrics): SvgNode[] {
  const out: SvgNode[] = [];
  const { layout, g } = p;
  for (const row of layout.rows) {
    for (let blk = row.firstBlock; blk <= row.lastBlock; blk++) {
      const boxes = layout.boxes.filter((b) => b.block === blk);
      const first = boxes[0]!;
      const gx = first.x - g.gap;
      for (const b of boxes) {
        const my = b.y + b.h / 2;
        out.push(el('line', { x1: gx + 2, y1: my, x2: b.x - 3, y2: my, stroke: COLORS.line, 'stroke-width': 2.5, 'marker-end': 'url(#vsm-arrow)' }));
      }
      const midY = first.y + first.h / 2;
      out.push(el('polygon', { points: `${gx + 13},${midY - 26} ${gx + 2},${midY - 7} ${gx + 24},${midY - 7}`, fill: COLORS.wait, stroke: COLORS.ink }));
      const step = m.ladder[blk]!;
      const ly = row.ladderY;
      const wt = `WT ${formatDuration(step.waitMs)}`;
      const end = first.x + first.w;
      const split = Math.min(end - 8, Math.max(first.x + first.w * 0.42, gx + 2 + textWidth(wt, T.min) + 6));
      out.push(el('polyline', { points: `${gx},${ly + 6} ${split},${ly + 6} ${split},${ly + 34} ${end},${ly + 34}`, fill: 'none', stroke: COLORS.ink, 'stroke-width': 2 }));
      out.push(txt(gx + 2, ly + 25, { s: wt, size: T.min }));
      out.push(txt(end, ly + 53, { s: `PT ${formatDuration(step.processMs)}`, size: T.min }, { 'text-anchor': 'end' }));
    }
  }
  return out;
}

function presenterLoops(map: SceneMap, layout: Layout): SvgNode[] {
  const style = { fill: 'none', stroke: COLORS.constraint, 'stroke-width': 2.5, 'stroke-dasharray': '6 4', 'marker-end': 'url(#vsm-arrow-red)' };
  return reworkLoops(map, layout, 20).flatMap((l) => {
    const label: Line = { s: l.label, size: T.min, fill: COLORS.constraint, bold: true };
    return [el('path', { ...style, d: l.d }), l.sameRow ? txt(l.x, l.y - 3, label, { 'text-anchor': 'middle' }) : txt(l.x, l.y, label)];
  });
}

/**
 * The projector drawing: bigger type (nothing under 16 units), boxes as wide as the area allows, stages
 * wrapped into rows when one row would squeeze the text, centred, and the metrics wrapped to the width.
 */
export function buildPresenterScene(map: SceneMap, metrics: VsmMetrics, view: PresenterView, memberNames?: Readonly<Record<string, string>>): Readonly<{ root: SvgNode; layout: Layout }> {
  const p = presenterPlan(map, metrics, view, memberNames);
  const { width, layout, g } = p;
  const height = layout.height;
  const arrow = (id: string, color: string) => el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' }, [el('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: color })]);
  const extY = (i: number) => PM + 32 + 16 + i * LINE.header;
  const root = el('svg', { xmlns: 'http://www.w3.org/2000/svg', width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT, role: 'img', 'aria-labelledby': 'vsm-title vsm-desc' }, [
    el('title', { id: 'vsm-title' }, `Value-stream map: ${map.name}`),
    el('desc', { id: 'vsm-desc' }, describeMap(map, metrics)),
    el('defs', {}, [arrow('vsm-arrow', COLORS.line), arrow('vsm-arrow-red', COLORS.constraint)]),
    el('rect', { x: 0, y: 0, width, height, fill: COLORS.bg }),
    txt(PM, PM + 24, p.header[0]!),
    ...p.externals.left.map((s, i) => txt(PM, extY(i), { s, size: T.min })),
    ...p.externals.right.map((s, i) => txt(width - PM, extY(i), { s, size: T.min }, { 'text-anchor': 'end' })),
    map.stages.length === 0 ? txt(PM, g.margin + g.headerH + 40, { s: 'No stages yet.', size: T.name, fill: COLORS.muted }) : null,
    el('g', { transform: p.indent ? `translate(${p.indent.toFixed(1)} 0)` : undefined }, [
      ...presenterFlow(p, metrics),
      ...layout.boxes.map((b) => presenterBox(map, metrics, p, b)),
      ...presenterLoops(map, layout),
    ]),
    ...p.footer.map((l, i) => txt(PM, layout.footerY + 20 + i * LINE.footer, l)),
  ]);
  return { root, layout };
}
