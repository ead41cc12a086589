import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { pinDemoResults } from '../helpers/pinnedResults';
import { SCREENSHOTS, api, axeViolations, closeBrowser, launchBrowser, newPage, screenshot, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { AnalysisPage } from './pages/analysis-page';
import { ReportPage } from './pages/report-page';

// Reports show results (issue 20): a facilitator pins the latency profile from the Analyse page (the other results
// are pinned through the contract, as the Analyse pages do), exports the report and the A3, and the A4 pages show
// the numbers and charts. Screenshots: the printed PDF pages at A4 (pdftoppm) and the HTML report laid out at A4 width.

let app: AppUnderTest;
let page: Page;
let errors: string[];
let eventId: string;
const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
const flat = (t: string) => t.replace(/\s+/g, ' ');

beforeAll(async () => {
  app = await startApp();
  eventId = (await api<{ id: string }>(app, 'demo-create', {})).id;
}, 120_000);
afterAll(async () => {
  await page?.context().close();
  await app.stop();
  await closeBrowser();
});

/** Renders the PDF pages holding each needle to PNG (A4 at 80 dpi) under test-results/screenshots; returns the page numbers. */
function pagesToPng(pdf: string, text: string, shots: ReadonlyArray<readonly [needle: string, name: string]>): number[] {
  const pages = text.split('\f');
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  return shots.map(([needle, name]) => {
    const n = pages.findIndex((p) => p.includes(needle)) + 1;
    expect(n, `a page with "${needle}"`).toBeGreaterThan(0);
    execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', '-f', String(n), '-l', String(n), pdf, path.join(SCREENSHOTS, name)]);
    return n;
  });
}

describe('report pages with results', () => {
  it('pins results, exports the PDF whose A4 pages show the numbers and charts, and the A3 with its pictures', async () => {
    ({ page, errors } = await newPage());
    const a = new AnalysisPage(page, app.url, eventId);
    await a.open('latency');
    await page.getByRole('img', { name: /Where the time goes/ }).waitFor({ timeout: 90_000 }).catch(async (e: unknown) => {
      await screenshot(page, 'report-results-00-latency-not-shown');
      throw e;
    });
    await page.getByRole('button', { name: 'Pin to report' }).first().click();
    await page.getByText(/Pinned to the report/).waitFor();
    const pinned = await pinDemoResults((m, i) => api(app, m, i), eventId, { latency: false });
    expect(new Set(pinned.map((p) => p.kind))).toEqual(new Set(['latency', 'drift', 'whatif', 'fairness', 'models']));

    const report = new ReportPage(page);
    await report.open(eventId);
    const [pdf] = await report.export('PDF report');
    const text = pdfText(pdf!);
    expect(execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' })).toMatch(/Page size:\s+59\d\.\d+ x 841\.\d+ pts \(A4\)/);
    // Pages joined without their running footer, so a table broken over a page reads whole.
    const t = flat(text.split('\f').map((p) => p.replace(/^.*Page \d+ of \d+\s*$/m, '')).join(' '));
    // Front page, then the analysis pages: latency percentiles, drift PSI and bins, fairness per group, model verdict.
    expect(t).toMatch(/1 Results at a glance KPIs before → after KPI Before After Unit Target Status Split at/);
    expect(t).toMatch(/Percentiles by stage \(Pareto order: largest share of the total first\) Stage Requests Mean \(ms\) p50 \(ms\) p90 \(ms\) p95 \(ms\) p99 \(ms\)/);
    expect(t).toMatch(/score: PSI bins Bin Reference rows Reference \(%\) Current rows Current \(%\) PSI term/);
    expect(t).toMatch(/Rates per group Group Rows Positives Selection rate \(%\) TPR \(%\) FPR \(%\) Precision \(%\) APAC/);
    expect(t).toMatch(/Candidate − baseline \(fraud-v3\.2 − fraud-v3\.1\) with 95 % intervals/);
    expect(t).toMatch(/Min Max Mean Most (\(%\) )?frequent/);
    pagesToPng(pdf!, text, [
      ['KPIs before → after', 'report-results-01-glance-a4'],
      ['Percentiles by stage', 'report-results-02-latency-a4'],
      ['score: PSI bins', 'report-results-03-drift-a4'],
      ['Rates per group', 'report-results-04-fairness-a4'],
      ['95 % intervals', 'report-results-05-models-a4'],
      ['Column profiles', 'report-results-06-appendix-a4'],
    ]);

    // The HTML report at A4 width (print stylesheet): the front page and a drift chart as the reader sees them; axe clean.
    const [html] = await report.export('HTML report');
    const browser = await launchBrowser();
    const a4 = await browser.newContext({ viewport: { width: 794, height: 1123 } });
    const view = await a4.newPage();
    await view.emulateMedia({ media: 'print' });
    await view.goto(`file://${html}`);
    await view.getByRole('heading', { name: /Results at a glance/, level: 2 }).scrollIntoViewIfNeeded();
    await view.getByRole('img', { name: 'KPIs before → after' }).waitFor();
    await screenshot(view, 'report-results-07-glance-html-a4');
    await view.getByRole('img', { name: 'score: reference vs current distribution' }).scrollIntoViewIfNeeded();
    await screenshot(view, 'report-results-08-drift-html-a4');
    await view.emulateMedia({ media: 'screen' });
    expect(await axeViolations(view)).toEqual([]);
    await a4.close();

    await report.open(eventId, 'a3');
    const [a3] = await report.export('Export A3 PDF');
    const a3Text = flat(pdfText(a3!));
    expect(a3Text).toContain('KPIs before → after');
    expect(a3Text).toContain('Current state: Scoring path today');
    expect(execFileSync('pdfinfo', [a3!], { encoding: 'utf8' })).toMatch(/Pages:\s+1\n/);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-singlefile', a3!, path.join(SCREENSHOTS, 'report-results-09-a3')]);
    expect(errors).toEqual([]);
  }, 240_000);
});
