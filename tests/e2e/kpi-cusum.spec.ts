import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { KpiPage } from './pages/kpi-page';
import type { SpcPanelOut } from '../../common/contract/schemas/spc';
import { unpackPanel } from '../../common/domain/spc/packed';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Panel = SpcPanelOut;

describe('KPI CUSUM chart', () => {
  it('switches the demo p95 KPI to CUSUM: one panel with both sums and ±H, the CUSUM plan inputs and the signals in words', async () => {
    const id = await demoEventId(app);
    const kpis = await api<{ id: string; name: string }[]>(app, 'kpi-list', { eventId: id });
    const p95 = kpis.find((k) => k.name === 'Inference p95 response time')!;
    await page.goto(`${app.url}#/event/${id}/kpis/${p95.id}`);
    const kpi = new KpiPage(page);
    await kpi.chart().waitFor({ timeout: 20_000 });

    // One stage, so the caching change shows as a sustained shift from the overall mean.
    await page.getByRole('button', { name: 'Remove stage After caching change' }).click();
    await expect.poll(() => page.locator('.cc-stagelabel').count(), { timeout: 10_000 }).toBe(0);
    await page.getByLabel('Chart', { exact: true }).selectOption('cusum');
    await expect.poll(() => page.locator('.cc-title').innerText(), { timeout: 10_000 }).toBe('Inference p95 response time: CUSUM (tabular cumulative sum)');
    // The upper and lower sums share one panel with the zero centre line and the decision interval ±H.
    await expect.poll(() => page.locator('.cc-panel').count(), { timeout: 10_000 }).toBe(1);
    expect(await page.locator('.cc-legend li').allInnerTexts()).toEqual(['C⁺ upper sum (detects a shift up)', 'C⁻ lower sum (detects a shift down)']);
    expect(await page.locator('.cc-limit.cc-ucl text').textContent()).toMatch(/^\+H \d+(\.\d+)? ms$/);
    expect(await page.locator('.cc-limit.cc-cl text').textContent()).toBe('CL 0 ms');
    expect(await page.locator('.cc-limit.cc-lcl text').textContent()).toMatch(/^−H -\d+(\.\d+)? ms$/);
    expect(await page.locator('.cc-axislabel').first().textContent()).toBe('Cumulative sum (ms)');
    await expect.poll(() => page.locator('.cc-signal').count(), { timeout: 10_000 }).toBeGreaterThan(0);

    // The plan: k and h in σ, shown only for CUSUM; the tests list is replaced by it.
    await expect(page.getByRole('heading', { name: 'CUSUM plan' }).isVisible()).resolves.toBe(true);
    expect(await page.getByRole('heading', { name: 'Tests for special causes' }).count()).toBe(0);
    await expect(page.getByLabel('h (decision interval, σ)').inputValue()).resolves.toBe('4');
    await expect(page.getByLabel('k (allowance, σ)').inputValue()).resolves.toBe('0.5');

    await expect.poll(() => kpi.signals().count(), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(await kpi.signals().first().innerText()).toMatch(/^Point \d+ \(.+\): Test 1 \(CUSUM\): a cumulative sum beyond the decision interval ±H = 4 σ — the mean moved away from the target/);
    await page.locator('.cc-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'kpi-cusum');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('heading', { name: 'CUSUM plan' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'kpi-cusum-settings');

    // A wider decision interval saves to the KPI and gives fewer (or equal) signals.
    const before = await api<{ panels: Panel[] }>(app, 'spc-chart-get', { kpiId: p95.id });
    const count = (c: { panels: Panel[] }) => c.panels.reduce((n, p) => n + unpackPanel(p).signals.length, 0);
    const h4 = Number(/[\d.]+/.exec((await page.locator('.cc-limit.cc-ucl text').textContent()) ?? '')![0]);
    await page.getByLabel('h (decision interval, σ)').fill('8');
    await expect.poll(async () => (await api<{ chart: { cusumH: number } }>(app, 'kpi-get', { id: p95.id })).chart.cusumH, { timeout: 10_000 }).toBe(8);
    await expect.poll(async () => Number(/[\d.]+/.exec((await page.locator('.cc-limit.cc-ucl text').textContent()) ?? '')![0]), { timeout: 10_000 }).toBeCloseTo(2 * h4, 0);
    const after = await api<{ panels: Panel[] }>(app, 'spc-chart-get', { kpiId: p95.id });
    expect(count(after)).toBeLessThanOrEqual(count(before));
    expect(before.panels.map((p) => p.statistic)).toEqual(['cusum-upper', 'cusum-lower']);
  });

  it('two quick setting changes both stick: the second builds on the first before the KPI reloads', async () => {
    const id = await demoEventId(app);
    const kpis = await api<{ id: string; name: string }[]>(app, 'kpi-list', { eventId: id });
    const p95 = kpis.find((k) => k.name === 'Inference p95 response time')!;
    await page.goto(`${app.url}#/event/${id}/kpis/${p95.id}`);
    await new KpiPage(page).chart().waitFor({ timeout: 20_000 });
    // No wait between the two: the chart type must not bring the removed stage back.
    await page.getByRole('button', { name: 'Remove stage After caching change' }).click();
    await page.getByLabel('Chart', { exact: true }).selectOption('ewma');
    await expect.poll(async () => (await api<{ chart: { chart: string } }>(app, 'kpi-get', { id: p95.id })).chart.chart, { timeout: 10_000 }).toBe('ewma');
    const saved = await api<{ chart: { stages: unknown[] } }>(app, 'kpi-get', { id: p95.id });
    expect(saved.chart.stages).toEqual([]);
    await expect.poll(() => page.locator('.cc-stagelabel').count(), { timeout: 10_000 }).toBe(0);
  });
});
