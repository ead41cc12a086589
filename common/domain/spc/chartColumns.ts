import { testsOf } from './runRules';
import type { TestNumber } from './runRules';
import type { ChartSpec, PanelStatistic, SpcPanel, SpcPoint, StageLimits } from './types';

/** A stage: the run of consecutive subgroups [from, to) (0-based) with one stage name. */
export type Segment = Readonly<{ name: string; from: number; to: number }>;

/**
 * A chart's input as columns, one entry per subgroup (0-based position i = point number − 1): what the
 * engine reads, without one object per point. `x` holds subgroup means (the values themselves for
 * individuals), `count` the counts of attribute charts; `n` the observations per subgroup (variables) or the
 * sample size (attribute), a number when every subgroup has the same.
 */
export type ChartArrays = Readonly<{
  m: number;
  x?: Float64Array;
  range?: Float64Array;
  sd?: Float64Array;
  count?: Float64Array;
  n: Float64Array | number;
  /** The `n` a point shows when it differs from the engine's (a variables subgroup given a `size`). */
  shownN?: Float64Array;
  segments: readonly Segment[];
  /** Subgroup names; null when every name is the point number itself. */
  labels: readonly string[] | null;
  /** Epoch ms per subgroup, NaN when unknown; null when no subgroup has a time. */
  time: Float64Array | null;
}>;

/** A chart request over columns: a ChartSpec with `data` instead of subgroup objects. */
export type ColumnChartSpec = Omit<ChartSpec, 'subgroups'> & Readonly<{ data: ChartArrays }>;

export type Limits = Readonly<{ center: number; ucl: number; lcl: number }>;

/**
 * One panel as columns. Limits are one set per stage (`segLimits`) unless they change within a stage
 * (P with varying n, EWMA's widening start, X̄ with unequal n): then `limits` holds them per position.
 * Positions whose value is NaN are not points when `skipNaN` (the first moving range of each stage);
 * `skipped` lists them in ascending order.
 */
export type ColumnPanel = {
  statistic: PanelStatistic;
  center: number;
  sigma: number;
  ucl?: number;
  lcl?: number;
  stages: StageLimits[];
  testsApplied: TestNumber[];
  target?: number;
  value: Float64Array;
  segLimits: Limits[];
  limits: { center: Float64Array; ucl: Float64Array; lcl: Float64Array } | null;
  masks: Uint8Array;
  skipped: Int32Array;
  /** Points of the panel (positions minus skipped). */
  total: number;
  /** Int32 pairs (point number, test) of every signal, in point order, tests ascending. */
  signals: Int32Array;
};

export type ColumnChart = { chart: ChartSpec['chart']; nsigmas: number; sigmaMethod: string; data: ChartArrays; panels: ColumnPanel[] };

/** Walks a panel's limits position by position, in ascending order (one stage cursor, no search). */
export function limitCursor(p: ColumnPanel, segments: readonly Segment[]): (i: number) => Limits {
  if (p.limits) {
    const { center, ucl, lcl } = p.limits;
    return (i) => ({ center: center[i]!, ucl: ucl[i]!, lcl: lcl[i]! });
  }
  let s = 0;
  return (i) => {
    if (i < segments[s]!.from) s = 0;
    while (i >= segments[s]!.to) s++;
    return p.segLimits[s]!;
  };
}

