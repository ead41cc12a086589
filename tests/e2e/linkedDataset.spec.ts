// Browser mode: "Link a large file…" on the Data page. The page never names a path: it picks a file main offers from an
// allowed folder (here KAIZEN_LINK_DIRS), DuckDB reads it in place, and the dataset shows the "linked" badge with its path.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeViolations, closeBrowser, api, newPage, screenshot, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { DataPage } from './pages/data-page';
import { DuckRunner } from '../../main/services/sources/duckdb/runner';
import { writeLinkedLog } from '../helpers/linkedLog';

describe('Link a large file (browser mode)', () => {
  let app: AppUnderTest;
  let folder: string;

  beforeAll(async () => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-linkdir-'));
    const csv = path.join(folder, 'source.csv');
    writeLinkedLog(csv, 4000);
    const r = new DuckRunner();
    await r.query(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${path.join(folder, 'inference-log.parquet')}' (FORMAT parquet)`);
    await r.close();
    fs.rmSync(csv);
    app = await startApp({ env: { KAIZEN_LINK_DIRS: folder } });
  }, 120_000);

  afterAll(async () => {
    await app?.stop();
    await closeBrowser();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  it('links a Parquet file from an allowed folder and shows it as linked', async () => {
    const { page, context, errors } = await newPage();
    try {
      const ev = await api<{ id: string }>(app, 'event-create', { name: 'Linked file' });
      const data = new DataPage(page);
      await data.open(app.url, ev.id);
      await page.getByRole('button', { name: 'Link a large file…' }).click();
      const dialog = page.getByRole('dialog', { name: 'Link a large file' });
      await dialog.waitFor();
      await expect.poll(() => dialog.getByLabel('File').innerText()).toContain('inference-log.parquet (parquet)');
      expect(await dialog.innerText()).toContain(folder);
      await dialog.getByLabel('File').selectOption({ label: 'inference-log.parquet (parquet)' });
      await dialog.getByLabel('Dataset name (optional)').fill('Inference log (linked)');
      expect(await axeViolations(page)).toEqual([]);
      await screenshot(page, 'linked-dataset-dialog');
      await dialog.getByRole('button', { name: 'Link file' }).click();
      await dialog.waitFor({ state: 'detached', timeout: 30_000 }).catch(() => dialog.waitFor({ state: 'hidden' }));
      const badge = page.getByText(/^linked: /);
      await badge.waitFor({ timeout: 30_000 });
      expect(await badge.innerText()).toContain(path.join(folder, 'inference-log.parquet'));
      expect(await page.getByRole('heading', { name: /Inference log \(linked\)/ }).innerText()).toContain('4,000 rows');
      await screenshot(page, 'linked-dataset-badge');
      // The Rows tab says where the rows are instead of failing to page them.
      await expect.poll(() => page.getByRole('note').filter({ hasText: 'stay in' }).count()).toBe(1);
      expect(await page.locator('.error-banner').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  }, 120_000);
});
