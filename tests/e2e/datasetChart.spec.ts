import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { ColumnChartPage } from './pages/column-chart-page';
import { DataPage } from './pages/data-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});


describe('Control chart of a dataset column', () => {
  it('charts the demo inference log’s total_ms per day from the column profile, staged at 2026-11-12, with limits and signals', async () => {
    const id = await demoEventId(app);
    const data = new DataPage(page);
    await data.open(app.url, id);
    await page.getByTestId('dataset-list').getByRole('link', { name: 'Inference log' }).click();
    await page.getByRole('button', { name: 'Chart a column…' }).waitFor();
    await page.locator('#ds-h').scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-chart-entry');
    await data.tab('Column profile');
    await data.profileColumn('total_ms');
    await page.getByRole('link', { name: 'Control chart of total_ms' }).click();

    const cc = new ColumnChartPage(page);
    await cc.form().waitFor({ timeout: 10_000 });
    expect(await page.getByRole('tab', { name: 'Control chart' }).getAttribute('aria-selected')).toBe('true');
    expect(await cc.field('Column').inputValue()).toBe('total_ms');
    await page.getByRole('status').filter({ hasText: 'No chart yet' }).waitFor();
    await screenshot(page, 'dataset-chart-empty');
    expect(await axeViolations(page)).toEqual([]);

    await cc.field('Subgroups').selectOption('time');
    // Daily subgroups of ~1,667 requests: the chart type follows to X̄-S.
    expect(await cc.field('Chart type').inputValue()).toBe('xbar-s');
    expect(await cc.field('Timestamp column').inputValue()).toBe('timestamp');
    await cc.field('Bucket').selectOption('day');
    await cc.field('Limits per stage').selectOption('dates');
    await cc.addStage('2026-11-12', 'After caching change');
    await cc.draw();

    await cc.chart().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.cc-panel').first().locator('.cc-stagelabel').allTextContents(), { timeout: 10_000 }).toEqual(['Before', 'After caching change']);
    expect(await page.locator('.cc-panel').first().locator('.cc-limit.cc-ucl text').textContent()).toMatch(/^UCL \d+(\.\d+)? ms$/);
    expect(await page.locator('.cc-panel').first().locator('.cc-limit.cc-lcl text').textContent()).toMatch(/^LCL \d+(\.\d+)? ms$/);
    expect(await page.locator('.cc-panel').nth(1).locator('.cc-axislabel').first().textContent()).toBe('Standard deviation (ms)');
    expect(await page.locator('.cc-range').innerText()).toBe('Points 1–30 of 30');
    await expect.poll(() => cc.signals().count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await cc.signals().first().innerText()).toMatch(/^Point \d+ \(2026-11-\d\d, \d+(\.\d+)? ms\): Test \d: /);
    expect(await page.locator('.cc-signal').count()).toBeGreaterThan(0);
    expect(await page.locator('.colchart-result > .hint').innerText()).toMatch(/^Inference log v1: total_ms, subgroups per day \(UTC\) of timestamp, stages from 2026-11-12 \(After caching change\)\. 50,000 of 50,000 rows plotted; σ estimated as σ = s̄\/c4\(n\)\.$/);
    expect(await cc.chart().getAttribute('aria-label')).toMatch(/30 points from 2026-11-01 to 2026-11-30 in ms\. Before \(points 1–11\): centre [\d.,]+, UCL [\d.,]+( to [\d.,]+)?, LCL [\d.,]+( to [\d.,]+)?; After caching change \(points 12–30\): centre [\d.,]+, UCL /);

    // A newly drawn chart is brought into view below the sticky top bar.
    const title = (await page.locator('.colchart-result .cc-title').boundingBox())!;
    expect(title.y).toBeGreaterThan(60);
    expect(title.y + title.height).toBeLessThan(720);
    await screenshot(page, 'dataset-chart');
    expect(await axeViolations(page)).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.locator('.colchart-result .cc-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-chart-1920');
    await page.setViewportSize({ width: 1280, height: 720 });
    await cc.form().scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-chart-form');

    // The chart is recorded in the dataset's lineage.
    await data.tab('Versions & lineage');
    await page.getByText('Control chart of total_ms').waitFor({ timeout: 10_000 });
  });

  it('from a KPI: the raw rows behind the p95 KPI, a clear message for I-MR on daily subgroups, then a row-by-row chart by keyboard', async () => {
    const id = await demoEventId(app);
    const kpis = await api<{ id: string; name: string }[]>(app, 'kpi-list', { eventId: id });
    const p95 = kpis.find((k) => k.name === 'Inference p95 response time')!;
    await page.goto(`${app.url}#/event/${id}/kpis/${p95.id}`);
    await page.getByRole('link', { name: 'Chart the raw total_ms rows per day' }).click();

    const cc = new ColumnChartPage(page);
    await cc.form().waitFor({ timeout: 20_000 });
    expect(await cc.field('Column').inputValue()).toBe('total_ms');
    expect(await cc.field('Subgroups').inputValue()).toBe('time');
    expect(await cc.field('Bucket').inputValue()).toBe('day');

    await cc.field('Chart type').selectOption('imr');
    await cc.draw();
    await expect.poll(() => cc.error().innerText(), { timeout: 20_000 }).toMatch(/^I-MR plots one value per point, but subgroup "2026-11-01" has 1,666 rows of "total_ms"\. Choose X̄-R or X̄-S for subgroups/);
    expect(await cc.error().getAttribute('role')).toBe('alert');
    await cc.error().scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-chart-error');

    // Keyboard only: one point per row for the /score endpoint, submitted with Enter from the filter value.
    await cc.field('Subgroups').focus();
    await cc.field('Subgroups').selectOption('none');
    await cc.field('Filter column').selectOption('endpoint');
    await cc.field('Value').focus();
    await page.keyboard.type('/score');
    await page.keyboard.press('Enter');
    await cc.chart().waitFor({ timeout: 30_000 });
    await expect.poll(() => page.locator('.colchart-result > .hint').innerText(), { timeout: 10_000 }).toMatch(/^Inference log v1: total_ms, one point per row where endpoint = '\/score'\. [\d,]+ of 50,000 rows plotted \([\d,]+ left out by the filter\)/);
    expect(await cc.error().count()).toBe(0);
    expect(await page.locator('.cc-panel').first().locator('.cc-limit.cc-cl text').textContent()).toMatch(/^CL \d+(\.\d+)? ms$/);

    // Phase I: limits from the first 200 rows, held for the rest.
    await cc.field('Limits per stage').selectOption('phase1');
    await cc.field('Limits from point').fill('1');
    await cc.field('to point').fill('200');
    await page.getByRole('button', { name: 'Draw chart' }).click();
    await expect.poll(() => page.locator('.colchart-result > .hint').innerText(), { timeout: 30_000 }).toMatch(/limits from points 1–200 held for all points \(Phase I \/ II\)/);
    await cc.field('to point').scrollIntoViewIfNeeded();
    await screenshot(page, 'dataset-chart-phase1');
  });
});

