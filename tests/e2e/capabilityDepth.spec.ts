import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { KpiPage } from './pages/kpi-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

async function openP95(): Promise<{ eventId: string; kpiId: string }> {
  const eventId = await demoEventId(app);
  const kpis = await api<{ id: string; name: string }[]>(app, 'kpi-list', { eventId });
  const kpiId = kpis.find((k) => k.name === 'Inference p95 response time')!.id;
  await page.goto(`${app.url}#/event/${eventId}/kpis/${kpiId}`);
  await new KpiPage(page).chart().waitFor({ timeout: 20_000 });
  return { eventId, kpiId };
}

describe('capability depth and the chart assistant (issue 20)', () => {
  it('capability of the last stage against the KPI\'s USL, with the verdict, normality test and probability plot; Box-Cox shows λ', async () => {
    const { kpiId } = await openP95();
    const panel = page.locator('section.kpi-capability');
    // The spec limit is the KPI's (the demo's SLA, USL 250 ms), the same the report prints.
    await expect(page.getByLabel('USL (ms)').inputValue()).resolves.toBe('250');
    await panel.getByTestId('capability-verdict').waitFor({ timeout: 20_000 });
    expect(await panel.locator('.hint').first().innerText()).toMatch(/Against the KPI's spec limits \(USL 250 ms; edit them under Targets\)/);
    expect(await panel.getByRole('row', { name: /^Stage/ }).innerText()).toMatch(/After caching change: points \d+–\d+, n = \d+/);
    const api1 = await api<{ stage: { name: string }; verdict: string; normality: { p: number } }>(app, 'spc-capability', { kpiId });
    expect(api1.stage.name).toBe('After caching change');
    expect(await panel.getByTestId('capability-verdict').innerText()).toBe(api1.verdict);
    const fig = panel.locator('figure.kpi-probplot');
    expect(await fig.locator('figcaption').innerText()).toMatch(/^Normal probability plot\. Anderson–Darling A² = \d\.\d{3} \(adjusted \d\.\d{3}\), p (=|<) \d/);
    expect(await fig.locator('circle').count()).toBeGreaterThan(5);
    await panel.getByRole('heading', { name: 'Capability' }).scrollIntoViewIfNeeded();
    await page.evaluate(() => window.scrollBy(0, -8));
    await screenshot(page, 'capability-panel');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await axeViolations(page)).toEqual([]);

    await panel.getByLabel('Method').selectOption('boxcox');
    await expect.poll(() => panel.getByRole('row', { name: /^Box-Cox λ/ }).count(), { timeout: 10_000 }).toBe(1);
    expect(await panel.getByRole('row', { name: /^Box-Cox λ/ }).innerText()).toMatch(/-?\d\.\d{3} \(optimal: the smallest SD of the standardised transform; rounded -?\d/);
    expect(await panel.getByTestId('capability-verdict').innerText()).toMatch(/Box-Cox λ = |Not judged/);
    // The earlier stage on request.
    await panel.getByLabel('Stage', { exact: true }).selectOption('Before');
    await expect.poll(async () => (await panel.getByRole('row', { name: /^Stage/ }).innerText()).startsWith('Stage\tBefore: points 1–'), { timeout: 10_000 }).toBe(true);
    await panel.getByRole('row', { name: /^Box-Cox λ/ }).evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -120));
    await screenshot(page, 'capability-boxcox-before');
  });

  it('"Which chart?" recommends EWMA for small shifts and applies it; EWMA λ and L and the ARL table show next to the rules', async () => {
    const { kpiId } = await openP95();
    const settings = page.locator('section.kpi-settings');
    await settings.getByText('Which chart?').click();
    const choice = settings.getByTestId('assistant-choice');
    expect(await choice.innerText()).toMatch(/^I-MR \(individuals and moving range\): One measurement per point/);
    await settings.getByLabel('Which shifts matter').selectOption('drift');
    await expect.poll(() => choice.innerText(), { timeout: 5_000 }).toMatch(/^EWMA \(exponentially weighted moving average\): Small shifts or a slow drift matter/);
    // Counts vs proportions: a pass/fail rate needs a rate KPI; this one cannot draw P, and says why.
    await settings.getByLabel('What is measured').selectOption('defectives');
    await expect.poll(() => choice.innerText(), { timeout: 5_000 }).toMatch(/This KPI cannot draw it: P charts need a rate KPI/);
    await settings.getByLabel('What is measured').selectOption('continuous');
    await settings.getByLabel('Which shifts matter').evaluate((e) => e.scrollIntoView({ block: 'start' }));
    await page.evaluate(() => window.scrollBy(0, -80));
    await screenshot(page, 'chart-assistant');
    await choice.getByRole('button', { name: 'Use EWMA' }).click();
    await expect.poll(async () => (await api<{ chart: { chart: string } }>(app, 'kpi-get', { id: kpiId })).chart.chart, { timeout: 10_000 }).toBe('ewma');
    await expect.poll(() => page.locator('.cc-title').innerText(), { timeout: 10_000 }).toBe('Inference p95 response time: EWMA (exponentially weighted moving average)');

    // EWMA plan: λ and L, saved to the KPI; the ARL follows (Markov chain).
    await settings.getByRole('heading', { name: 'EWMA plan' }).waitFor({ timeout: 10_000 });
    await settings.getByLabel('λ (weight)').fill('0.1');
    await settings.getByLabel('L (limits at ± L σ)').fill('2.814');
    await expect.poll(async () => (await api<{ chart: { lambda: number; nsigmas: number } }>(app, 'kpi-get', { id: kpiId })).chart, { timeout: 10_000 }).toMatchObject({ lambda: 0.1, nsigmas: 2.814 });
    const arl = settings.getByTestId('arl');
    // Montgomery Table 9.11: λ = 0.1, L = 2.814 → ARL ≈ 500 in control, 10.3 at a 1 σ shift.
    await expect.poll(async () => (await arl.locator('tbody td').allInnerTexts()).slice(0, 3), { timeout: 10_000 }).toEqual(['499', '31.3', '10.3']);
    expect(await arl.locator('tbody th').first().innerText()).toBe('none (false alarms)');
    expect(await arl.locator('p.hint').last().innerText()).toMatch(/^Markov chain: 201 states, asymptotic limits ±2.814 σ_z, λ = 0.1\./);
    // A shift the team cares about joins the table (Montgomery: 15.9 at 0.75 σ).
    await arl.getByLabel('ARL at a shift of (σ)').fill('0.75');
    await expect.poll(() => arl.locator('tr.kpi-arl-own').innerText(), { timeout: 10_000 }).toMatch(/^0.75 σ\t15\.[89]$/);

    // Historical mean and σ replace the estimates.
    await settings.getByLabel('Historical mean').fill('300');
    await settings.getByLabel('Historical σ').fill('20');
    await settings.getByLabel('Historical σ').blur();
    await expect.poll(async () => (await api<{ chart: { knownMean: number | null; knownSigma: number | null } }>(app, 'kpi-get', { id: kpiId })).chart, { timeout: 10_000 }).toMatchObject({ knownMean: 300, knownSigma: 20 });
    await expect.poll(() => page.locator('.cc-limit.cc-cl text').first().textContent(), { timeout: 10_000 }).toBe('CL 300 ms');
    await arl.scrollIntoViewIfNeeded();
    await screenshot(page, 'chart-settings-ewma-arl');
    // Nothing is wider than the window at 1280 px (the settings column keeps its width).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1280);
    expect(await axeViolations(page)).toEqual([]);
  });
});
