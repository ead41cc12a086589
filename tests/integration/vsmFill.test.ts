import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import type { VsmMetrics } from '../../common/domain/vsm/metrics';

let s: TestServices;
afterEach(() => s.close());

const CSV = [
  'run_id,stage,started_at,ended_at,status',
  // run a: ingest 10 min, gap 5 min, train 60 min
  'a,Ingest,2026-01-01T00:00:00Z,2026-01-01T00:10:00Z,succeeded',
  'a,train_model,2026-01-01T00:15:00Z,2026-01-01T01:15:00Z,succeeded',
  // run b: ingest 20 min, gap 15 min, train fails after 30 min then passes in 90 min
  'b,Ingest,2026-01-02T00:00:00Z,2026-01-02T00:20:00Z,succeeded',
  'b,train_model,2026-01-02T00:35:00Z,2026-01-02T01:05:00Z,failed',
  'b,train_model,2026-01-02T01:05:00Z,2026-01-02T02:35:00Z,succeeded',
  // run c: ingest 30 min, gap 25 min, train 120 min
  'c,Ingest,2026-01-03T00:00:00Z,2026-01-03T00:30:00Z,succeeded',
  'c,train_model,2026-01-03T00:55:00Z,2026-01-03T02:55:00Z,succeeded',
].join('\n');

async function importCsv(eventId: string, text: string, name = 'Runs') {
  const file = path.join(s.dataDir, `runs-${Date.now()}-${Math.random()}.csv`);
  fs.writeFileSync(file, text);
  return s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name });
}

describe('fill a map from a pipeline run log', () => {
  let eventId: string;
  let mapId: string;
  let ingestId: string;
  let trainId: string;
  let datasetId: string;
  beforeEach(async () => {
    s = await tempServices();
    eventId = (await s.call('event-create', { name: 'Fill' })).id;
    const map = await s.call('vsm-create', { eventId, template: 'blank' });
    mapId = map.id;
    ingestId = (await s.call('vsm-stage-add', { mapId, stage: { name: 'ingest' } })).id;
    trainId = (await s.call('vsm-stage-add', { mapId, stage: { name: 'Training' } })).id;
    await importCsv(eventId, CSV);
    datasetId = (await s.call('dataset-list', { eventId }))[0]!.id;
  });

  it('previews log stages, matches by name and lists what is not mapped', async () => {
    const p = await s.call('vsm-fill-preview', { mapId, datasetId });
    expect(p.logStages).toEqual([{ name: 'Ingest', runs: 3 }, { name: 'train_model', runs: 3 }]);
    expect(p.unmatched).toEqual(['train_model']);
    expect(p.suggestions).toEqual([{ stageId: ingestId, logStages: ['Ingest'], sampleSize: 3, ptMs: 20 * 60_000, wtMs: null, caPercent: 100 }]);
  });

  it('fills PT (median), WT (median gap) and %C&A (first pass) with sample size and version', async () => {
    const r = await s.call('vsm-fill', { mapId, datasetId, mapping: { train_model: trainId } });
    expect(r).toMatchObject({ filledStages: 2, version: 1, unmatched: [] });
    const train = r.map.stages.find((x) => x.id === trainId)!;
    // attempts 60, 30, 90, 120 min → median 75 min; gaps 5, 15, 25 → 15 min; 2 of 3 runs first pass
    expect(train.pt).toEqual({ value: 1.25, unit: 'h' });
    expect(train.wt).toEqual({ value: 15, unit: 'min' });
    expect(train.ca).toBe(66.7);
    expect(train.filled.pt).toMatchObject({ sampleSize: 3, version: 1, datasetName: 'Runs', percentile: 50, overridden: false, logStages: ['train_model'] });
    const uses = (await s.call('dataset-versions', { datasetId }))[0]!.uses;
    expect(uses).toEqual([expect.objectContaining({ usedBy: `vsm:${mapId}`, label: 'Value-stream map "Current state"' })]);
  });

  it('uses the chosen percentile for PT', async () => {
    const r = await s.call('vsm-fill', { mapId, datasetId, percentile: 90, mapping: { train_model: trainId } });
    // p90 of [30, 60, 90, 120] min = 90 + 0.7 × 30 = 111 min
    expect(r.map.stages.find((x) => x.id === trainId)!.pt).toEqual({ value: 1.85, unit: 'h' });
  });

  it('keeps a hand override visible and untouched by a refresh, and flags a newer version', async () => {
    await s.call('vsm-fill', { mapId, datasetId, mapping: { train_model: trainId } });
    const edited = await s.call('vsm-stage-update', { id: trainId, patch: { pt: { value: 2, unit: 'h' } } });
    expect(edited.filled.pt).toMatchObject({ overridden: true, value: 75 * 60_000 });
    await importCsv(eventId, CSV.replace('2026-01-01T01:15:00Z', '2026-01-01T03:15:00Z'));
    const stale = await s.call('vsm-get', { mapId });
    expect(stale.staleFill).toEqual({ usedVersion: 1, latestVersion: 2 });
    const fs2 = stale.map.fillSettings!;
    const r = await s.call('vsm-fill', { mapId, datasetId: fs2.datasetId, percentile: fs2.percentile, mapping: fs2.mapping });
    const train = r.map.stages.find((x) => x.id === trainId)!;
    expect(train.pt).toEqual({ value: 2, unit: 'h' });
    expect(train.filled.pt).toMatchObject({ overridden: true, version: 2, value: 105 * 60_000 });
    expect((await s.call('vsm-get', { mapId })).staleFill).toBeNull();
    // going back to the log value clears the override
    const back = await s.call('vsm-stage-update', { id: trainId, patch: { pt: { value: 1.75, unit: 'h' } } });
    expect(back.filled.pt!.overridden).toBe(false);
  });

  it('explains a log without the needed columns', async () => {
    await importCsv(eventId, 'id,step_name,when\n1,a,2026-01-01T00:00:00Z\n', 'Other');
    const other = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Other')!;
    await expect(s.call('vsm-fill', { mapId, datasetId: other.id })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/has no runId column.*Its columns are: id, step_name, when/) });
    expect((await s.call('vsm-get', { mapId })).map.stages.every((x) => x.pt === null)).toBe(true);
  });
});

