import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { verifyChangeLog } from '../../main/db/changeLog';

// The demo event's "Inference log" (50 000 requests in November 2026, a score/confidence drift episode 14–20 Nov).
let s: TestServices;
let eventId: string;
let datasetId: string;
const before = { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' } as const;
const episode = { kind: 'dates', column: 'timestamp', from: '2026-11-14', to: '2026-11-20' } as const;

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
  datasetId = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id;
}, 120_000);
afterAll(() => s.close());

describe('analysis-drift', () => {
  it('flags the mid-November score drift, sorts features by PSI and shows the bins', async () => {
    const r = await s.call('analysis-drift', { eventId, datasetId, reference: before, current: episode, features: ['region', 'model_ms', 'score', 'confidence'] });
    expect(r.features.map((f) => f.psi)).toEqual([...r.features.map((f) => f.psi)].sort((a, b) => b - a));
    const score = r.features.find((f) => f.column === 'score')!;
    expect(score.drift).toBe(true);
    expect(score.band).toBe('significant');
    expect(score.bins).toHaveLength(10);
    expect(score.bins.reduce((a, b) => a + b.reference, 0)).toBeCloseTo(1, 3); // ε fill is not renormalised
    expect(score.ks?.method).toBe('asymptotic');
    const region = r.features.find((f) => f.column === 'region')!;
    expect(region.binning).toBe('categorical');
    expect(region.ks).toBeUndefined();
    expect(region.drift).toBe(false);
    expect(r.referenceRows).toBeGreaterThan(10_000);
  });
  it('reports a feature without values as an error for that feature, and an empty window as BAD_INPUT', async () => {
    await expect(
      s.call('analysis-drift', { eventId, datasetId, reference: { kind: 'dates', column: 'timestamp', from: '2025-01-01', to: '2025-01-02' }, current: episode, features: ['score'] }),
    ).rejects.toThrow(/reference window \(2025-01-01–2025-01-02\) has no rows/);
    await expect(s.call('analysis-drift', { eventId, datasetId, reference: before, current: episode, features: ['nope'] })).rejects.toThrow(/no column "nope"/);
  });
  it('compares windows chosen by a column value', async () => {
    const r = await s.call('analysis-drift', { eventId, datasetId, reference: { kind: 'value', column: 'model_version', value: 'fraud-v3.1' }, current: { kind: 'value', column: 'model_version', value: 'fraud-v3.2' }, features: ['model_ms'], binning: 'evidently' });
    expect(r.features[0]!.binning).toBe('evidently');
    expect(r.referenceRows + r.currentRows).toBe(50_000);
  });
});

describe('analysis-drift-series', () => {
  it('finds the first day over the threshold and the detection lag', async () => {
    const r = await s.call('analysis-drift-series', { eventId, datasetId, feature: 'score', timestamp: 'timestamp', reference: before, flaggedAt: '2026-11-18' });
    expect(r.points).toHaveLength(30);
    expect(r.firstOver?.date).toBe('2026-11-14');
    expect(r.lagDays).toBe(4);
    expect(r.points.find((p) => p.date === '2026-11-05')!.psi!).toBeLessThan(0.1);
  });
});

