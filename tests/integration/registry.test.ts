import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError } from '../../common/contract/errors';
import type { AppError } from '../../common/contract/errors';
import { verifyChangeLog } from '../../main/db/changeLog';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The registry on a real store: an evaluation log imported from a file, stored fairness and comparison results,
// passphrases set per person, and promotions through dispatch as the window would call them.

let s: TestServices;
afterEach(() => s?.close());

const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    if (isAppError(e)) return e;
    throw e;
  }
  throw new Error('expected a failure');
};

/** 800 scored requests, 400 per model version, two regions; v2 flags fewer legitimate payments (better precision). */
function writeLog(dir: string): string {
  const lines = ['model_version,latency_ms,label,prediction,region'];
  for (const v of ['fraud-v1', 'fraud-v2']) {
    for (let i = 0; i < 400; i++) {
      const fraud = i % 5 === 0;
      const flagged = fraud ? i % 10 !== 5 || v === 'fraud-v2' : v === 'fraud-v1' ? i % 7 === 1 : i % 31 === 1;
      lines.push(`${v},${100 + (i % 50)},${fraud ? 'fraud' : 'legit'},${flagged ? 'flag' : 'pass'},${i % 2 ? 'EU' : 'US'}`);
    }
  }
  const file = path.join(dir, 'evaluation.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function setup() {
  const dir = tempDir('kaizen-registry-');
  s = await tempServices({ dataDir: dir, clock: fixedClock('2026-11-21T09:00:00.000Z') });
  const eventId = (await s.call('event-create', { name: 'Registry' })).id;
  const add = async (name: string, role: string) => (await s.call('team-add', { eventId, member: { name, role } })).id;
  const tomas = await add('Tomás Okafor', 'facilitator');
  const jonas = await add('Jonas Weber', 'ml-engineer');
  for (const [id, pass] of [[tomas, 'tomas-passphrase'], [jonas, 'jonas-passphrase']] as const) await s.call('governance-passphrase-set', { memberId: id, passphrase: pass });
  await s.call('governance-facilitator-update', { eventId, memberId: tomas, passphrase: 'tomas-passphrase' });
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: writeLog(dir) }, name: 'Evaluation log' });
  const datasetId = (imp as { datasetId: string }).datasetId;
  const asTomas = { memberId: tomas, passphrase: 'tomas-passphrase' };
  const asJonas = { memberId: jonas, passphrase: 'jonas-passphrase' };
  return { dir, eventId, tomas, jonas, asTomas, asJonas, datasetId };
}

type Ctx = Awaited<ReturnType<typeof setup>>;

async function policy(c: Ctx, dpdMax = 0.1) {
  return s.call('registry-policy-update', { eventId: c.eventId, policy: { dpdMax, eodMax: 0.2, rehearsalMaxDays: 14, qualityMargin: 0.01, qualityMetric: 'precision' } });
}