describe("the demo's pipeline run log", () => {
  // The demo event's own map is its target area, the scoring path (tests/integration/demoConsistency.test.ts); its
  // retraining-pipeline log still fills a retraining map, as a team running the Q1 retraining event would.
  it('fills a retraining map with the constraint found', async () => {
    s = await tempServices();
    const eventId = (await s.call('event-create', { name: 'Retraining latency', targetArea: 'retraining-latency' })).id;
    const file = path.resolve(__dirname, '..', '..', 'resources', 'demo', 'pipeline-runs.csv');
    const { datasetId } = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Pipeline runs' })) as { datasetId: string };
    const created = await s.call('vsm-create', { eventId, template: 'ai-workflow', name: 'Retraining pipeline today' });
    for (const st of created.stages) if (st.name === 'Inference' || st.name === 'Decision output') await s.call('vsm-stage-remove', { id: st.id });
    await s.call('vsm-fill', { mapId: created.id, datasetId, percentile: 50, mapping: {} });
    const { map, metrics } = await s.call('vsm-get', { mapId: created.id });
    expect(map.stages.map((x) => x.name)).toEqual(['Data ingestion', 'Validation', 'Feature engineering', 'Training', 'Evaluation', 'Approval / registry', 'Deployment']);
    for (const st of map.stages) expect(st.filled.pt).toMatchObject({ datasetName: 'Pipeline runs', version: 1, overridden: false });
    expect(map.stages.every((x) => x.filled.pt!.sampleSize >= 55)).toBe(true);
    const m = metrics as VsmMetrics;
    expect(m.constraint?.criterion).toBe('largest-pt');
    expect(m.leadTimeMs).toBeGreaterThan(m.processTimeMs);
  });
});
