import { packFloat64, packInt32, unpackFloat64, unpackInt32 } from './base64';
import { countBelow, labelAt, limitCursor, shownNAt } from './chartColumns';
import type { ChartArrays, ColumnChart, ColumnPanel, Limits } from './chartColumns';
import type { TestNumber } from './runRules';
import type { PanelStatistic, SpcPanel } from './types';

/**
 * A control-chart panel as it crosses the boundary: columns of numbers packed as base64 of little-endian
 * Float64/Int32 arrays instead of one JSON object per point (≈ 310 bytes a point before, ≈ 30 now). Limits
 * are sent only where they change (runs), signals as (index, test) pairs, subgroup names only when they are
 * not simply the point numbers. Open limits (±∞, e.g. an LCL below 0 that does not exist) travel as
 * ±Infinity inside the Float64 columns and are null in the decoded form, as before.
 */
export type PackedPanel = {
  statistic: PanelStatistic;
  center: number;
  sigma: number | null;
  ucl?: number | null;
  lcl?: number | null;
  stages: { name: string; from: number; to: number; center: number; sigma: number | null; ucl: number | null; lcl: number | null }[];
  testsApplied: number[];
  /** Points in the whole panel (before decimation). */
  total: number;
  /** Points sent (the length of every point column). */
  count: number;
  /** True when `count` < the points of the requested range: min/max per pixel column, every signal kept. */
  decimated: boolean;
  /** Int32: 1-based point number of each point sent (the MR panel starts at 2). */
  index: string;
  /** Float64: the plotted statistic. */
  value: string;
  /** Float64: points per subgroup, or one number when every subgroup has the same size. */
  n: string | number;
  /** Float64: epoch ms of each point (NaN when unknown); absent when no point has a time. */
  time?: string;
  /** Subgroup name of each point; null when it is the point number itself. */
  labels: string[] | null;
  /** Limit runs: from each `at` position (into the point columns) on, these centre/UCL/LCL hold. */
  limits: { at: string; center: string; ucl: string; lcl: string };
  /** Int32 pairs (point number, test) of every signal of the whole panel, in point order. */
  signals: string;
};

/** What to send: every point, or min/max per pixel column of `width` pixels over `range` (1-based point numbers, inclusive). */
export type PanelView = Readonly<{ width?: number; range?: Readonly<{ from: number; to: number }> }>;

/** Up to this many points per pixel column a range goes at full resolution (the canvas does not merge more). */
export const FULL_RESOLUTION_PER_PIXEL = 2;

const nullIfInfinite = (v: number) => (Number.isFinite(v) ? v : null);

/**
 * Positions of the points sent: those in `range`; when they are more than 2 per pixel, for each of `width`
 * pixel columns the first, last, lowest and highest point, plus every point with a signal and the first and
 * last point of every stage (so stage boundaries stay where they are).
 */
export function decimatedPositions(p: SpcPanel, view: PanelView): Int32Array {
  const pts = p.points;
  let lo = 0;
  let hi = pts.length;
  if (view.range) {
    const { from, to } = view.range;
    while (lo < hi && pts[lo]!.index < from) lo++;
    while (hi > lo && pts[hi - 1]!.index > to) hi--;
  }
  const m = hi - lo;
  const width = view.width;
  if (width === undefined || m <= FULL_RESOLUTION_PER_PIXEL * width) {
    const all = new Int32Array(m);
    for (let i = 0; i < m; i++) all[i] = lo + i;
    return all;
  }
  const keep = new Uint8Array(m);
  let bucket = -1;
  let first = 0;
  let min = 0;
  let max = 0;
  const close = (last: number) => {
    keep[first] = 1;
    keep[last] = 1;
    keep[min] = 1;
    keep[max] = 1;
  };
  for (let i = 0; i < m; i++) {
    const b = Math.floor((i * width) / m);
    const v = pts[lo + i]!.value;
    if (b !== bucket) {
      if (bucket >= 0) close(i - 1);
      bucket = b;
      first = min = max = i;
    } else if (Number.isFinite(v)) {
      // NaN (the first MR point) never wins; a bucket starting with NaN takes the first finite value.
      const vmin = pts[lo + min]!.value;
      const vmax = pts[lo + max]!.value;
      if (!(v >= vmin)) min = i;
      if (!(v <= vmax)) max = i;
    }
  }
  if (m > 0) close(m - 1);
  for (let i = 0; i < m; i++) if (pts[lo + i]!.tests.length > 0) keep[i] = 1;
  for (const st of p.stages) {
    for (const idx of [st.from, st.to]) {
      const i = pts.findIndex((q) => q.index >= idx) - lo;
      if (i >= 0 && i < m) keep[i] = 1;
    }
  }
  let count = 0;
  for (let i = 0; i < m; i++) count += keep[i]!;
  const out = new Int32Array(count);
  let o = 0;
  for (let i = 0; i < m; i++) if (keep[i]) out[o++] = lo + i;
  return out;
}

