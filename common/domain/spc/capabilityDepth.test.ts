import { describe, expect, it } from 'vitest';
import { loadFixture, loadJsonFixture } from '../../../tests/helpers/spcFixtures';
import { adPValue, andersonDarling, boxCox, boxCoxLambda, probabilityPlot } from './normality';
import { boxCoxCapability, percentileCapability } from './nonnormal';
import { chartArl, cusumArl, ewmaArl, shewhartArl, simulatedRulesArl } from './arl';
import { presetConfig } from './runRules';
import { recommendChart } from './chartAssistant';
import { computeCapability } from './capability';

/**
 * tests/fixtures/spc/capability-nonnormal.json: reference values computed with scipy 1.17.1 / numpy 2.4.6 —
 * scipy.stats.anderson(x, 'norm').statistic, scipy.stats.boxcox_normmax(x, method='mle'),
 * numpy.percentile(x, [0.135, 50, 99.865]); `skewed` is numpy.random.default_rng(20261203).lognormal(1, 0.5, 80)
 * rounded to 3 decimals.
 */
const ref = loadJsonFixture<{
  skewed: number[];
  pistonrings_anderson_A2: number;
  skewed_anderson_A2: number;
  skewed_boxcox_lambda: number;
  skewed_percentiles: [number, number, number];
  skewed_boxcox_anderson_A2: number;
}>('capability-nonnormal');
const piston = loadFixture('pistonrings').filter((r) => r.trial === 'TRUE').map((r) => Number(r.diameter));

describe('Anderson–Darling normality test (Minitab: AD = A², p from A*²)', () => {
  it('A² matches scipy.stats.anderson on the qcc piston rings (Phase I, 125 values) and a skewed sample', () => {
    expect(andersonDarling(piston).a2).toBeCloseTo(ref.pistonrings_anderson_A2, 9);
    expect(andersonDarling(ref.skewed).a2).toBeCloseTo(ref.skewed_anderson_A2, 9);
  });
  it('adjusts A² by (1 + 0.75/n + 2.25/n²) and gives p as NAG g08ckc\'s published example (n = 26: A² 0.165956 → A*² 0.171296, p 0.931155)', () => {
    expect(0.165956 * (1 + 0.75 / 26 + 2.25 / 26 ** 2)).toBeCloseTo(0.171296, 5);
    expect(adPValue(0.171296)).toBeCloseTo(0.931155, 3);
  });
  it('p at the published critical values of A*² (D\'Agostino & Stephens 1986, Table 4.7: 0.631 → 10 %, 0.752 → 5 %, 0.873 → 2.5 %, 1.035 → 1 %)', () => {
    expect(adPValue(0.631)).toBeCloseTo(0.1, 2);
    expect(adPValue(0.752)).toBeCloseTo(0.05, 2);
    expect(adPValue(0.873)).toBeCloseTo(0.025, 3);
    expect(adPValue(1.035)).toBeCloseTo(0.01, 3);
    // The four pieces join without jumps at 0.2, 0.34 and 0.6.
    for (const a of [0.2, 0.34, 0.6]) expect(Math.abs(adPValue(a - 1e-9) - adPValue(a + 1e-9))).toBeLessThan(0.01);
  });
  it('accepts the piston rings as normal and rejects the skewed sample; Box-Cox makes it normal', () => {
    expect(andersonDarling(piston).p).toBeGreaterThan(0.5);
    expect(andersonDarling(ref.skewed).p).toBeLessThan(0.005);
    const t = ref.skewed.map((v) => boxCox(v, ref.skewed_boxcox_lambda));
    expect(andersonDarling(t).a2).toBeCloseTo(ref.skewed_boxcox_anderson_A2, 9);
    expect(andersonDarling(t).p).toBeGreaterThan(0.5);
  });
  it('refuses too few or identical values with a clear message', () => {
    expect(() => andersonDarling([1, 2])).toThrow(/at least 3 values/);
    expect(() => andersonDarling([4, 4, 4, 4])).toThrow(/identical/);
  });
  it('probability plot: sorted values against Φ⁻¹((i − 0.3)/(n + 0.4)) (Minitab\'s median ranks)', () => {
    const p = probabilityPlot([3, 1, 2]);
    expect(p.points.map((q) => q.value)).toEqual([1, 2, 3]);
    expect(p.points[0]!.rank).toBeCloseTo(0.7 / 3.4, 12);
    expect(p.points[1]!.z).toBeCloseTo(0, 12);
    expect(p.points[2]!.z).toBeCloseTo(-p.points[0]!.z, 12);
    expect(p.line).toEqual({ mean: 2, sd: 1 });
  });
});