describe('A long column chart: decimated by the server, detail on zoom', () => {
  it('charts the 50,000 rows of total_ms one point per row from a decimated answer, and zooming fetches the range at full resolution', async () => {
    const id = await demoEventId(app);
    const data = new DataPage(page);
    await data.open(app.url, id);
    await page.getByTestId('dataset-list').getByRole('link', { name: 'Inference log' }).click();
    await page.getByRole('button', { name: 'Chart a column…' }).click();
    const cc = new ColumnChartPage(page);
    await cc.form().waitFor({ timeout: 10_000 });
    await cc.field('Column').selectOption('total_ms');
    await cc.field('Subgroups').selectOption('none');
    await cc.field('Chart type').selectOption('imr');
    const first = page.waitForResponse((r) => r.url().endsWith('/api/spc-dataset-chart'));
    await cc.draw();
    const answer = (await (await first).json()) as { value: { panels: { total: number; count: number; decimated: boolean }[] } };
    const [i] = answer.value.panels;
    expect(i).toMatchObject({ total: 50_000, decimated: true });
    expect(i!.count).toBeLessThan(10_000);
    await cc.chart().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.cc-range').innerText(), { timeout: 10_000 }).toBe('Points 1–50000 of 50,000');
    // The text alternative and the signal list speak of the whole chart (every signal, exact points).
    expect(await cc.chart().getAttribute('aria-label')).toMatch(/^.*50000 points from 1 to 50000 in ms\./);

    // Zoom in (keyboard) until the visible range fits 2 points per pixel: the app asks for that range.
    const full = async (r: { url: () => string; request: () => { postData: () => string | null }; json: () => Promise<unknown> }) =>
      r.url().endsWith('/api/spc-dataset-chart') && (r.request().postData() ?? '').includes('"range"') && (await r.json() as { value: { panels: { decimated: boolean }[] } }).value.panels[0]!.decimated === false;
    const detail = page.waitForResponse(full, { timeout: 20_000 });
    await cc.chart().focus();
    for (let k = 0; k < 20; k++) await page.keyboard.press('+');
    const zoomed = (await (await detail).json()) as { value: { panels: { total: number; count: number; decimated: boolean }[] } };
    expect(zoomed.value.panels[0]).toMatchObject({ total: 50_000, decimated: false });
    expect(zoomed.value.panels[0]!.count).toBeGreaterThan(1);
    await expect.poll(async () => {
      const last = await page.evaluate(() => (document.querySelector('.cc-range') as HTMLElement).innerText);
      const m = /^Points (\d+)–(\d+) of 50,000$/.exec(last);
      return m ? Number(m[2]) - Number(m[1]) < 50_000 : false;
    }).toBe(true);
    await page.locator('.cc-panel').first().hover();
    await expect.poll(() => page.getByRole('tooltip').first().innerText(), { timeout: 5_000 }).toMatch(/^Point \d+ · \d+/);
  });
});
