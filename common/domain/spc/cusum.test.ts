import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildChart } from './buildChart';
import { describeCusumTest, tabularCusum } from './cusum';
import { presetConfig } from './runRules';
import type { Subgroup } from './types';
import { loadFixture } from '../../../tests/helpers/spcFixtures';

const minitab = presetConfig('minitab');
const single = (v: readonly number[], stage?: (i: number) => string): Subgroup[] => v.map((x, i) => ({ label: String(i + 1), values: [x], stage: stage?.(i) }));
const round2 = (v: number) => Math.round(v * 100) / 100 + 0; // + 0 turns -0 into 0

// Montgomery, Introduction to Statistical Quality Control (7th ed.), Example 9.1, Table 9.1: 20 observations
// from N(10, 1), then 10 after the mean shifts to 11; tabular CUSUM with μ0 = 10, σ = 1, k = 0.5, h = 5.
const TABLE_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08,
  9.37, 10.62, 10.31, 8.52, 10.84, 10.9, 9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];
// Table 9.2, column C⁺ᵢ (periods 1–30): C⁺₂₉ = 5.28 is the first value above H = 5.
const TABLE_9_2_UPPER = [
  0, 0, 0, 1.16, 2.82, 2.5, 0.04, 1, 0, 0, 0, 0.97, 0.98, 0, 0,
  0, 0.12, 0, 0, 0.34, 0.74, 0, 1.79, 2.79, 2.89, 3.47, 3.35, 4.47, 5.28, 5.3,
];
// Table 9.2, column C⁻ᵢ (Montgomery tabulates the magnitude; we plot it ≤ 0).
const TABLE_9_2_LOWER = [
  0.05, 1.56, 1.77, 0, 0, 0, 1.46, 0, 0.3, 0, 0.47, 0, 0, 0.1, 0,
  0.13, 0, 0, 0.98, 0, 0, 0.17, 0, 0, 0, 0, 0, 0, 0, 0,
];

describe('tabular CUSUM on Montgomery Example 9.1', () => {
  const r = buildChart({ chart: 'cusum', subgroups: single(TABLE_9_1), known: { center: 10, sigma: 1 }, cusumK: 0.5, cusumH: 5, tests: minitab });
  const [upper, lower] = r.panels;
  it('reproduces Table 9.2 (C⁺ and C⁻) with CL 0 and limits ±H', () => {
    expect(r.chart).toBe('cusum');
    expect(r.nsigmas).toBe(5);
    expect(upper!.statistic).toBe('cusum-upper');
    expect(lower!.statistic).toBe('cusum-lower');
    expect(upper!.points.map((p) => round2(p.value))).toEqual(TABLE_9_2_UPPER);
    expect(lower!.points.map((p) => round2(-p.value))).toEqual(TABLE_9_2_LOWER);
    for (const p of [upper!, lower!]) {
      expect([p.center, p.ucl, p.lcl, p.sigma, p.target]).toEqual([0, 5, -5, 1, 10]);
      expect(p.testsApplied).toEqual([1]);
    }
  });
  it('signals at periods 29 and 30 (C⁺ > H = 5), none on the lower side', () => {
    expect(upper!.signals).toEqual([{ test: 1, index: 29 }, { test: 1, index: 30 }]);
    expect(upper!.points[28]!.tests).toEqual([1]);
    expect(upper!.points[27]!.tests).toEqual([]);
    expect(lower!.signals).toEqual([]);
    // The last period with C⁺ = 0 before the signal dates the shift: between periods 22 and 23.
    expect(upper!.points[21]!.value).toBe(0);
    expect(r.sigmaMethod).toBe('known σ (standard given); target μ0 = 10 (given); K = 0.5 σ, H = 5 σ');
  });
  it('runs the CUSUM test even when test 1 is switched off for the Shewhart charts', () => {
    const off = buildChart({ chart: 'cusum', subgroups: single(TABLE_9_1), known: { center: 10, sigma: 1 }, cusumH: 5, tests: { enabled: [2, 5], k: minitab.k } });
    expect(off.panels[0]!.signals.map((s) => s.index)).toEqual([29, 30]);
  });
  it('describes the signal in CUSUM terms', () => {
    expect(describeCusumTest(4, 0.5)).toBe('Test 1 (CUSUM): a cumulative sum beyond the decision interval ±H = 4 σ — the mean moved away from the target and stayed there (upper sum: up, lower sum: down; k = 0.5 σ suits shifts of about 1 σ)');
  });
});