/** Number of entries of the sorted `a` below `v`. */
export function countBelow(a: Int32Array, v: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export const labelAt = (data: ChartArrays, i: number): string => (data.labels ? data.labels[i]! : String(i + 1));
export const shownNAt = (data: ChartArrays, i: number): number => (data.shownN ? data.shownN[i]! : typeof data.n === 'number' ? data.n : data.n[i]!);

/** The engine's columns of subgroup objects: means, ranges, SDs, counts and sizes (as buildChart always read them). */
export function arraysOfSubgroups(spec: ChartSpec): ChartArrays {
  const g = spec.subgroups;
  const m = g.length;
  const x = new Float64Array(m);
  const n = new Float64Array(m);
  const range = new Float64Array(m);
  const sd = new Float64Array(m);
  const count = new Float64Array(m);
  const attribute = ['p', 'np', 'c', 'u'].includes(spec.chart);
  let shownN: Float64Array | undefined;
  let labels: string[] | null = null;
  let time: Float64Array | null = null;
  for (let i = 0; i < m; i++) {
    const s = g[i]!;
    const v = s.values;
    if (s.label !== String(i + 1)) labels ??= g.slice(0, i).map((q) => q.label);
    labels?.push(s.label);
    if (s.time !== undefined) {
      time ??= new Float64Array(m).fill(NaN);
      time[i] = s.time;
    }
    const shown = s.size ?? v.length;
    if (attribute) {
      count[i] = v[0]!;
      n[i] = s.size ?? 1;
    } else {
      n[i] = v.length;
      let sum = 0, lo = Infinity, hi = -Infinity;
      for (const y of v) {
        sum += y;
        if (y < lo) lo = y;
        if (y > hi) hi = y;
      }
      const mu = sum / v.length;
      x[i] = mu;
      range[i] = hi - lo;
      let ss = 0;
      for (const y of v) ss += (y - mu) ** 2;
      sd[i] = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
    }
    if (!shownN && shown !== n[i]) {
      shownN = new Float64Array(m);
      shownN.set(n.subarray(0, i));
    }
    if (shownN) shownN[i] = shown;
  }
  return { m, x, n, range, sd, count, shownN, segments: segmentsOf(spec.subgroups.map((s) => s.stage ?? '')), labels, time };
}

/** Stages are runs of consecutive subgroups with the same stage name (one stage when none is given). */
export function segmentsOf(stage: (i: number) => string, m: number): Segment[];
export function segmentsOf(stages: readonly string[]): Segment[];
export function segmentsOf(a: readonly string[] | ((i: number) => string), len?: number): Segment[] {
  const at = typeof a === 'function' ? a : (i: number) => a[i]!;
  const m = typeof a === 'function' ? len! : a.length;
  const segs: Segment[] = [];
  let from = 0;
  let name = m > 0 ? at(0) : '';
  for (let i = 1; i <= m; i++) {
    const next = i < m ? at(i) : undefined;
    if (i === m || next !== name) {
      segs.push({ name, from, to: i });
      from = i;
      name = next ?? '';
    }
  }
  return segs;
}

/** A column panel as the SPC engine's object form: one object per point (reports, the CLI, tests). */
export function toSpcPanel(p: ColumnPanel, data: ChartArrays): SpcPanel {
  const limitAt = limitCursor(p, data.segments);
  const points: SpcPoint[] = [];
  const signals: { test: TestNumber; index: number }[] = [];
  let sk = 0;
  for (const seg of data.segments) {
    for (let i = seg.from; i < seg.to; i++) {
      if (sk < p.skipped.length && p.skipped[sk] === i) {
        sk++;
        continue;
      }
      const t = testsOf(p.masks[i]!);
      for (const test of t) signals.push({ test, index: i + 1 });
      const l = limitAt(i);
      const q: SpcPoint = { index: i + 1, subgroup: labelAt(data, i), value: p.value[i]!, center: l.center, ucl: l.ucl, lcl: l.lcl, stage: seg.name, tests: t, n: shownNAt(data, i) };
      const time = data.time?.[i];
      if (time !== undefined && !Number.isNaN(time)) q.time = time;
      points.push(q);
    }
  }
  const panel: SpcPanel = { statistic: p.statistic, center: p.center, sigma: p.sigma, points, signals, stages: p.stages.map((s) => ({ ...s })), testsApplied: [...p.testsApplied] };
  if (p.ucl !== undefined) panel.ucl = p.ucl;
  if (p.lcl !== undefined) panel.lcl = p.lcl;
  if (p.target !== undefined) panel.target = p.target;
  return panel;
}
