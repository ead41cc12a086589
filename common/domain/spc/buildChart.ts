import { c4, d2, d3 } from './constants';
import { DEFAULT_CUSUM_H, DEFAULT_CUSUM_K, tabularCusum } from './cusum';
import { estimateCount, estimateIndividuals, estimateProportion, estimateXbarR, estimateXbarS } from './estimators';
import { runTests, testsOf } from './runRules';
import type { TestConfig, TestNumber } from './runRules';
import type { ChartSpec, PanelStatistic, SpcPanel, SpcPoint, SpcResult, StageLimits } from './types';
import { validateSpec } from './validate';

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
  const k = spec.nsigmas ?? 3;
  const data = arraysOf(spec);
  const segs = segmentsOf(spec);
  const basis = (s: Segment): [number, number] => (spec.limitsFrom ? [spec.limitsFrom.from - 1, spec.limitsFrom.to] : [s.from, s.to]);
  const panels: SpcPanel[] = [];
  const add = (stat: PanelStatistic, sigmaOf: SigmaFn, tests: TestConfig, floor: boolean, skipFirst = false) =>
    panels.push(assemble(spec, stat, segs, sigmaOf, tests, k, floor, skipFirst));
  const known = spec.known ?? {};
  const firstFour = restrict(spec.tests, [1, 2, 3, 4]);
  const { x, n, range, sd, count } = data;
  switch (spec.chart) {
    case 'imr': {
      const est = (s: Segment) => {
        const e = estimateIndividuals(x, ...basis(s));
        return { center: known.center ?? e.center, sigma: known.sigma ?? e.sigma };
      };
      add('i', (s) => { const e = est(s); return (i) => ({ value: x[i]!, center: e.center, sd: e.sigma, sigma: e.sigma }); }, spec.tests, false);
      add('mr', (s) => { const e = est(s); return (i) => ({ value: i > s.from ? Math.abs(x[i]! - x[i - 1]!) : NaN, center: d2(2) * e.sigma, sd: d3(2) * e.sigma, sigma: e.sigma }); }, firstFour, true, true);
      break;
    }
    case 'xbar-r':
    case 'xbar-s': {
      const isR = spec.chart === 'xbar-r';
      const est = (s: Segment) => {
        const e = isR ? estimateXbarR(x, range, n, ...basis(s)) : estimateXbarS(x, sd, n, ...basis(s));
        return { center: known.center ?? e.center, sigma: known.sigma ?? e.sigma };
      };
      add('xbar', (s) => { const e = est(s); return (i) => ({ value: x[i]!, center: e.center, sd: e.sigma / Math.sqrt(n[i]!), sigma: e.sigma }); }, spec.tests, false);
      if (isR) add('r', (s) => { const e = est(s); return (i) => ({ value: range[i]!, center: d2(n[i]!) * e.sigma, sd: d3(n[i]!) * e.sigma, sigma: e.sigma }); }, firstFour, true);
      else add('s', (s) => { const e = est(s); return (i) => ({ value: sd[i]!, center: c4(n[i]!) * e.sigma, sd: e.sigma * Math.sqrt(1 - c4(n[i]!) ** 2), sigma: e.sigma }); }, firstFour, true);
      break;
    }
    case 'p':
    case 'np': {
      const isP = spec.chart === 'p';
      const pbarOf = (s: Segment) => {
        if (known.center === undefined) return estimateProportion(count, n, ...basis(s));
        return isP ? known.center : known.center / meanOf(n, 0, n.length);
      };
      add(isP ? 'p' : 'np', (s) => {
        const p = pbarOf(s);
        const q = Math.sqrt(p * (1 - p));
        return isP
          ? (i) => ({ value: count[i]! / n[i]!, center: p, sd: q / Math.sqrt(n[i]!), sigma: q })
          : (i) => ({ value: count[i]!, center: n[i]! * p, sd: q * Math.sqrt(n[i]!), sigma: q });
      }, firstFour, true);
      break;
    }
    case 'c':
    case 'u': {
      const isC = spec.chart === 'c';
      add(isC ? 'c' : 'u', (s) => {
        const m = known.center ?? (isC ? estimateCount(count, ...basis(s)) : estimateProportion(count, n, ...basis(s)));
        const q = Math.sqrt(m);
        return isC
          ? (i) => ({ value: count[i]!, center: m, sd: q, sigma: q })
          : (i) => ({ value: count[i]! / n[i]!, center: m, sd: q / Math.sqrt(n[i]!), sigma: q });
      }, firstFour, true);
      break;
    }
    case 'ewma': {
      const lambda = spec.lambda ?? 0.2;
      const individual = n.every((v) => v === 1);
      const z = new Float64Array(x.length);
      add('ewma', (s) => {
        const [a, b] = basis(s);
        const e = individual ? estimateIndividuals(x, a, b) : estimateXbarR(x, range, n, a, b);
        const center = known.center ?? e.center;
        const sigma = known.sigma ?? e.sigma;
        let prev = center;
        for (let i = s.from; i < s.to; i++) prev = z[i] = lambda * x[i]! + (1 - lambda) * prev;
        return (i) => {
          const j = i - s.from + 1;
          const f = Math.sqrt((lambda / (2 - lambda)) * (1 - (1 - lambda) ** (2 * j)));
          return { value: z[i]!, center, sd: (sigma / Math.sqrt(n[i]!)) * f, sigma };
        };
      }, restrict(spec.tests, [1]), false);
      break;
    }
    case 'cusum': {
      const h = spec.cusumH ?? DEFAULT_CUSUM_H;
      const individual = n.every((v) => v === 1);
      const est = (s: Segment) => {
        const [a, b] = basis(s);
        const e = individual ? estimateIndividuals(x, a, b) : estimateXbarR(x, range, n, a, b);
        return { center: known.center ?? e.center, sigma: known.sigma ?? e.sigma };
      };
      const upper = new Float64Array(x.length);
      const lower = new Float64Array(x.length);
      const side = (sum: Float64Array): SigmaFn => (s) => {
        const e = est(s);
        tabularCusum(x, n, s.from, s.to, e.center, e.sigma, spec.cusumK ?? DEFAULT_CUSUM_K, upper, lower);
        return (i) => ({ value: sum[i]!, center: 0, sd: e.sigma / Math.sqrt(n[i]!), sigma: e.sigma });
      };
      // Test 1 with K = h flags exactly the sums beyond ±H (the limits are drawn at ±h σ_x̄ too).
      const beyondH: TestConfig = { enabled: [1], k: { ...spec.tests.k, 1: h } };
      for (const [stat, sum] of [['cusum-upper', upper], ['cusum-lower', lower]] as const) {
        const panel = assemble(spec, stat, segs, side(sum), beyondH, h, false, false);
        panel.stages.forEach((st, j) => (st.target = est(segs[j]!).center));
        panel.target = panel.stages[panel.stages.length - 1]!.target;
        panels.push(panel);
      }
      break;
    }
  }
  return { chart: spec.chart, nsigmas: spec.chart === 'cusum' ? (spec.cusumH ?? DEFAULT_CUSUM_H) : k, panels, sigmaMethod: sigmaMethodOf(spec) };
}

