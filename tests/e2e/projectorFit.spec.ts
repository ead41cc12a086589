import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { DataPage } from './pages/data-page';
import { KpiPage } from './pages/kpi-page';
import { RootCausePage } from './pages/rootcause-page';
import { VsmPage } from './pages/vsm-page';

/** Issue 19: every workshop screen fit for a 1280×720 projector, and the numbers a facilitator is asked about. */
let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Summary = { id: string; name: string; chart: { chart: string }; points: { date: string; partial?: number }[]; signalPoints: { index: number }[] };

/** Every text of the chart's limit labels lies inside its SVG (nothing clipped at the right edge). */
async function limitLabelsInside(p: Page): Promise<boolean> {
  return p.evaluate(() =>
    [...document.querySelectorAll('svg .cc-limit text')].every((t) => {
      const svg = t.closest('svg')!.getBoundingClientRect();
      const r = t.getBoundingClientRect();
      return r.right <= svg.right + 0.5 && r.left >= svg.left - 0.5 && r.top >= svg.top - 0.5 && r.bottom <= svg.bottom + 0.5;
    }),
  );
}

describe('numbers a facilitator will be asked about', () => {
  it('board badge = rows of the KPI page signal list; the rate KPI is a P chart with LCL 0 and labels inside; a partial week is flagged', async () => {
    const id = await demoEventId(app);
    const kpis = new KpiPage(page);
    await kpis.open(app.url, id);
    await expect.poll(() => kpis.cards().count(), { timeout: 20_000 }).toBe(6);
    const list = await api<Summary[]>(app, 'kpi-list', { eventId: id });
    await screenshot(page, 'projector-kpi-board');
    expect(await axeViolations(page)).toEqual([]);

    // Each KPI with signals: the badge's count is the number of rows its page lists.
    const withSignals = list.filter((k) => k.signalPoints.length > 0);
    expect(withSignals.length).toBeGreaterThan(0);
    for (const k of withSignals) {
      const card = kpis.cards().filter({ hasText: k.name });
      expect(await card.getByTestId('kpi-signal-badge').innerText()).toMatch(new RegExp(`^Signals at ${k.signalPoints.length} points?\\b`));
    }
    for (const k of withSignals) {
      await page.goto(`${app.url}#/event/${id}/kpis/${k.id}`);
      await kpis.chart().waitFor({ timeout: 20_000 });
      await expect.poll(() => kpis.signals().count(), { timeout: 10_000 }).toBe(k.signalPoints.length);
    }

    // The weekly pipeline failure rate: a P chart (proportions, LCL floored at 0), every limit label inside the chart.
    const rate = list.find((k) => k.name === 'Pipeline failure rate')!;
    expect(rate.chart.chart).toBe('p');
    await page.goto(`${app.url}#/event/${id}/kpis/${rate.id}`);
    await kpis.chart().waitFor({ timeout: 20_000 });
    expect(await page.locator('.cc-axislabel').first().textContent()).toBe('Proportion');
    await expect.poll(() => page.locator('.cc-limit.cc-lcl text').first().textContent(), { timeout: 10_000 }).toBe('LCL 0');
    expect(await page.locator('.cc-limit.cc-ucl text').first().textContent()).toMatch(/^UCL 0\.\d+$/);
    expect(await limitLabelsInside(page)).toBe(true);
    await page.locator('.cc-title').scrollIntoViewIfNeeded();
    await screenshot(page, 'projector-kpi-p-chart');
    expect(await axeViolations(page)).toEqual([]);

    // A first/last bucket the data covers only partly is flagged on the board and not the current value.
    const partial = list.flatMap((k) => k.points.filter((p) => p.partial !== undefined).map((p) => ({ k, p })));
    // The demo's pipeline log ends on a Monday: its last week is partial.
    expect(partial.map(({ k, p }) => [k.name, p.date])).toContainEqual(['Pipeline failure rate', '2026-11-30']);
    for (const { k, p } of partial) {
      await kpis.open(app.url, id);
      const note = kpis.cards().filter({ hasText: k.name }).getByTestId('kpi-partial');
      await expect.poll(() => note.innerText(), { timeout: 10_000 }).toContain(`(data covers ${Math.round(p.partial! * 100)} % of it): not counted in the status.`);
    }
  });
});

