import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, closeBrowser, newPage, screenshot, startApp, uploadSource } from './harness';
import type { AppUnderTest } from './harness';
import { AnalysisPage } from './pages/analysis-page';

// Issue 20, fairness in depth: integer 0/1 labels as positive-label choices (they had none), score ≥ cut-off,
// intersectional groups, seeded bootstrap intervals, sample-size flags, the threshold sweep plot, and the Models
// tab asking for the cut-off it needs.
let app: AppUnderTest;
let eventId: string;
let page: Page;
let errors: string[];

const dir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-fair-'));

/** Integer 0/1 labels and predictions, a score, two group columns (region × channel); LATAM is deliberately tiny. */
function scoredLog(): string {
  const lines = ['request_id,score,prediction,label,region,channel'];
  for (let i = 0; i < 600; i++) {
    const region = i % 50 === 1 ? 'LATAM' : i % 4 === 0 ? 'EU' : 'US';
    const channel = i % 3 === 0 ? 'web' : 'app';
    const label = i % 5 === 0 || i % 7 === 0 ? 1 : 0;
    const score = Math.round((((i * 37) % 100) / 100) * 0.6 * 1000 + label * 350 + (region === 'EU' ? 50 : 0)) / 1000;
    lines.push(`r${i},${score},${score >= 0.5 ? 1 : 0},${label},${region},${channel}`);
  }
  const file = path.join(dir(), 'scored.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Two model versions with latency, a score and a label but no predicted-label column. */
function modelLog(): string {
  const lines = ['request_id,model_version,latency_ms,score,label'];
  for (let i = 0; i < 400; i++) {
    const v = i % 2 ? 'v2' : 'v1';
    const label = i % 8 === 0 || i % 8 === 3 ? 1 : 0;
    const score = Math.round((((i * 53) % 100) / 100) * 0.5 * 1000 + label * (v === 'v2' ? 450 : 300)) / 1000;
    lines.push(`m${i},${v},${(v === 'v2' ? 80 : 95) + ((i * 17) % 40)},${score},${label}`);
  }
  const file = path.join(dir(), 'models.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

beforeAll(async () => {
  app = await startApp();
  eventId = (await api<{ id: string }>(app, 'event-create', { name: 'Fairness depth' })).id;
  await api(app, 'dataset-import', { eventId, source: await uploadSource(app, scoredLog()), name: 'Scored requests' });
  await api(app, 'dataset-import', { eventId, source: await uploadSource(app, modelLog()), name: 'Model log' });
}, 120_000);
afterEach(async () => {
  await page.context().close();
  expect(errors).toEqual([]);
});
afterAll(async () => {
  await app.stop();
  await closeBrowser();
});

async function openOn(sub: 'fairness' | 'models', dataset: string): Promise<void> {
  ({ page, errors } = await newPage());
  await new AnalysisPage(page, app.url, eventId).open(sub);
  const picker = page.getByRole('navigation', { name: 'Analysis pages' }).getByRole('combobox');
  await picker.locator('option', { hasText: dataset }).waitFor({ state: 'attached' });
  await picker.selectOption({ label: (await picker.locator('option', { hasText: dataset }).textContent())! });
}

const disparities = () => page.getByRole('table', { name: 'Disparities' }).innerText();

describe('Fairness in depth', () => {
  it('offers integer 0/1 labels as the positive label (regression: the list was empty), and assesses them', async () => {
    await openOn('fairness', 'Scored requests');
    await page.getByLabel('Positive label value').locator('option', { hasText: '1' }).waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.getByLabel('Positive label value').locator('option').allTextContents()).toEqual(['(choose)', '0', '1']);
    expect(await page.getByLabel('Positive label value').inputValue()).toBe('1');
    expect(await page.getByLabel('Positive prediction value').inputValue()).toBe('1');
    await page.getByRole('button', { name: 'Assess fairness' }).click();
    await page.getByRole('status').filter({ hasText: /demographic parity difference = \d/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('table', { name: 'Rates by group' }).locator('tbody tr td:first-child').allTextContents()).toEqual(['EU', 'LATAM', 'US', 'overall']);
  });

  it('score ≥ cut-off by region × channel: bootstrap intervals (same seed, same intervals), small groups flagged, sweep plot', async () => {
    await openOn('fairness', 'Scored requests');
    await page.getByLabel('Positive label value').locator('option', { hasText: '1' }).waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByLabel('Predicted positive from').selectOption('score');
    await page.getByLabel('Predicted positive when score ≥').fill('0.5');
    await page.getByLabel('Second group (intersectional)').selectOption('channel');
    await page.getByLabel('Threshold', { exact: true }).fill('0.1');
    await page.getByRole('button', { name: 'Assess fairness' }).click();
    const verdict = page.getByRole('status').filter({ hasText: /demographic parity difference = [\d.]+ \(95 % interval [\d.]+ – [\d.]+\) against 0\.1/ });
    await verdict.waitFor({ timeout: 30_000 });
    const rows = page.getByRole('table', { name: 'Rates by group' }).locator('tbody tr');
    expect(await rows.locator('td:first-child').allTextContents()).toEqual(['EU × app', 'EU × web', 'LATAM × app', 'LATAM × web', 'US × app', 'US × web', 'overall']);
    // LATAM is 12 rows: flagged beside the group with the rule that fired; the large groups read ok.
    expect(await rows.filter({ hasText: 'LATAM × app' }).locator('td').last().innerText()).toMatch(/^⚠ small: \d+ rows < 30/);
    expect(await rows.filter({ hasText: 'US × app' }).locator('td').last().innerText()).toBe('ok');
    // Each rate shows its interval under it.
    expect(await rows.filter({ hasText: 'US × app' }).locator('td').nth(2).innerText()).toMatch(/^[\d.]+ %\n[\d.]+–[\d.]+ %$/);
    const first = await disparities();
    expect(first).toMatch(/demographic parity difference\t[\d.]+\t[\d.]+ – [\d.]+\t/);
    await verdict.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'fairness-depth-01-intervals');
    expect(await axeViolations(page)).toEqual([]);

    // The sweep plot: selection rate and TPR per group against the threshold, the chosen one marked.
    const sel = page.getByRole('img', { name: /^Selection rate by region × channel against the threshold: at threshold 0\.50: EU × app [\d.]+ %/ });
    await sel.waitFor();
    expect(await page.getByRole('img', { name: /^True positive rate \(TPR\) by region × channel against the threshold/ }).count()).toBe(1);
    expect(await sel.locator('path').count()).toBe(6);
    await page.getByRole('heading', { name: 'Threshold sweep' }).scrollIntoViewIfNeeded();
    await page.getByRole('heading', { name: 'Threshold sweep' }).evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await screenshot(page, 'fairness-depth-02-sweep');

    // Reproducible: the same seed again gives the same intervals; another seed, other intervals.
    await page.getByRole('button', { name: 'Assess fairness' }).click();
    await verdict.waitFor();
    expect(await disparities()).toBe(first);
    await page.getByLabel('Seed').fill('2');
    await page.getByRole('button', { name: 'Assess fairness' }).click();
    await expect.poll(disparities, { timeout: 30_000 }).not.toBe(first);

    // The bootstrap runs in the analysis worker: its progress shows, and Cancel stops it.
    await page.getByLabel('Resamples (B)').fill('10000');
    await page.getByRole('button', { name: 'Assess fairness' }).click();
    const progress = page.getByTestId('analysis-progress');
    await expect.poll(() => progress.innerText(), { timeout: 30_000 }).toMatch(/Bootstrap: \d[\d,]* of 10000 resamples · step 1 of 3/);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/The analysis was cancelled; nothing was saved/);
  });

  it('Models: asks for the score cut-off it needs when there is no predicted-label column', async () => {
    await openOn('models', 'Model log');
    await page.getByLabel('Predicted positive when score ≥').fill('0.6');
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await page.getByRole('table', { name: 'By model version' }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('alert').count()).toBe(0);
    const v2 = () => page.getByRole('table', { name: 'By model version' }).locator('tbody tr').filter({ hasText: 'v2' }).locator('td').allTextContents();
    const at06 = await v2();
    expect(at06[5], at06.join(' | ')).toMatch(/^[01]\.\d{3}$/); // precision is defined: predictions came from score ≥ 0.6
    // A lower cut-off flags more rows: precision falls (v2's negatives score up to 0.5).
    await page.getByLabel('Predicted positive when score ≥').fill('0.2');
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await expect.poll(async () => Number((await v2())[5]), { timeout: 30_000 }).toBeLessThan(Number(at06[5]));
  });
});
