import { c4, d2, d3 } from './constants';
import { DEFAULT_CUSUM_H, DEFAULT_CUSUM_K, tabularCusum } from './cusum';
import { estimateCount, estimateIndividuals, estimateProportion, estimateXbarR, estimateXbarS } from './estimators';
import { arraysOfSubgroups, countBelow, limitCursor, toSpcPanel } from './chartColumns';
import type { ChartArrays, ColumnChart, ColumnChartSpec, ColumnPanel, Limits, Segment } from './chartColumns';
import { runTests } from './runRules';
import type { TestConfig, TestNumber } from './runRules';
import type { ChartSpec, PanelStatistic, SpcResult } from './types';
import { validateColumns, validateSpec } from './validate';

/**
 * Builds a control chart: per-point statistic, centre and limits for every panel, stages (limits per
 * stage) or Phase I/II (limits from a chosen range, held for every point), and the tests for special causes.
 * Formulas: STATS.md §1 (centre ± K·σ_stat, LCL floored at 0 for ranges, SDs and counts);
 * EWMA: zᵢ = λxᵢ + (1 − λ)zᵢ₋₁, z₀ = centre, σ_zᵢ = σ/√n·√(λ/(2 − λ)·(1 − (1 − λ)^{2i}))
 * (Montgomery §9.2, qcc `ewma`). Tests run on per-point z, so varying limits are handled.
 * CUSUM: two panels, C⁺ and C⁻ of `tabularCusum` (Montgomery §9.1.2), CL 0 and limits ±H = ±h·σ/√n; the
 * target μ0 and σ are estimated like EWMA's (x̄ and MR̄/d2(2) for individuals, x̿ and R̄/d2(n) for subgroups)
 * from each stage or the Phase I range, or given; the sums restart at 0 in each stage. The signal rule
 * (a sum beyond ±H) is reported as test 1 and always applied; the other tests do not apply to CUSUM sums.
 */
export function buildChart(spec: ChartSpec): SpcResult {
  validateSpec(spec);
  const r = engine(spec, arraysOfSubgroups(spec));
  return { chart: r.chart, nsigmas: r.nsigmas, panels: r.panels.map((p) => toSpcPanel(p, r.data)), sigmaMethod: r.sigmaMethod };
}

/**
 * The same chart over columns (`data` instead of subgroup objects): per-point statistic, limits, masks and
 * signals in typed arrays, limits once per stage unless they change within it. Results are those of
 * buildChart, number for number (`toSpcPanel` gives its object form); a 10,000,000-point I-MR chart holds
 * its values, moving ranges and test masks (≈ 180 MB) and no object per point.
 */
export function buildChartColumns(spec: ColumnChartSpec): ColumnChart {
  validateColumns(spec);
  return engine(spec, spec.data);
}

/** buildChartColumns of subgroup objects (the same checks and messages as buildChart). */
export function buildChartColumnsOf(spec: ChartSpec): ColumnChart {
  validateSpec(spec);
  return engine(spec, arraysOfSubgroups(spec));
}

type ChartOptions = Omit<ChartSpec, 'subgroups'>;