/** Packs a panel of the SPC engine for the contract, decimated to `view` when asked (or to the positions given). */
export function packPanel(p: SpcPanel, view: PanelView = {}, positions?: Int32Array): PackedPanel {
  const pos = positions ?? decimatedPositions(p, view);
  const m = pos.length;
  const index = new Int32Array(m);
  const value = new Float64Array(m);
  const n = new Float64Array(m);
  const time = new Float64Array(m);
  const runs: number[] = [];
  let sameN = true;
  let anyTime = false;
  let labelsAreIndex = true;
  const labels: string[] = new Array<string>(m);
  for (let i = 0; i < m; i++) {
    const q = p.points[pos[i]!]!;
    index[i] = q.index;
    value[i] = q.value;
    n[i] = q.n;
    if (q.n !== n[0]) sameN = false;
    time[i] = q.time ?? NaN;
    if (q.time !== undefined) anyTime = true;
    labels[i] = q.subgroup;
    if (labelsAreIndex && q.subgroup !== String(q.index)) labelsAreIndex = false;
    const prev = i > 0 ? p.points[pos[i - 1]!]! : undefined;
    if (!prev || !Object.is(prev.center, q.center) || !Object.is(prev.ucl, q.ucl) || !Object.is(prev.lcl, q.lcl)) runs.push(i);
  }
  const at = new Int32Array(runs);
  const center = new Float64Array(runs.length);
  const ucl = new Float64Array(runs.length);
  const lcl = new Float64Array(runs.length);
  runs.forEach((i, r) => {
    const q = p.points[pos[i]!]!;
    center[r] = q.center;
    ucl[r] = q.ucl;
    lcl[r] = q.lcl;
  });
  const signals = new Int32Array(p.signals.length * 2);
  p.signals.forEach((s, i) => {
    signals[2 * i] = s.index;
    signals[2 * i + 1] = s.test;
  });
  const inRange = view.range ? p.points.filter((q) => q.index >= view.range!.from && q.index <= view.range!.to).length : p.points.length;
  return {
    statistic: p.statistic,
    center: p.center,
    sigma: nullIfInfinite(p.sigma),
    ...(p.ucl !== undefined ? { ucl: nullIfInfinite(p.ucl) } : {}),
    ...(p.lcl !== undefined ? { lcl: nullIfInfinite(p.lcl) } : {}),
    stages: p.stages.map((st) => ({ name: st.name, from: st.from, to: st.to, center: st.center, sigma: nullIfInfinite(st.sigma), ucl: st.ucl === null ? null : nullIfInfinite(st.ucl), lcl: st.lcl === null ? null : nullIfInfinite(st.lcl) })),
    testsApplied: [...p.testsApplied],
    total: p.points.length,
    count: m,
    decimated: m < inRange,
    index: packInt32(index),
    value: packFloat64(value),
    n: sameN ? (m > 0 ? n[0]! : 1) : packFloat64(n),
    ...(anyTime ? { time: packFloat64(time) } : {}),
    labels: labelsAreIndex ? null : labels,
    limits: { at: packInt32(at), center: packFloat64(center), ucl: packFloat64(ucl), lcl: packFloat64(lcl) },
    signals: packInt32(signals),
  };
}