async function evidence(c: Ctx) {
  const fair = await s.call('analysis-fairness', { eventId: c.eventId, datasetId: c.datasetId, window: { kind: 'value', column: 'model_version', value: 'fraud-v2' }, label: 'label', prediction: 'prediction', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag', save: true });
  const cmp = await s.call('analysis-models', { eventId: c.eventId, datasetId: c.datasetId, versionColumn: 'model_version', latency: 'latency_ms', label: 'label', prediction: 'prediction', posLabel: 'fraud', predictionPosLabel: 'flag', baseline: 'fraud-v1', candidate: 'fraud-v2', save: true });
  return { fairnessResultId: fair.resultId!, comparisonResultId: cmp.resultId!, evaluationDatasetVersionId: fair.datasetVersionIds[0]! };
}

/** fraud-v1 in production (first promotion, overridden: no evidence yet), fraud-v2 registered with its evidence and a rehearsed plan. */
async function twoVersions(c: Ctx) {
  await policy(c);
  const ev = await evidence(c);
  const model = await s.call('registry-model-create', { eventId: c.eventId, name: 'fraud', component: 'Model inference' });
  const v1 = await s.call('registry-version-create', { modelId: model.id, version: 'fraud-v1', ownerId: c.jonas });
  await s.call('registry-promote', { versionId: v1.id, acting: c.asJonas, override: { reason: 'Baseline already serving before the registry existed', facilitator: c.asTomas } });
  const v2 = await s.call('registry-version-create', {
    modelId: model.id,
    version: 'fraud-v2',
    ownerId: c.jonas,
    trainingDatasetVersionIds: [ev.evaluationDatasetVersionId],
    card: { intendedUse: 'Score card payments', features: [{ name: 'amount' }, { name: 'region', sensitive: false }] },
    evidence: { metrics: [{ name: 'AUC', value: 0.93 }], ...ev },
  });
  const plan = await s.call('registry-plan-create', {
    eventId: c.eventId, modelId: model.id, title: 'Back to fraud-v1', targetVersionId: v1.id, steps: ['Point the router at fraud-v1', 'Watch p95 for 15 min'],
    ownerId: c.jonas, triggerKpi: 'p95 latency', triggerOperator: '>', triggerValue: 250, triggerUnit: 'ms',
  });
  await s.call('registry-rehearsal-create', { planId: plan.id, date: '2026-11-12', durationMinutes: 12, notes: 'Staging drill' });
  return { model, v1, v2, plan, ev };
}

describe('registry: versions, artifacts and model cards', () => {
  it('hashes the artifact file (SHA-256, not copied) and the same bytes sent in chunks from a browser', async () => {
    const c = await setup();
    const artifact = path.join(c.dir, 'model.onnx');
    const bytes = Buffer.alloc(1_300_000, 7);
    bytes.write('ONNX model weights');
    fs.writeFileSync(artifact, bytes);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const model = await s.call('registry-model-create', { eventId: c.eventId, name: 'fraud' });
    const v = await s.call('registry-version-create', { modelId: model.id, version: 'v1', artifact: { kind: 'path', path: artifact } });
    expect(v.artifact).toEqual({ name: 'model.onnx', sha256: sha, size: 1_300_000 });
    expect(v.stage).toBe('candidate');
    expect(fs.readdirSync(c.dir).filter((f) => f.includes('onnx'))).toEqual(['model.onnx']);

    const { uploadId, chunkBytes } = await s.call('registry-artifact-upload-begin', { fileName: 'model.onnx', size: bytes.length });
    for (let off = 0; off < bytes.length; off += chunkBytes) await s.call('registry-artifact-upload-chunk', { uploadId, offset: off, data: bytes.subarray(off, off + chunkBytes).toString('base64') });
    const v2 = await s.call('registry-version-create', { modelId: model.id, version: 'v2', artifact: { kind: 'upload', uploadId } });
    expect(v2.artifact?.sha256).toBe(sha);
    expect((await failure(s.call('registry-version-create', { modelId: model.id, version: 'v3', artifact: { kind: 'path', path: path.join(c.dir, 'missing.onnx') } }))).message).toMatch(/Cannot read the artifact .*missing\.onnx: no such file/);
    expect((await failure(s.call('registry-version-create', { modelId: model.id, version: 'v1' }))).code).toBe('CONFLICT');
  });

  it('hashes a file chosen in the desktop dialog (handle), spending the handle', async () => {
    const c = await setup();
    const artifact = path.join(c.dir, 'model.bin');
    fs.writeFileSync(artifact, 'weights');
    const { handle } = s.ctx.files.issue(artifact, 'open');
    const model = await s.call('registry-model-create', { eventId: c.eventId, name: 'fraud' });
    const v = await s.call('registry-version-create', { modelId: model.id, version: 'v1', artifact: { kind: 'handle', handle } });
    expect(v.artifact).toEqual({ name: 'model.bin', sha256: createHash('sha256').update('weights').digest('hex'), size: 7 });
    expect((await failure(s.call('registry-version-create', { modelId: model.id, version: 'v2', artifact: { kind: 'handle', handle } }))).message).toMatch(/used or has expired/);
  });

  it('moves versions between stages; taking the production version out needs a passphrase and a reason', async () => {
    const c = await setup();
    const { v1, v2 } = await twoVersions(c);
    expect((await s.call('registry-stage-update', { versionId: v2.id, stage: 'staging' })).stage).toBe('staging');
    expect((await failure(s.call('registry-stage-update', { versionId: v2.id, stage: 'staging' }))).message).toMatch(/already staging/);
    expect((await failure(s.call('registry-stage-update', { versionId: v1.id, stage: 'archived' }))).message).toMatch(/needs the acting person's passphrase/);
    expect((await failure(s.call('registry-stage-update', { versionId: v1.id, stage: 'archived', acting: c.asJonas }))).message).toMatch(/Give a reason/);
    const out = await s.call('registry-stage-update', { versionId: v1.id, stage: 'archived', reason: 'Model retired', acting: c.asJonas });
    expect(out.stage).toBe('archived');
    const m = (await s.call('registry-list', { eventId: c.eventId }))[0]!;
    expect(m.productionVersionId).toBeNull();
    expect(m.history.at(-1)).toMatchObject({ kind: 'stage', from: 'production', to: 'archived', by: 'Jonas Weber', reason: 'Model retired' });
    expect((await failure(s.call('registry-promote', { versionId: v1.id, acting: c.asJonas }))).message).toMatch(/archived: record a rollback/);
  });

  it('keeps every model card revision; the latest is shown; a personal feature raises the DPA review action', async () => {
    const c = await setup();
    await s.call('team-add', { eventId: c.eventId, member: { name: 'Hannah Cole', role: 'compliance-legal' } });
    const model = await s.call('registry-model-create', { eventId: c.eventId, name: 'fraud' });
    const v = await s.call('registry-version-create', { modelId: model.id, version: 'v1', card: { intendedUse: 'first' } });
    const after = await s.call('registry-card-update', { versionId: v.id, card: { intendedUse: 'second', features: [{ name: 'customer_age', personal: true }] } });
    expect(after.card).toMatchObject({ intendedUse: 'second', features: [{ name: 'customer_age', personal: true, sensitive: false }] });
    expect(s.db.prepare('SELECT count(*) FROM model_cards WHERE version_id = ?').pluck().get(v.id)).toBe(2);
    const actions = await s.call('action-list', { eventId: c.eventId });
    expect(actions.map((a) => a.title)).toEqual([expect.stringMatching(/^Review the DPA: model version fraud v1 uses personal data \(customer_age\)/)]);
    expect(() => s.db.prepare("UPDATE model_cards SET intended_use = 'x'").run()).toThrow(/append-only/);
  });
});

describe('registry: promotion, gates and history', () => {
  it('shows the gates before promoting, promotes with them stored, and keeps one production version per model', async () => {
    const c = await setup();
    const { model, v1, v2 } = await twoVersions(c);
    const gates = await s.call('registry-gates', { versionId: v2.id });
    expect(gates.gates.map((g) => [g.name, g.status])).toEqual([['fairness', 'pass'], ['signoffs', 'pass'], ['freeze', 'pass'], ['rollback-plan', 'pass'], ['quality', 'pass']]);
    expect(gates.promotable).toBe(true);
    expect(gates.gates.find((g) => g.name === 'quality')!.detail).toMatch(/precision .* \(fraud-v2\) vs .* \(fraud-v1, in production\): within the margin/);

    const out = await s.call('registry-promote', { versionId: v2.id, acting: c.asJonas });
    expect(out.overridden).toBe(false);
    const m = out.model;
    expect(m.productionVersionId).toBe(v2.id);
    expect(m.versions.map((v) => [v.version, v.stage])).toEqual([['fraud-v1', 'archived'], ['fraud-v2', 'production']]);
    expect(m.versions.filter((v) => v.stage === 'production')).toHaveLength(1);
    // What was in production when, who promoted it, the gates at that moment.
    expect(m.production.map((p) => [p.version, p.to === null, p.promotedBy, p.overridden])).toEqual([['fraud-v1', false, 'Jonas Weber', true], ['fraud-v2', true, 'Jonas Weber', false]]);
    const promo = m.history.find((h) => h.kind === 'promote' && h.versionId === v2.id)!;
    expect(promo.gates).toEqual(gates.gates);
    const first = m.history.find((h) => h.kind === 'promote' && h.versionId === v1.id)!;
    expect(first.override).toEqual({ reason: 'Baseline already serving before the registry existed', by: 'Tomás Okafor' });
    expect(first.gates.find((g) => g.name === 'fairness')!.status).toBe('inconclusive');
    const again = await failure(s.call('registry-promote', { versionId: v2.id, acting: c.asJonas }));
    expect(again.message).toMatch(/already in production/);
    expect((await s.call('registry-list', { eventId: c.eventId }))[0]!.id).toBe(model.id);
    // Every registry row the log records is covered by the chain.
    const logged = s.db.prepare("SELECT count(*) FROM change_log WHERE record_table = 'model_stage_changes'").pluck().get() as number;
    expect(logged).toBe(s.db.prepare('SELECT count(*) FROM model_stage_changes').pluck().get());
    expect(verifyChangeLog(s.db)).toBeNull();
  });

  it('a failing gate needs an override: a reason and the facilitator\'s passphrase, which is logged', async () => {
    const c = await setup();
    const { v2 } = await twoVersions(c);
    // The plan was rehearsed 9 days ago: a 1-day policy fails the rollback gate.
    await s.call('registry-policy-update', { eventId: c.eventId, policy: { dpdMax: 0.1, eodMax: 0.2, rehearsalMaxDays: 1, qualityMargin: 0.01, qualityMetric: 'precision' } });
    const gates = await s.call('registry-gates', { versionId: v2.id });
    expect(gates.gates.find((g) => g.name === 'rollback-plan')).toMatchObject({ status: 'fail', detail: expect.stringMatching(/9 days before 2026-11-21.*policy: within 1 days/) });
    const refused = await failure(s.call('registry-promote', { versionId: v2.id, acting: c.asJonas }));
    expect(refused.code).toBe('CONFLICT');
    expect(refused.message).toMatch(/not promotable: Rollback plan rehearsed fail .*needs an override with a reason and the facilitator's passphrase/);
    expect((await failure(s.call('registry-promote', { versionId: v2.id, acting: c.asJonas, override: { reason: 'Hotfix', facilitator: c.asJonas } }))).code).toBe('FORBIDDEN');
    expect((await failure(s.call('registry-promote', { versionId: v2.id, acting: c.asJonas, override: { reason: 'Hotfix', facilitator: { ...c.asTomas, passphrase: 'not-tomas-pass' } } }))).message).toMatch(/Wrong passphrase for Tomás Okafor/);
    expect((await failure(s.call('registry-promote', { versionId: v2.id, acting: c.asJonas, override: { reason: ' ', facilitator: c.asTomas } }))).code).toBe('VALIDATION');
    expect((await failure(s.call('registry-promote', { versionId: v2.id, acting: { ...c.asJonas, passphrase: 'wrong-wrong' } }))).message).toMatch(/Wrong passphrase for Jonas Weber/);
    const model = (await s.call('registry-list', { eventId: c.eventId }))[0]!;
    expect(model.versions.find((v) => v.id === v2.id)!.stage).toBe('candidate');

    const out = await s.call('registry-promote', { versionId: v2.id, acting: c.asJonas, override: { reason: 'Fraud losses rising; drill again tomorrow', facilitator: c.asTomas } });
    expect(out.overridden).toBe(true);
    const row = s.db.prepare("SELECT actor, reason, payload FROM change_log WHERE entity = 'model-version' AND entity_id = ? AND action = 'promote:production'").get(v2.id) as { actor: string; reason: string; payload: string };
    expect(row).toMatchObject({ actor: 'Jonas Weber', reason: 'Fraud losses rising; drill again tomorrow' });
    expect(JSON.parse(row.payload)).toMatchObject({ overriddenBy: 'Tomás Okafor', gates: expect.arrayContaining(['rollback-plan: fail']) });
  });

  it('flags fairness thresholds changed after the result was seen, and a freeze window on the promotion date', async () => {
    const c = await setup();
    const { v2 } = await twoVersions(c);
    await policy(c, 0.5);
    const fairness = (await s.call('registry-gates', { versionId: v2.id })).gates.find((g) => g.name === 'fairness')!;
    expect(fairness).toMatchObject({ status: 'inconclusive', detail: expect.stringMatching(/^Threshold set after result/) });
    await s.call('freeze-create', { eventId: c.eventId, name: 'Month-end close', reason: 'Finance close', rule: { kind: 'one-off', startDate: '2026-11-20', endDate: '2026-11-23' } });
    const freeze = (await s.call('registry-gates', { versionId: v2.id })).gates.find((g) => g.name === 'freeze')!;
    expect(freeze).toEqual({ name: 'freeze', status: 'fail', detail: '2026-11-21 is inside the change freeze "Month-end close" (Finance close).' });
    await s.call('registry-promote', { versionId: v2.id, acting: c.asJonas, override: { reason: 'Regulator deadline', facilitator: c.asTomas } });
    const overrides = await s.call('freeze-override-list', { eventId: c.eventId });
    expect(overrides).toMatchObject([{ subject: { kind: 'promotion', id: v2.id }, reason: 'Regulator deadline', name: 'Tomás Okafor' }]);
    const promo = (await s.call('registry-list', { eventId: c.eventId }))[0]!.history.find((h) => h.kind === 'promote' && h.versionId === v2.id)!;
    expect(promo.freeze).toEqual({ name: 'Month-end close', reason: 'Finance close' });
  });

  it('"Record rollback" moves production back to the plan\'s target and logs it', async () => {
    const c = await setup();
    const { v1, v2, plan } = await twoVersions(c);
    await s.call('registry-promote', { versionId: v2.id, acting: c.asJonas });
    const plans = await s.call('registry-plan-list', { eventId: c.eventId });
    expect(plans.map((p) => [p.title, p.targetVersion, p.lastRehearsal?.date, p.ownerName])).toEqual([['Back to fraud-v1', 'fraud-v1', '2026-11-12', 'Jonas Weber']]);
    const m = await s.call('registry-rollback', { planId: plan.id, acting: c.asJonas, reason: 'p95 above 250 ms for 15 minutes' });
    expect(m.productionVersionId).toBe(v1.id);
    expect(m.versions.map((v) => [v.version, v.stage])).toEqual([['fraud-v1', 'production'], ['fraud-v2', 'archived']]);
    expect(m.production.map((p) => [p.version, p.to === null])).toEqual([['fraud-v1', false], ['fraud-v2', false], ['fraud-v1', true]]);
    expect(m.history.at(-1)).toMatchObject({ kind: 'rollback', version: 'fraud-v1', reason: 'p95 above 250 ms for 15 minutes', by: 'Jonas Weber' });
    expect((await failure(s.call('registry-rollback', { planId: plan.id, acting: c.asJonas, reason: 'again' }))).message).toMatch(/already in production/);
    expect(s.db.prepare("SELECT count(*) FROM change_log WHERE action = 'rollback:production'").pluck().get()).toBe(1);
    expect(verifyChangeLog(s.db)).toBeNull();
  });

  it('revises a plan as a new row and refuses a target from another model', async () => {
    const c = await setup();
    const { model, v1, plan } = await twoVersions(c);
    const other = await s.call('registry-model-create', { eventId: c.eventId, name: 'other' });
    const ov = await s.call('registry-version-create', { modelId: other.id, version: 'o1' });
    const base = { planId: plan.id, modelId: model.id, title: 'Back to fraud-v1 (v2)', steps: ['Flip the router'], ownerId: null, triggerKpi: 'p95 latency', triggerOperator: '>=', triggerValue: 300 } as const;
    expect((await failure(s.call('registry-plan-update', { ...base, targetVersionId: ov.id }))).message).toMatch(/is not a version of fraud/);
    const revised = await s.call('registry-plan-update', { ...base, targetVersionId: v1.id });
    expect(revised).toMatchObject({ id: plan.id, title: 'Back to fraud-v1 (v2)', triggerValue: 300, lastRehearsal: { date: '2026-11-12' } });
    expect(s.db.prepare('SELECT count(*) FROM rollback_plans WHERE plan_id = ?').pluck().get(plan.id)).toBe(2);
    expect((await failure(s.call('registry-rehearsal-create', { planId: plan.id, date: '2026-12-30', durationMinutes: 5 }))).message).toMatch(/has not happened yet/);
  });

  it('refuses a path to the artifact from a window (paths only from the command line)', async () => {
    const c = await setup();
    const model = await s.call('registry-model-create', { eventId: c.eventId, name: 'fraud' });
    const r = await s.dispatch('registry-version-create', { modelId: model.id, version: 'v1', artifact: { kind: 'path', path: '/etc/passwd' } }, { origin: 'renderer' });
    expect(r).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });
});