function engine(spec: ChartOptions, data: ChartArrays): ColumnChart {
  const k = spec.nsigmas ?? 3;
  const m = data.m;
  const segs = data.segments;
  const basis = (s: Segment): [number, number] => (spec.limitsFrom ? [spec.limitsFrom.from - 1, spec.limitsFrom.to] : [s.from, s.to]);
  const panels: ColumnPanel[] = [];
  // One scratch column of z-scores for every panel (runTests reads it; nothing keeps it).
  const zs = new Float64Array(m);
  const add = (stat: PanelStatistic, calcOf: CalcOf, tests: TestConfig, floor: boolean, skipFirst = false, valueFrom?: Float64Array) =>
    panels.push(assemble(data, stat, calcOf, tests, k, floor, skipFirst, zs, valueFrom));
  const known = spec.known ?? {};
  const firstFour = restrict(spec.tests, [1, 2, 3, 4]);
  const x = data.x ?? new Float64Array(m);
  const range = data.range ?? new Float64Array(m);
  const sd = data.sd ?? new Float64Array(m);
  const count = data.count ?? new Float64Array(m);
  let nArr: Float64Array | undefined;
  const nOf = (): Float64Array => (nArr ??= typeof data.n === 'number' ? new Float64Array(m).fill(data.n) : data.n);
  const individualData = () => (typeof data.n === 'number' ? data.n === 1 : data.n.every((v) => v === 1));
  switch (spec.chart) {
    case 'imr': {
      const est = (s: Segment) => {
        const e = estimateIndividuals(x, ...basis(s));
        return { center: known.center ?? e.center, sigma: known.sigma ?? e.sigma };
      };
      add('i', (s) => {
        const e = est(s);
        return { center: e.center, sd: e.sigma, sigma: e.sigma };
      }, spec.tests, false, false, x);
      add('mr', (s) => {
        const e = est(s);
        const fill = (v: Float64Array) => {
          v[s.from] = NaN;
          for (let i = s.from + 1; i < s.to; i++) v[i] = Math.abs(x[i]! - x[i - 1]!);
        };
        return { center: d2(2) * e.sigma, sd: d3(2) * e.sigma, sigma: e.sigma, fill };
      }, firstFour, true, true);
      break;
    }
    case 'xbar-r':
    case 'xbar-s': {
      const isR = spec.chart === 'xbar-r';
      const n = nOf();
      const est = (s: Segment) => {
        const e = isR ? estimateXbarR(x, range, n, ...basis(s)) : estimateXbarS(x, sd, n, ...basis(s));
        return { center: known.center ?? e.center, sigma: known.sigma ?? e.sigma };
      };
      add('xbar', (s) => { const e = est(s); return (i, c) => { c.value = x[i]!; c.center = e.center; c.sd = e.sigma / Math.sqrt(n[i]!); c.sigma = e.sigma; }; }, spec.tests, false);
      if (isR) add('r', (s) => { const e = est(s); return (i, c) => { c.value = range[i]!; c.center = d2(n[i]!) * e.sigma; c.sd = d3(n[i]!) * e.sigma; c.sigma = e.sigma; }; }, firstFour, true);
      else add('s', (s) => { const e = est(s); return (i, c) => { c.value = sd[i]!; c.center = c4(n[i]!) * e.sigma; c.sd = e.sigma * Math.sqrt(1 - c4(n[i]!) ** 2); c.sigma = e.sigma; }; }, firstFour, true);
      break;
    }
    case 'p':
    case 'np': {
      const isP = spec.chart === 'p';
      const n = nOf();
      const pbarOf = (s: Segment) => {
        if (known.center === undefined) return estimateProportion(count, n, ...basis(s));
        return isP ? known.center : known.center / meanOf(n, 0, n.length);
      };
      add(isP ? 'p' : 'np', (s) => {
        const p = pbarOf(s);
        const q = Math.sqrt(p * (1 - p));
        return isP
          ? (i, c) => { c.value = count[i]! / n[i]!; c.center = p; c.sd = q / Math.sqrt(n[i]!); c.sigma = q; }
          : (i, c) => { c.value = count[i]!; c.center = n[i]! * p; c.sd = q * Math.sqrt(n[i]!); c.sigma = q; };
      }, firstFour, true);
      break;
    }
    case 'c':
    case 'u': {
      const isC = spec.chart === 'c';
      const n = nOf();
      add(isC ? 'c' : 'u', (s) => {
        const mean = known.center ?? (isC ? estimateCount(count, ...basis(s)) : estimateProportion(count, n, ...basis(s)));
        const q = Math.sqrt(mean);
        return isC
          ? { center: mean, sd: q, sigma: q, fill: (v: Float64Array) => v.set(count.subarray(s.from, s.to), s.from) }
          : (i, c) => { c.value = count[i]! / n[i]!; c.center = mean; c.sd = q / Math.sqrt(n[i]!); c.sigma = q; };
      }, firstFour, true);
      break;
    }
    case 'ewma': {
      const lambda = spec.lambda ?? 0.2;
      const n = nOf();
      const individual = individualData();
      const z = new Float64Array(m);
      add('ewma', (s) => {
        const [a, b] = basis(s);
        const e = individual ? estimateIndividuals(x, a, b) : estimateXbarR(x, range, n, a, b);
        const center = known.center ?? e.center;
        const sigma = known.sigma ?? e.sigma;
        let prev = center;
        for (let i = s.from; i < s.to; i++) prev = z[i] = lambda * x[i]! + (1 - lambda) * prev;
        return (i, c) => {
          const j = i - s.from + 1;
          const f = Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * j)));
          c.value = z[i]!; c.center = center; c.sd = (sigma / Math.sqrt(n[i]!)) * f; c.sigma = sigma;
        };
      }, restrict(spec.tests, [1]), false);
      break;
    }
    case 'cusum': {
      const h = spec.cusumH ?? DEFAULT_CUSUM_H;
      const n = nOf();
      const individual = individualData();
      const est = (s: Segment) => {
        const [a, b] = basis(s);
        const e = individual ? estimateIndividuals(x, a, b) : estimateXbarR(x, range, n, a, b);
        return { center: known.center ?? e.center, sigma: known.sigma ?? e.sigma };
      };
      const upper = new Float64Array(m);
      const lower = new Float64Array(m);
      const side = (sum: Float64Array): CalcOf => (s) => {
        const e = est(s);
        tabularCusum(x, n, s.from, s.to, e.center, e.sigma, spec.cusumK ?? DEFAULT_CUSUM_K, upper, lower);
        return (i, c) => { c.value = sum[i]!; c.center = 0; c.sd = e.sigma / Math.sqrt(n[i]!); c.sigma = e.sigma; };
      };
      // Test 1 with K = h flags exactly the sums beyond ±H (the limits are drawn at ±h σ_x̄ too).
      const beyondH: TestConfig = { enabled: [1], k: { ...spec.tests.k, 1: h } };
      for (const [stat, sum] of [['cusum-upper', upper], ['cusum-lower', lower]] as const) {
        const panel = assemble(data, stat, side(sum), beyondH, h, false, false, zs);
        panel.stages.forEach((st, j) => (st.target = est(segs[j]!).center));
        panel.target = panel.stages[panel.stages.length - 1]!.target;
        panels.push(panel);
      }
      break;
    }
  }
  const nsigmas = spec.chart === 'cusum' ? (spec.cusumH ?? DEFAULT_CUSUM_H) : k;
  return { chart: spec.chart, nsigmas, panels, data, sigmaMethod: sigmaMethodOf(spec, individualData, segs.length > 1) };
}

