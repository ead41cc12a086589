import { describe, expect, it } from 'vitest';
import { aggregateByBucket, bucketStart } from './aggregate';
import { compareBeforeAfter, mannWhitneyU, welchTTest } from './beforeAfter';
import { alertOf, kpiStatus, progressToTarget } from './status';

const day = (d: string) => Date.parse(`${d}T00:00:00Z`);

describe('aggregation by time bucket (UTC)', () => {
  const t = [day('2026-11-10') + 3_600_000, day('2026-11-10') + 7_200_000, day('2026-11-10') + 9_000_000, day('2026-11-11') + 60_000, day('2026-11-11') + 120_000];
  const v = [100, 200, 300, 10, 30];
  it('computes per-day mean, p95 (type 7), count, sum, min, max and rate of a condition', () => {
    expect(aggregateByBucket(t, v, 'mean', 'day')).toEqual([
      { start: day('2026-11-10'), value: 200, n: 3 },
      { start: day('2026-11-11'), value: 20, n: 2 },
    ]);
    // numpy.percentile([100, 200, 300], 95) = 290
    expect(aggregateByBucket(t, v, 'p95', 'day')[0]!.value).toBeCloseTo(290, 10);
    expect(aggregateByBucket(t, v, 'median', 'day')[1]!.value).toBe(20);
    expect(aggregateByBucket(t, v, 'sum', 'day').map((p) => p.value)).toEqual([600, 40]);
    expect(aggregateByBucket(t, v, 'max', 'day').map((p) => p.value)).toEqual([300, 30]);
    expect(aggregateByBucket(t, null, 'count', 'hour').map((p) => p.value)).toEqual([1, 2, 2]);
    expect(aggregateByBucket(t, null, 'rate', 'day', undefined, [1, 0, 0, 1, 1]).map((p) => p.value)).toEqual([1 / 3, 1]);
  });
  it('applies filters and skips missing values', () => {
    expect(aggregateByBucket(t, [100, NaN, 300, 10, 30], 'mean', 'day', [1, 1, 1, 0, 1]).map((p) => [p.value, p.n])).toEqual([[200, 2], [30, 1]]);
  });
  it('weeks start on Monday 00:00 UTC', () => {
    expect(new Date(bucketStart(day('2026-11-12') + 5000, 'week')).toISOString()).toBe('2026-11-09T00:00:00.000Z');
    expect(new Date(bucketStart(day('2026-11-09'), 'week')).toISOString()).toBe('2026-11-09T00:00:00.000Z');
  });
});

describe('status, progress and alerts', () => {
  it('progress runs from baseline (0) to target (1)', () => {
    expect(progressToTarget(350, 400, 300)).toBeCloseTo(0.5, 12);
    expect(progressToTarget(450, 400, 300)).toBeCloseTo(-0.5, 12);
  });
  it('status: target met → on track, partway → at risk, worse or alert → off track', () => {
    const base = { baseline: 400, target: 300, direction: 'lower' as const, alertActive: false };
    expect(kpiStatus({ ...base, current: 290 })).toBe('on-track');
    expect(kpiStatus({ ...base, current: 350 })).toBe('at-risk');
    expect(kpiStatus({ ...base, current: 410 })).toBe('off-track');
    expect(kpiStatus({ ...base, current: 290, alertActive: true })).toBe('off-track');
    expect(kpiStatus({ ...base, current: 290, target: null })).toBe('no-target');
  });
  it('alert reports the first crossing and whether it is still active', () => {
    const pts = [{ time: 1, value: 300 }, { time: 2, value: 520 }, { time: 3, value: 480 }];
    expect(alertOf(pts, 500, 'lower')).toEqual({ firstCrossedAt: 2, active: false, lastValue: 480 });
    expect(alertOf(pts, 350, 'lower')!.active).toBe(true);
    expect(alertOf(pts, 200, 'higher')).toBeNull();
  });
});

// Reference values: scipy.stats 1.17 ttest_ind(after, before, equal_var=False) and
// mannwhitneyu(before, after, method='asymptotic').
describe('before/after evidence', () => {
  const before = [412, 398, 455, 430, 401, 420, 470, 399, 415, 440, 428, 433];
  const after = [352, 340, 371, 365, 349, 380, 338, 360, 355, 362];
  it("Welch's t with 95 % CI matches scipy", () => {
    const w = welchTTest(before, after);
    expect(w.t).toBeCloseTo(-8.820047183811056, 10);
    expect(w.df).toBeCloseTo(18.20252517022179, 10);
    expect(w.p / 5.425682679179102e-8).toBeCloseTo(1, 6);
    expect(w.ciLow).toBeCloseTo(-84.04015569833491, 8);
    expect(w.ciHigh).toBeCloseTo(-51.72651096833174, 8);
  });
  it('Mann–Whitney U with ties matches scipy', () => {
    const m = mannWhitneyU(before, after);
    expect(m.u).toBe(120);
    expect(m.p / 8.733926588357827e-5).toBeCloseTo(1, 6);
    const tied = mannWhitneyU([1, 2, 2, 3, 3, 3, 4, 5], [3, 4, 4, 5, 6, 6, 7]);
    expect(tied.u).toBe(7);
    expect(tied.p).toBeCloseTo(0.015984685125196244, 12);
  });
  it('gives a plain-words verdict', () => {
    const r = compareBeforeAfter(before, after, 'lower', 'ms');
    expect(r.improved).toBe(true);
    expect(r.significant).toBe(true);
    expect(r.percentChange).toBeCloseTo(((357.2 - 5101 / 12) / (5101 / 12)) * 100, 10);
    expect(r.verdict).toMatch(/^Strong evidence that the KPI improved: the mean is 67\.9 ms \(16\.0 %\) lower after the change/);
    const same = compareBeforeAfter([1, 2, 3, 4], [2, 3, 1, 4], 'lower');
    expect(same.verdict).toMatch(/^No clear change/);
  });
});
