import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, closeBrowser, newPage, screenshot, startApp, axeViolations } from './harness';
import type { AppUnderTest } from './harness';
import { AnalysisPage } from './pages/analysis-page';


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

describe('Analysis on the demo event', () => {
  it('profiles latency: Pareto of stage shares names the slowest stage; heatmap and a what-if', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('latency');
    await page.getByRole('img', { name: /Where the time goes/ }).waitFor({ timeout: 30_000 });
    expect(await page.getByRole('img', { name: /Where the time goes/ }).getAttribute('aria-label')).toMatch(/^Where the time goes.*: feature_ms \d+\.\d %/);
    await page.getByText('slowest stage').locator('..').getByText('feature_ms').waitFor();
    await page.getByRole('img', { name: /p95 total latency by weekday and hour/ }).waitFor();
    await screenshot(page, 'analysis-01-latency-top');
    await page.getByRole('img', { name: /Where the time goes/ }).scrollIntoViewIfNeeded();
    await page.getByRole('img', { name: /Where the time goes/ }).evaluate((el) => el.closest('.card')!.scrollIntoView({ block: 'center' }));
    await screenshot(page, 'analysis-01-latency-pareto');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Turn into a KPI' }).first().click();
    await page.getByText('KPI "p95 total_ms" created on the KPI board.').waitFor();
    const kpis = await api<{ name: string; source: { kind: string; statistic?: string } }[]>(app, 'kpi-list', { eventId });
    expect(kpis.find((k) => k.name === 'p95 total_ms')?.source).toMatchObject({ kind: 'dataset', statistic: 'p95' });
    await page.getByLabel('Scenario').selectOption('cold-start');
    await page.getByRole('button', { name: 'Run what-if' }).click();
    await a.status(/came after more than 120 s idle/).waitFor();
    await page.getByRole('heading', { name: 'What-ifs from the logged traffic' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-02-latency-whatif');
  });

  it('runs drift: the table is sorted by PSI, the score drifts in mid-November, bins and the PSI series are shown', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('drift');
    await page.getByLabel('Reference from').waitFor();
    await a.setDate('Reference from', '2026-11-01');
    await a.setDate('Reference to', '2026-11-10');
    await a.setDate('Current from', '2026-11-14');
    await a.setDate('Current to', '2026-11-20');
    await page.getByRole('button', { name: 'Compare windows' }).click();
    await a.driftTable().waitFor({ timeout: 30_000 });
    const rows = await a.driftRows();
    expect(rows.map((r) => r[1])).toEqual([...rows.map((r) => r[1])].sort((x, y) => y - x));
    const score = rows.find((r) => r[0] === 'score')!;
    expect(score[1]).toBeGreaterThan(0.25);
    await a.status(/features drifted/).waitFor();
    await page.getByRole('button', { name: 'score', exact: true }).click();
    await page.getByRole('table', { name: 'Bins of score' }).waitFor();
    expect(await page.getByRole('table', { name: 'Bins of score' }).locator('tbody tr').count()).toBe(10);
    await screenshot(page, 'analysis-03-drift-table');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('img', { name: /score: reference vs current by PSI bin/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-04-drift-bins');
    await page.getByLabel('Drift was flagged on').fill('2026-11-18');
    await a.status(/First day over 0.2: 2026-11-14.*Detection lag: 4 day/).waitFor({ timeout: 30_000 });
    await page.getByRole('img', { name: /PSI of score per day/ }).scrollIntoViewIfNeeded();
    await screenshot(page, 'analysis-05-drift-series');
    await page.getByRole('button', { name: 'Turn into an action' }).first().click();
    await page.getByText(/Action "Investigate drift in .*" added to the action plan/).waitFor();
    const actions = await api<{ title: string; links: { kind: string; id: string }[] }[]>(app, 'action-list', { eventId });
    const action = actions.find((x) => x.title.startsWith('Investigate drift in'))!;
    expect(action.links.map((l) => l.kind)).toEqual(['analysis']);
    const stored = await api<{ id: string; kind: string }[]>(app, 'analysis-result-list', { eventId });
    expect(stored.find((r) => r.id === action.links[0]!.id)?.kind).toBe('drift');
  });

  it('compares two model versions as drift windows (column value)', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('drift');
    await page.getByLabel('Compare', { exact: true }).selectOption('value');
    await page.getByLabel('Reference value').locator('option', { hasText: 'fraud-v3.1' }).waitFor({ state: 'attached', timeout: 30_000 });
    await page.getByLabel('Reference value').selectOption('fraud-v3.1');
    await page.getByLabel('Current value').selectOption('fraud-v3.2');
    await page.getByRole('button', { name: 'Compare windows' }).click();
    await a.driftTable().waitFor({ timeout: 30_000 });
    await a.status(/33,333 reference vs 16,667 current rows/).waitFor();
  });

  it('assesses fairness by region and records the gate; pins it for the report', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('fairness');
    await page.getByLabel('Positive label value').locator('option', { hasText: 'fraud' }).waitFor({ state: 'attached', timeout: 30_000 });
    expect(await page.getByLabel('Positive label value').inputValue()).toBe('fraud');
    expect(await page.getByLabel('Positive prediction value').inputValue()).toBe('flag');
    await page.getByLabel('Threshold').fill('0.02');
    await page.getByRole('button', { name: 'Assess fairness' }).click();
    await a.status(/FAIL: demographic parity difference = 0\.033/).waitFor({ timeout: 30_000 });
    const groups = await page.getByRole('table', { name: 'Rates by group' }).locator('tbody tr td:first-child').allTextContents();
    expect(groups).toEqual(['APAC', 'EU', 'LATAM', 'US', 'overall']);
    await screenshot(page, 'analysis-06-fairness');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Record pass/fail' }).click();
    await page.getByText(/Recorded: FAIL on Inference log v1/).waitFor();
    await page.getByRole('button', { name: /Pin to report/ }).click();
    await page.getByText(/Pinned to the report/).waitFor();
    const pinned = await api<{ kind: string; pinned: boolean }[]>(app, 'analysis-result-list', { eventId, pinnedOnly: true });
    expect(pinned.map((p) => p.kind)).toEqual(['fairness']);
    // Turn into a KPI: the gate metric per day, defined on the dataset (recomputes on append), not a copied value.
    await page.getByRole('button', { name: 'Turn into a KPI' }).click();
    await page.getByText('KPI "demographic parity difference by region (daily)" created on the KPI board.').waitFor();
    const kpis = await api<{ name: string; source: Record<string, unknown>; sourceError: string | null; points: unknown[] }[]>(app, 'kpi-list', { eventId });
    const gap = kpis.find((k) => k.name === 'demographic parity difference by region (daily)')!;
    expect(gap.source).toMatchObject({ kind: 'fairness', metric: 'demographic_parity_difference', group: 'region', label: 'label', prediction: 'decision', posLabel: 'fraud', predictionPosLabel: 'flag' });
    expect(gap.sourceError).toBeNull();
    expect(gap.points.length).toBeGreaterThan(10);
  });

  it('compares model versions with a verdict', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('models');
    await page.getByLabel('Why this metric fits the business').fill('every false flag blocks a good customer');
    await page.getByRole('button', { name: 'Compare versions' }).click();
    await a.status(/fraud-v3.2 is faster than fraud-v3.1 at p95/).waitFor({ timeout: 30_000 });
    await screenshot(page, 'analysis-07-models');
    expect(await axeViolations(page)).toEqual([]);
  });
});
