import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot, uploadSource } from './harness';
import type { AppUnderTest } from './harness';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

const localToday = (): string => {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

type Model = { id: string; productionVersionId: string | null; versions: { id: string; version: string; stage: string }[]; production: { version: string; to: string | null; promotedBy: string }[] };

/**
 * An event set up through the contract as a team would have left it: passphrases, the facilitator, an evaluation
 * log, the policy (before any result), a fairness result and a model comparison, fraud-v1 in production, fraud-v2
 * registered with its evidence, and a rollback plan to fraud-v1 rehearsed today.
 */
async function registryEvent() {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Registry e2e' });
  const add = async (name: string, role: string) => (await api<{ id: string }>(app, 'team-add', { eventId: e.id, member: { name, role } })).id;
  const tomas = await add('Tomás Okafor', 'facilitator');
  const jonas = await add('Jonas Weber', 'ml-engineer');
  await api(app, 'governance-passphrase-set', { memberId: tomas, passphrase: 'tomas-passphrase' });
  await api(app, 'governance-passphrase-set', { memberId: jonas, passphrase: 'jonas-passphrase' });
  await api(app, 'governance-facilitator-update', { eventId: e.id, memberId: tomas, passphrase: 'tomas-passphrase' });
  const lines = ['model_version,latency_ms,label,prediction,region'];
  for (const v of ['fraud-v1', 'fraud-v2']) {
    for (let i = 0; i < 300; i++) {
      const fraud = i % 5 === 0;
      const flagged = fraud ? true : v === 'fraud-v1' ? i % 7 === 1 : i % 31 === 1;
      lines.push(`${v},${90 + (i % 40)},${fraud ? 'fraud' : 'legit'},${flagged ? 'flag' : 'pass'},${i % 2 ? 'EU' : 'US'}`);
    }
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-registry-')), 'evaluation.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const imp = await api<{ datasetId: string }>(app, 'dataset-import', { eventId: e.id, source: await uploadSource(app, file), name: 'Evaluation log' });
  await api(app, 'registry-policy-update', { eventId: e.id, policy: { dpdMax: 0.1, eodMax: 0.2, rehearsalMaxDays: 14, qualityMargin: 0.01, qualityMetric: 'precision' } });
  const common = { eventId: e.id, datasetId: imp.datasetId, label: 'label', prediction: 'prediction', posLabel: 'fraud', predictionPosLabel: 'flag', save: true };
  const fair = await api<{ resultId: string; datasetVersionIds: string[] }>(app, 'analysis-fairness', { ...common, window: { kind: 'value', column: 'model_version', value: 'fraud-v2' }, group: 'region' });
  const cmp = await api<{ resultId: string }>(app, 'analysis-models', { ...common, versionColumn: 'model_version', latency: 'latency_ms', baseline: 'fraud-v1', candidate: 'fraud-v2' });
  const model = await api<{ id: string }>(app, 'registry-model-create', { eventId: e.id, name: 'fraud', component: 'Model inference' });
  const v1 = await api<{ id: string }>(app, 'registry-version-create', { modelId: model.id, version: 'fraud-v1', ownerId: jonas });
  await api(app, 'registry-promote', { versionId: v1.id, acting: { memberId: jonas, passphrase: 'jonas-passphrase' }, override: { reason: 'Serving before the registry existed', facilitator: { memberId: tomas, passphrase: 'tomas-passphrase' } } });
  await api(app, 'registry-version-create', {
    modelId: model.id, version: 'fraud-v2', ownerId: jonas,
    card: { intendedUse: 'Score card payments before authorisation', features: [{ name: 'amount' }, { name: 'velocity_1h' }] },
    evidence: { fairnessResultId: fair.resultId, comparisonResultId: cmp.resultId, evaluationDatasetVersionId: fair.datasetVersionIds[0] },
  });
  const plan = await api<{ id: string }>(app, 'registry-plan-create', {
    eventId: e.id, modelId: model.id, title: 'Back to fraud-v1', targetVersionId: v1.id, steps: ['Switch the serving alias to fraud-v1', 'Watch p95 for 15 minutes'],
    ownerId: jonas, triggerKpi: 'p95 latency', triggerOperator: '>', triggerValue: 250, triggerUnit: 'ms',
  });
  await api(app, 'registry-rehearsal-create', { planId: plan.id, date: localToday(), durationMinutes: 12 });
  return { eventId: e.id };
}

async function openRegistry(eventId: string): Promise<void> {
  const u = new URL(app.url);
  u.hash = `#/event/${eventId}/governance/registry`;
  await page.goto(u.toString());
  await page.getByRole('heading', { name: 'Models' }).waitFor();
}

describe('model registry', () => {
  it('shows the gates before promoting, refuses a wrong passphrase, promotes, and records the history', async () => {
    const { eventId } = await registryEvent();
    await openRegistry(eventId);
    await page.getByRole('button', { name: 'Open fraud-v2' }).click();
    const box = page.getByRole('form', { name: 'Promote fraud fraud-v2 to production' });
    await box.getByTestId('gates-table').waitFor();
    const gates = box.getByTestId('gates-table');
    await expect.poll(async () => (await gates.locator('tbody tr').allTextContents()).map((t) => t.split(/PASS|FAIL|INCONCLUSIVE/)[0])).toEqual([
      'Fairness', 'Required sign-offs', 'Change freeze', 'Rollback plan rehearsed', 'Quality vs production',
    ]);
    expect(await gates.locator('.gate-status').allTextContents()).toEqual(['PASS', 'PASS', 'PASS', 'PASS', 'PASS']);
    expect(await box.getByTestId('gate-quality').textContent()).toMatch(/\(fraud-v2\) vs .* \(fraud-v1, in production\): within the margin 0\.010/);
    expect(await box.getByTestId('gate-rollback-plan').textContent()).toMatch(/Back to fraud-v1.*rehearsed .*policy: within 14 days/);
    await box.getByText('Every gate passes: ready to promote.').waitFor();

    await box.getByLabel('Promoted by').selectOption({ label: 'Jonas Weber' });
    await box.getByLabel('Their passphrase').fill('not-jonas-pass');
    await box.getByRole('button', { name: 'Promote to production' }).click();
    await box.getByRole('alert').filter({ hasText: /Wrong passphrase for Jonas Weber/ }).waitFor();
    expect(await box.getByLabel('Their passphrase').inputValue()).toBe('');
    await box.getByTestId('gates-table').evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'registry-gates');
    expect(await axeViolations(page)).toEqual([]);

    await box.getByLabel('Their passphrase').fill('jonas-passphrase');
    await box.getByRole('button', { name: 'Promote to production' }).click();
    await page.getByText('fraud fraud-v2 is in production.').waitFor();
    const row = page.getByTestId('registry-version').filter({ hasText: 'fraud-v2' });
    await row.getByTestId('stage-badge').filter({ hasText: 'Production' }).waitFor();
    const history = page.getByRole('list', { name: 'Production history of fraud' });
    await history.getByText(/fraud-v2 from .* \(now\) — promoted by Jonas Weber/).waitFor();
    await history.getByText(/fraud-v1 from .* to .* — promoted by Jonas Weber · override by Tomás Okafor: “Serving before the registry existed”/).waitFor();
    await page.getByRole('button', { name: 'Close fraud-v2' }).click();
    await page.getByRole('heading', { name: 'Models' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'registry-promoted');
    expect(await axeViolations(page)).toEqual([]);

    const [model] = await api<Model[]>(app, 'registry-list', { eventId });
    expect(model!.versions.map((v) => [v.version, v.stage])).toEqual([['fraud-v1', 'archived'], ['fraud-v2', 'production']]);
  });

  it('a failing gate asks for the facilitator’s override, and a rollback returns production to the plan’s target', async () => {
    const { eventId } = await registryEvent();
    // Loosening a fairness threshold after the result exists: the gate cannot pass on that result any more.
    await api(app, 'registry-policy-update', { eventId, policy: { dpdMax: 0.15, eodMax: 0.2, rehearsalMaxDays: 14, qualityMargin: 0.01, qualityMetric: 'precision' } });
    await openRegistry(eventId);
    await page.getByRole('button', { name: 'Open fraud-v2' }).click();
    const box = page.getByRole('form', { name: 'Promote fraud fraud-v2 to production' });
    await box.getByTestId('gate-fairness').getByText('INCONCLUSIVE').waitFor();
    expect(await box.getByTestId('gate-fairness').textContent()).toMatch(/Threshold set after result/);
    await box.getByText('Not every gate passes: promoting needs an override by the facilitator.').waitFor();
    await box.getByLabel('Promoted by').selectOption({ label: 'Jonas Weber' });
    await box.getByLabel('Their passphrase').fill('jonas-passphrase');
    await box.getByLabel('Reason for overriding').fill('Fairness re-run scheduled for Monday');
    await box.getByLabel('Facilitator’s passphrase').fill('tomas-passphrase');
    await screenshot(page, 'registry-override');
    expect(await axeViolations(page)).toEqual([]);
    await box.getByRole('button', { name: 'Override and promote' }).click();
    await page.getByText('fraud fraud-v2 is in production (gates overridden, logged).').waitFor();

    const rollback = page.getByRole('form', { name: 'Record rollback to fraud-v1' });
    await rollback.getByLabel('Rolled back by').selectOption({ label: 'Jonas Weber' });
    await rollback.getByLabel('Passphrase').fill('jonas-passphrase');
    await rollback.getByLabel('Why (trigger seen)').fill('p95 above 250 ms for 15 minutes');
    await rollback.getByRole('button', { name: 'Record rollback to fraud-v1' }).click();
    await page.getByText('Rolled back: fraud-v1 is in production again (logged).').waitFor();
    await page.getByTestId('registry-version').filter({ hasText: 'fraud-v1' }).getByTestId('stage-badge').filter({ hasText: 'Production' }).waitFor();
    const [model] = await api<Model[]>(app, 'registry-list', { eventId });
    expect(model!.production.map((p) => [p.version, p.to === null])).toEqual([['fraud-v1', false], ['fraud-v2', false], ['fraud-v1', true]]);
  });

  it('the demo: fraud-v3.2 in production since 2026-11-21 after fraud-v3.1, with the rehearsed plan back to fraud-v3.1', async () => {
    const eventId = await demoEventId(app);
    await openRegistry(eventId);
    const row = page.getByTestId('registry-version').filter({ hasText: 'fraud-v3.2' });
    await row.getByTestId('stage-badge').filter({ hasText: 'Production' }).waitFor();
    const history = page.getByRole('list', { name: 'Production history of fraud' });
    await history.getByText(/fraud-v3\.1 from 2026-10-02 09:00 to 2026-11-21 14:00 — promoted by Jonas Weber/).waitFor();
    await history.getByText(/fraud-v3\.2 from 2026-11-21 14:00 \(now\) — promoted by Jonas Weber · gates: fairness pass, signoffs pass, freeze pass, rollback-plan pass, quality pass/).waitFor();
    await page.getByTestId('rollback-plan').getByText(/Last rehearsed 2026-11-12 \(18 min\)/).waitFor();
    await history.evaluate((el) => el.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'registry-demo');
    expect(await axeViolations(page)).toEqual([]);
  });
});