/** One point's statistic, centre, σ of the statistic and process σ, written into a scratch object (no allocation per point). */
type Calc = { value: number; center: number; sd: number; sigma: number };
/**
 * A stage's per-point calculation, or (`Fixed`) the same centre and σ of the statistic for every point of
 * the stage, the statistic written by `fill` (or already there): one pass without a call per point.
 */
type Fixed = Readonly<{ center: number; sd: number; sigma: number; fill?: (value: Float64Array) => void }>;
type CalcOf = (s: Segment) => ((i: number, out: Calc) => void) | Fixed;

/** `valueFrom`: the plotted values are this column itself (the I panel plots x): shared, not copied. */
function assemble(data: ChartArrays, statistic: PanelStatistic, calcOf: CalcOf, tests: TestConfig, k: number, floor: boolean, skipMissing: boolean, z: Float64Array, valueFrom?: Float64Array): ColumnPanel {
  const m = data.m;
  const segs = data.segments;
  const value = valueFrom ?? new Float64Array(m);
  const segLimits: Limits[] = [];
  const segSigma: number[] = [];
  let limits: ColumnPanel['limits'] = null;
  const skipped: number[] = [];
  const c: Calc = { value: 0, center: 0, sd: 0, sigma: 0 };
  for (const s of segs) {
    const calc = calcOf(s);
    if (typeof calc !== 'function') {
      // The same arithmetic as per point, once: ucl = centre + k·sd, z = (value − centre)/sd.
      calc.fill?.(value);
      const { center, sd } = calc;
      const lo = center - k * sd;
      const l: Limits = { center, ucl: center + k * sd, lcl: floor ? Math.max(0, lo) : lo };
      if (limits) fillLimits(limits, l, s.from, s.to);
      for (let i = s.from; i < s.to; i++) {
        const v = value[i]!;
        if (skipMissing && v !== v) skipped.push(i);
        z[i] = sd > 0 ? (v - center) / sd : v === center ? 0 : NaN;
      }
      segLimits.push(l);
      segSigma.push(calc.sigma);
      continue;
    }
    let c0 = 0, u0 = 0, l0 = 0;
    for (let i = s.from; i < s.to; i++) {
      calc(i, c);
      const ucl = c.center + k * c.sd;
      const lo = c.center - k * c.sd;
      const lcl = floor ? Math.max(0, lo) : lo;
      if (!valueFrom) value[i] = c.value;
      if (skipMissing && Number.isNaN(c.value)) skipped.push(i);
      if (i === s.from) {
        c0 = c.center;
        u0 = ucl;
        l0 = lcl;
      } else if (!limits && !(Object.is(c.center, c0) && Object.is(ucl, u0) && Object.is(lcl, l0))) {
        // Limits change within this stage: keep them per position from here on (earlier ones filled in).
        const l = { center: new Float64Array(m), ucl: new Float64Array(m), lcl: new Float64Array(m) };
        segLimits.forEach((sl, j) => fillLimits(l, sl, segs[j]!.from, segs[j]!.to));
        fillLimits(l, { center: c0, ucl: u0, lcl: l0 }, s.from, i);
        limits = l;
      }
      if (limits) {
        limits.center[i] = c.center;
        limits.ucl[i] = ucl;
        limits.lcl[i] = lcl;
      }
      z[i] = c.sd > 0 ? (c.value - c.center) / c.sd : c.value === c.center ? 0 : NaN;
    }
    segLimits.push({ center: c0, ucl: u0, lcl: l0 });
    segSigma.push(c.sigma);
  }
  const masks = runTests(z, tests, segs.map((s) => s.from));
  const skip = Int32Array.from(skipped);
  const panel: ColumnPanel = {
    statistic,
    center: 0,
    sigma: segSigma[segSigma.length - 1]!,
    stages: [],
    testsApplied: [...tests.enabled].sort((a, b) => a - b),
    value,
    segLimits,
    limits,
    masks,
    skipped: skip,
    total: m - skip.length,
    signals: signalPairs(masks, skip),
  };
  const at = limitCursor(panel, segs);
  panel.center = at(m - 1).center;
  // A stage's (and the panel's) UCL/LCL exist when every point of it has the same ones (=== as before: NaN never).
  let first: Limits | undefined;
  let same = true;
  let sk = 0;
  segs.forEach((s, j) => {
    let stageFirst: Limits | undefined;
    let constant = true;
    for (let i = s.from; i < s.to; i++) {
      if (sk < skip.length && skip[sk] === i) {
        sk++;
        continue;
      }
      const l = at(i);
      if (!stageFirst) stageFirst = l;
      if (!(l.ucl === stageFirst.ucl && l.lcl === stageFirst.lcl)) constant = false;
      if (!first) first = l;
      if (!(l.ucl === first.ucl && l.lcl === first.lcl)) same = false;
      // Without per-position limits every point of the stage has its first point's: one comparison decides.
      if (!limits) {
        sk += countBelow(skip, s.to) - sk;
        break;
      }
    }
    const end = at(s.to - 1);
    panel.stages.push({ name: s.name, from: s.from + 1, to: s.to, center: end.center, sigma: segSigma[j]!, ucl: constant && stageFirst ? stageFirst.ucl : null, lcl: constant && stageFirst ? stageFirst.lcl : null });
  });
  if (first && same) {
    panel.ucl = first.ucl;
    panel.lcl = first.lcl;
  }
  return panel;
}