describe('analysis-fairness', () => {
  const input = () => ({ eventId, datasetId, label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag' });
  it('computes per-group rates with separate positive values for label and prediction', async () => {
    const r = await s.call('analysis-fairness', input());
    expect(r.report.groups.map((g) => g.group)).toEqual(['APAC', 'EU', 'LATAM', 'US']);
    expect(r.report.groups.reduce((a, g) => a + g.count, 0)).toBe(50_000);
    const sel = r.report.groups.map((g) => g.selection_rate!);
    expect(r.report.demographic_parity_difference).toBeCloseTo(Math.max(...sel) - Math.min(...sel), 12);
    expect(r.resultId).toBeNull();
  });
  it('records a saved pass/fail with date and dataset version, in the result store and the change log', async () => {
    const r = await s.call('analysis-fairness', { ...input(), gate: { metric: 'demographic_parity_difference', threshold: 0.02 }, save: true });
    expect(r.gate?.pass).toBe(false);
    expect(r.recordedAt).not.toBeNull();
    const stored = (await s.call('analysis-result-list', { eventId })).find((x) => x.id === r.resultId)!;
    expect(stored.kind).toBe('fairness');
    expect(stored.title).toMatch(/FAIL/);
    expect(stored.datasetVersionIds).toEqual(r.datasetVersionIds);
    const log = s.db.prepare("SELECT payload FROM change_log WHERE action = 'fairness-gate' AND entity_id = ?").pluck().get(r.resultId) as string;
    expect(JSON.parse(log)).toMatchObject({ pass: false, metric: 'demographic_parity_difference', threshold: 0.02, datasetVersion: 1 });
    expect(verifyChangeLog(s.db)).toBeNull();
  });
  it('records a degenerate result (positive label never occurs) as undecided with its reason, never PASS', async () => {
    const r = await s.call('analysis-fairness', { ...input(), posLabel: 'no-such-label', gate: { metric: 'demographic_parity_difference', threshold: 0.5 }, save: true });
    expect(r.gate?.pass).toBeNull();
    const stored = (await s.call('analysis-result-list', { eventId })).find((x) => x.id === r.resultId)!;
    expect(stored.title).toMatch(/undecided \(the positive label never occurs/);
    expect(stored.title).not.toMatch(/PASS/);
    const log = s.db.prepare("SELECT payload FROM change_log WHERE action = 'fairness-gate' AND entity_id = ?").pluck().get(r.resultId) as string;
    expect(JSON.parse(log)).toMatchObject({ pass: null, undecided: 'the positive label never occurs in the 50000 rows' });
  });
  it('refuses a single group', async () => {
    await expect(s.call('analysis-fairness', { ...input(), window: { kind: 'value', column: 'region', value: 'EU' } })).rejects.toThrow(/1 group\(s\) with data/);
  });
});

describe('analysis-latency, what-ifs and models', () => {
  it('profiles stages: the Pareto is sorted and names feature_ms as the slowest stage', async () => {
    const r = await s.call('analysis-latency', { eventId, datasetId, stages: ['preprocess_ms', 'feature_ms', 'model_ms', 'postprocess_ms'], total: 'total_ms', timestamp: 'timestamp', groupBy: 'endpoint', bucket: 'day' });
    expect(r.profile.slowestStage).toBe('feature_ms');
    expect(r.profile.stages.at(-1)!.cumulativeShare).toBeCloseTo(1, 6);
    expect(r.byGroup!.map((g) => g.group)).toContain('/score');
    expect(r.byTime).toHaveLength(30);
    expect(r.heatmap!.filter((c) => c.count > 0).length).toBeGreaterThan(100);
  });
  it('runs each what-if on the log', async () => {
    const base = { eventId, datasetId, timestamp: 'timestamp', total: 'total_ms' };
    const cache = await s.call('analysis-whatif', { ...base, spec: { kind: 'cache', keys: ['request_id'], windowMs: 3_600_000, cacheLatencyMs: 5 } });
    const c = cache.result as { hitShare: number; expectedP95: number; currentP95: number };
    expect(c.expectedP95).toBeLessThanOrEqual(c.currentP95);
    const batch = await s.call('analysis-whatif', { ...base, spec: { kind: 'batching', batchSize: 4, maxWaitMs: 50, serviceColumn: 'model_ms' } });
    expect((batch.result as { meanBatchSize: number }).meanBatchSize).toBeGreaterThanOrEqual(1);
    const scale = await s.call('analysis-whatif', { ...base, spec: { kind: 'autoscaling', perReplicaRps: 0.2, targetUtilisation: 0.7, min: 1, max: 3, scaleUpAt: 0.7, delayMin: 2 } });
    expect((scale.result as { minutes: number }).minutes).toBeGreaterThan(40_000);
    await expect(s.call('analysis-whatif', { ...base, spec: { kind: 'autoscaling', perReplicaRps: 1, targetUtilisation: 0.7, min: 5, max: 2, scaleUpAt: 0.7, delayMin: 2 } })).rejects.toThrow(/must not exceed/);
  });
  it('compares model versions with a verdict naming the chosen metric', async () => {
    const r = await s.call('analysis-models', { eventId, datasetId, versionColumn: 'model_version', latency: 'total_ms', label: 'label', prediction: 'decision', score: 'score', posLabel: 'fraud', predictionPosLabel: 'flag', metric: 'precision', reason: 'Fraud team pays for every false flag' });
    expect([r.baseline, r.candidate]).toEqual(['fraud-v3.1', 'fraud-v3.2']);
    expect(r.verdict).toMatch(/^fraud-v3.2 is faster than fraud-v3.1 at p95 by \d+ ms \(95% CI -\d+ to -\d+ ms\); precision is better/);
    expect(r.reason).toBe('Fraud team pays for every false flag');
    expect(r.versions[1]!.auc!).toBeGreaterThan(r.versions[0]!.auc!);
  });
});

describe('stored results', () => {
  it('pins and unpins a result; pinnedOnly lists only pinned ones; delete removes it', async () => {
    const r = await s.call('analysis-confidence', { eventId, datasetId, column: 'confidence', timestamp: 'timestamp', save: true, title: 'Confidence in November' });
    expect(r.overall.lowShare).toBeGreaterThan(0);
    expect(await s.call('analysis-result-list', { eventId, pinnedOnly: true })).toEqual([]);
    const pinned = await s.call('analysis-result-pin', { id: r.resultId!, pinned: true });
    expect(pinned.pinned).toBe(true);
    expect((await s.call('analysis-result-list', { eventId, pinnedOnly: true })).map((x) => x.title)).toEqual(['Confidence in November']);
    await s.call('analysis-result-delete', { id: r.resultId! });
    await expect(s.call('analysis-result-pin', { id: r.resultId!, pinned: true })).rejects.toThrow(/was not found/);
  });
});
