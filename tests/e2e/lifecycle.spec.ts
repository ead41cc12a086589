import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, closeBrowser, newPage, screenshot, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { ReportPage } from './pages/report-page';

// Lifecycle analytics (issue 22) on the demo event: the saved early-stopping result is on screen at first launch, the
// facilitator changes the patience and re-runs; the threshold tab with another cost of a false negative; a result
// pinned from the page reaches the PDF report with its number (pdftotext).

let app: AppUnderTest;
let page: Page;
let errors: string[];
let eventId: string;

beforeAll(async () => {
  app = await startApp();
  eventId = (await api<{ id: string }>(app, 'demo-create', {})).id;
  ({ page, errors } = await newPage({ width: 1280, height: 720 }));
}, 120_000);
afterAll(async () => {
  await page?.context().close();
  await app.stop();
  await closeBrowser();
});

type Run = { headline: { value: number }; result: Record<string, unknown> };
const open = async (sub: string) => {
  const u = new URL(app.url);
  u.hash = `#/event/${eventId}/lifecycle/${sub}`;
  await page.goto(u.toString());
};
const result = () => page.getByTestId('lifecycle-result');
const datasetId = async (name: string) => (await api<{ id: string; name: string }[]>(app, 'dataset-list', { eventId })).find((d) => d.name === name)!.id;

describe('Lifecycle page', () => {
  it('early stopping: the demo result at first launch, then a longer patience', async () => {
    await open('early-stopping');
    await result().getByRole('heading', { name: 'GPU hours saved by early stopping — Training epochs' }).waitFor();
    const saved = (await api<{ kind: string; result: { totalGpuHoursSaved: number } }[]>(app, 'lifecycle-result-list', { eventId })).find((r) => r.kind === 'early-stopping')!;
    const shown = Number((await result().locator('.lc-headline strong').innerText()).replace(/[^\d.]/g, ''));
    expect(shown).toBeCloseTo(saved.result.totalGpuHoursSaved, 2);
    // Patience 5 stops later, so it saves fewer GPU hours: the page shows what the service computes for it.
    await page.getByLabel('Patience (epochs)').fill('5');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const expected = await api<Run>(app, 'lifecycle-run', { eventId, datasetId: await datasetId('Training epochs'), spec: { kind: 'early-stopping', run: 'run_id', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 5, minDelta: 0.001, gpuHoursPerEpoch: 'gpu_hours' } });
    expect(expected.headline.value).toBeLessThan(saved.result.totalGpuHoursSaved);
    await expect.poll(() => result().getByText(/^Patience 5, min-delta 0\.001/).count()).toBe(1);
    await expect.poll(async () => Number((await result().locator('.lc-headline strong').innerText()).replace(/[^\d.]/g, ''))).toBeCloseTo(expected.headline.value, 2);
    await result().getByRole('img', { name: 'Epochs run until the stop, and epochs early stopping saves, per run' }).waitFor();
    await screenshot(page, 'lifecycle-early-stopping-1280x720');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('threshold: a cheaper false negative moves the least-cost threshold; pinned, it is in the PDF report', async () => {
    await open('threshold');
    await result().getByRole('heading', { name: /^Least cost at the chosen threshold/ }).waitFor();
    await page.getByLabel('Cost of a false negative').fill('40');
    await page.getByRole('button', { name: 'Run', exact: true }).click();
    const expected = await api<Run & { result: { threshold: number; cost: number } }>(app, 'lifecycle-run', { eventId, datasetId: await datasetId('Inference log'), spec: { kind: 'threshold', score: 'score', label: 'label', positive: 'fraud', costFp: 5, costFn: 40 } });
    await expect.poll(() => result().getByText(`Threshold ${expected.result.threshold}: cost ${expected.result.cost} (FP × 5 + FN × 40)`, { exact: false }).count()).toBe(1);
    await result().getByRole('img', { name: 'Cost by threshold' }).waitFor();
    await screenshot(page, 'lifecycle-threshold-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    await result().getByRole('button', { name: 'Pin to report' }).click();
    await expect
      .poll(async () => (await api<{ kind: string; pinned: boolean; params: { spec: { costFn: number } } }[]>(app, 'lifecycle-result-list', { eventId })).filter((r) => r.pinned && r.kind === 'threshold').map((r) => r.params.spec.costFn))
      .toEqual([40]);

    const report = new ReportPage(page);
    await report.open(eventId);
    const [pdf] = await report.export('PDF report');
    const text = execFileSync('pdftotext', ['-layout', pdf!, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    expect(text).toContain('Lifecycle analytics');
    expect(text).toContain('GPU hours saved by early stopping');
    expect(text).toContain(`Threshold ${expected.result.threshold}: cost ${expected.result.cost} (FP × 5 + FN × 40)`);
    expect(text).toContain('Fastest efficient variant p95');
    expect(errors).toEqual([]);
  });
});