/**
 * Packs a chart's panels. Panels over the same points (CUSUM's upper and lower sums, drawn as one panel)
 * keep the same points: the union of what each would keep.
 */
export function packPanels(panels: readonly SpcPanel[], view: PanelView = {}): PackedPanel[] {
  const key = (p: SpcPanel) => `${p.points.length}:${p.points[0]?.index ?? 0}`;
  const shared = new Map<string, Int32Array>();
  for (const p of panels) {
    const k = key(p);
    const mine = decimatedPositions(p, view);
    const other = shared.get(k);
    shared.set(k, other ? Int32Array.from(new Set([...other, ...mine])).sort() : mine);
  }
  return panels.map((p) => packPanel(p, view, shared.get(key(p))));
}

/** A packed panel's columns as typed arrays, per point (limits expanded from their runs). */
export type PanelColumns = Readonly<{
  index: Int32Array;
  value: Float64Array;
  center: Float64Array;
  /** ±Infinity where there is no limit. */
  ucl: Float64Array;
  lcl: Float64Array;
  n: (i: number) => number;
  time: (i: number) => number | undefined;
  label: (i: number) => string;
  signals: { test: TestNumber; index: number }[];
}>;

export function panelColumns(p: PackedPanel): PanelColumns {
  const index = unpackInt32(p.index);
  const value = unpackFloat64(p.value);
  if (index.length !== p.count || value.length !== p.count) throw new Error(`Packed panel ${p.statistic}: ${p.count} points announced, ${index.length} indices and ${value.length} values sent.`);
  const at = unpackInt32(p.limits.at);
  const runCenter = unpackFloat64(p.limits.center);
  const runUcl = unpackFloat64(p.limits.ucl);
  const runLcl = unpackFloat64(p.limits.lcl);
  const center = new Float64Array(p.count);
  const ucl = new Float64Array(p.count);
  const lcl = new Float64Array(p.count);
  for (let r = 0; r < at.length; r++) {
    const end = r + 1 < at.length ? at[r + 1]! : p.count;
    center.fill(runCenter[r]!, at[r], end);
    ucl.fill(runUcl[r]!, at[r], end);
    lcl.fill(runLcl[r]!, at[r], end);
  }
  const n = typeof p.n === 'number' ? undefined : unpackFloat64(p.n);
  const constN = typeof p.n === 'number' ? p.n : 1;
  const time = p.time !== undefined ? unpackFloat64(p.time) : undefined;
  const pairs = unpackInt32(p.signals);
  const signals: { test: TestNumber; index: number }[] = [];
  for (let i = 0; i + 1 < pairs.length; i += 2) signals.push({ index: pairs[i]!, test: pairs[i + 1]! as TestNumber });
  const labels = p.labels;
  return {
    index,
    value,
    center,
    ucl,
    lcl,
    n: n ? (i) => n[i] ?? constN : () => constN,
    time: time ? (i) => (Number.isNaN(time[i]) ? undefined : time[i]) : () => undefined,
    label: labels ? (i) => labels[i] ?? '' : (i) => String(index[i] ?? ''),
    signals,
  };
}

/** A panel with one object per point: the form the contract sent before packing (reports, summaries, tests). */
export type PanelObjects = Omit<PackedPanel, 'count' | 'index' | 'value' | 'n' | 'time' | 'labels' | 'limits' | 'signals'> & {
  points: { index: number; subgroup: string; value: number; center: number; ucl: number | null; lcl: number | null; stage: string; tests: number[]; n: number; time?: number }[];
  signals: { test: number; index: number }[];
};

