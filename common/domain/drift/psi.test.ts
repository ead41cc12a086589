import { describe, expect, it } from 'vitest';
import { psiBand, psiCategorical, psiEqualWidth, psiEvidently, psiQuantile, sturgesEdges } from './psi';

const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);
const term = (c: number, r: number) => (c - r) * Math.log(c / r);

describe('PSI quantile mode (reference deciles, R type 7, [a,b), open outer bins, ε = 0.0001)', () => {
  it('uses type-7 decile edges and fills empty bins with ε', () => {
    const r = psiQuantile(range(1, 10), [1, 1, 1, 1, 1, 2, 3, 4, 5, 6]);
    // h = 9·k/10 → edges 1.9, 2.8, …, 9.1 so each reference value sits alone in its bin.
    expect(r.bins.map((b) => b.upper)).toEqual([1.9, 2.8, 3.7, 4.6, 5.5, 6.4, 7.3, 8.2, 9.1, Infinity].map((x) => (x === Infinity ? x : expect.closeTo(x, 12))));
    expect(r.bins[0]!.lower).toBe(-Infinity);
    expect(r.bins.map((b) => b.reference)).toEqual(Array(10).fill(0.1));
    expect(r.bins.map((b) => b.current)).toEqual([0.5, 0.1, 0.1, 0.1, 0.1, 0.1, 0.0001, 0.0001, 0.0001, 0.0001]);
    expect(r.psi).toBeCloseTo(term(0.5, 0.1) + 4 * term(0.0001, 0.1), 12);
    expect(r.fill).toEqual({ reference: null, current: 0.0001 });
  });
  it('puts a value equal to an edge in the upper bin ([a, b))', () => {
    const r = psiQuantile([0, 10, 20, 30, 40], [10], 4);
    // Edges 10, 20, 30: the current value 10 belongs to [10, 20).
    expect(r.bins.map((b) => b.currentCount)).toEqual([0, 1, 0, 0]);
  });
  it('merges tied edges so no bin is empty by construction', () => {
    const r = psiQuantile([0, 0, 0, 0, 0, 0, 0, 0, 1, 2], [0, 1, 2]);
    // Deciles 0 (×7), 0.2, 1.1 → inner edges 0, 0.2, 1.1 → 4 bins.
    expect(r.bins.map((b) => b.label)).toEqual(['[−∞, 0)', '[0, 0.2)', '[0.2, 1.1)', '[1.1, +∞)']);
    expect(r.bins.map((b) => b.referenceCount)).toEqual([0, 8, 1, 1]);
  });
  it('is zero for identical samples and symmetric in sign', () => {
    expect(psiQuantile(range(1, 50), range(1, 50)).psi).toBe(0);
    const a = psiEqualWidth(range(1, 40), range(10, 60), 5).psi;
    expect(a).toBeGreaterThan(0);
  });
  it('rejects an empty sample with a message', () => {
    expect(() => psiQuantile([], [1])).toThrow(/reference sample has no values/);
  });
});

describe('PSI evidently mode (Evidently legacy stattests/psi.py)', () => {
  it('uses Sturges bins over the concatenated data when the reference has more than 20 unique values', () => {
    const r = psiEvidently(range(0, 29), range(10, 39));
    // N = 60 → k = ceil(log2(60) + 1) = 7 equal bins from 0 to 39, last bin closed.
    expect(r.kind).toBe('numeric');
    expect(r.bins).toHaveLength(7);
    expect(r.bins[6]!.upper).toBe(39);
    expect(r.bins[6]!.label.endsWith(']')).toBe(true);
    expect(r.bins.map((b) => b.referenceCount)).toEqual([6, 6, 5, 6, 5, 2, 0]);
    expect(r.bins.map((b) => b.currentCount)).toEqual([0, 2, 5, 6, 5, 6, 6]);
    // min_nonzero = 2/30 > 0.0001 → zeros become 0.0001.
    expect(r.fill).toEqual({ reference: 0.0001, current: 0.0001 });
    const ref = [6, 6, 5, 6, 5, 2].map((c) => c / 30).concat(0.0001);
    const cur = [0.0001].concat([2, 5, 6, 5, 6, 6].map((c) => c / 30));
    expect(r.psi).toBeCloseTo(ref.reduce((s, x, i) => s + term(cur[i]!, x), 0), 12);
  });
  it('matches numpy.histogram_bin_edges(bins="sturges")', () => {
    // numpy: np.histogram_bin_edges(np.arange(10), bins="sturges") → 5 bins of width 1.8.
    expect(sturgesEdges(0, 9, 10)).toEqual([0, 1.8, 3.6, expect.closeTo(5.4, 12), 7.2, 9]);
  });
  it('uses one bin per value when the reference has 20 or fewer unique values', () => {
    const ref = range(1, 20).flatMap((v) => [v, v]);
    const r = psiEvidently(ref, [1, 2, 21]);
    expect(r.kind).toBe('categorical');
    expect(r.bins.map((b) => b.label)).toEqual([...range(1, 21).map(String)]);
  });
  it('fills zeros with min_nonzero/1e6 when the smallest non-zero fraction is ≤ 0.0001', () => {
    const ref = [...Array(10000).fill('a'), 'b'];
    const r = psiCategorical(ref, ['a', 'c']);
    const minNonzero = 1 / 10001;
    expect(r.fill.reference).toBeCloseTo(minNonzero / 1e6, 20);
    expect(r.fill.current).toBe(0.0001);
    const c = r.bins.find((b) => b.label === 'c')!;
    expect(c.reference).toBeCloseTo(minNonzero / 1e6, 20);
    expect(r.psi).toBeCloseTo(term(0.5, 10000 / 10001) + term(0.0001, 1 / 10001) + term(0.5, minNonzero / 1e6), 10);
  });
});

describe('PSI bands', () => {
  it('follows < 0.1 stable, 0.1–0.25 moderate, > 0.25 significant', () => {
    expect([0.05, 0.1, 0.25, 0.26].map(psiBand)).toEqual(['stable', 'moderate', 'moderate', 'significant']);
  });
});
