import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, closeBrowser, newPage, screenshot, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { AnalysisPage } from './pages/analysis-page';

// Drift on every column of the demo's inference log at once (issue 20): the Evidently-style table (sortable), each
// column's default test and verdict, the dataset-level share of drifted columns, the columns not compared and why.
let app: AppUnderTest;
let page: Page;
let errors: string[];
let eventId: string;

beforeAll(async () => {
  app = await startApp();
  eventId = (await api<{ id: string }>(app, 'demo-create', {})).id;
}, 120_000);
afterEach(async () => {
  await page.context().close();
  expect(errors).toEqual([]);
});
afterAll(async () => {
  await app.stop();
  await closeBrowser();
});

/** First-cell texts (column names) of the drift table in display order. */
async function order(p: Page): Promise<string[]> {
  return (await p.getByRole('table', { name: /^Drift by feature/ }).locator('tbody tr td:first-child').allTextContents()).map((t) => t.trim());
}

describe('Drift on all columns', () => {
  it('compares every column, shows the dataset verdict, sorts by any header and explains the selected column', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('drift');
    await page.getByLabel('Reference from').waitFor();
    await a.setDate('Reference from', '2026-11-01');
    await a.setDate('Reference to', '2026-11-10');
    await a.setDate('Current from', '2026-11-14');
    await a.setDate('Current to', '2026-11-20');
    await page.getByLabel('Columns', { exact: true }).selectOption('all');
    expect(await page.getByLabel(/Features and prediction score/).count()).toBe(0);
    await page.getByRole('button', { name: 'Compare windows' }).click();
    await a.driftTable().waitFor({ timeout: 60_000 });
    const verdict = page.getByRole('status', { name: 'Dataset drift' });
    await verdict.waitFor();
    const text = (await verdict.textContent())!;
    const m = /(\d+) of (\d+) columns drifted \((\d+) %\)/.exec(text)!;
    expect(m).not.toBeNull();
    const stored = await api<{ features: { column: string; stats: { test: { drift: boolean } } }[]; datasetDrift: { drifted: number; columns: number; drift: boolean }; skipped: { column: string }[] }>(app, 'analysis-drift', {
      eventId,
      datasetId: (await api<{ id: string; name: string }[]>(app, 'dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id,
      reference: { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' },
      current: { kind: 'dates', column: 'timestamp', from: '2026-11-14', to: '2026-11-20' },
      allColumns: true,
    });
    expect([Number(m[1]), Number(m[2])]).toEqual([stored.datasetDrift.drifted, stored.datasetDrift.columns]);
    expect(text).toMatch(stored.datasetDrift.drift ? /⚠ Dataset drift/ : /No dataset drift/);
    // Every compared column is a row; the time column and the request id are not compared, with the reason.
    const rows = await order(page);
    expect(rows.sort()).toEqual(stored.features.map((f) => f.column).sort());
    expect(rows).toContain('region');
    expect(rows).not.toContain('timestamp');
    await verdict.getByText(/columns? not compared/).click();
    await verdict.getByText(/timestamp: it defines the windows/).waitFor();
    await verdict.getByText(/request_id: (identifier|free text)/).waitFor();
    // Default order: PSI, largest first. Click "feature" → names ascending; "Evidently test" → drifted columns first.
    const psiOrder = await a.driftRows();
    expect(psiOrder.map((r) => r[1])).toEqual([...psiOrder.map((r) => r[1])].sort((x, y) => y - x));
    await page.getByRole('button', { name: 'feature', exact: true }).click();
    await page.getByRole('table', { name: 'Drift by feature, sorted by feature, ascending' }).waitFor();
    const byName = await order(page);
    expect(byName).toEqual([...byName].sort((x, y) => x.localeCompare(y)));
    await page.getByRole('button', { name: 'Evidently test', exact: true }).click();
    await page.getByRole('table', { name: 'Drift by feature, sorted by Evidently test, descending' }).waitFor();
    const byTest = await order(page);
    const drifted = new Set(stored.features.filter((f) => f.stats.test.drift).map((f) => f.column));
    expect(byTest.slice(0, drifted.size).sort()).toEqual([...drifted].sort());
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toMatch(/Evidently test/);
    // The score drifts in mid-November: its row says so, and selecting it explains PSI next to KS in words.
    const scoreRow = page.getByRole('table', { name: /^Drift by feature/ }).locator('tr', { has: page.getByRole('button', { name: 'score', exact: true }) });
    expect(await scoreRow.locator('td.drift-test').textContent()).toMatch(/⚠ drift Wasserstein \d\.\d{3} ≥ 0\.1/);
    await page.getByRole('button', { name: 'score', exact: true }).click();
    await page.getByRole('note', { name: 'Reading of score' }).waitFor();
    expect(await page.getByRole('note', { name: 'Reading of score' }).textContent()).toMatch(/PSI .* KS p .*Evidently's default test is the Wasserstein distance \(normed\)/);
    // The verdict at the top of the view, below the sticky top bar.
    await verdict.evaluate((el) => {
      el.scrollIntoView({ block: 'start' });
      window.scrollBy(0, -90);
    });
    await screenshot(page, 'drift-all-columns-01-table');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('note', { name: 'Reading of score' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'drift-all-columns-02-explained');
  }, 180_000);
});
