import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildChart } from './buildChart';
import { presetConfig, testsOf } from './runRules';
import { individualsFast } from './individualsFast';
import type { Subgroup } from './types';
import { loadFixture } from '../../../tests/helpers/spcFixtures';

const minitab = presetConfig('minitab');

function pistonrings(): Subgroup[] {
  const groups = new Map<string, number[]>();
  for (const r of loadFixture('pistonrings')) {
    const g = groups.get(r.sample!) ?? [];
    g.push(Number(r.diameter));
    groups.set(r.sample!, g);
  }
  return [...groups].map(([label, values]) => ({ label, values }));
}

describe('X̄-R on qcc pistonrings (Montgomery Table 6.3)', () => {
  it('trial subgroups 1–25 give qcc/Montgomery limits', () => {
    const r = buildChart({ chart: 'xbar-r', subgroups: pistonrings().slice(0, 25), tests: minitab });
    const [xbar, range] = r.panels;
    expect(xbar!.statistic).toBe('xbar');
    expect(xbar!.center).toBeCloseTo(74.00118, 5);
    expect(range!.center).toBeCloseTo(0.02276, 5);
    // qcc prints 73.98805/74.01431 with the tabled d2(5) = 2.326; we use the exact d2(5) = 2.32593
    // (as Minitab), which moves the limits by 5e-6.
    expect(Math.abs(xbar!.lcl! - 73.98805)).toBeLessThan(1e-5);
    expect(Math.abs(xbar!.ucl! - 74.01431)).toBeLessThan(1e-5);
    expect(xbar!.sigma).toBeCloseTo(0.009785, 5);
    expect(range!.lcl).toBe(0);
    expect(range!.ucl).toBeCloseTo(0.04812, 4); // D4(5)·R̄ = 2.114 × 0.02276
    expect(xbar!.signals).toEqual([]);
  });
  it('Phase II: limits from 1–25 held for 26–40 flag the shift (qcc: beyond limits at 37, 38, 39)', () => {
    const r = buildChart({ chart: 'xbar-r', subgroups: pistonrings(), limitsFrom: { from: 1, to: 25 }, tests: minitab });
    const xbar = r.panels[0]!;
    expect(xbar.points).toHaveLength(40);
    expect(Math.abs(xbar.ucl! - 74.01431)).toBeLessThan(1e-5);
    expect(xbar.signals.map((s) => s.index)).toEqual([37, 38, 39]);
    expect(xbar.points[36]!.tests).toEqual([1]);
  });
  it('X̄-S uses s̄/c4', () => {
    const r = buildChart({ chart: 'xbar-s', subgroups: pistonrings().slice(0, 25), tests: minitab });
    const [xbar, s] = r.panels;
    expect(s!.statistic).toBe('s');
    // σ = s̄/c4(5): check it against the X̄ limits x̿ ± A3·s̄.
    const sbar = s!.center;
    expect(xbar!.ucl! - xbar!.center).toBeCloseTo(1.427 * sbar, 4);
    expect(s!.ucl).toBeCloseTo(2.089 * sbar, 4);
  });
});

