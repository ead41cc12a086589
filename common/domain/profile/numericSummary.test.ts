import { describe, expect, it } from 'vitest';
import { histogramSorted, numericSummary } from './numericSummary';
import { profileWarnings } from './profileWarnings';

describe('numericSummary', () => {
  it('matches numpy: x = 1..10 → mean 5.5, sd (ddof=1) 3.0277, percentiles by linear interpolation', () => {
    // numpy.percentile(np.arange(1, 11), [1, 5, 25, 50, 75, 95, 99]) = [1.09, 1.45, 3.25, 5.5, 7.75, 9.55, 9.91]
    const s = numericSummary(Float64Array.from({ length: 10 }, (_, i) => i + 1))!;
    expect(s.mean).toBe(5.5);
    expect(s.std!).toBeCloseTo(3.0276503541, 9);
    const q = s.quantiles;
    expect([q.p1, q.p5, q.p25, q.p50, q.p75, q.p95, q.p99].map((v) => Math.round(v! * 100) / 100)).toEqual([1.09, 1.45, 3.25, 5.5, 7.75, 9.55, 9.91]);
  });
  it('histogram: numpy.histogram(range(1, 11), bins=3) → edges [1, 4, 7, 10], counts [3, 3, 4] (last bin closed)', () => {
    const h = histogramSorted([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3);
    expect(h.edges).toEqual([1, 4, 7, 10]);
    expect(h.counts).toEqual([3, 3, 4]);
  });
  it('a single value has no SD; a constant column has one bin', () => {
    expect(numericSummary([4])!.std).toBeNull();
    expect(histogramSorted([2, 2, 2])).toEqual({ edges: [2, 2], counts: [3] });
    expect(numericSummary([])).toBeNull();
  });
});

describe('profileWarnings', () => {
  it('missing over 5 %, constant, mixed types and PSI drift over 0.2', () => {
    const w = profileWarnings({ name: 'x', count: 100, missing: 6, distinct: 1, invalid: 2, psi: 0.31, againstVersion: 1 });
    expect(w.map((x) => x.code)).toEqual(['missing', 'constant', 'mixed-types', 'drift']);
    expect(profileWarnings({ name: 'x', count: 100, missing: 5, distinct: 50, invalid: 0, psi: 0.2, againstVersion: 1 })).toEqual([]);
  });
});