type Segment = Readonly<{ name: string; from: number; to: number }>;
type PointCalc = Readonly<{ value: number; center: number; sd: number; sigma: number }>;
type SigmaFn = (s: Segment) => (i: number) => PointCalc;

function assemble(spec: ChartSpec, statistic: PanelStatistic, segs: readonly Segment[], calcOf: SigmaFn, tests: TestConfig, k: number, floor: boolean, skipMissing: boolean): SpcPanel {
  const m = spec.subgroups.length;
  const z = new Float64Array(m);
  // Columns rather than one object per point: at 1,000,000 points the objects lived long enough to cost
  // most of the chart's time in garbage collection.
  const value = new Float64Array(m);
  const center = new Float64Array(m);
  const ucl = new Float64Array(m);
  const lcl = new Float64Array(m);
  const sigma = new Float64Array(m);
  for (const s of segs) {
    const calc = calcOf(s);
    for (let i = s.from; i < s.to; i++) {
      const c = calc(i);
      const lo = c.center - k * c.sd;
      value[i] = c.value;
      center[i] = c.center;
      ucl[i] = c.center + k * c.sd;
      lcl[i] = floor ? Math.max(0, lo) : lo;
      sigma[i] = c.sigma;
      z[i] = c.sd > 0 ? (c.value - c.center) / c.sd : c.value === c.center ? 0 : NaN;
    }
  }
  const masks = runTests(z, tests, segs.map((s) => s.from));
  const points: SpcPoint[] = [];
  const signals: { test: TestNumber; index: number }[] = [];
  const stageOf = new Array<string>(m);
  for (const s of segs) for (let i = s.from; i < s.to; i++) stageOf[i] = s.name;
  for (let i = 0; i < m; i++) {
    if (skipMissing && Number.isNaN(value[i]!)) continue;
    const g = spec.subgroups[i]!;
    const t = testsOf(masks[i]!);
    for (const test of t) signals.push({ test, index: i + 1 });
    const p: SpcPoint = { index: i + 1, subgroup: g.label, value: value[i]!, center: center[i]!, ucl: ucl[i]!, lcl: lcl[i]!, stage: stageOf[i]!, tests: t, n: g.size ?? g.values.length };
    if (g.time !== undefined) p.time = g.time;
    points.push(p);
  }
  const stages: StageLimits[] = segs.map((s) => {
    const inStage = points.filter((p) => p.index > s.from && p.index <= s.to);
    const constant = inStage.every((p) => p.ucl === inStage[0]!.ucl && p.lcl === inStage[0]!.lcl);
    return { name: s.name, from: s.from + 1, to: s.to, center: center[s.to - 1]!, sigma: sigma[s.to - 1]!, ucl: constant && inStage.length ? inStage[0]!.ucl : null, lcl: constant && inStage.length ? inStage[0]!.lcl : null };
  });
  const panel: SpcPanel = { statistic, center: center[m - 1]!, sigma: sigma[m - 1]!, points, signals, stages, testsApplied: [...tests.enabled].sort((a, b) => a - b) };
  const constant = points.length > 0 && points.every((p) => p.ucl === points[0]!.ucl && p.lcl === points[0]!.lcl);
  if (constant) {
    panel.ucl = points[0]!.ucl;
    panel.lcl = points[0]!.lcl;
  }
  return panel;
}

