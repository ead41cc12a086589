import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';

// `kaizen registry` and `kaizen gate` against a store prepared through the contract, as the app would leave it.

let dataDir: string;
let eventId: string;

const localToday = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

beforeAll(async () => {
  dataDir = tempDir('kaizen-registry-cli-');
  const s = await tempServices({ dataDir });
  try {
    eventId = (await s.call('event-create', { name: 'Registry CLI' })).id;
    const lines = ['model_version,latency_ms,label,prediction,region'];
    for (let i = 0; i < 400; i++) lines.push(`m-v2,${100 + (i % 40)},${i % 5 === 0 ? 'fraud' : 'legit'},${i % 5 === 0 || i % 29 === 3 ? 'flag' : 'pass'},${i % 2 ? 'EU' : 'US'}`);
    const file = path.join(dataDir, 'eval.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const imp = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Evaluation' })) as { datasetId: string };
    await s.call('registry-policy-update', { eventId, policy: { dpdMax: 0.2, eodMax: 0.2, rehearsalMaxDays: 30, qualityMargin: 0.01, qualityMetric: 'precision' } });
    const fair = await s.call('analysis-fairness', { eventId, datasetId: imp.datasetId, label: 'label', prediction: 'prediction', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag', save: true });
    const model = await s.call('registry-model-create', { eventId, name: 'fraud' });
    const v1 = await s.call('registry-version-create', { modelId: model.id, version: 'v1' });
    await s.call('registry-version-create', { modelId: model.id, version: 'v2', evidence: { fairnessResultId: fair.resultId, evaluationDatasetVersionId: fair.datasetVersionIds[0] } });
    const plan = await s.call('registry-plan-create', { eventId, modelId: model.id, title: 'Back to v1', targetVersionId: v1.id, steps: ['Flip the router'], ownerId: null, triggerKpi: 'p95 latency', triggerOperator: '>', triggerValue: 250 });
    await s.call('registry-rehearsal-create', { planId: plan.id, date: localToday(), durationMinutes: 8 });
  } finally {
    s.close();
  }
}, 60_000);

describe('kaizen gate', () => {
  it('exits 0 with {"promotable":true,"gates":[…]} when every gate passes', async () => {
    const r = await runKaizen('gate', '--event', eventId, '--model', 'fraud', '--version', 'v2', '--data-dir', dataDir, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { promotable: boolean; gates: { name: string; status: string; detail: string }[] };
    expect(Object.keys(out)).toEqual(['promotable', 'gates']);
    expect(out.promotable).toBe(true);
    expect(out.gates.map((g) => Object.keys(g))).toEqual(Array(5).fill(['name', 'status', 'detail']));
    expect(out.gates.map((g) => [g.name, g.status])).toEqual([['fairness', 'pass'], ['signoffs', 'pass'], ['freeze', 'pass'], ['rollback-plan', 'pass'], ['quality', 'pass']]);
  });

  it('exits 1 when a gate does not pass, naming it', async () => {
    const r = await runKaizen('gate', '--event', eventId, '--model', 'fraud', '--version', 'v1', '--data-dir', dataDir, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { promotable: boolean; gates: { name: string; status: string; detail: string }[] };
    expect(out.promotable).toBe(false);
    expect(out.gates.find((g) => g.name === 'fairness')).toEqual({ name: 'fairness', status: 'inconclusive', detail: 'No stored fairness result is linked to this version.' });
    const text = await runKaizen('gate', '--event', eventId, '--model', 'fraud', '--version', 'v1', '--data-dir', dataDir);
    expect(text.code).toBe(1);
    expect(text.out).toMatch(/fraud v1 \(Candidate\) on \d{4}-\d{2}-\d{2}: NOT promotable/);
    expect(text.out).toMatch(/INCONCLUSIVE\s+Fairness: No stored fairness result/);
  });

  it('exits 2 on bad input: unknown event, model or version, or a missing flag', async () => {
    const unknownEvent = await runKaizen('gate', '--event', 'nope', '--model', 'fraud', '--version', 'v2', '--data-dir', dataDir, '--json');
    expect(unknownEvent).toMatchObject({ code: 2, out: '' });
    expect(unknownEvent.err).toMatch(/Event "nope" was not found/);
    const unknownModel = await runKaizen('gate', '--event', eventId, '--model', 'churn', '--version', 'v2', '--data-dir', dataDir, '--json');
    expect(unknownModel).toMatchObject({ code: 2, err: 'kaizen: No model "churn" in this event (models: fraud).\n' });
    const unknownVersion = await runKaizen('gate', '--event', eventId, '--model', 'fraud', '--version', 'v9', '--data-dir', dataDir, '--json');
    expect(unknownVersion).toMatchObject({ code: 2, err: 'kaizen: fraud has no version "v9" (versions: v1, v2).\n' });
    expect((await runKaizen('gate', '--event', eventId, '--model', 'fraud', '--data-dir', dataDir, '--json')).code).toBe(2);
  });
});

describe('kaizen registry', () => {
  it('lists models, versions, stages and gates as JSON', async () => {
    const r = await runKaizen('registry', '--event', eventId, '--data-dir', dataDir, '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { eventId: string; models: { name: string; production: string | null; versions: { version: string; stage: string; gates: { promotable: boolean } | null }[] }[] };
    expect(out.eventId).toBe(eventId);
    expect(out.models.map((m) => [m.name, m.production])).toEqual([['fraud', null]]);
    expect(out.models[0]!.versions.map((v) => [v.version, v.stage, v.gates?.promotable])).toEqual([['v1', 'candidate', false], ['v2', 'candidate', true]]);
    const text = await runKaizen('registry', '--event', eventId, '--data-dir', dataDir);
    expect(text.out).toMatch(/^fraud — in production: none/);
    expect(text.out).toMatch(/v2\s+Candidate\s+no artifact/);
    expect((await runKaizen('registry', '--data-dir', dataDir)).code).toBe(2);
  });
});
