import { describe, expect, it } from 'vitest';
import { latencyByGroup, latencyProfile, p95Heatmap, summarize } from './profile';
import { batchWhatIf, cacheWhatIf } from './cacheBatching';
import { autoscalingWhatIf, coldStarts, replicasNeeded } from './coldStartScaling';
import { compareModels, proportionDiffInterval, rocAuc, summarizeModel, verdict } from './modelComparison';

describe('latency profile', () => {
  it('gives type-7 percentiles: numpy.percentile(1..100, [50, 90, 95, 99]) = 50.5, 90.1, 95.05, 99.01', () => {
    const s = summarize(Array.from({ length: 100 }, (_, i) => i + 1));
    expect([s.p50, s.p90, s.p95, s.p99].map((x) => +x.toFixed(6))).toEqual([50.5, 90.1, 95.05, 99.01]);
    expect(s.mean).toBe(50.5);
  });
  it('shares time by stage (Pareto order) and names the slowest stage; leftover time is "unaccounted"', () => {
    const p = latencyProfile({ pre: [10, 10], model: [60, 80], post: [5, 5] }, [80, 120]);
    expect(p.stages.map((s) => s.stage)).toEqual(['model', 'unaccounted', 'pre', 'post']);
    expect(p.stages[0]!.share).toBeCloseTo(140 / 200, 12);
    expect(p.stages[1]!.share).toBeCloseTo(30 / 200, 12);
    expect(p.stages[3]!.cumulativeShare).toBeCloseTo(1, 12);
    expect(p.slowestStage).toBe('model');
  });
  it('splits by a key and sorts groups by p95', () => {
    const g = latencyByGroup(['a', 'b', 'a', 'b'], { model: [1, 10, 2, 20] }, [1, 10, 2, 20]);
    expect(g.map((x) => x.group)).toEqual(['b', 'a']);
    expect(g[0]!.total.count).toBe(2);
  });
  it('puts p95 into weekday × hour cells (Monday = 0, UTC)', () => {
    const monday9 = Date.UTC(2026, 10, 16, 9, 30); // 16 Nov 2026 is a Monday
    const cells = p95Heatmap([monday9, monday9 + 1000], [100, 200]);
    const c = cells.find((x) => x.weekday === 0 && x.hour === 9)!;
    expect(c.count).toBe(2);
    expect(c.p95).toBeCloseTo(195, 12);
    expect(cells.filter((x) => x.p95 !== null)).toHaveLength(1);
  });
});

describe('what-ifs', () => {
  it('cache: repeats of a key within the window are served at cache latency', () => {
    const t = [0, 1000, 5000, 100000];
    const r = cacheWhatIf(t, ['k', 'k', 'x', 'k'], [100, 100, 100, 100], 10_000, 5);
    // second "k" (1 s later) hits; the last "k" is 99 s after the previous one → miss.
    expect(r.repeats).toBe(1);
    expect(r.hitShare).toBe(0.25);
    expect(r.expectedMean).toBeCloseTo((100 * 3 + 5) / 4, 12);
  });
  it('batching: batches close at the size limit or after the max wait', () => {
    // Arrivals at 0, 1, 2 ms (batch of 3 closes at 2) and 100 ms (alone, closes at 110).
    const r = batchWhatIf([0, 1, 2, 100], 3, 10, 20, 0.25);
    expect(r.batches).toBe(2);
    expect(r.meanBatchSize).toBe(2);
    expect(r.addedMeanMs).toBeCloseTo((2 + 1 + 0 + 10) / 4, 12);
    // Batch of 3 costs 20·(1 + 0.25·2) = 30 ms, batch of 1 costs 20 ms → 4 requests in 50 ms = 80 req/s.
    expect(r.throughputBatchedRps).toBeCloseTo(80, 12);
    expect(r.throughputUnbatchedRps).toBe(50);
  });
  it('cold starts: requests after an idle gap are compared with the rest', () => {
    const r = coldStarts([0, 1000, 2000, 700_000, 701_000], [900, 100, 100, 800, 100], 300_000);
    expect(r.cold.count).toBe(2);
    expect(r.warm.count).toBe(3);
    expect(r.cold.mean).toBe(850);
    expect(r.p95PenaltyMs).toBeCloseTo(895 - 100, 12);
  });
  it('autoscaling: replicas needed and minutes under capacity with a scale-up delay', () => {
    expect(replicasNeeded(600, 5, 0.5)).toBe(4); // 600/min ÷ (5 rps·60·0.5) = 4
    const t: number[] = [];
    for (let m = 0; m < 5; m++) for (let k = 0; k < (m < 2 ? 10 : 50); k++) t.push(m * 60_000 + k);
    const r = autoscalingWhatIf(t, 0.5, 0.8, { min: 1, max: 3, scaleUpAt: 0.7, delayMin: 2 });
    // 30 req/min per replica. Minute 0: 10 (util .33). Minute 2: 50 > 30 → under, order a replica (arrives minute 4).
    // Minute 3: still 1 replica → under; order another. Minute 4: 2 replicas = 60 ≥ 50 → ok.
    expect(r.demandPerMin).toEqual([10, 10, 50, 50, 50]);
    expect(r.replicasPerMin).toEqual([1, 1, 1, 1, 2]);
    expect(r.minutesUnderCapacity).toBe(2);
    expect(r.excessRequests).toBe(40);
  });
});

describe('model comparison', () => {
  it('AUC by Mann–Whitney with ties: hand-checked 0.75 and 0.5 for a full tie', () => {
    // Positives 0.8, 0.4; negatives 0.6, 0.2 → pairs (0.8>0.6, 0.8>0.2, 0.4<0.6, 0.4>0.2) = 3/4.
    expect(rocAuc([0.8, 0.4, 0.6, 0.2], [true, true, false, false])).toBe(0.75);
    expect(rocAuc([1, 1], [true, false])).toBe(0.5);
    expect(rocAuc([1, 2], [true, true])).toBeNull();
  });
  it('Wald interval for a difference of proportions', () => {
    const [lo, hi] = proportionDiffInterval(0.5, 100, 0.6, 100);
    const se = Math.sqrt(0.25 / 100 + 0.24 / 100);
    expect(lo).toBeCloseTo(0.1 - 1.959963984540054 * se, 12);
    expect(hi).toBeCloseTo(0.1 + 1.959963984540054 * se, 12);
  });
  it('gives a plain-words verdict from clearly separated versions', () => {
    const mk = (lat: number, good: boolean) => ({ latencyMs: lat, label: true, prediction: good, score: null });
    const base = Array.from({ length: 200 }, (_, i) => mk(200 + (i % 20), i % 2 === 0));
    const cand = Array.from({ length: 200 }, (_, i) => mk(100 + (i % 20), i % 2 === 0));
    const diffs = compareModels(summarizeModel('v1', base), base, summarizeModel('v2', cand), cand);
    const text = verdict(diffs, 'recall', 'v1', 'v2');
    expect(text).toMatch(/^v2 is faster than v1 at p95 by 100 ms/);
    expect(text).toMatch(/recall shows no clear difference/);
  });
});
