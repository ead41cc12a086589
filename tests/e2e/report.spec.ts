import ExcelJS from 'exceljs';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, closeBrowser, launchBrowser, newPage, screenshot, startApp, axeViolations } from './harness';
import type { AppUnderTest } from './harness';
import { ReportPage } from './pages/report-page';

const ROOT = path.resolve(__dirname, '..', '..');
let app: AppUnderTest;
let page: Page;
let errors: string[];
let demoId: string;

beforeEach(async () => {
  app = await startApp();
  ({ page, errors } = await newPage());
  const events = await api<Array<{ id: string; isDemo: boolean }>>(app, 'event-list', {});
  demoId = events.find((e) => e.isDemo)!.id;
  await page.goto(app.url);
});
afterEach(async () => {
  await page.context().close();
  await app.stop();
  expect(errors).toEqual([]);
});
afterAll(closeBrowser);

const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });

describe('reports of the demo event', () => {
  it('exports the full report as PDF with cover, team and page numbers, and as offline HTML', async () => {
    const report = new ReportPage(page);
    await report.open(demoId);
    await screenshot(page, 'report-page');
    const [pdf] = await report.export('PDF report');
    expect(fs.readFileSync(pdf!).subarray(0, 5).toString()).toBe('%PDF-');
    const text = pdfText(pdf!);
    for (const t of ['Cut p95 latency of the fraud-scoring', 'Mei Lin', 'Process owner', 'Hannah Cole', 'Readiness checklist', demoId]) {
      expect(text.replace(/\s+/g, ' ')).toContain(t);
    }
    expect(text).toMatch(/Page 2 of \d+/);
    // The KPI figures and the action owners reach the PDF (as those features exist in this build).
    const flat = pdfText(pdf!).replace(/\s+/g, ' ');
    const kpis = await api<Array<{ name: string; current: number | null }>>(app, 'kpi-list', { eventId: demoId }).catch(() => []);
    for (const k of kpis.filter((x) => x.current !== null)) {
      expect(flat).toContain(k.current!.toLocaleString('en-US', { maximumFractionDigits: Math.abs(k.current!) >= 100 ? 1 : 3 }));
    }
    const team = await api<{ members: Array<{ id: string; name: string }> }>(app, 'team-list', { eventId: demoId });
    const actions = await api<Array<{ ownerId: string | null }>>(app, 'action-list', { eventId: demoId }).catch(() => []);
    const owners = actions.flatMap((a) => team.members.filter((m) => m.id === a.ownerId).map((m) => m.name));
    for (const o of owners) expect(flat).toContain(o);
    expect(kpis.length + owners.length).toBeGreaterThan(0);
    fs.mkdirSync(path.join(ROOT, 'test-results', 'report'), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '3', pdf!, path.join(ROOT, 'test-results', 'report', 'pdf-page')]);

    const [html] = await report.export('HTML report');
    const source = fs.readFileSync(html!, 'utf8');
    // Runbooks may quote a dashboard's address as text; nothing in the page may point at or load one.
    expect(source).not.toMatch(/(?:href|src|action)\s*=\s*["']?\s*https?:/i);
    expect(source).not.toMatch(/<script/i);
    // Open the file with every request blocked except the file itself: it must render completely.
    const browser = await launchBrowser();
    const offline = await browser.newContext({ viewport: { width: 1280, height: 720 } });
    const blocked: string[] = [];
    await offline.route('**', (r) => (r.request().url() === `file://${html}` ? r.continue() : (blocked.push(r.request().url()), r.abort())));
    const view = await offline.newPage();
    await view.goto(`file://${html}`);
    await view.getByRole('heading', { name: 'Cut p95 latency of the fraud-scoring API', level: 1 }).waitFor();
    expect(await view.getByRole('table').count()).toBeGreaterThanOrEqual(2);
    await view.getByRole('heading', { name: /Team/, level: 2 }).last().scrollIntoViewIfNeeded();
    await screenshot(view, 'report-html-offline');
    expect(await axeViolations(view)).toEqual([]);
    expect(blocked).toEqual([]);
    await offline.close();
  });

  it('exports the workbook and CSV tables with the expected sheets and values, and no formula cells', async () => {
    const report = new ReportPage(page);
    await report.open(demoId);
    const [xlsx] = await report.export('Excel workbook');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(xlsx!);
    const names = wb.worksheets.map((w) => w.name);
    expect(names).toEqual(expect.arrayContaining(['About', 'Team members', 'Readiness checklist']));
    const team = wb.getWorksheet('Team members')!;
    const column = (ws: ExcelJS.Worksheet, n: number) => ws.getColumn(n).values.slice(2);
    expect(column(team, 1)).toContain('Mei Lin');
    expect(team.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    for (const ws of wb.worksheets) ws.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));

    // CSV writes one file per table; a browser download per file, so choose three sections for this part.
    await api(app, 'report-settings-update', { eventId: demoId, patch: { sections: ['team', 'readiness', 'actions'] } });
    await page.reload();
    await report.sectionCheckbox('Team').waitFor();
    const csvs = await report.export('CSV tables', 3);
    expect(csvs.map((c) => path.basename(c)).sort()).toEqual(['actions', 'readiness', 'team'].map((t) => `Cut-p95-latency-of-the-fraud-scoring-API-${t}.csv`));
    const teamCsv = fs.readFileSync(csvs.find((c) => c.endsWith('-team.csv'))!, 'utf8');
    expect(teamCsv.split('\r\n')[0]).toBe('Name,Role,Data access,Process stages owned,Can modify staging,Notes');
    expect(teamCsv).toContain('Mei Lin,Process owner,inference request logs');
  });

  it('remembers the chosen sections and leaves unchosen ones out', async () => {
    const report = new ReportPage(page);
    await report.open(demoId);
    expect(await axeViolations(page)).toEqual([]);
    await report.sectionCheckbox('Readiness checklist').uncheck();
    await page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
    await page.reload();
    await report.sectionCheckbox('Team').waitFor();
    expect(await report.sectionCheckbox('Readiness checklist').isChecked()).toBe(false);
    const [html] = await report.export('HTML report');
    const source = fs.readFileSync(html!, 'utf8');
    expect(source).toContain('Team members');
    expect(source).not.toContain('data-table="readiness"');
  });

  it('edits the A3, keeps the edit, and exports it on one landscape page', async () => {
    const report = new ReportPage(page);
    await report.open(demoId, 'a3');
    const goal = report.a3Field('Goal');
    await expect.poll(() => goal.inputValue()).toContain('p95 response time at or below 200 ms');
    await goal.fill('p95 ≤ 200 ms at peak by 15 Dec <checked weekly>');
    await goal.blur();
    await page.getByTestId('a3-goal').getByText('Edited by the team').waitFor();
    await screenshot(page, 'report-a3-editor');
    expect(await axeViolations(page)).toEqual([]);
    await page.reload();
    await expect.poll(() => report.a3Field('Goal').inputValue()).toBe('p95 ≤ 200 ms at peak by 15 Dec <checked weekly>');
    const [pdf] = await report.export('Export A3 PDF');
    const text = pdfText(pdf!);
    expect(text).toContain('p95 ≤ 200 ms at peak by 15 Dec <checked weekly>');
    expect(text).toContain('Root-cause analysis');
    const pages = execFileSync('pdfinfo', [pdf!], { encoding: 'utf8' });
    expect(pages).toMatch(/Pages:\s+1\n/);
    expect(pages).toMatch(/Page size:\s+119[01]\.\d+ x 841\.\d+ pts \(A3\)/); // A3 landscape
    fs.mkdirSync(path.join(ROOT, 'test-results', 'report'), { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '50', pdf!, path.join(ROOT, 'test-results', 'report', 'a3')]);
  });
});