function fillLimits(l: NonNullable<ColumnPanel['limits']>, v: Limits, from: number, to: number): void {
  l.center.fill(v.center, from, to);
  l.ucl.fill(v.ucl, from, to);
  l.lcl.fill(v.lcl, from, to);
}

/** (point number, test) pairs of every flagged point that is a point, in point order, tests ascending. */
function signalPairs(masks: Uint8Array, skipped: Int32Array): Int32Array {
  let count = 0;
  let sk = 0;
  for (let i = 0; i < masks.length; i++) {
    const mk = masks[i]!;
    if (mk === 0) continue;
    while (sk < skipped.length && skipped[sk]! < i) sk++;
    if (sk < skipped.length && skipped[sk] === i) continue;
    for (let b = mk; b; b &= b - 1) count++;
  }
  const out = new Int32Array(2 * count);
  let o = 0;
  sk = 0;
  for (let i = 0; i < masks.length; i++) {
    const mk = masks[i]!;
    if (mk === 0) continue;
    while (sk < skipped.length && skipped[sk]! < i) sk++;
    if (sk < skipped.length && skipped[sk] === i) continue;
    for (let t = 1; t <= 8; t++) {
      if (mk & (1 << (t - 1))) {
        out[o++] = i + 1;
        out[o++] = t;
      }
    }
  }
  return out;
}

function restrict(cfg: TestConfig, allowed: readonly TestNumber[]): TestConfig {
  return { enabled: cfg.enabled.filter((t) => allowed.includes(t)), k: cfg.k };
}

function meanOf(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / (to - from);
}

function sigmaMethodOf(spec: ChartOptions, individual: () => boolean, staged: boolean): string {
  const sigma = sigmaEstimateOf(spec, individual);
  if (spec.chart !== 'cusum') return sigma;
  const c = spec.known?.center;
  const range = spec.limitsFrom;
  const target = c !== undefined ? `${c} (given)` : range ? `mean of points ${range.from}–${range.to}` : staged ? 'mean of each stage' : 'mean of all points';
  return `${sigma}; target μ0 = ${target}; K = ${spec.cusumK ?? DEFAULT_CUSUM_K} σ, H = ${spec.cusumH ?? DEFAULT_CUSUM_H} σ`;
}

function sigmaEstimateOf(spec: ChartOptions, individual: () => boolean): string {
  if (spec.known?.sigma !== undefined) return 'known σ (standard given)';
  switch (spec.chart) {
    case 'imr':
      return 'σ = MR̄/d2(2) = MR̄/1.128';
    case 'xbar-r':
      return 'σ = R̄/d2(n)';
    case 'xbar-s':
      return 'σ = s̄/c4(n)';
    case 'ewma':
    case 'cusum':
      return individual() ? 'σ = MR̄/d2(2) = MR̄/1.128' : 'σ = R̄/d2(n)';
    case 'p':
    case 'np':
      return 'σ = √(p̄(1 − p̄))';
    case 'c':
      return 'σ = √c̄';
    case 'u':
      return 'σ = √ū';
  }
}
