// Analyses run the way the app runs them: the bundled analysis worker computes on its own read-only connection
// while the main thread keeps answering; progress comes as job events, job-cancel ends the call with CANCELLED
// and saves nothing; the worker's results equal the in-process computation's.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../common/contract/errors';
import type { Method } from '../../common/contract/api';
import { bigLatencyLog, buildAnalysisWorker } from '../helpers/analysisWorker';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

const ROWS = 1_000_000;
const env = { ...process.env };
let workers: string;
let s: TestServices;
let eventId: string;
let demoId: string;
let big: { datasetId: string };

beforeAll(async () => {
  workers = await buildAnalysisWorker('it');
  process.env.KAIZEN_WORKERS_DIR = workers;
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
  demoId = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id;
  big = await bigLatencyLog(s, eventId, ROWS);
}, 180_000);
afterAll(() => {
  s.close();
  process.env = env;
});

const driftInput = () => ({
  eventId,
  datasetId: big.datasetId,
  reference: { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' },
  current: { kind: 'dates', column: 'timestamp', from: '2026-11-11', to: '2026-11-20' },
  features: ['f1', 'f2', 'f3'],
});
const savedCount = () => s.db.prepare('SELECT count(*) FROM analysis_results WHERE event_id = ?').pluck().get(eventId) as number;

describe('analyses in the worker thread', () => {
  it('give the same results as in-process, and save on the main thread', async () => {
    const cases: [Method, Record<string, unknown>][] = [
      ['analysis-latency', { stages: ['preprocess_ms', 'feature_ms', 'model_ms', 'postprocess_ms'], total: 'total_ms', timestamp: 'timestamp', groupBy: 'endpoint', bucket: 'day' }],
      ['analysis-drift', { reference: { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' }, current: { kind: 'dates', column: 'timestamp', from: '2026-11-14', to: '2026-11-20' }, features: ['region', 'model_ms', 'score'] }],
      ['analysis-fairness', { label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag' }],
      ['analysis-models', { versionColumn: 'model_version', latency: 'total_ms', label: 'label', prediction: 'decision', score: 'score', posLabel: 'fraud', predictionPosLabel: 'flag' }],
      ['analysis-whatif', { timestamp: 'timestamp', total: 'total_ms', spec: { kind: 'cold-start', idleGapSeconds: 60 } }],
    ];
    for (const [method, extra] of cases) {
      const input = { eventId, datasetId: demoId, ...extra };
      const inWorker = (await s.call(method, { ...input, save: true })) as { resultId: string | null };
      expect(inWorker.resultId, method).toEqual(expect.any(String));
      delete process.env.KAIZEN_WORKERS_DIR;
      try {
        const inProcess = (await s.call(method, input)) as { resultId: string | null; recordedAt?: string | null };
        // Saved (resultId, and for fairness the time it was recorded) vs not saved: the rest is the same.
        const unsaved = 'recordedAt' in inWorker ? { ...inWorker, resultId: null, recordedAt: null } : { ...inWorker, resultId: null };
        expect(unsaved, method).toEqual(inProcess);
      } finally {
        process.env.KAIZEN_WORKERS_DIR = workers;
      }
    }
  }, 120_000);

  it('the KPI recompute (kpi-list) runs in the worker with progress and gives the in-process series', async () => {
    const kinds: string[] = [];
    const off = s.bus.on((e) => {
      if (e.name === 'job-finished') kinds.push(`${e.payload.kind}:${e.payload.ok}`);
    });
    for (const statistic of ['median', 'p95', 'p99'] as const) {
      await s.call('kpi-create', { eventId, name: `${statistic} total`, unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId: big.datasetId, column: 'total_ms', statistic, bucket: 'day' } });
    }
    s.db.exec('DELETE FROM kpi_series_cache');
    const inWorker = await s.call('kpi-list', { eventId });
    off();
    expect(kinds).toContain('kpi:true');
    const mine = (list: typeof inWorker) => list.filter((k) => k.name.endsWith(' total'));
    expect(mine(inWorker).map((k) => k.points.length)).toEqual([20, 20, 20]);
    s.db.exec('DELETE FROM kpi_series_cache');
    delete process.env.KAIZEN_WORKERS_DIR;
    try {
      expect(mine(await s.call('kpi-list', { eventId }))).toEqual(mine(inWorker));
    } finally {
      process.env.KAIZEN_WORKERS_DIR = workers;
    }
  }, 120_000);

  it('report progress, and job-cancel ends the call promptly with CANCELLED and saves nothing', async () => {
    const events: { name: string; payload: { jobId: string; kind: string; ok?: boolean; done?: number } }[] = [];
    const off = s.bus.on((e) => {
      if (e.name === 'job-progressed' || e.name === 'job-finished') events.push(e as (typeof events)[number]);
    });
    const before = savedCount();
    const jobId = 'drift-to-cancel';
    const running = s.call('analysis-drift', { ...driftInput(), save: true, jobId }).then(
      () => null,
      (e: unknown) => e,
    );
    // Wait until the worker has finished a step (both windows are a million rows: the whole run takes seconds).
    const t0 = performance.now();
    while (!events.some((e) => e.name === 'job-progressed' && e.payload.jobId === jobId) && performance.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
    expect(events.find((e) => e.name === 'job-progressed')!.payload.kind).toBe('analysis');
    const asked = performance.now();
    expect(await s.call('job-cancel', { jobId })).toEqual({ cancelled: true });
    const err = await running;
    const took = performance.now() - asked;
    off();
    expect(isAppError(err) && err.code).toBe('CANCELLED');
    expect((err as Error).message).toMatch(/cancelled; nothing was saved/);
    expect(took).toBeLessThan(1000);
    expect(savedCount()).toBe(before);
    expect(events.find((e) => e.name === 'job-finished' && e.payload.jobId === jobId)!.payload.ok).toBe(false);
  }, 120_000);

  it('the API keeps answering while drift runs on a million rows', async () => {
    let done = false;
    const running = s.call('analysis-drift', driftInput()).finally(() => (done = true));
    const waits: number[] = [];
    // event-list every 50 ms, as a window polling would, until the analysis ends.
    while (!done) {
      const t = performance.now();
      const list = await s.call('event-list', {});
      if (!done) waits.push(performance.now() - t);
      expect(list.some((e) => e.id === eventId)).toBe(true);
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await running;
    expect(r.features.map((f) => f.column).sort()).toEqual(['f1', 'f2', 'f3']);
    // On the main thread nothing would answer until the drift ended: the calls made meanwhile are the proof.
    expect(waits.length).toBeGreaterThanOrEqual(10);
    expect(Math.max(...waits)).toBeLessThan(1000);
  }, 180_000);
});
