import { describe, expect, it } from 'vitest';
import { bootstrapFairness } from './bootstrap';
import { emptyCounts, addRows, fairnessFromCounts } from './fairness';
import type { RateCounts } from './fairness';

/** A group's counts: n rows, sel predicted positive, with tp of the pos positives predicted positive. */
function counts(n: number, pos: number, tp: number, fp: number): RateCounts {
  const c = emptyCounts();
  addRows(c, true, true, tp);
  addRows(c, true, false, pos - tp);
  addRows(c, false, true, fp);
  addRows(c, false, false, n - pos - fp);
  return c;
}

/** Group A selects 60 %, group B 30 %; `k` scales every count. */
const table = (k: number) => new Map([
  ['A', counts(200 * k, 80 * k, 60 * k, 60 * k)],
  ['B', counts(200 * k, 80 * k, 40 * k, 20 * k)],
]);
const width = (i: readonly [number, number] | null) => i![1] - i![0];

describe('bootstrapFairness (stratified percentile bootstrap)', () => {
  it('is reproducible: the same seed gives the same intervals, another seed others', () => {
    const a = bootstrapFairness(table(1), { resamples: 400, seed: 11 });
    const b = bootstrapFairness(table(1), { resamples: 400, seed: 11 });
    const c = bootstrapFairness(table(1), { resamples: 400, seed: 12 });
    expect(b).toEqual(a);
    expect(c.disparities.demographic_parity_difference).not.toEqual(a.disparities.demographic_parity_difference);
    expect(a).toMatchObject({ method: 'percentile', stratified: true, resamples: 400, seed: 11, level: 0.95 });
  });
  it('covers the point estimates of every group rate and every disparity', () => {
    const point = fairnessFromCounts(table(1));
    const ci = bootstrapFairness(table(1), { resamples: 1000, seed: 1 });
    const inside = (x: number | null, i: readonly [number, number] | null) => x !== null && i !== null && i[0] <= x && x <= i[1];
    point.groups.forEach((g, gi) => {
      for (const k of ['selection_rate', 'tpr', 'fpr', 'precision'] as const) expect(inside(g[k], ci.groups[gi]![k]), `${g.group} ${k}`).toBe(true);
    });
    for (const k of ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'] as const) {
      expect(inside(point[k], ci.disparities[k]), k).toBe(true);
    }
    // Point: sel 0.6 vs 0.3 → DPD 0.3; TPR 0.75 vs 0.5, FPR 0.5 vs 1/6 → EOD max(0.25, 1/3).
    expect(point.demographic_parity_difference).toBeCloseTo(0.3, 12);
    expect(point.equalized_odds_difference).toBeCloseTo(1 / 3, 12);
  });
  it('matches the normal-theory width of a proportion: sel 0.6 on 200 rows → ±1.96·√(0.24/200) = ±0.068', () => {
    const ci = bootstrapFairness(table(1), { resamples: 2000, seed: 3 });
    expect(width(ci.groups[0]!.selection_rate) / 2).toBeGreaterThan(0.058);
    expect(width(ci.groups[0]!.selection_rate) / 2).toBeLessThan(0.078);
    // DPD: two independent proportions, SE √(0.24/200 + 0.21/200) = 0.0474 → half-width ≈ 0.093.
    expect(width(ci.disparities.demographic_parity_difference) / 2).toBeGreaterThan(0.08);
    expect(width(ci.disparities.demographic_parity_difference) / 2).toBeLessThan(0.106);
  });
  it('narrows with n: ten times the rows, about √10 ≈ 3.2 times narrower', () => {
    const small = bootstrapFairness(table(1), { resamples: 1000, seed: 5 });
    const large = bootstrapFairness(table(10), { resamples: 1000, seed: 5 });
    for (const k of ['demographic_parity_difference', 'equalized_odds_difference'] as const) {
      const ratio = width(small.disparities[k]) / width(large.disparities[k]);
      expect(ratio, k).toBeGreaterThan(2.5);
      expect(ratio, k).toBeLessThan(4);
    }
    expect(width(large.groups[1]!.tpr)).toBeLessThan(width(small.groups[1]!.tpr) / 2.5);
  });
  it('leaves an undefined rate out and counts the resamples where it was undefined', () => {
    const ci = bootstrapFairness(new Map([['A', counts(40, 10, 5, 5)], ['B', counts(40, 0, 0, 8)]]), { resamples: 200, seed: 1 });
    expect(ci.groups[1]!.tpr).toBeNull();
    expect(ci.undefinedResamples['B: tpr']).toBe(200);
    expect(ci.groups[1]!.fpr).not.toBeNull();
  });
  it('reports progress and refuses a bad level', () => {
    const seen: number[] = [];
    bootstrapFairness(table(1), { resamples: 100, seed: 1 }, (done) => seen.push(done));
    expect(seen.at(-1)).toBe(100);
    expect(() => bootstrapFairness(table(1), { level: 1 })).toThrow(/level/);
  });
});
