import { describe, expect, it } from 'vitest';
import { numericSummary } from '../../common/domain/profile/numericSummary';
import { ColumnAccumulator, DISTINCT_CAP, SAMPLE_CAP, scaleCounts } from './profiler';

const meta = { name: 'x', role: null, unit: null, invalid: 0, transformed: null };

function lcg(n: number, seed = 7): Float64Array {
  const out = new Float64Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    out[i] = Math.round((s / 2147483648) * 1e6) / 100;
  }
  return out;
}

function profileOf(values: Float64Array, type: 'real' | 'integer' = 'real') {
  const a = new ColumnAccumulator(type);
  for (const v of values) a.add(v);
  a.add(null);
  return a.build(meta, null);
}

describe('column profile accumulator', () => {
  it('takes a block column at once exactly as value by value (sample, reservoir, distinct cap, missing)', () => {
    // Three columns interleaved row-major, past SAMPLE_CAP and DISTINCT_CAP, with missing values (NaN).
    const rows = SAMPLE_CAP + 60_000;
    const x = lcg(rows * 3, 11);
    for (let i = 0; i < x.length; i += 17) x[i] = NaN;
    for (let col = 0; col < 3; col++) {
      const one = new ColumnAccumulator('real', undefined, 5);
      for (let r = 0; r < rows; r++) one.add(Number.isNaN(x[r * 3 + col]!) ? null : x[r * 3 + col]!);
      const block = new ColumnAccumulator('real', undefined, 5);
      for (let r0 = 0; r0 < rows; r0 += 4096) block.addNumbers(x, r0 * 3 + col, 3, Math.min(4096, rows - r0));
      const [a, b] = [one.state(), block.state()];
      expect({ ...b, sample: null, distinctNums: null, counts: null }).toEqual({ ...a, sample: null, distinctNums: null, counts: null });
      expect(Buffer.from(b.sample.buffer, 0, b.sampleLen * 8).equals(Buffer.from(a.sample.buffer, 0, a.sampleLen * 8))).toBe(true);
      expect(block.build(meta, null)).toEqual(one.build(meta, null));
    }
  });

  it('is exact (the same numbers as a full sort) up to the sample cap', () => {
    const x = lcg(50_000);
    const p = profileOf(x);
    const exact = numericSummary(Float64Array.from(x).sort())!;
    expect(p.sampled).toBeNull();
    expect(p.count).toBe(50_001);
    expect(p.missing).toBe(1);
    expect(p.quantiles).toEqual(exact.quantiles);
    expect(p.histogram).toEqual(exact.histogram);
    expect(p.min).toBe(exact.min);
    expect(p.max).toBe(exact.max);
    expect(p.mean!).toBeCloseTo(exact.mean, 9);
    expect(p.std!).toBeCloseTo(exact.std!, 9);
  });

  it('above the cap keeps memory flat: exact count, min, max, mean and SD; quantiles from a uniform sample; counts that add up', () => {
    const n = SAMPLE_CAP * 3;
    const x = lcg(n, 11);
    const p = profileOf(x);
    const sorted = Float64Array.from(x).sort();
    const exact = numericSummary(sorted)!;
    expect(p.sampled).toBe(SAMPLE_CAP);
    expect([p.min, p.max]).toEqual([exact.min, exact.max]);
    expect(p.mean!).toBeCloseTo(exact.mean, 6);
    expect(p.std!).toBeCloseTo(exact.std!, 6);
    for (const [k, v] of Object.entries(exact.quantiles)) {
      // Rank error of a 200,000-value sample: well under 0.5 percentage points of rank.
      const rank = sorted.findIndex((y) => y >= p.quantiles![k]!) / n;
      const want = Number(k.slice(1)) / 100;
      expect(Math.abs(rank - want), `${k}: ${p.quantiles![k]} vs ${v}`).toBeLessThan(0.005);
    }
    expect(p.histogram!.counts.reduce((a, b) => a + b, 0)).toBe(n);
    expect(p.histogram!.edges[0]).toBe(exact.min);
    expect(p.histogram!.edges.at(-1)).toBe(exact.max);
    // Deterministic: the same column gives the same profile.
    expect(profileOf(x)).toEqual(p);
  });

  it('counts distinct numbers exactly up to the cap, then reports a capped lower bound', () => {
    const few = new Float64Array(100_000).map((_, i) => i % 1234);
    expect(profileOf(few, 'integer')).toMatchObject({ distinct: 1234, distinctCapped: false });
    const zeros = Float64Array.from([0, -0, 0]);
    expect(profileOf(zeros)).toMatchObject({ distinct: 1 });
    const many = new Float64Array(DISTINCT_CAP + 10).map((_, i) => i * 0.5);
    expect(profileOf(many)).toMatchObject({ distinct: DISTINCT_CAP, distinctCapped: true });
  });

  it('carries its state to another thread and goes on from it (append: previous rows, then new ones)', () => {
    const a = new ColumnAccumulator('real');
    for (const v of [1, 2, 3]) a.add(v);
    const b = new ColumnAccumulator('real', structuredClone(a.state()));
    for (const v of [4, 5]) b.add(v);
    expect(b.build(meta, null)).toMatchObject({ count: 5, distinct: 5, min: 1, max: 5, mean: 3, quantiles: { p50: 3 } });
  });

  it('scales sample histogram counts to the row count by largest remainders', () => {
    expect(scaleCounts([1, 1, 1], 10)).toEqual([4, 3, 3]);
    expect(scaleCounts([2, 0, 1], 6)).toEqual([4, 0, 2]);
  });
});
