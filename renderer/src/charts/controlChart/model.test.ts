import { describe, expect, it } from 'vitest';
import { decimate, modelFromArrays, yExtent } from './model';

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