describe('CUSUM estimates, defaults, subgroups and stages', () => {
  it('defaults: target x̄ and σ = MR̄/1.128 from the data, k = 0.5, h = 4 (Minitab)', () => {
    const v = [10, 12, 11, 13, 12, 11, 10, 12];
    const r = buildChart({ chart: 'cusum', subgroups: single(v), tests: minitab });
    const mrBar = (2 + 1 + 2 + 1 + 1 + 1 + 2) / 7;
    const sigma = mrBar / 1.1283791670955126;
    const up = r.panels[0]!;
    expect(up.target).toBeCloseTo(11.375, 12);
    expect(up.sigma).toBeCloseTo(sigma, 12);
    expect(up.ucl).toBeCloseTo(4 * sigma, 12);
    expect(up.lcl).toBeCloseTo(-4 * sigma, 12);
    // 10, 12 and 11 stay below μ0 + K = 11.375 + 0.633, so C⁺ stays 0 until 13 arrives.
    expect(up.points.slice(0, 3).map((p) => p.value)).toEqual([0, 0, 0]);
    expect(up.points[3]!.value).toBeCloseTo(13 - 11.375 - 0.5 * sigma, 12);
    expect(r.panels[1]!.points[0]!.value).toBeCloseTo(10 - 11.375 + 0.5 * sigma, 12);
    expect(r.nsigmas).toBe(4);
    expect(r.sigmaMethod).toBe('σ = MR̄/d2(2) = MR̄/1.128; target μ0 = mean of all points; K = 0.5 σ, H = 4 σ');
  });

  it('subgroups (qcc pistonrings, Phase I 1–25): σ = R̄/d2, sums of x̄ with K and H scaled by 1/√n; the shift is flagged', () => {
    const groups = new Map<string, number[]>();
    for (const row of loadFixture('pistonrings')) groups.set(row.sample!, [...(groups.get(row.sample!) ?? []), Number(row.diameter)]);
    const subgroups = [...groups].map(([label, values]) => ({ label, values }));
    const xbar = buildChart({ chart: 'xbar-r', subgroups, limitsFrom: { from: 1, to: 25 }, tests: minitab }).panels[0]!;
    const r = buildChart({ chart: 'cusum', subgroups, limitsFrom: { from: 1, to: 25 }, tests: minitab });
    const [up, low] = r.panels;
    const se = xbar.sigma / Math.sqrt(5);
    expect(up!.sigma).toBeCloseTo(xbar.sigma, 12);
    expect(up!.target).toBeCloseTo(74.00118, 5);
    expect(up!.ucl).toBeCloseTo(4 * se, 12);
    // Hand recursion on the subgroup means.
    let c = 0;
    const expected = xbar.points.map((p) => (c = Math.max(0, c + p.value - up!.target! - 0.5 * se)));
    up!.points.forEach((p, i) => expect(p.value).toBeCloseTo(expected[i]!, 12));
    expect(r.sigmaMethod).toBe('σ = R̄/d2(n); target μ0 = mean of points 1–25; K = 0.5 σ, H = 4 σ');
    // The upward shift of subgroups 26–40 accumulates past H (the X̄ chart only sees 37–39).
    expect(up!.signals.length).toBeGreaterThan(3);
    expect(up!.signals[0]!.index).toBeGreaterThan(25);
    expect(low!.signals).toEqual([]);
  });

  it('stages: each stage has its own target and σ, and the sums restart at 0', () => {
    const v = [...Array.from({ length: 12 }, (_, i) => 100 + (i % 3)), ...Array.from({ length: 12 }, (_, i) => 50 + (i % 2))];
    const r = buildChart({ chart: 'cusum', subgroups: single(v, (i) => (i < 12 ? 'Before' : 'After')), tests: minitab });
    const up = r.panels[0]!;
    expect(up.stages.map((s) => [s.name, s.from, s.to, s.center])).toEqual([['Before', 1, 12, 0], ['After', 13, 24, 0]]);
    expect(up.stages[0]!.target).toBeCloseTo(101, 12);
    expect(up.stages[1]!.target).toBeCloseTo(50.5, 12);
    expect(up.ucl).toBeUndefined(); // σ differs by stage, so ±H does too
    expect(up.points[12]!.value).toBe(Math.max(0, 50 - 50.5 - 0.5 * up.stages[1]!.sigma));
    expect(r.sigmaMethod).toContain('target μ0 = mean of each stage');
  });

  it('a downward shift is flagged on the lower sum, below −H', () => {
    const v = [...Array.from({ length: 15 }, (_, i) => 20 + ((i * 7) % 5) / 5), ...Array.from({ length: 10 }, (_, i) => 19.4 + ((i * 3) % 5) / 5)];
    const r = buildChart({ chart: 'cusum', subgroups: single(v), limitsFrom: { from: 1, to: 15 }, tests: minitab });
    const [up, low] = r.panels;
    expect(up!.signals).toEqual([]);
    expect(low!.signals.length).toBeGreaterThan(0);
    for (const s of low!.signals) expect(low!.points[s.index - 1]!.value).toBeLessThan(low!.lcl!);
    expect(low!.signals[0]!.index).toBeGreaterThan(15);
  });

  it('rejects a negative k, a non-positive h and mixed individual/subgroup data', () => {
    const s = single([1, 2, 3]);
    expect(() => buildChart({ chart: 'cusum', subgroups: s, cusumK: -0.1, tests: minitab })).toThrow(/reference value k must be 0 or more/);
    expect(() => buildChart({ chart: 'cusum', subgroups: s, cusumH: 0, tests: minitab })).toThrow(/decision interval h must be positive/);
    expect(() => buildChart({ chart: 'cusum', subgroups: [{ label: 'a', values: [1, 2] }, { label: 'b', values: [3] }], tests: minitab })).toThrow(/subgroup "b" has 1 observation/);
  });
});

