import { describe, expect, it } from 'vitest';
import { buildChart } from './buildChart';
import { presetConfig } from './runRules';
import { signalPoints } from './signalPoints';

const nelson = presetConfig('nelson');

/** 10/10.5 alternating with a dip to 9.5 at point 16 and a spike to 13 at point 17 (then back to 10.5 at 18). */
const spike = Array.from({ length: 30 }, (_, k) => (k === 15 ? 9.5 : k === 16 ? 13 : 10 + (k % 2) * 0.5));

describe('points with signals (one row per point, any panel)', () => {
  it('lists the point the moving-range chart flags when the individuals chart does not (the return from a spike)', () => {
    const r = buildChart({ chart: 'imr', subgroups: spike.map((v, i) => ({ label: `d${i + 1}`, values: [v] })), tests: presetConfig('minitab') });
    const [i, mr] = r.panels;
    expect(i!.signals).toEqual([{ test: 1, index: 17 }]);
    // MR18 = |10.5 − 13| = 2.5 > UCL = 3.267·MR̄ ≈ 2.20: a signal of the MR chart only.
    expect(mr!.signals).toEqual([{ test: 1, index: 17 }, { test: 1, index: 18 }]);
    expect(signalPoints(r.panels)).toEqual([
      { index: 17, panels: [{ statistic: 'i', tests: [1] }, { statistic: 'mr', tests: [1] }] },
      { index: 18, panels: [{ statistic: 'mr', tests: [1] }] },
    ]);
  });

  it('counts a point failing several tests on several panels once, with every test per panel', () => {
    const rows = signalPoints([
      { statistic: 'i', signals: [{ test: 5, index: 30 }, { test: 1, index: 30 }, { test: 2, index: 9 }] },
      { statistic: 'mr', signals: [{ test: 1, index: 30 }, { test: 1, index: 31 }] },
    ]);
    expect(rows).toEqual([
      { index: 9, panels: [{ statistic: 'i', tests: [2] }] },
      { index: 30, panels: [{ statistic: 'i', tests: [1, 5] }, { statistic: 'mr', tests: [1] }] },
      { index: 31, panels: [{ statistic: 'mr', tests: [1] }] },
    ]);
  });

  it('on a real shifted series: signal pairs outnumber the points, and the rows are the distinct points', () => {
    const values = Array.from({ length: 30 }, (_, k) => (k < 15 ? 100 + (k % 3) : 112 + (k % 3)));
    const r = buildChart({ chart: 'imr', subgroups: values.map((v, k) => ({ label: `d${k + 1}`, values: [v] })), tests: nelson });
    const pairs = r.panels.reduce((n, p) => n + p.signals.length, 0);
    const distinct = new Set(r.panels.flatMap((p) => p.signals.map((s) => s.index))).size;
    const rows = signalPoints(r.panels);
    expect(pairs).toBeGreaterThan(rows.length);
    expect(rows).toHaveLength(distinct);
    expect(rows.length).toBeLessThanOrEqual(30);
  });
});
