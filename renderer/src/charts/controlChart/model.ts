import type { SpcPanelOut } from '../../../../common/contract/schemas/spc';
import { panelColumns } from '../../../../common/domain/spc/packed';

/**
 * A control-chart panel as typed arrays, so 1,000,000 points draw without per-point objects.
 * NaN in ucl/lcl means "no limit" (e.g. σ = 0).
 */
export type ChartModel = Readonly<{
  statistic: string;
  values: Float64Array;
  center: Float64Array;
  ucl: Float64Array;
  lcl: Float64Array;
  /** Bitmask of tests per point (bit t − 1 = test t). */
  tests: Uint8Array;
  /** 1-based point numbers as shown in reports (the MR panel starts at 2). */
  index: Int32Array;
  label: (i: number) => string;
  time: (i: number) => number | undefined;
  n: (i: number) => number;
  stages: readonly Readonly<{ name: string; start: number }>[];
  /** Every signal of the whole panel (also those of points not sent, when decimated), in point order. */
  signals?: readonly Readonly<{ test: number; index: number }>[];
  /** Points of the whole panel (more than `values.length` when the server decimated them). */
  total?: number;
}>;

const models = new WeakMap<SpcPanelOut, ChartModel>();

/** The panel's packed columns as a model (decoded once per panel object: the text alternative reuses it). */
export function modelFromPanel(p: SpcPanelOut): ChartModel {
  const cached = models.get(p);
  if (cached) return cached;
  const c = panelColumns(p);
  const m = p.count;
  const tests = new Uint8Array(m);
  const pos = new Map<number, number>();
  for (let i = 0; i < m; i++) pos.set(c.index[i]!, i);
  for (const s of c.signals) {
    const i = pos.get(s.index);
    if (i !== undefined) tests[i] = tests[i]! | (1 << (s.test - 1));
  }
  // No limit is NaN here (±∞ on the wire).
  const ucl = c.ucl.map((v) => (Number.isFinite(v) ? v : NaN));
  const lcl = c.lcl.map((v) => (Number.isFinite(v) ? v : NaN));
  const stages: { name: string; start: number }[] = [];
  let st = -1;
  for (let i = 0; i < m; i++) {
    const index = c.index[i]!;
    let k = st;
    while (k + 1 < p.stages.length && index >= p.stages[k + 1]!.from) k++;
    if (k !== st || i === 0) {
      stages.push({ name: p.stages[Math.max(k, 0)]?.name ?? '', start: i });
      st = k;
    }
  }
  const model: ChartModel = { statistic: p.statistic, values: c.value, center: c.center, ucl, lcl, tests, index: c.index, label: c.label, time: c.time, n: c.n, stages, signals: c.signals, total: p.total };
  models.set(p, model);
  return model;
}

/** A synthetic model (benchmarks, tests): constant limits, one stage. */
export function modelFromArrays(values: Float64Array, c: number, u: number, l: number, tests?: Uint8Array): ChartModel {
  const m = values.length;
  const index = new Int32Array(m);
  for (let i = 0; i < m; i++) index[i] = i + 1;
  return {
    statistic: 'i',
    values,
    center: new Float64Array(m).fill(c),
    ucl: new Float64Array(m).fill(u),
    lcl: new Float64Array(m).fill(l),
    tests: tests ?? new Uint8Array(m),
    index,
    label: (i) => String(i + 1),
    time: () => undefined,
    n: () => 1,
    stages: [{ name: '', start: 0 }],
  };
}

/**
 * Points [i0, i1) of a model (array positions). With `index` (the model's point numbers) x follows the point
 * numbers, so a model the server decimated (not every point sent) still puts each point where it belongs.
 */
export type Domain = Readonly<{ i0: number; i1: number; index?: Int32Array }>;

/** Where position i sits across the domain, 0 (first) to 1 (last). */
export function fractionOf(d: Domain, i: number): number {
  const ix = d.index;
  if (ix) return (ix[i]! - ix[d.i0]!) / Math.max(1, ix[Math.max(d.i0, d.i1 - 1)]! - ix[d.i0]!);
  return (i - d.i0) / Math.max(1, d.i1 - 1 - d.i0);
}

/** The position nearest to fraction f (0–1) of the domain: the inverse of fractionOf. */
export function positionAt(d: Domain, f: number): number {
  const ix = d.index;
  if (!ix) return Math.min(d.i1 - 1, Math.max(d.i0, Math.round(d.i0 + f * Math.max(1, d.i1 - 1 - d.i0))));
  const target = ix[d.i0]! + f * Math.max(1, ix[Math.max(d.i0, d.i1 - 1)]! - ix[d.i0]!);
  let a = d.i0;
  let b = d.i1 - 1;
  while (a < b) {
    const mid = (a + b) >> 1;
    if (ix[mid]! < target) a = mid + 1;
    else b = mid;
  }
  return a > d.i0 && target - ix[a - 1]! < ix[a]! - target ? a - 1 : a;
}

/**
 * y extent of values and limits over points [i0, i1), padded 5 %. `also` is a second series drawn on the
 * same panel with the same point indices (CUSUM's lower sum under its upper sum).
 */
export function yExtent(m: ChartModel, d: Domain, also?: ChartModel): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const { values, ucl, lcl } of also ? [m, also] : [m]) {
    // Inline comparisons rather than a helper call per value: on a chart's first render this loop runs
    // before V8 has optimised it, where 3 calls per point cost several ms at 100,000 points.
    for (let i = d.i0; i < d.i1; i++) {
      const v = values[i]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      const u = ucl[i]!;
      if (u < lo) lo = u;
      if (u > hi) hi = u;
      const l = lcl[i]!;
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    }
  }
  if (!(hi > lo)) {
    const c = Number.isFinite(lo) ? lo : 0;
    return [c - 1, c + 1];
  }
  const pad = (hi - lo) * 0.05;
  // Non-negative statistics (ranges, counts, latencies) keep the axis at 0 rather than padding below it.
  return [lo >= 0 ? Math.max(0, lo - pad) : lo - pad, hi + pad];
}

/**
 * Min/max-per-pixel decimation: for each pixel column of the plot, the first, last, min and max of the
 * points falling in it. Drawing the min→max bar per column plus the joins between columns is visually
 * identical to drawing every point, in O(n) time and O(width) output.
 */
export function decimate(values: Float64Array, d: Domain, width: number): { first: Float64Array; last: Float64Array; min: Float64Array; max: Float64Array; used: Uint8Array } {
  const cols = Math.max(1, Math.floor(width));
  const first = new Float64Array(cols);
  const last = new Float64Array(cols);
  const min = new Float64Array(cols).fill(Infinity);
  const max = new Float64Array(cols).fill(-Infinity);
  const used = new Uint8Array(cols);
  const span = Math.max(1, d.i1 - 1 - d.i0);
  const scale = (cols - 1) / span;
  for (let i = d.i0; i < d.i1; i++) {
    const v = values[i]!;
    const c = d.index ? Math.round(fractionOf(d, i) * (cols - 1)) : Math.round((i - d.i0) * scale);
    if (!used[c]) {
      used[c] = 1;
      first[c] = v;
    }
    last[c] = v;
    if (v < min[c]!) min[c] = v;
    if (v > max[c]!) max[c] = v;
  }
  return { first, last, min, max, used };
}