function restrict(cfg: TestConfig, allowed: readonly TestNumber[]): TestConfig {
  return { enabled: cfg.enabled.filter((t) => allowed.includes(t)), k: cfg.k };
}

/** Stages are runs of consecutive subgroups with the same stage label (one stage when none is given). */
function segmentsOf(spec: ChartSpec): Segment[] {
  const segs: Segment[] = [];
  const g = spec.subgroups;
  let from = 0;
  for (let i = 1; i <= g.length; i++) {
    if (i === g.length || (g[i]!.stage ?? '') !== (g[from]!.stage ?? '')) {
      segs.push({ name: g[from]!.stage ?? '', from, to: i });
      from = i;
    }
  }
  return segs;
}

function arraysOf(spec: ChartSpec) {
  const m = spec.subgroups.length;
  const x = new Float64Array(m);
  const n = new Float64Array(m);
  const range = new Float64Array(m);
  const sd = new Float64Array(m);
  const count = new Float64Array(m);
  const attribute = ['p', 'np', 'c', 'u'].includes(spec.chart);
  spec.subgroups.forEach((g, i) => {
    const v = g.values;
    if (attribute) {
      count[i] = v[0]!;
      n[i] = g.size ?? 1;
      return;
    }
    n[i] = v.length;
    let s = 0, lo = Infinity, hi = -Infinity;
    for (const y of v) {
      s += y;
      if (y < lo) lo = y;
      if (y > hi) hi = y;
    }
    const mu = s / v.length;
    x[i] = mu;
    range[i] = hi - lo;
    let ss = 0;
    for (const y of v) ss += (y - mu) ** 2;
    sd[i] = v.length > 1 ? Math.sqrt(ss / (v.length - 1)) : 0;
  });
  return { x, n, range, sd, count };
}

function meanOf(a: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s / (to - from);
}

function sigmaMethodOf(spec: ChartSpec): string {
  const sigma = sigmaEstimateOf(spec);
  if (spec.chart !== 'cusum') return sigma;
  const c = spec.known?.center;
  const range = spec.limitsFrom;
  const target = c !== undefined ? `${c} (given)` : range ? `mean of points ${range.from}–${range.to}` : new Set(spec.subgroups.map((g) => g.stage ?? '')).size > 1 ? 'mean of each stage' : 'mean of all points';
  return `${sigma}; target μ0 = ${target}; K = ${spec.cusumK ?? DEFAULT_CUSUM_K} σ, H = ${spec.cusumH ?? DEFAULT_CUSUM_H} σ`;
}

function sigmaEstimateOf(spec: ChartSpec): string {
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
      return spec.subgroups.every((g) => g.values.length === 1) ? 'σ = MR̄/d2(2) = MR̄/1.128' : 'σ = R̄/d2(n)';
    case 'p':
    case 'np':
      return 'σ = √(p̄(1 − p̄))';
    case 'c':
      return 'σ = √c̄';
    case 'u':
      return 'σ = √ū';
  }
}