/** Decodes a packed panel into one object per point (the points sent; signals of the whole panel). */
export function unpackPanel(p: PackedPanel): PanelObjects {
  const c = panelColumns(p);
  const tests = new Map<number, number[]>();
  for (const s of c.signals) {
    const t = tests.get(s.index);
    if (t) t.push(s.test);
    else tests.set(s.index, [s.test]);
  }
  const stageOf = (index: number) => p.stages.find((st) => index >= st.from && index <= st.to)?.name ?? p.stages[p.stages.length - 1]?.name ?? '';
  const points: PanelObjects['points'] = [];
  for (let i = 0; i < p.count; i++) {
    const index = c.index[i]!;
    const time = c.time(i);
    points.push({ index, subgroup: c.label(i), value: c.value[i]!, center: c.center[i]!, ucl: nullIfInfinite(c.ucl[i]!), lcl: nullIfInfinite(c.lcl[i]!), stage: stageOf(index), tests: tests.get(index) ?? [], n: c.n(i), ...(time !== undefined ? { time } : {}) });
  }
  const { count: _c, index: _i, value: _v, n: _n, time: _t, labels: _l, limits: _lim, signals: _s, ...rest } = p;
  return { ...rest, points, signals: c.signals };
}

/** A whole chart answer with its panels decoded (everything else unchanged). */
export function unpackChart<T extends { panels: PackedPanel[] }>(c: T): Omit<T, 'panels'> & { panels: PanelObjects[] } {
  return { ...c, panels: c.panels.map(unpackPanel) };
}

/** Packs a panel given with one object per point (null = no limit): tests and fixtures write panels this way. */
export function packPanelObjects(p: Omit<PanelObjects, 'total' | 'decimated'>, view: PanelView = {}): PackedPanel {
  const open = (v: number | null, sign: 1 | -1) => v ?? sign * Infinity;
  return packPanel({
    statistic: p.statistic,
    center: p.center,
    sigma: p.sigma ?? Infinity,
    ...(p.ucl !== undefined ? { ucl: open(p.ucl, 1) } : {}),
    ...(p.lcl !== undefined ? { lcl: open(p.lcl, -1) } : {}),
    points: p.points.map((q) => ({ ...q, ucl: open(q.ucl, 1), lcl: open(q.lcl, -1), tests: q.tests as TestNumber[] })),
    signals: p.signals.map((s) => ({ test: s.test as TestNumber, index: s.index })),
    stages: p.stages.map((st) => ({ ...st, sigma: st.sigma ?? Infinity })),
    testsApplied: p.testsApplied as TestNumber[],
  }, view);
}

/**
 * The positions (0-based subgroup positions, ascending) a column panel sends for `view`: the same points
 * `decimatedPositions` picks from the object form — every point in the range when it fits 2 per pixel, else
 * per pixel column the first, last, lowest and highest, every signal point and each stage's first and last —
 * computed on the columns, without one object per point.
 */
export function columnPositions(p: ColumnPanel, data: ChartArrays, view: PanelView): Int32Array {
  // A panel never changes once built: the last few views' positions are kept with it (re-opening at the same width).
  const key = `${view.width ?? ''}|${view.range?.from ?? ''}|${view.range?.to ?? ''}`;
  let memo = positionsMemo.get(p);
  const known = memo?.get(key);
  if (known) return known;
  const positions = computePositions(p, data, view);
  if (!memo) positionsMemo.set(p, (memo = new Map()));
  if (memo.size >= 8) memo.delete(memo.keys().next().value!);
  memo.set(key, positions);
  return positions;
}

const positionsMemo = new WeakMap<ColumnPanel, Map<string, Int32Array>>();