describe('fit for the projector (1280×720)', () => {
  it('the sidebar fits 720 px: groups collapse, the current one is open, a closed one opens with its count shown', async () => {
    const id = await demoEventId(app);
    await page.goto(`${app.url}#/event/${id}/kpis`);
    const nav = page.getByRole('navigation', { name: 'Event sections' });
    await nav.getByRole('link', { name: 'KPIs' }).waitFor();
    const fits = () => nav.evaluate((n) => n.scrollHeight <= n.clientHeight + 1);
    expect(await fits()).toBe(true);
    expect(await nav.getByRole('button', { name: /Measure/ }).getAttribute('aria-expanded')).toBe('true');
    const improve = nav.getByRole('button', { name: /Improve/ });
    expect(await improve.getAttribute('aria-expanded')).toBe('false');
    // Affinity groups, Impact / effort, Root cause, Parking lot, Actions, Decisions, FMEA.
    expect(await improve.innerText()).toMatch(/Improve\s*\(7\)/i);
    expect(await nav.getByRole('link', { name: 'Root cause' }).count()).toBe(0);
    await screenshot(page, 'projector-sidebar');
    await improve.click();
    await nav.getByRole('link', { name: 'Root cause' }).click();
    await page.getByRole('heading', { name: 'Root cause', level: 1 }).waitFor();
    expect(await fits()).toBe(true);
    // Remembered after a reload; the current group stays open.
    await page.reload();
    await nav.getByRole('link', { name: 'Root cause' }).waitFor();
    expect(await nav.getByRole('link', { name: 'KPIs' }).isVisible()).toBe(false);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('team, ideas and readiness are dense tables: every demo member on one screen, names never cut', async () => {
    const id = await demoEventId(app);
    const team = await api<{ members: { name: string }[] }>(app, 'team-list', { eventId: id });
    await page.goto(`${app.url}#/event/${id}/team`);
    const rows = page.getByTestId('member-card');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(team.members.length);
    expect(team.members.length).toBeGreaterThanOrEqual(6);
    // Every row inside the 720 px window, each name input wide enough for its whole name.
    const fitsWindow = (sel: string) => page.locator(sel).evaluateAll((els) => els.every((e) => e.getBoundingClientRect().bottom <= window.innerHeight));
    expect(await fitsWindow('[data-testid="member-card"]')).toBe(true);
    const cut = await rows.evaluateAll((els) => els.map((e) => e.querySelector('input')!).filter((i) => i.scrollWidth > i.clientWidth).map((i) => i.value));
    expect(cut).toEqual([]);
    // Still labelled for screen readers, one by one.
    expect(await rows.first().getByLabel('Name').inputValue()).toBe(team.members[0]!.name);
    await screenshot(page, 'projector-team');
    expect(await axeViolations(page)).toEqual([]);

    // Ideas: one row each (two cards per row, 300 px tall, before).
    await page.goto(`${app.url}#/event/${id}/ideas`);
    const ideas = page.getByTestId('idea-card');
    await ideas.first().waitFor();
    const ideaCount = await ideas.count();
    expect(ideaCount).toBeGreaterThanOrEqual(6);
    expect(Math.max(...(await ideas.evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height))))).toBeLessThan(90);
    await screenshot(page, 'projector-ideas');
    // Four whole ideas under the entry form (one card before).
    expect(await ideas.evaluateAll((els) => els.filter((e) => e.getBoundingClientRect().bottom <= window.innerHeight).length)).toBeGreaterThanOrEqual(4);
    expect(await ideas.first().getByLabel('Idea', { exact: true }).count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);

    await page.goto(`${app.url}#/event/${id}/readiness`);
    const items = page.getByTestId('checklist-item');
    await items.first().waitFor();
    expect(await items.count()).toBe(6);
    // A row and a line of details per item, not a card of six stacked fields: at least three items whole on screen
    // (two before), none taller than 160 px.
    const boxes = await items.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ h: r.height, bottom: r.bottom })));
    expect(Math.max(...boxes.map((b) => b.h))).toBeLessThan(160);
    expect(boxes.filter((b) => b.bottom <= 720).length).toBeGreaterThanOrEqual(3);
    expect(await items.first().getByLabel('Status').count()).toBe(1);
    await screenshot(page, 'projector-readiness');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('VSM: the stage editor sits beside the map and Esc closes it; Present fills the screen', async () => {
    const id = await demoEventId(app);
    const vsm = new VsmPage(page, app.url, id);
    await vsm.open();
    await vsm.canvas().waitFor();
    // The page title reads whole beside the top bar's tools (idle timer) at 1280 px.
    const title = page.locator('.topbar-title');
    expect(await title.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    expect(await title.textContent()).toBe('Value-stream map');
    const names = await vsm.stageNames();
    await vsm.stage(names[names.length - 1]!).click();
    await vsm.editor().waitFor();
    const map = (await vsm.canvas().boundingBox())!;
    const editor = (await vsm.editor().boundingBox())!;
    // Side by side: the editor starts right of the map, and the last stage (rightmost) is still visible.
    expect(editor.x).toBeGreaterThanOrEqual(map.x + map.width - 1);
    const last = (await vsm.stage(names[names.length - 1]!).boundingBox())!;
    expect(last.x + last.width).toBeLessThanOrEqual(map.x + map.width + 1);
    await screenshot(page, 'projector-vsm-editor');
    expect(await axeViolations(page)).toEqual([]);
    // Esc with the focus on the map (the stage just clicked) closes the editor.
    await page.keyboard.press('Escape');
    await vsm.editor().waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Present' }).click();
    const presenter = page.getByTestId('vsm-presenter');
    await presenter.waitFor();
    await page.waitForTimeout(800);
    await screenshot(page, 'projector-vsm-present');
    // The drawing is scaled up to the pane: it fills at least 85 % of its width or of its height (was 60 % at 13 px).
    await expect.poll(async () => presenter.locator('.vsm-canvas').evaluate((c) => {
      const pane = c.getBoundingClientRect();
      const drawing = c.querySelector('svg > g')!.getBoundingClientRect();
      return Math.max(drawing.width / pane.width, drawing.height / pane.height);
    }), { timeout: 10_000 }).toBeGreaterThan(0.85);
    // Stage names are drawn at least at 16 px on the projector.
    const nameSize = await presenter.locator('g.vsm-stage text').first().evaluate((t) => t.getBoundingClientRect().height);
    expect(nameSize).toBeGreaterThanOrEqual(16);
    await screenshot(page, 'projector-vsm-present');
    await page.keyboard.press('Escape');
    await presenter.waitFor({ state: 'detached' });
  });

  it('the favicon loads (no 404 on any load)', async () => {
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${new URL(r.url()).pathname}`);
    });
    const id = await demoEventId(app);
    await page.goto(`${app.url}#/event/${id}/charter`);
    await page.getByRole('navigation', { name: 'Event sections' }).waitFor();
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    expect(href).toBe('./favicon.svg');
    const icon = await page.evaluate(async (u) => { const r = await fetch(u); return { status: r.status, type: r.headers.get('content-type'), text: await r.text() }; }, new URL(href!, page.url()).toString());
    expect(icon.status).toBe(200);
    expect(icon.type).toContain('image/svg+xml');
    expect(icon.text).toContain('<title>Kaizen Studio</title>');
    await page.waitForTimeout(500);
    expect(failed).toEqual([]);
  });

  it('the sidebar head names the command palette; ? and F1 open the keyboard shortcuts, Esc closes them', async () => {
    const id = await demoEventId(app);
    await page.goto(`${app.url}#/event/${id}/kpis`);
    const commands = page.getByRole('navigation', { name: 'Event sections' }).getByRole('button', { name: /Commands/ });
    await commands.waitFor();
    expect(await commands.innerText()).toMatch(/Commands\s*Ctrl\+K/);
    expect(await commands.isVisible()).toBe(true);
    await commands.click();
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor({ state: 'hidden' });

    const help = page.getByTestId('shortcuts-help');
    await page.locator('body').press('?');
    await help.waitFor();
    expect(await help.innerText()).toContain('Command palette');
    expect(await help.getByText('Ctrl+K', { exact: true }).count()).toBe(1);
    await screenshot(page, 'projector-shortcuts');
    expect(await axeViolations(page)).toEqual([]);
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });
    await page.keyboard.press('F1');
    await help.waitFor();
    await page.keyboard.press('Escape');
    // Typing ? in a text field types it.
    await page.goto(`${app.url}#/event/${id}/charter`);
    const field = page.getByRole('textbox').first();
    await field.click();
    await field.press('End');
    await field.press('?');
    expect(await help.isVisible()).toBe(false);
    await field.press('Backspace');
  });

  it('import wizard: the column table fits without a scroller of its own; latency_total_ms gets the latency role', async () => {
    const id = await demoEventId(app);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-fit-'));
    const file = path.join(dir, 'latency.csv');
    const header = 'timestamp,request_id,endpoint,model_version,latency_total_ms,latency_feature_ms,status,region,score';
    fs.writeFileSync(file, [header, ...Array.from({ length: 20 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}T10:00:00Z,r${i},/score,v3,${300 + i},${100 + i},ok,eu,0.${i + 10}`)].join('\n') + '\n');
    const data = new DataPage(page);
    await data.open(app.url, id);
    await data.pickFile(file);
    const table = page.locator('table.wizard-columns');
    await table.waitFor();
    // Fits: no horizontal overflow in the table's box or the page; no nested scroll box around it.
    expect(await table.evaluate((t) => t.scrollWidth <= t.parentElement!.clientWidth + 1)).toBe(true);
    expect(await table.evaluate((t) => getComputedStyle(t.parentElement!).overflowX)).toBe('visible');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    expect(await page.getByLabel('Role of latency_total_ms').inputValue()).toBe('latency');
    await table.scrollIntoViewIfNeeded();
    await screenshot(page, 'projector-import-columns');
    expect(await axeViolations(page)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('fishbone: a cause moves to another category with its sub-cause (and back with Undo); a long effect is drawn whole', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Fishbone fit' });
    const rc = new RootCausePage(page, app.url, e.id);
    await rc.open('fishbone');
    await rc.category('Data').waitFor();
    await rc.addCause('Data', 'Stale features');
    await rc.addSubCause('Stale features', 'Nightly batch only');
    await page.getByLabel('Move cause Stale features to category').selectOption({ label: 'Move to Infrastructure' });
    await expect.poll(async () => rc.category('Infrastructure').getByRole('textbox', { name: 'Cause', exact: true }).evaluateAll((els) => els.map((x) => (x as HTMLInputElement).value))).toEqual(['Stale features']);
    expect(await rc.category('Infrastructure').getByRole('textbox', { name: 'Sub-cause', exact: true }).inputValue()).toBe('Nightly batch only');
    expect(await rc.category('Data').getByRole('textbox', { name: 'Cause', exact: true }).count()).toBe(0);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => rc.category('Data').getByRole('textbox', { name: 'Cause', exact: true }).count()).toBe(1);

    const effect = 'p95 latency of the /score endpoint is 900 ms at peak on weekdays between 09:00 and 11:00 UTC, three times the 300 ms SLA agreed with the payments team';
    const field = page.getByLabel('Effect (the problem at the head of the fish)');
    await field.fill(effect);
    await field.blur();
    await expect.poll(async () => {
      const src = (await rc.diagram().getAttribute('src')) ?? '';
      const svg = decodeURIComponent(src.replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
      return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]).join(' ');
    }, { timeout: 10_000 }).toContain('payments team');
    await rc.diagram().scrollIntoViewIfNeeded();
    await screenshot(page, 'projector-fishbone');
    expect(await axeViolations(page)).toEqual([]);
  });
});