describe('attribute charts on qcc datasets', () => {
  it('p chart, orangejuice trial samples 1–30: p̄ 0.2313, limits 0.0524/0.4102', () => {
    const rows = loadFixture('orangejuice').slice(0, 30);
    const subgroups = rows.map((r) => ({ label: r.sample!, values: [Number(r.D)], size: Number(r.size) }));
    const p = buildChart({ chart: 'p', subgroups, tests: minitab }).panels[0]!;
    expect(p.center).toBeCloseTo(0.2313, 4);
    expect(p.lcl).toBeCloseTo(0.0524, 4);
    expect(p.ucl).toBeCloseTo(0.4102, 4);
    // qcc flags samples 15 and 23 beyond the UCL.
    expect(p.signals.map((s) => s.index)).toEqual([15, 23]);
    const np = buildChart({ chart: 'np', subgroups, tests: minitab }).panels[0]!;
    expect(np.center).toBeCloseTo(50 * 0.231333, 3);
    expect(np.ucl).toBeCloseTo(50 * 0.41024, 2);
  });
  it('c chart, circuit trial: c̄ 19.85, limits 6.48/33.22, points 6 and 20 out', () => {
    const rows = loadFixture('circuit').slice(0, 26);
    const c = buildChart({ chart: 'c', subgroups: rows.map((r) => ({ label: r.sample!, values: [Number(r.x)] })), tests: minitab }).panels[0]!;
    expect(c.center).toBeCloseTo(19.85, 2);
    expect(c.lcl).toBeCloseTo(6.48, 2);
    expect(c.ucl).toBeCloseTo(33.21, 2);
    expect(c.signals.map((s) => s.index)).toEqual([6, 20]);
  });
  it('u chart with varying n gives per-point limits and no panel-level limits', () => {
    const subgroups = [5, 3, 8, 4, 6, 2].map((c, i) => ({ label: String(i + 1), values: [c], size: [10, 5, 20, 10, 10, 4][i] }));
    const u = buildChart({ chart: 'u', subgroups, tests: minitab }).panels[0]!;
    const ubar = 28 / 59;
    expect(u.center).toBeCloseTo(ubar, 12);
    expect(u.ucl).toBeUndefined();
    expect(u.points[1]!.ucl).toBeCloseTo(ubar + 3 * Math.sqrt(ubar / 5), 12);
    expect(u.points[2]!.ucl).toBeCloseTo(ubar + 3 * Math.sqrt(ubar / 20), 12);
    expect(u.points[1]!.lcl).toBe(0);
  });
});

describe('I-MR, stages, known values, EWMA', () => {
  const xs = [10, 12, 11, 13, 12, 11, 10, 12];
  const single = (v: number[], stage?: (i: number) => string) => v.map((x, i) => ({ label: String(i + 1), values: [x], stage: stage?.(i) }));
  it('I-MR: σ = MR̄/1.128, MR panel starts at point 2 with UCL 3.267·MR̄', () => {
    const r = buildChart({ chart: 'imr', subgroups: single(xs), tests: minitab });
    const [i, mr] = r.panels;
    const mrBar = (2 + 1 + 2 + 1 + 1 + 1 + 2) / 7;
    expect(i!.center).toBeCloseTo(11.375, 12);
    expect(i!.sigma).toBeCloseTo(mrBar / 1.1283791670955126, 12);
    expect(i!.ucl).toBeCloseTo(11.375 + (3 * mrBar) / 1.1283791670955126, 12);
    expect(mr!.points[0]!.index).toBe(2);
    expect(mr!.ucl).toBeCloseTo(3.2665 * mrBar, 3);
    expect(r.sigmaMethod).toContain('1.128');
  });
  it('stages get their own limits and the shift shows as a lower centre', () => {
    const v = [...Array.from({ length: 10 }, (_, i) => 100 + (i % 3)), ...Array.from({ length: 10 }, (_, i) => 50 + (i % 2))];
    const r = buildChart({ chart: 'imr', subgroups: single(v, (i) => (i < 10 ? 'Before' : 'After')), tests: minitab });
    const stages = r.panels[0]!.stages;
    expect(stages.map((s) => [s.name, s.from, s.to])).toEqual([['Before', 1, 10], ['After', 11, 20]]);
    expect(stages[0]!.center).toBeCloseTo(100.9, 10);
    expect(stages[1]!.center).toBeCloseTo(50.5, 10);
    expect(r.panels[0]!.ucl).toBeUndefined();
    // MR restarts in each stage: no moving range across the boundary.
    expect(r.panels[1]!.points.map((p) => p.index)).not.toContain(11);
  });
  it('known centre and sigma are used as given', () => {
    const r = buildChart({ chart: 'imr', subgroups: single(xs), known: { center: 10, sigma: 0.5 }, tests: minitab });
    expect(r.panels[0]!.ucl).toBe(11.5);
    expect(r.panels[0]!.signals.map((s) => s.index)).toEqual([2, 4, 5, 8]);
  });
  it('EWMA follows zᵢ = λxᵢ + (1−λ)zᵢ₋₁ with widening limits', () => {
    const r = buildChart({ chart: 'ewma', subgroups: single(xs), known: { center: 11, sigma: 1 }, tests: minitab });
    const p = r.panels[0]!.points;
    expect(p[0]!.value).toBeCloseTo(0.2 * 10 + 0.8 * 11, 12);
    expect(p[1]!.value).toBeCloseTo(0.2 * 12 + 0.8 * p[0]!.value, 12);
    expect(p[0]!.ucl).toBeCloseTo(11 + 3 * Math.sqrt((0.2 / 1.8) * (1 - 0.8 ** 2)), 12);
    expect(p[7]!.ucl).toBeGreaterThan(p[0]!.ucl);
  });
});