function computePositions(p: ColumnPanel, data: ChartArrays, view: PanelView): Int32Array {
  const sk = p.skipped;
  // Point-list indices [lo, hi) of the range, as decimatedPositions counts them (skipped positions are no points).
  let posLo = 0;
  let posHi = data.m;
  if (view.range) {
    posLo = Math.min(data.m, Math.max(0, view.range.from - 1));
    posHi = Math.max(posLo, Math.min(data.m, view.range.to));
  }
  const lo = posLo - countBelow(sk, posLo);
  const hi = Math.max(lo, posHi - countBelow(sk, posHi));
  const m = hi - lo;
  // Kept points marked by position (relative to posLo), then listed in order.
  const keep = new Uint8Array(posHi - posLo);
  const width = view.width;
  if (width === undefined || m <= FULL_RESOLUTION_PER_PIXEL * width) {
    keep.fill(1);
    for (let j = countBelow(sk, posLo); j < sk.length && sk[j]! < posHi; j++) keep[sk[j]! - posLo] = 0;
    return listKept(keep, posLo, m);
  }
  const v = p.value;
  let s = countBelow(sk, posLo);
  let pos = posLo;
  let i = 0;
  // Pixel column b holds the points i with floor(i·width/m) = b, i.e. i < ceil((b + 1)·m/width): more than 2 each here.
  for (let b = 0; b < width; b++) {
    const end = Math.min(m, Math.ceil(((b + 1) * m) / width));
    if (end <= i) continue;
    while (s < sk.length && sk[s] === pos) {
      s++;
      pos++;
    }
    let minPos = pos, maxPos = pos, lastPos = pos;
    let vmin = v[pos]!, vmax = vmin;
    keep[pos - posLo] = 1;
    for (pos++, i++; i < end; i++, pos++) {
      while (s < sk.length && sk[s] === pos) {
        s++;
        pos++;
      }
      const x = v[pos]!;
      // NaN (the first MR point) never wins; a bucket starting with NaN takes the first finite value.
      if (x - x === 0) {
        if (!(x >= vmin)) {
          minPos = pos;
          vmin = x;
        }
        if (!(x <= vmax)) {
          maxPos = pos;
          vmax = x;
        }
      }
      lastPos = pos;
    }
    keep[lastPos - posLo] = 1;
    keep[minPos - posLo] = 1;
    keep[maxPos - posLo] = 1;
  }
  // Every signal point (from the panel's signal pairs, in point order: no pass over the masks).
  const sig = p.signals;
  for (let j = 2 * firstSignalAtOrAfter(sig, posLo + 1); j < sig.length && sig[j]! <= posHi; j += 2) keep[sig[j]! - 1 - posLo] = 1;
  for (const st of p.stages) {
    for (const idx of [st.from, st.to]) {
      // The first point numbered idx or later, when it is in the range.
      let q = Math.max(0, idx - 1);
      let k = countBelow(sk, q);
      while (k < sk.length && sk[k] === q) {
        k++;
        q++;
      }
      if (q >= posLo && q < posHi) keep[q - posLo] = 1;
    }
  }
  for (let j = countBelow(sk, posLo); j < sk.length && sk[j]! < posHi; j++) keep[sk[j]! - posLo] = 0;
  let count = 0;
  for (let q = 0; q < keep.length; q++) count += keep[q]!;
  return listKept(keep, posLo, count);
}