describe('non-normal capability', () => {
  it('Box-Cox λ minimises the SD of the standardised transform = scipy boxcox_normmax(method="mle")', () => {
    const b = boxCoxLambda(ref.skewed);
    expect(b.lambda).toBeCloseTo(ref.skewed_boxcox_lambda, 5);
    expect(b.rounded).toBe(0);
    expect(() => boxCoxLambda([1, 0, 2, 3])).toThrow(/above 0.*percentile/);
  });
  it('Box-Cox capability transforms data and limits with λ; indices equal the normal ones on the transformed data', () => {
    const r = boxCoxCapability(ref.skewed, { lsl: 0.5, usl: 12 });
    const lam = r.lambda;
    const direct = computeCapability({ subgroups: ref.skewed.map((v) => [boxCox(v, lam)]), lsl: boxCox(0.5, lam), usl: boxCox(12, lam) });
    expect(r.capability.ppk).toBeCloseTo(direct.ppk!, 12);
    expect(r.lsl).toBeCloseTo((0.5 ** lam - 1) / lam, 12);
    // Minitab transforms with y^λ: the same indices (invariant to y → a·y + b, a > 0).
    const yl = computeCapability({ subgroups: ref.skewed.map((v) => [v ** lam]), lsl: 0.5 ** lam, usl: 12 ** lam });
    expect(r.capability.ppk).toBeCloseTo(yl.ppk!, 10);
    expect(r.capability.cpk).toBeCloseTo(yl.cpk!, 10);
    // A limit at or below 0 has no transform: dropped, and said so.
    const one = boxCoxCapability(ref.skewed, { lsl: 0, usl: 12 });
    expect(one.lsl).toBeNull();
    expect(one.dropped[0]).toMatch(/LSL 0 is not above 0/);
  });
  it('percentile method (ISO 22514-2): Pp = (USL − LSL)/(X99.865 − X0.135), Ppu/Ppl from the median', () => {
    const [lo, mid, hi] = ref.skewed_percentiles;
    const r = percentileCapability(ref.skewed, { lsl: 0.5, usl: 12 });
    expect(r.p00135).toBeCloseTo(lo, 9);
    expect(r.p50).toBeCloseTo(mid, 9);
    expect(r.p99865).toBeCloseTo(hi, 9);
    expect(r.pp).toBeCloseTo((12 - 0.5) / (hi - lo), 9);
    expect(r.ppu).toBeCloseTo((12 - mid) / (hi - mid), 9);
    expect(r.ppl).toBeCloseTo((mid - 0.5) / (mid - lo), 9);
    expect(r.ppk).toBe(Math.min(r.ppl!, r.ppu!));
    expect(r.warning).toMatch(/Only 80 values/);
  });
});

