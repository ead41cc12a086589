import { describe, expect, it } from 'vitest';
import { lowerBound, quantileSorted, quantiles, upperBound } from './quantile';
import { mean } from './descriptive';
import { logGamma } from './gamma';

describe('type-7 quantiles (R default, numpy linear)', () => {
  it('matches R quantile(1:10) = 1, 3.25, 5.5, 7.75, 10 at 0, .25, .5, .75, 1', () => {
    const x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    expect(quantiles(x, [0, 0.25, 0.5, 0.75, 1])).toEqual([1, 3.25, 5.5, 7.75, 10]);
  });
  it('interpolates between order statistics: numpy.quantile([1,3,7,15], 0.9) = 12.6', () => {
    // h = 3·0.9 = 2.7 → 7 + 0.7·(15 − 7) = 12.6
    expect(quantileSorted([1, 3, 7, 15], 0.9)).toBeCloseTo(12.6, 12);
  });
  it('ignores non-finite values and returns NaN for no data', () => {
    expect(quantiles([Number.NaN, 2, 4], [0.5])).toEqual([3]);
    expect(quantileSorted([], 0.5)).toBeNaN();
    expect(mean([])).toBeNaN();
  });
  it('binary searches match numpy searchsorted left/right', () => {
    const a = [1, 2, 2, 2, 5];
    expect(lowerBound(a, 2)).toBe(1);
    expect(upperBound(a, 2)).toBe(4);
    expect(upperBound(a, 0)).toBe(0);
    expect(lowerBound(a, 9)).toBe(5);
  });
});

describe('logGamma', () => {
  it('gives log factorials', () => {
    expect(Math.exp(logGamma(6))).toBeCloseTo(120, 9);
    expect(Math.exp(logGamma(0.5))).toBeCloseTo(Math.sqrt(Math.PI), 12);
  });
});

describe('quantileSelect / quantilesSelect (quickselect)', () => {
  it('equals the sorted type-7 quantile on random data', async () => {
    const { quantileSelect, quantilesSelect } = await import('./quantile');
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (const n of [1, 2, 5, 100, 1001]) {
      const xs = Float64Array.from({ length: n }, () => Math.round(rnd() * 50));
      const sorted = Float64Array.from(xs).sort();
      for (const p of [0, 0.05, 0.5, 0.95, 1]) expect(quantileSelect(Float64Array.from(xs), p)).toBe(quantileSorted(sorted, p));
      const ps = [0.95, 0.1, 0.5, 0.5, 0.51, 0.99, 0, 1];
      expect(quantilesSelect(Float64Array.from(xs), ps)).toEqual(ps.map((p) => quantileSorted(sorted, p)));
    }
  });
});