/** The first signal pair (index into pairs) whose point number is ≥ `index`. */
function firstSignalAtOrAfter(pairs: Int32Array, index: number): number {
  let lo = 0;
  let hi = pairs.length / 2;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (pairs[2 * mid]! < index) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Positions (posLo + q) of the marked entries, ascending. */
function listKept(keep: Uint8Array, posLo: number, count: number): Int32Array {
  const out = new Int32Array(count);
  let o = 0;
  for (let q = 0; q < keep.length; q++) if (keep[q] === 1) out[o++] = posLo + q;
  return out;
}

/** Packs a column panel for the contract at the given positions (what packPanel sends for the same points). */
export function packColumnPanel(p: ColumnPanel, data: ChartArrays, view: PanelView, positions: Int32Array): PackedPanel {
  const m = positions.length;
  const index = new Int32Array(m);
  const value = new Float64Array(m);
  const n = new Float64Array(m);
  const time = new Float64Array(m);
  const runs: number[] = [];
  const runLimits: Limits[] = [];
  let sameN = true;
  let anyTime = false;
  let labelsAreIndex = data.labels === null;
  const labels: string[] | null = data.labels === null ? null : new Array<string>(m);
  const limitAt = limitCursor(p, data.segments);
  let prev: Limits | undefined;
  for (let i = 0; i < m; i++) {
    const pos = positions[i]!;
    index[i] = pos + 1;
    value[i] = p.value[pos]!;
    n[i] = shownNAt(data, pos);
    if (n[i] !== n[0]) sameN = false;
    const t = data.time ? data.time[pos]! : NaN;
    time[i] = t;
    if (!Number.isNaN(t)) anyTime = true;
    if (labels) labels[i] = labelAt(data, pos);
    const q = limitAt(pos);
    if (!prev || !Object.is(prev.center, q.center) || !Object.is(prev.ucl, q.ucl) || !Object.is(prev.lcl, q.lcl)) {
      runs.push(i);
      runLimits.push(q);
    }
    prev = q;
  }
  // Names that happen to be the point numbers of the points sent go as null, as packPanel sends them.
  if (labels) labelsAreIndex = labels.every((l, i) => l === String(index[i]));
  const center = Float64Array.from(runLimits, (l) => l.center);
  const ucl = Float64Array.from(runLimits, (l) => l.ucl);
  const lcl = Float64Array.from(runLimits, (l) => l.lcl);
  let inRange = p.total;
  if (view.range) {
    const a = Math.min(data.m, Math.max(0, view.range.from - 1));
    const b = Math.max(a, Math.min(data.m, view.range.to));
    inRange = b - a - (countBelow(p.skipped, b) - countBelow(p.skipped, a));
  }
  return {
    statistic: p.statistic,
    center: p.center,
    sigma: nullIfInfinite(p.sigma),
    ...(p.ucl !== undefined ? { ucl: nullIfInfinite(p.ucl) } : {}),
    ...(p.lcl !== undefined ? { lcl: nullIfInfinite(p.lcl) } : {}),
    stages: p.stages.map((st) => ({ name: st.name, from: st.from, to: st.to, center: st.center, sigma: nullIfInfinite(st.sigma), ucl: st.ucl === null ? null : nullIfInfinite(st.ucl), lcl: st.lcl === null ? null : nullIfInfinite(st.lcl) })),
    testsApplied: [...p.testsApplied],
    total: p.total,
    count: m,
    decimated: m < inRange,
    index: packInt32(index),
    value: packFloat64(value),
    n: sameN ? (m > 0 ? n[0]! : 1) : packFloat64(n),
    ...(anyTime ? { time: packFloat64(time) } : {}),
    labels: labelsAreIndex ? null : labels,
    limits: { at: packInt32(Int32Array.from(runs)), center: packFloat64(center), ucl: packFloat64(ucl), lcl: packFloat64(lcl) },
    signals: packInt32(p.signals),
  };
}

/**
 * Packs a column chart's panels (packPanels for the column form): panels over the same points (CUSUM's
 * upper and lower sums) send the union of what each would keep.
 */
export function packColumnPanels(chart: Pick<ColumnChart, 'panels' | 'data'>, view: PanelView = {}): PackedPanel[] {
  const { panels, data } = chart;
  const firstIndex = (p: ColumnPanel) => (p.total === 0 ? 0 : (p.skipped.length > 0 && p.skipped[0] === 0 ? firstPresent(p.skipped) : 0) + 1);
  const key = (p: ColumnPanel) => `${p.total}:${firstIndex(p)}`;
  const shared = new Map<string, Int32Array>();
  for (const p of panels) {
    const k = key(p);
    const mine = columnPositions(p, data, view);
    const other = shared.get(k);
    shared.set(k, other ? mergeSorted(other, mine) : mine);
  }
  return panels.map((p) => packColumnPanel(p, data, view, shared.get(key(p))!));
}

/** The first position not in the sorted `skipped` (which starts at 0). */
function firstPresent(skipped: Int32Array): number {
  let i = 0;
  while (i < skipped.length && skipped[i] === i) i++;
  return i;
}

function mergeSorted(a: Int32Array, b: Int32Array): Int32Array {
  const out = new Int32Array(a.length + b.length);
  let i = 0, j = 0, o = 0;
  while (i < a.length || j < b.length) {
    const x = j >= b.length || (i < a.length && a[i]! <= b[j]!) ? a[i++]! : b[j++]!;
    if (o === 0 || out[o - 1] !== x) out[o++] = x;
  }
  return out.subarray(0, o);
}
