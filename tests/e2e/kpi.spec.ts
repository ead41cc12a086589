import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest, axeViolations, demoEventId } from './harness';
import type { AppUnderTest } from './harness';
import { KpiPage } from './pages/kpi-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});


describe('KPI board and control chart', () => {
  it('defines a daily p95 KPI on the demo inference log, shows the board, stages the chart at 2026-11-12 and lists the signals', async () => {
    const id = await demoEventId(app);
    const kpis = new KpiPage(page);
    await kpis.open(app.url, id);
    await expect.poll(() => kpis.cards().count(), { timeout: 20_000 }).toBe(6);
    await expect.poll(() => page.locator('.kpi-alerts').innerText(), { timeout: 10_000 }).toContain('Model AUC');
    await screenshot(page, 'kpi-board');
    expect(await axeViolations(page)).toEqual([]);

    await kpis.createFromTemplate('Inference p95 response time', 'Inference log', 'Daily p95 total_ms');
    await kpis.chart().waitFor({ timeout: 20_000 });
    await expect.poll(() => page.locator('.cc-limit.cc-ucl text').first().textContent(), { timeout: 10_000 }).toMatch(/^UCL \d+(\.\d+)? ms$/);
    await kpis.addStage('2026-11-12', 'After change');
    await expect.poll(() => page.locator('.cc-panel').first().locator('.cc-stagelabel').allTextContents(), { timeout: 10_000 }).toEqual(['Before', 'After change']);
    await expect.poll(() => kpis.signals().count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const first = await kpis.signals().first().innerText();
    expect(first).toMatch(/^Point \d+ \(.+\): Test \d: /);
    await expect.poll(() => page.locator('.cc-signal').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await kpis.chart().scrollIntoViewIfNeeded();
    await page.locator('.cc-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'kpi-chart');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByRole('button', { name: 'Compare' }).click();
    await expect.poll(() => page.getByTestId('kpi-verdict').innerText(), { timeout: 10_000 }).toMatch(/^Strong evidence that the KPI improved/);
    await page.getByTestId('kpi-verdict').scrollIntoViewIfNeeded();
    await screenshot(page, 'kpi-evidence');

    // The board now shows the new KPI too.
    await kpis.open(app.url, id);
    await expect.poll(() => kpis.cards().count(), { timeout: 20_000 }).toBe(7);
  });

  it('a hover shows the tooltip, zoom narrows the visible range and Export SVG downloads the chart', async () => {
    const id = await demoEventId(app);
    const list = await api<{ id: string; name: string }[]>(app, 'kpi-list', { eventId: id });
    const p95 = list.find((k) => k.name === 'Inference p95 response time')!;
    await page.goto(`${app.url}#/event/${id}/kpis/${p95.id}`);
    const chart = new KpiPage(page).chart();
    await chart.waitFor({ timeout: 20_000 });
    const box = (await page.locator('.cc-panel').first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.4, box.y + box.height / 2);
    await expect.poll(() => page.getByRole('tooltip').innerText(), { timeout: 10_000 }).toMatch(/Point \d+ · 2026-11-\d\d\nValue \d+(\.\d+)? ms/);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect.poll(() => page.locator('.cc-range').innerText(), { timeout: 10_000 }).toMatch(/^Points \d+–\d+ of 30$/);
    expect(await page.locator('.cc-range').innerText()).not.toBe('Points 1–30 of 30');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
    expect(download.suggestedFilename()).toBe('Inference_p95_response_time.svg');
    const svg = fs.readFileSync((await download.path())!, 'utf8');
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).toMatch(/UCL \d+(\.\d+)? ms/);
  });
});
