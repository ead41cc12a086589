// A long analysis in the app: it runs in the analysis worker thread, the page shows its progress with a Cancel
// button, and Cancel ends it with "nothing was saved" while the app keeps answering.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, closeBrowser, newPage, screenshot, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { AnalysisPage } from './pages/analysis-page';

const ROOT = path.resolve(__dirname, '..', '..');
let app: AppUnderTest;
let page: Page;
let errors: string[];
let eventId: string;

beforeAll(async () => {
  app = await startApp();
  eventId = (await api<{ id: string }>(app, 'event-create', { name: 'Long analysis' })).id;
  // A 400,000-row inference log, imported with the CLI next to the running app (as a user's script would).
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-long-')), 'inference-log.csv');
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'generate-demo-data.mjs'), '--rows', '400000', '--out', file]);
  execFileSync(process.execPath, [path.join(ROOT, 'bin', 'kaizen.cjs'), 'import', file, '--data-dir', app.dataDir, '--event', eventId, '--name', 'Big log', '--json']);
}, 240_000);
afterEach(async () => {
  await page.context().close();
  expect(errors).toEqual([]);
});
afterAll(async () => {
  await app.stop();
  await closeBrowser();
});

describe('a long analysis', () => {
  it('shows its progress with Cancel; Cancel ends it and nothing is saved', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('drift');
    await page.getByRole('button', { name: 'Compare windows' }).waitFor({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Compare windows' }).click();
    const progress = page.getByTestId('analysis-progress');
    await expect.poll(() => progress.innerText(), { timeout: 60_000 }).toMatch(/step \d+ of \d+/);
    await screenshot(page, 'analysis-progress');
    // The app answers meanwhile.
    expect((await api<{ id: string }[]>(app, 'event-list', {})).some((e) => e.id === eventId)).toBe(true);
    await progress.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 30_000 }).toMatch(/The analysis was cancelled; nothing was saved/);
    await progress.waitFor({ state: 'detached' });
    expect(await api<unknown[]>(app, 'analysis-result-list', { eventId })).toEqual([]);
  }, 240_000);
});
