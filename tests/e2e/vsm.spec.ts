import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest, axeViolations, uploadSource } from './harness';
import type { AppUnderTest } from './harness';
import { VsmPage } from './pages/vsm-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

const PIPELINE_LOG = path.resolve(__dirname, '..', '..', 'resources', 'demo', 'pipeline-runs.csv');

async function eventWithLog(): Promise<string> {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Retraining latency kaizen', targetArea: 'retraining-latency' });
  await api(app, 'dataset-import', { eventId: e.id, source: await uploadSource(app, PIPELINE_LOG), name: 'Pipeline runs' });
  return e.id;
}

describe('value-stream map', () => {
  it('builds a map from the template, fills it from the pipeline log, finds the constraint, and shows future-state deltas', async () => {
    const eventId = await eventWithLog();
    const vsm = new VsmPage(page, app.url, eventId);
    await vsm.open();
    await page.getByText('Map the AI workflow as it runs today').waitFor();
    await screenshot(page, 'vsm-01-empty');
    expect(await axeViolations(page)).toEqual([]);
    await vsm.createFromTemplate(/AI workflow/);
    expect(await vsm.stageNames()).toHaveLength(9);
    expect(await vsm.metric('metric-constraint').textContent()).toContain('enter process times');

    const panel = await vsm.openFill();
    expect(await panel.getByRole('rowheader').allTextContents()).toEqual(['Approval / registry', 'Data ingestion', 'Deployment', 'Evaluation', 'Feature engineering', 'Training', 'Validation']);
    expect(await panel.getByLabel('Map stage for log stage Training').locator('option:checked').textContent()).toBe('Training');
    await screenshot(page, 'vsm-02a-fill-panel');
    await vsm.applyFill();
    await vsm.metric('metric-constraint').filter({ hasText: 'largest process time' }).waitFor();
    const constraint = (await page.getByTestId('constraint-name').textContent())!;
    // the constraint box is drawn with the CONSTRAINT tag on the map
    await vsm.stage(constraint).locator('text', { hasText: 'CONSTRAINT' }).waitFor();
    expect(await vsm.canvas().locator('text', { hasText: /^log n=\d+ v1$/ }).count()).toBe(7);
    await screenshot(page, 'vsm-02b-filled-constraint');

    // select the constraint stage and look at its provenance
    await vsm.stage(constraint).click();
    await vsm.editor().getByTestId('fill-note').first().waitFor();
    expect(await vsm.editor().getByTestId('fill-note').first().textContent()).toMatch(/From log: .* median of \d+ runs · Pipeline runs v1/);
    await screenshot(page, 'vsm-03-stage-editor');
    expect(await axeViolations(page)).toEqual([]);
    await vsm.editor().getByRole('button', { name: 'Close the stage editor' }).click();

    const leadBefore = await vsm.metric('metric-lead').textContent();
    await page.getByRole('button', { name: '+ Future state (copy current)' }).click();
    await page.getByRole('link', { name: /Future Future state 1/ }).waitFor();
    await vsm.canvas().waitFor();
    expect(await vsm.metric('metric-lead').textContent()).toBe(leadBefore);

    // change the constraint stage: halve nothing fancy, set PT to 10 min by hand
    await vsm.stage(constraint).click();
    await vsm.setDuration('field-pt', '10', 'min');
    await vsm.waitSaved();
    await vsm.stage(constraint).locator('text', { hasText: 'PT 10 min' }).waitFor();
    expect(await vsm.editor().getByTestId('field-pt').locator('input').inputValue()).toBe('10');
    await vsm.editor().getByTestId('override-note').waitFor();
    await vsm.delta('leadTimeMs').filter({ hasText: /▼ −.* better/ }).waitFor();
    expect(await vsm.delta('leadTimeMs').getAttribute('data-verdict')).toBe('better');
    // the demo log's Feature engineering median is 2.075 h, so 10 min saves 1.91 h of lead time
    expect(constraint).toBe('Feature engineering');
    expect(await vsm.delta('leadTimeMs').textContent()).toContain('−1.91 h');
    expect(await vsm.delta('processTimeMs').textContent()).toMatch(/▼ −/);
    expect(await vsm.metric('metric-lead').textContent()).not.toBe(leadBefore);
    await vsm.editor().getByRole('button', { name: 'Close the stage editor' }).click();
    await screenshot(page, 'vsm-04-future-deltas');

    await page.getByRole('button', { name: 'Compare with current' }).click();
    await page.getByTestId('vsm-compare').waitFor();
    expect(await page.getByTestId('vsm-compare').locator('td.vsm-better').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'vsm-05-compare');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('adds, reorders by keyboard, undoes, and keeps 15 stages readable; presenter view and export', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Fifteen stages' });
    const map = await api<{ id: string; stages: { id: string }[] }>(app, 'vsm-create', { eventId: e.id, template: 'ai-workflow' });
    for (let i = 10; i <= 15; i++) await api(app, 'vsm-stage-add', { mapId: map.id, stage: { name: `Extra stage ${i}`, pt: { value: i, unit: 'min' }, wt: { value: 1, unit: 'h' }, ca: 95 } });
    await api(app, 'vsm-stage-update', { id: map.stages[3]!.id, patch: { pt: { value: 3, unit: 'h' }, parallelGroup: 'model' } });
    await api(app, 'vsm-stage-update', { id: map.stages[4]!.id, patch: { pt: { value: 1, unit: 'h' }, parallelGroup: 'model', reworkToId: map.stages[2]!.id, reworkShare: 0.2 } });
    const vsm = new VsmPage(page, app.url, e.id);
    await vsm.open(map.id);
    await vsm.canvas().waitFor();
    expect(await vsm.stageNames()).toHaveLength(15);
    // every stage box lies inside the visible canvas (fit to screen)
    const box = (await vsm.canvas().boundingBox())!;
    for (const g of await vsm.canvas().locator('g.vsm-stage > rect').all()) {
      const r = (await g.boundingBox())!;
      expect(r.x).toBeGreaterThanOrEqual(box.x - 1);
      expect(r.x + r.width).toBeLessThanOrEqual(box.x + box.width + 1);
      expect(r.y + r.height).toBeLessThanOrEqual(box.y + box.height + 1);
      expect(r.width).toBeGreaterThan(100);
    }
    await screenshot(page, 'vsm-06-fifteen-stages');

    // keyboard: focus the first stage, move it right with Alt+→, then undo
    await vsm.stage('Data ingestion').focus();
    await page.keyboard.press('Alt+ArrowRight');
    await vsm.waitSaved();
    await expect.poll(async () => (await vsm.stageNames()).slice(0, 2)).toEqual(['Validation', 'Data ingestion']);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(async () => (await vsm.stageNames()).slice(0, 2)).toEqual(['Data ingestion', 'Validation']);

    // drag Validation onto Training's place with the mouse
    const from = (await vsm.stage('Validation').boundingBox())!;
    const to = (await vsm.stage('Approval / registry').boundingBox())!;
    await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
    await page.mouse.down();
    await page.mouse.move(to.x + 10, to.y + to.height / 2, { steps: 8 });
    await page.mouse.up();
    await vsm.waitSaved();
    await expect.poll(async () => (await vsm.stageNames()).indexOf('Validation')).toBe(5);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(async () => (await vsm.stageNames()).indexOf('Validation')).toBe(1);

    // add a stage after the selected one and remove it again with Delete
    await vsm.stage('Validation').click();
    await page.getByRole('button', { name: '+ Add stage' }).click();
    await vsm.editor().getByText('Stage 3 of 16').waitFor();
    await vsm.editor().getByRole('button', { name: 'Close the stage editor' }).click();
    await vsm.stage('Stage 16').focus();
    await page.keyboard.press('Delete');
    await expect.poll(async () => (await vsm.stageNames()).length).toBe(15);

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export SVG' }).click();
    const svg = await download;
    expect(svg.suggestedFilename()).toBe('current-state.svg');
    const svgText = fs.readFileSync((await svg.path())!, 'utf8');
    expect(svgText).toContain('Lead time 11 h');
    expect(svgText).toContain('Constraint: Training');
    const png = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export PNG' }).click();
    expect((await png).suggestedFilename()).toMatch(/\.png$/);

    await page.getByRole('button', { name: 'Present' }).click();
    await page.getByTestId('vsm-presenter').waitFor();
    await screenshot(page, 'vsm-07-presenter');
    await page.keyboard.press('Escape');
    await page.getByTestId('vsm-presenter').waitFor({ state: 'detached' });
  });

  it("shows the demo event's scoring-path map, and a map filled from the demo run log offers a refresh from a newer log", async () => {
    const demo = await api<{ id: string }>(app, 'demo-create', {});
    const demoMap = new VsmPage(page, app.url, demo.id);
    await demoMap.open();
    await demoMap.canvas().waitFor();
    // The demo's target area (charter scope): the fraud-scoring API's online path, timed from the inference log.
    expect(await demoMap.stageNames()).toEqual(['Feature lookup', 'Pre-processing', 'Model inference', 'Post-processing / rules']);
    await demoMap.canvas().locator('text', { hasText: 'CONSTRAINT' }).waitFor();
    await screenshot(page, 'vsm-08-demo');

    const eventId = await eventWithLog();
    const vsm = new VsmPage(page, app.url, eventId);
    await vsm.open();
    await vsm.createFromTemplate(/AI workflow/);
    await vsm.openFill();
    await vsm.applyFill();
    await vsm.canvas().locator('text', { hasText: 'CONSTRAINT' }).waitFor();

    // a new version of the run log arrives while the map is open: the map offers a refresh, which uses it
    const lines = fs.readFileSync(PIPELINE_LOG, 'utf8').trim().split('\n');
    const v2 = path.join(app.dataDir, 'pipeline-runs-v2.csv');
    fs.writeFileSync(v2, lines.filter((l) => !l.startsWith('run-0060,')).join('\n'));
    await api(app, 'dataset-import', { eventId, source: await uploadSource(app, v2), name: 'Pipeline runs' });
    await page.getByTestId('stale-fill').waitFor();
    expect(await page.getByTestId('stale-fill').textContent()).toContain('A newer version (v2) of the run log was imported');
    await page.getByRole('button', { name: 'Refresh from v2' }).click();
    await page.getByTestId('stale-fill').waitFor({ state: 'detached' });
    expect(await vsm.canvas().locator('text', { hasText: /^log n=59 v2$/ }).count()).toBe(7);
  });
});
