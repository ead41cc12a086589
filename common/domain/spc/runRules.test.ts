import { describe, expect, it } from 'vitest';
import { DEFAULT_K, describeTest, presetConfig, runTests, testsOf } from './runRules';
import type { TestNumber } from './runRules';

/** 1-based indices flagged by test t alone, with Minitab's default K unless given. */
function flagged(z: number[], t: TestNumber, k = DEFAULT_K[t], starts?: number[]): number[] {
  const masks = runTests(Float64Array.from(z), { enabled: [t], k: { ...DEFAULT_K, [t]: k } }, starts);
  return [...masks].flatMap((m, i) => (m ? [i + 1] : []));
}
const rep = (v: number, n: number) => Array<number>(n).fill(v);

describe('test 1: beyond K σ, strictly', () => {
  it('flags points strictly beyond ±3 only', () => {
    expect(flagged([0, 3, 3.01, -3, -3.5, 2.9], 1)).toEqual([3, 5]);
    expect(flagged([0, 2.5, 1], 1, 2)).toEqual([2]);
  });
});

describe('test 2: K in a row on one side', () => {
  it('flags the 9th and later points of a run; the centre line breaks it', () => {
    expect(flagged([...rep(0.5, 10), -0.1], 2)).toEqual([9, 10]);
    expect(flagged([...rep(0.5, 8), 0, ...rep(0.5, 8)], 2)).toEqual([]);
    expect(flagged([...rep(-0.2, 8), 0.3, ...rep(-0.2, 9)], 2)).toEqual([18]);
  });
  it('Western Electric uses K = 8', () => {
    expect(flagged(rep(0.5, 8), 2, 8)).toEqual([8]);
  });
});

describe('test 3: K in a row increasing or decreasing', () => {
  it('6 points (5 strict changes) in one direction; ties break the run', () => {
    expect(flagged([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6], 3)).toEqual([6, 7]);
    expect(flagged([1, 0.8, 0.6, 0.4, 0.2, 0], 3)).toEqual([6]);
    expect(flagged([0, 0.1, 0.2, 0.2, 0.3, 0.4, 0.5], 3)).toEqual([]);
  });
});

describe('test 4: K in a row alternating', () => {
  it('14 points (13 alternating changes); a tie breaks it', () => {
    const alt = Array.from({ length: 15 }, (_, i) => (i % 2 ? 0.5 : -0.5));
    expect(flagged(alt, 4)).toEqual([14, 15]);
    const broken = [...alt.slice(0, 7), alt[6]!, ...alt.slice(7, 14)];
    expect(flagged(broken, 4)).toEqual([]);
  });
});

describe('test 5: 2 of 3 beyond 2σ, same side, flagged point beyond', () => {
  it('flags the completing point only when it is itself beyond 2σ', () => {
    expect(flagged([0, 2.5, 0.5, 2.1], 5)).toEqual([4]);
    // The two beyond are points 2 and 3; point 4 is inside: not flagged (SAS/qcc convention).
    expect(flagged([0, 2.5, 2.2, 0.5], 5)).toEqual([3]);
    // Opposite sides do not count together.
    expect(flagged([0, 2.5, -2.5, 0], 5)).toEqual([]);
    // Strict: exactly 2σ is not beyond.
    expect(flagged([0, 2, 2.5, 0], 5)).toEqual([]);
  });
});

describe('test 6: 4 of 5 beyond 1σ, same side', () => {
  it('flags the 4th point beyond 1σ within 5', () => {
    expect(flagged([-1.5, -1.2, 0, -1.1, -1.3], 6)).toEqual([5]);
    expect(flagged([1.5, 1.2, 0, 1.1, 0.2], 6)).toEqual([]);
    expect(flagged([1.5, 1.2, 0, 0, 1.1, 1.3], 6)).toEqual([]);
  });
});

describe('test 7: 15 in a row within 1σ', () => {
  it('flags from the 15th point; exactly 1σ breaks the run', () => {
    expect(flagged(rep(0.3, 16), 7)).toEqual([15, 16]);
    expect(flagged([...rep(0.3, 10), 1, ...rep(0.3, 10)], 7)).toEqual([]);
  });
});

describe('test 8: 8 in a row beyond 1σ, either side (Minitab reading)', () => {
  it('flags the 8th point even when all are on one side', () => {
    expect(flagged(rep(1.5, 8), 8)).toEqual([8]);
    expect(flagged([1.5, -1.5, 1.5, -1.5, 1.5, -1.5, 1.5, -1.5], 8)).toEqual([8]);
    expect(flagged([...rep(1.5, 7), 0.5, 1.5], 8)).toEqual([]);
  });
});

describe('stages and presets', () => {
  it('runs restart at a stage boundary', () => {
    expect(flagged(rep(0.5, 12), 2, 9, [0, 6])).toEqual([]);
  });
  it('NaN (no statistic) breaks runs', () => {
    expect(flagged([...rep(0.5, 5), NaN, ...rep(0.5, 5)], 2)).toEqual([]);
  });
  it('presets match STATS.md', () => {
    expect(presetConfig('minitab').enabled).toEqual([1]);
    expect(presetConfig('we').enabled).toEqual([1, 2, 5, 6]);
    expect(presetConfig('we').k[2]).toBe(8);
    expect(presetConfig('nelson').enabled).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it('reports every test per point and plain-words descriptions', () => {
    const masks = runTests(Float64Array.from([...rep(1.5, 7), 3.5]), presetConfig('nelson'));
    expect(testsOf(masks[7]!)).toEqual([1, 6, 8]);
    expect(describeTest(2, 9)).toBe('Test 2: 9 points in a row on the same side of the centre line');
  });
});