describe('kaizen report (CLI)', () => {
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    spawnSync(process.execPath, [path.join(ROOT, 'bin', 'kaizen.cjs'), 'report', '--data-dir', app.dataDir, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });

  it('exits 2 with a clear message for an unknown event and when PDF needs a missing Chromium', async () => {
    await app.stop();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-cli-'));
    const unknown = cli(['--event', 'no-such-event', '--format', 'html', '--out', path.join(out, 'r.html')]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('Event "no-such-event" was not found.');
    const noChromium = cli(['--event', demoId, '--format', 'pdf', '--out', path.join(out, 'r.pdf')], { KAIZEN_CHROMIUM: '/nonexistent' });
    expect(noChromium.status).toBe(2);
    expect(noChromium.stderr).toMatch(/need a local Chromium.*KAIZEN_CHROMIUM points to "\/nonexistent"/);
    const html = cli(['--event', demoId, '--format', 'a3-html', '--out', path.join(out, 'a3.html'), '--quiet']);
    expect(html.status).toBe(0);
    expect(fs.readdirSync(out)).toEqual(['a3.html']);
  });

  it('leaves no file behind when killed in the middle of a PDF export', async () => {
    await app.stop();
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-cli-'));
    const slow = path.join(out, 'slow.sh');
    fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 30\n', { mode: 0o755 });
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'kaizen.cjs'), 'report', '--data-dir', app.dataDir, '--event', demoId, '--format', 'pdf', '--out', path.join(out, 'r.pdf')], {
      env: { ...process.env, KAIZEN_CHROMIUM: slow },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await new Promise<void>((resolve) => child.stderr!.on('data', (d: Buffer) => d.toString().includes('Printing to PDF') && resolve()));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    expect(fs.readdirSync(out)).toEqual(['slow.sh']);
  });
});

