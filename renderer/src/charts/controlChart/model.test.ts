import { describe, expect, it } from 'vitest';
import { packPanelObjects } from '../../../../common/domain/spc/packed';
import { decimate, fractionOf, modelFromArrays, modelFromPanel, positionAt, yExtent } from './model';

describe('control chart model', () => {
  it('min/max-per-pixel decimation keeps every extreme', () => {
    const v = Float64Array.from({ length: 10_000 }, (_, i) => (i === 4321 ? 99 : i === 777 ? -50 : i % 7));
    const d = decimate(v, { i0: 0, i1: v.length }, 100);
    expect(Math.max(...d.max)).toBe(99);
    expect(Math.min(...d.min)).toBe(-50);
    expect(d.used.every((u) => u === 1)).toBe(true);
  });
  it('y extent includes limits and does not go below 0 for non-negative data', () => {
    const m = modelFromArrays(Float64Array.from([1, 2, 3]), 2, 5, 0);
    const [lo, hi] = yExtent(m, { i0: 0, i1: 3 });
    expect(lo).toBe(0);
    expect(hi).toBeGreaterThan(5);
  });
});

describe('a chart the server decimated', () => {
  const m = 200_000;
  const values = Array.from({ length: m }, (_, i) => (i % 40_000 === 20_000 ? 90 : (i * 37) % 11));
  const points = values.map((value, i) => ({ index: i + 1, subgroup: String(i + 1), value, center: 5, ucl: 20, lcl: -10, stage: '', tests: value === 90 ? [1] : [], n: 1 }));
  const signals = points.filter((q) => q.tests.length > 0).map((q) => ({ test: 1, index: q.index }));
  const panel = packPanelObjects({ statistic: 'i', center: 5, sigma: 5, ucl: 20, lcl: -10, points, signals, stages: [{ name: '', from: 1, to: m, center: 5, sigma: 5, ucl: 20, lcl: -10 }], testsApplied: [1] }, { width: 1000 });

  it('places each point by its number, flags every signal, and the canvas keeps each column’s min and max', () => {
    const model = modelFromPanel(panel);
    expect(panel.decimated).toBe(true);
    expect(model.total).toBe(m);
    expect(model.values.length).toBeLessThan(5000);
    const d = { i0: 0, i1: model.values.length, index: model.index };
    // x follows the point number: the point numbered 100,001 sits at the middle, whatever its position.
    const mid = positionAt(d, 0.5);
    expect(Math.abs(model.index[mid]! - 100_000)).toBeLessThan(m / 1000);
    expect(fractionOf(d, mid)).toBeCloseTo((model.index[mid]! - 1) / (m - 1), 12);
    const flagged = [...model.index].filter((_, i) => model.tests[i] !== 0);
    expect(flagged).toEqual(signals.map((s) => s.index));
    // Drawn on 500 columns, every column holds the min and max of its points of the full series.
    const cols = decimate(model.values, d, 500);
    for (let c = 0; c < 500; c++) {
      const inCol = values.filter((_, i) => Math.round((i / (m - 1)) * 499) === c);
      expect([cols.min[c], cols.max[c]]).toEqual([Math.min(...inCol), Math.max(...inCol)]);
    }
  });
});
