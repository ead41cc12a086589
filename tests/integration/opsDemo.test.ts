import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { listDatasets } from '../../main/services/datasets/access';

let s: TestServices | undefined;
afterEach(() => s?.close());

describe('ops demo', () => {
  it('the demo event shows each ops analysis working: gateway log, corrections, SLA register, checklist, FMEA', async () => {
    s = await tempServices({ resourcesDir: path.resolve('resources') });
    const e = await s.call('demo-create', {});
    const list = listDatasets(s.ctx, e.id);
    const gateway = list.find((d) => d.name === 'Gateway log')!;
    const corrections = list.find((d) => d.name === 'User corrections')!;
    const inference = list.find((d) => d.name === 'Inference log')!;
    expect(gateway.rowCount).toBe(6250);
    // The nightly batch is what a 2/s, burst 20 per-client limit would cut; interactive clients pass.
    const rl = await s.call('ops-rate-limit', { datasetId: gateway.id, time: 'timestamp', client: 'client', rate: 2, burst: 20 });
    expect(rl.byClient[0]).toMatchObject({ client: 'batch-rescoring', rejected: 319, peakRatePerSecond: 10 });
    expect(rl.byClient.slice(1).every((c) => c.rejected === 0)).toBe(true);
    // Partner-bank still calls v1 only; mobile-app moved to v2 on 8 November.
    const gw = await s.call('ops-gateway', { datasetId: gateway.id, time: 'timestamp', client: 'client', endpoint: 'endpoint', status: 'status', version: 'api_version', latency: 'latency_ms', requestBytes: 'request_bytes', responseBytes: 'response_bytes' });
    expect(gw.versionsByClient.find((c) => c.client === 'partner-bank')!.versions.map((v) => v.version)).toEqual(['v1']);
    // The SLA register: /score availability 0.99 per day is missed on the outage day, the breach minutes blamed on the feature store.
    const slas = await s.call('ops-sla-list', { eventId: e.id });
    expect(slas.map((x) => [x.subject, x.metric])).toEqual([['/score', 'availability'], ['/score', 'p95'], ['Feature store (/features)', 'availability']]);
    const avail = slas[0]!.status!;
    expect(avail.windows).toHaveLength(14);
    expect(avail.windows.filter((w) => !w.met).map((w) => w.start)).toContain('2026-11-10');
    expect(avail.breaches!.pareto.map((p) => p.cause)).toContain('feature-store');
    expect(slas.every((x) => x.error === null)).toBe(true);
    // Corrections join the inference log by request id.
    const fb = await s.call('ops-feedback', { inferenceDatasetId: inference.id, correctionsDatasetId: corrections.id, id: 'prediction_id', inferenceId: 'request_id', time: 'corrected_at', inferenceTime: 'timestamp', label: 'corrected_label', segment: 'region', model: 'model_version' });
    expect(fb.unmatched).toBe(0);
    expect(fb.matched).toBe(corrections.rowCount);
    expect(fb.labelDelayMs.p50).toBeGreaterThan(3_600_000);
    const checks = await s.call('ops-checklist-list', { eventId: e.id });
    expect(checks).toHaveLength(7);
    expect(checks[0]!.diff!.map((d) => `${d.change} ${d.path}`)).toEqual(['changed-type amount', 'added amount.currency', 'added amount.value', 'added channel', 'removed currency', 'changed-type merchant.mcc', 'added merchant.name']);
    const fmea = await s.call('ops-fmea-list', { eventId: e.id });
    expect(fmea.map((r) => r.failureMode)).toEqual(['Data drift', 'Label delay', 'Feature store lag', 'Bad deploy', 'Upstream outage', 'Model timeout']);
    expect(fmea.at(-1)).toMatchObject({ rpn: 160, rescoredRpn: 64, action: { title: 'Add a latency budget to the model release checklist' } });
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
  }, 60_000);
});
