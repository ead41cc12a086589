import { describe, expect, it } from 'vitest';
import { isSuccess, matchStage, summariseRunLog } from './fillFromLog';
import { percentile } from '../stats/quantile';

describe('percentile (type 7, as numpy)', () => {
  it('matches numpy.percentile worked values', () => {
    expect(percentile([1, 2, 3, 4], 25)).toBe(1.75);
    expect(percentile([15, 20, 35, 40, 50], 40)).toBe(29);
    expect(percentile([3, 1, 2], 50)).toBe(2);
    expect(percentile([], 50)).toBeNull();
  });
});

const log = {
  runId: ['r1', 'r1', 'r2', 'r2', 'r2', 'r3', 'r3', null],
  stage: ['Ingest', 'Train', 'Ingest', 'Train', 'Train', 'Ingest', 'Train', 'Train'],
  startedAt: [0, 15, 100, 130, 150, 200, 204, 0],
  endedAt: [10, 45, 120, 150, 170, 204, 224, 10],
  status: ['success', 'success', 'success', 'failed', 'success', 'SUCCESS', 'ok', 'success'],
};

describe('summariseRunLog', () => {
  const s = summariseRunLog(log, (n) => n, 50);
  const get = (k: string) => s.stats.find((x) => x.key === k)!;
  it('takes PT as the median attempt duration and counts runs', () => {
    expect(get('Ingest')).toMatchObject({ runs: 3, ptMs: 10, wtMs: null, caPercent: 100 });
    expect(get('Train').ptMs).toBe(20);
  });
  it('takes WT as the median gap after the previous stage', () => {
    expect(get('Train').wtMs).toBe(5);
  });
  it('counts a retried stage as not complete and accurate', () => {
    expect(get('Train').caPercent).toBeCloseTo(200 / 3, 10);
  });
  it('uses the chosen percentile for PT', () => {
    expect(summariseRunLog(log, (n) => n, 90).stats.find((x) => x.key === 'Train')!.ptMs).toBe(27);
  });
  it('skips and reports rows without a run id', () => {
    expect(s.skippedRows).toBe(1);
    expect(s.problems[0]).toMatch(/1 row\(s\)/);
  });
  it('pools log stages mapped to the same key and leaves out unmapped ones', () => {
    const pooled = summariseRunLog(log, (n) => (n === 'Train' ? 'model' : null));
    expect(pooled.stats).toHaveLength(1);
    expect(pooled.stats[0]).toMatchObject({ key: 'model', logStages: ['Train'], runs: 3, wtMs: null });
  });
  it('parses ISO timestamps too', () => {
    const iso = summariseRunLog({ runId: ['a'], stage: ['X'], startedAt: ['2026-01-01T00:00:00Z'], endedAt: ['2026-01-01T00:01:00Z'], status: ['done'] }, (n) => n);
    expect(iso.stats[0]!.ptMs).toBe(60_000);
  });
});

describe('matching', () => {
  const stages = [{ id: 's1', name: 'Data ingestion' }, { id: 's2', name: 'Training' }];
  it('matches by name ignoring case and spaces, or by explicit mapping', () => {
    expect(matchStage(' data  INGESTION', {}, stages)).toBe('s1');
    expect(matchStage('train_model', { train_model: 's2' }, stages)).toBe('s2');
    expect(matchStage('unknown', {}, stages)).toBeNull();
    expect(matchStage('Training', { Training: null }, stages)).toBeNull();
  });
  it('recognises success words', () => {
    expect(isSuccess('Succeeded')).toBe(true);
    expect(isSuccess('retry')).toBe(false);
    expect(isSuccess(null)).toBe(false);
  });
});
