import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest } from './harness';
import type { AppUnderTest } from './harness';
import { DataPage } from './pages/data-page';

const FIXTURE = path.resolve(__dirname, '..', 'fixtures', 'import', 'inference-2000.csv');

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

describe('Data page', () => {
  it('imports a CSV through the file picker: preview with inferred types, import, table, profile and version', async () => {
    const ev = await api<{ id: string }>(app, 'event-create', { name: 'Import walkthrough' });
    const data = new DataPage(page);
    await data.open(app.url, ev.id);
    await page.getByRole('heading', { name: 'No data yet' }).waitFor();
    await screenshot(page, 'data-empty');

    await data.pickFile(FIXTURE);
    expect(await data.columnType('timestamp').inputValue()).toBe('timestamp');
    expect(await data.columnType('total_ms').inputValue()).toBe('real');
    expect(await data.columnType('cache_hit').inputValue()).toBe('boolean');
    expect(await data.columnType('region').inputValue()).toBe('category');
    expect(await page.getByLabel('Role of total_ms', { exact: true }).inputValue()).toBe('latency');
    expect(await page.getByLabel('Unit of feature_ms', { exact: true }).inputValue()).toBe('ms');
    await expect.poll(() => page.getByTestId('wizard-preview').locator('tbody tr').count()).toBe(8);
    expect(await page.getByTestId('wizard-file-info').innerText()).toContain('CSV');
    await screenshot(page, 'data-import-preview');

    await data.importNow();
    expect(await data.summary().innerText()).toMatch(/Imported version 1: 2,000 rows, 0 rejected/);
    await screenshot(page, 'data-import-done');
    await data.showDataset();
    await expect.poll(() => data.datasetRows().count()).toBe(1);
    expect(await data.datasetRows().first().innerText()).toMatch(/inference-2000\s+v1\s+2,000\s+15/);
    await expect.poll(() => page.getByTestId('data-table').locator('[role=row][aria-rowindex="2"] [role=gridcell]').first().innerText()).toMatch(/^2026-11-01T/);
    await screenshot(page, 'data-table');

    // Scroll deep into the table: rows are fetched on demand.
    await page.getByTestId('data-table').evaluate((el) => (el.scrollTop = 1500 * 32));
    await expect.poll(() => page.getByTestId('data-table').getAttribute('aria-label')).toMatch(/^Rows 1,50\d–/);

    await data.tab('Column profile');
    await data.profileColumn('total_ms');
    const detail = page.getByTestId('profile-detail');
    await expect.poll(() => detail.innerText()).toMatch(/p95/);
    expect(await detail.locator('svg[role=img]').getAttribute('aria-label')).toMatch(/^Histogram of total_ms: 20 bins/);
    await screenshot(page, 'data-profile');

    await data.tab('Versions & lineage');
    const versions = page.getByTestId('versions-panel');
    await expect.poll(() => versions.innerText()).toMatch(/Version 1/);
    expect(await versions.innerText()).toMatch(/[0-9a-f]{64}/);
    await screenshot(page, 'data-versions');
  });

  it('a long import shows rows, % and time left, and Cancel rolls it back (worker thread)', async () => {
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-big-')), 'big-log.csv');
    execFileSync(process.execPath, [path.resolve(__dirname, '..', '..', 'scripts', 'generate-demo-data.mjs'), '--rows', '250000', '--out', big]);
    const ev = await api<{ id: string }>(app, 'event-create', { name: 'Cancel walkthrough' });
    const data = new DataPage(page);
    await data.open(app.url, ev.id);
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('wizard-preview').waitFor({ timeout: 120_000 });
    await data.wizard().getByRole('button', { name: /^Import/ }).click();
    const progress = page.getByTestId('import-progress');
    await expect.poll(() => progress.innerText(), { timeout: 60_000 }).toMatch(/[\d,]+ rows · \d+ % · about \d+ (s|min)/);
    await screenshot(page, 'data-import-progress');
    await progress.getByRole('button', { name: 'Cancel import' }).click();
    await expect.poll(() => page.getByRole('alert').innerText(), { timeout: 60_000 }).toMatch(/The import was cancelled; nothing was written/);
    expect(await api<unknown[]>(app, 'dataset-list', { eventId: ev.id })).toEqual([]);
  }, 240_000);

  it('a 250,000-row file imports through the parse worker; its profile says which figures come from a sample', async () => {
    const big = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-big-')), 'big-log.csv');
    execFileSync(process.execPath, [path.resolve(__dirname, '..', '..', 'scripts', 'generate-demo-data.mjs'), '--rows', '250000', '--out', big]);
    const ev = await api<{ id: string }>(app, 'event-create', { name: 'Large import' });
    const data = new DataPage(page);
    await data.open(app.url, ev.id);
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('wizard-preview').waitFor({ timeout: 120_000 });
    await data.wizard().getByRole('button', { name: /^Import/ }).click();
    await page.getByTestId('import-summary').waitFor({ timeout: 120_000 });
    expect(await data.summary().innerText()).toMatch(/Imported version 1: 250,000 rows, 0 rejected/);
    await data.showDataset();
    await data.tab('Column profile');
    await data.profileColumn('total_ms');
    const detail = page.getByTestId('profile-detail');
    await expect.poll(() => detail.getByTestId('profile-sampled').innerText()).toMatch(/uniform sample of 200,000 of 250,000 values; rows, missing, min, max, mean and SD are exact/);
    expect(await detail.innerText()).toMatch(/Rows\s+250,000/);
    await screenshot(page, 'data-profile-sampled');
  }, 240_000);

  it('a file dropped onto the window opens the wizard', async () => {
    const ev = await api<{ id: string }>(app, 'event-create', { name: 'Drop walkthrough' });
    const data = new DataPage(page);
    await data.open(app.url, ev.id);
    const text = fs.readFileSync(path.resolve(__dirname, '..', 'fixtures', 'import', 'small.csv'), 'utf8');
    await page.evaluate((csv) => {
      const dt = new DataTransfer();
      dt.items.add(new File([csv], 'dropped.csv', { type: 'text/csv' }));
      window.dispatchEvent(new DragEvent('dragenter', { dataTransfer: dt }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, cancelable: true }));
    }, text);
    await page.getByRole('heading', { name: 'Import dropped.csv' }).waitFor();
    await page.getByTestId('wizard-preview').waitFor({ timeout: 20_000 });
    await data.importNow();
    expect(await data.summary().innerText()).toMatch(/Imported version 1: 4 rows/);
  });

  it('shows the demo event’s three sample logs', async () => {
    const list = await api<{ id: string; isDemo: boolean }[]>(app, 'event-list', {});
    const demo = list.find((e) => e.isDemo) ?? (await api<{ id: string }>(app, 'demo-create', {}));
    const data = new DataPage(page);
    await data.open(app.url, demo.id);
    await expect.poll(() => data.datasetRows().count(), { timeout: 20_000 }).toBe(11);
    expect(await data.datasetRows().allInnerTexts()).toEqual([
      expect.stringMatching(/^Inference log\s+v1\s+50,000/),
      expect.stringMatching(/^Pipeline runs\s+v1/),
      expect.stringMatching(/^Model performance\s+v1\s+30/),
      expect.stringMatching(/^Gateway log\s+v1\s+6,250/),
      expect.stringMatching(/^User corrections\s+v1/),
      expect.stringMatching(/^Training epochs\s+v1\s+120/),
      expect.stringMatching(/^Search trials\s+v1\s+72/),
      expect.stringMatching(/^GPU jobs\s+v1\s+84/),
      expect.stringMatching(/^Load runs\s+v1\s+28/),
      expect.stringMatching(/^Serving benchmark\s+v1\s+600/),
      expect.stringMatching(/^Profiler trace\s+v1\s+176/),
    ]);
    await page.getByTestId('data-table').waitFor();
    await screenshot(page, 'data-demo');
  });
});