describe('average run length', () => {
  it('Shewhart test 1 is exact: 370.4 in control and 43.9 at a 1 σ shift (Montgomery §6.2.3)', () => {
    expect(shewhartArl(3, 0)).toBeCloseTo(370.4, 1);
    expect(shewhartArl(3, 1)).toBeCloseTo(43.89, 1);
    const [a] = chartArl({ chart: 'imr', tests: presetConfig('minitab'), nsigmas: 3, lambda: 0.2, cusumK: 0.5, cusumH: 4 }, [0]);
    expect(a!.method).toBe('exact');
  });
  it('EWMA by Markov chain matches Montgomery Table 9.11 (Lucas & Saccucci 1990)', () => {
    // λ = 0.1, L = 2.814: 500, 106, 31.3, 15.9, 10.3, 6.1, 4.4 at shifts 0, 0.25, 0.5, 0.75, 1, 1.5, 2.
    const table: [number, number][] = [[0, 500], [0.25, 106], [0.5, 31.3], [0.75, 15.9], [1, 10.3], [1.5, 6.1], [2, 4.4]];
    for (const [d, arl] of table) expect(Math.abs(ewmaArl(0.1, 2.814, d) / arl - 1)).toBeLessThan(0.01);
    // λ = 0.2, L = 2.962: 500 in control, 10.5 at 1 σ; λ = 0.4, L = 3.054: 500, 14.3.
    expect(Math.abs(ewmaArl(0.2, 2.962, 0) / 500 - 1)).toBeLessThan(0.01);
    expect(ewmaArl(0.2, 2.962, 1)).toBeCloseTo(10.5, 0);
    expect(ewmaArl(0.4, 3.054, 1)).toBeCloseTo(14.3, 0);
    // λ = 1 is a Shewhart chart: the chain gives 1/p.
    expect(ewmaArl(1, 3, 0) / shewhartArl(3, 0)).toBeCloseTo(1, 2);
  });
  it('CUSUM by Markov chain matches Montgomery Table 9.3 (k = 0.5; h = 4: 168, 8.38; h = 5: 465, 10.4)', () => {
    expect(cusumArl(0.5, 4, 0)).toBeCloseTo(168, -1);
    expect(cusumArl(0.5, 4, 1)).toBeCloseTo(8.38, 1);
    expect(cusumArl(0.5, 4, 2)).toBeCloseTo(3.34, 1);
    expect(Math.abs(cusumArl(0.5, 5, 0) / 465 - 1)).toBeLessThan(0.01);
    expect(cusumArl(0.5, 5, 1)).toBeCloseTo(10.4, 0);
  });
  it('Western Electric rules by seeded simulation: ARL₀ ≈ 91.75 (Champ & Woodall 1987), reproducible', () => {
    const s = simulatedRulesArl(presetConfig('we'), 0, { runs: 20000, seed: 7 });
    expect(Math.abs(s.arl - 91.75)).toBeLessThan(3 * s.standardError);
    expect(s.standardError).toBeLessThan(1);
    expect(simulatedRulesArl(presetConfig('we'), 0, { runs: 500, seed: 7 })).toEqual(simulatedRulesArl(presetConfig('we'), 0, { runs: 500, seed: 7 }));
    // More rules: more false alarms, faster detection than test 1 alone.
    const shifted = simulatedRulesArl(presetConfig('we'), 1, { runs: 4000 });
    expect(shifted.arl).toBeLessThan(shewhartArl(3, 1) / 2);
  });
});

describe('chart-choice assistant', () => {
  const base = { equalSizes: false, shifts: 'none' as const };
  it('continuous data: I-MR for single values, X̄-R up to 8, X̄-S from 9 (Minitab Assistant)', () => {
    expect(recommendChart({ ...base, data: 'continuous', subgroupSize: 1 }).chart).toBe('imr');
    expect(recommendChart({ ...base, data: 'continuous', subgroupSize: 5 }).chart).toBe('xbar-r');
    expect(recommendChart({ ...base, data: 'continuous', subgroupSize: 8 }).chart).toBe('xbar-r');
    expect(recommendChart({ ...base, data: 'continuous', subgroupSize: 9 }).chart).toBe('xbar-s');
  });
  it('small shifts: EWMA for drift, CUSUM for a sustained shift of known size, the Shewhart chart as alternative', () => {
    const e = recommendChart({ ...base, data: 'continuous', subgroupSize: 1, shifts: 'drift' });
    expect(e.chart).toBe('ewma');
    expect(e.alternatives.map((a) => a.chart)).toContain('imr');
    expect(recommendChart({ ...base, data: 'continuous', subgroupSize: 4, shifts: 'sustained' }).chart).toBe('cusum');
  });
  it('counts vs proportions: P (varying n) / NP (equal n) for defectives, U / C for defects, with reasons', () => {
    expect(recommendChart({ ...base, data: 'defectives', subgroupSize: 1 }).chart).toBe('p');
    expect(recommendChart({ ...base, data: 'defectives', subgroupSize: 1, equalSizes: true }).chart).toBe('np');
    expect(recommendChart({ ...base, data: 'defects', subgroupSize: 1 }).chart).toBe('u');
    const c = recommendChart({ ...base, data: 'defects', subgroupSize: 1, equalSizes: true, shifts: 'drift' });
    expect(c.chart).toBe('c');
    expect(c.reason).toMatch(/Poisson/);
    expect(c.notes[0]).toMatch(/large shifts/);
  });
});