describe('bad input names the problem', () => {
  it('rejects too few points, size-1 subgroups for X̄-R and bad limit ranges', () => {
    expect(() => buildChart({ chart: 'imr', subgroups: [{ label: 'a', values: [1] }], tests: minitab })).toThrow(/at least 2 points/);
    expect(() => buildChart({ chart: 'xbar-r', subgroups: [{ label: 'a', values: [1, 2] }, { label: 'b', values: [3] }], tests: minitab })).toThrow(/Subgroup "b" has 1 observation/);
    expect(() => buildChart({ chart: 'imr', subgroups: [{ label: 'a', values: [1] }, { label: 'b', values: [2] }], limitsFrom: { from: 1, to: 5 }, tests: minitab })).toThrow(/within subgroups 1-2/);
    expect(() => buildChart({ chart: 'p', subgroups: [{ label: 'a', values: [6], size: 5 }, { label: 'b', values: [1], size: 5 }], tests: minitab })).toThrow(/more defectives/);
  });
});

describe('properties', () => {
  const series = fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 3, maxLength: 60 });
  it('adding a constant shifts centre and limits by it; σ unchanged', () => {
    fc.assert(fc.property(series, fc.double({ min: -1e3, max: 1e3, noNaN: true }), (v, c) => {
      const a = buildChart({ chart: 'imr', subgroups: v.map((x, i) => ({ label: String(i), values: [x] })), tests: minitab }).panels[0]!;
      const b = buildChart({ chart: 'imr', subgroups: v.map((x, i) => ({ label: String(i), values: [x + c] })), tests: minitab }).panels[0]!;
      expect(b.center).toBeCloseTo(a.center + c, 6);
      expect(b.sigma).toBeCloseTo(a.sigma, 6);
      expect(b.ucl!).toBeCloseTo(a.ucl! + c, 6);
    }));
  });
  it('multiplying by a positive factor scales centre, σ and limits', () => {
    fc.assert(fc.property(series, fc.double({ min: 0.01, max: 100, noNaN: true }), (v, f) => {
      const a = buildChart({ chart: 'imr', subgroups: v.map((x, i) => ({ label: String(i), values: [x] })), tests: minitab }).panels[0]!;
      const b = buildChart({ chart: 'imr', subgroups: v.map((x, i) => ({ label: String(i), values: [x * f] })), tests: minitab }).panels[0]!;
      expect(b.center).toBeCloseTo(a.center * f, 5);
      expect(b.sigma).toBeCloseTo(a.sigma * f, 5);
      expect(b.lcl!).toBeCloseTo(a.lcl! * f, 4);
      expect(b.signals).toEqual(a.signals);
    }));
  });
});

describe('individualsFast (long series path)', () => {
  it('gives the same limits and signals as buildChart', () => {
    const v = Array.from({ length: 300 }, (_, i) => Math.sin(i / 7) * 3 + (i % 11) + (i > 250 ? 9 : 0));
    const full = buildChart({ chart: 'imr', subgroups: v.map((x, i) => ({ label: String(i + 1), values: [x] })), tests: presetConfig('nelson') }).panels[0]!;
    const fast = individualsFast(Float64Array.from(v), presetConfig('nelson'));
    expect(fast.center).toBeCloseTo(full.center, 12);
    expect(fast.ucl).toBeCloseTo(full.ucl!, 12);
    expect([...fast.masks].flatMap((m, i) => testsOf(m).map((test) => ({ test, index: i + 1 }))).sort((a, b) => a.index - b.index || a.test - b.test)).toEqual(full.signals);
  });
});