describe('a long export shows its progress and can be cancelled', () => {
  it('shows the step in a progress bar, and Cancel stops the PDF with no download', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-slow-'));
    const slow = path.join(dir, 'slow-chromium.sh');
    fs.writeFileSync(slow, '#!/bin/sh\nexec sleep 60\n', { mode: 0o755 });
    await page.context().close();
    await app.stop();
    app = await startApp({ env: { KAIZEN_CHROMIUM: slow } });
    ({ page, errors } = await newPage());
    const events = await api<Array<{ id: string; isDemo: boolean }>>(app, 'event-list', {});
    await page.goto(app.url);
    const report = new ReportPage(page);
    await report.open(events.find((e) => e.isDemo)!.id);
    let downloads = 0;
    page.on('download', () => downloads++);
    await page.getByRole('button', { name: 'PDF report', exact: true }).click();
    const bar = page.getByTestId('report-progress');
    await bar.getByText('Printing to PDF').waitFor();
    expect(await page.getByRole('button', { name: 'HTML report', exact: true }).isDisabled()).toBe(true);
    await screenshot(page, 'report-progress');
    await bar.getByRole('button', { name: 'Cancel' }).click();
    await page.getByText('The export was cancelled; no file was written.').waitFor();
    await bar.waitFor({ state: 'detached' });
    expect(downloads).toBe(0);
  });
});

describe('chart images', () => {
  it('exports the fishbone and maps as standalone SVG and as 2× PNG through Chromium', async () => {
    type Files = { files: Array<{ name: string; base64: string }> };
    const svg = await api<Files>(app, 'report-download', { eventId: demoId, format: 'svg', sections: ['root-cause'] });
    expect(svg.files.map((f) => f.name)).toEqual(['Cut-p95-latency-of-the-fraud-scoring-API-fishbone.svg']);
    expect(Buffer.from(svg.files[0]!.base64, 'base64').toString('utf8')).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const png = await api<Files>(app, 'report-download', { eventId: demoId, format: 'png', sections: ['root-cause'] });
    const bytes = Buffer.from(png.files[0]!.base64, 'base64');
    expect(bytes.subarray(1, 4).toString()).toBe('PNG');
    expect(bytes.readUInt32BE(16)).toBe(2200); // IHDR width: 1100 px drawing at 2×
    fs.mkdirSync(path.join(ROOT, 'test-results', 'report'), { recursive: true });
    fs.writeFileSync(path.join(ROOT, 'test-results', 'report', 'fishbone.png'), bytes);
  });
});

describe('without a local Chromium', () => {
  it('explains why the PDF cannot be made and offers the printable HTML instead', async () => {
    await page.context().close();
    await app.stop();
    app = await startApp({ env: { KAIZEN_CHROMIUM: '/nonexistent/chromium' } });
    ({ page, errors } = await newPage());
    const events = await api<Array<{ id: string; isDemo: boolean }>>(app, 'event-list', {});
    await page.goto(app.url);
    const report = new ReportPage(page);
    await report.open(events.find((e) => e.isDemo)!.id);
    await page.getByRole('button', { name: 'PDF report', exact: true }).click();
    await page.getByText(/PDF needs Chromium or Google Chrome, and neither was found.*prints the same pages from your browser/).waitFor();
    await screenshot(page, 'report-no-chromium');
    const [html] = await report.export('Download HTML to print');
    expect(path.basename(html!)).toBe('Cut-p95-latency-of-the-fraud-scoring-API.html');
    expect(fs.readFileSync(html!, 'utf8')).toContain('@page');
  });
});