describe('CUSUM properties', () => {
  const series = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 60 });
  const chart = (v: readonly number[], known?: { center: number; sigma: number }, k = 0.5, h = 4) =>
    buildChart({ chart: 'cusum', subgroups: single(v), known, cusumK: k, cusumH: h, tests: minitab });
  const params = fc.record({ k: fc.double({ min: 0, max: 2, noNaN: true }), h: fc.double({ min: 0.5, max: 8, noNaN: true }) });

  it('adding a constant to the data and to μ0 leaves the sums and signals unchanged (given or estimated μ0)', () => {
    fc.assert(fc.property(series, fc.double({ min: -1e3, max: 1e3, noNaN: true }), params, (v, c, { k, h }) => {
      for (const known of [{ center: 5, sigma: 2 }, undefined]) {
        const a = chart(v, known, k, h);
        const b = chart(v.map((x) => x + c), known && { center: known.center + c, sigma: known.sigma }, k, h);
        a.panels.forEach((p, j) => {
          const q = b.panels[j]!;
          p.points.forEach((pt, i) => expect(q.points[i]!.value).toBeCloseTo(pt.value, 6));
          expect(q.target).toBeCloseTo(p.target! + c, 6);
        });
      }
    }));
  });

  it('scaling data, μ0 and σ by f > 0 scales the sums and limits and keeps the signals', () => {
    fc.assert(fc.property(series, fc.double({ min: 0.01, max: 100, noNaN: true }), params, (v, f, { k, h }) => {
      const a = chart(v, { center: 1, sigma: 3 }, k, h);
      const b = chart(v.map((x) => x * f), { center: f, sigma: 3 * f }, k, h);
      a.panels.forEach((p, j) => {
        const q = b.panels[j]!;
        expect(q.ucl).toBeCloseTo(p.ucl! * f, 6);
        p.points.forEach((pt, i) => expect(q.points[i]!.value).toBeCloseTo(pt.value * f, 4));
        // A point within 1e-9 of ±H could flip by rounding; such series are vanishingly rare here.
        expect(q.signals).toEqual(p.signals);
      });
    }));
  });

  it('mirroring the data about μ0 swaps the upper and lower sums; C⁺ ≥ 0 ≥ C⁻ always', () => {
    fc.assert(fc.property(series, params, (v, { k, h }) => {
      const a = chart(v, { center: 0, sigma: 10 }, k, h);
      const b = chart(v.map((x) => -x), { center: 0, sigma: 10 }, k, h);
      a.panels[0]!.points.forEach((pt, i) => {
        expect(pt.value).toBeGreaterThanOrEqual(0);
        expect(a.panels[1]!.points[i]!.value).toBeLessThanOrEqual(0);
        expect(b.panels[1]!.points[i]!.value).toBeCloseTo(-pt.value, 9);
      });
      expect(b.panels[1]!.signals).toEqual(a.panels[0]!.signals);
    }));
  });

  it('tabularCusum with k = 0 and no clipping is the running sum of deviations', () => {
    const up = new Float64Array(4);
    const low = new Float64Array(4);
    tabularCusum([1, 2, 3, 4], [1, 1, 1, 1], 0, 4, 0, 1, 0, up, low);
    expect([...up]).toEqual([1, 3, 6, 10]);
    expect([...low]).toEqual([0, 0, 0, 0]);
  });
});
