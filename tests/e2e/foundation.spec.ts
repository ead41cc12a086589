import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest, axeViolations, newPage, startApp } from './harness';
import type { AppUnderTest } from './harness';
import { EventPage } from './pages/event-page';
import { HomePage } from './pages/home-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});


describe('foundation: events, charter, team', () => {
  it('shows the demo event on first launch; screenshot of Home', async () => {
    const home = new HomePage(page);
    await home.goto(app.url);
    await expect.poll(() => home.rows().count()).toBe(1);
    expect(await home.rows().first().textContent()).toContain('Cut p95 latency of the fraud-scoring API');
    // The token left the address bar but the page keeps working after a reload.
    expect(page.url()).not.toContain('token=');
    await page.reload();
    await expect.poll(() => home.rows().count()).toBe(1);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'home-1280x720');
    await page.setViewportSize({ width: 1920, height: 1080 });
    await screenshot(page, 'home-1920x1080');
  });

  it('opens from the one-time code kaizen serve gives the browser (no token on its command line); the code then is dead', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-browser-'));
    const record = path.join(dir, 'argv.txt');
    const browser = path.join(dir, 'browser.sh');
    fs.writeFileSync(browser, `#!/bin/sh\nprintf '%s\\n' "$@" > ${JSON.stringify(record)}\n`, { mode: 0o755 });
    const launched = await startApp({ env: { BROWSER: browser }, open: true });
    try {
      await expect.poll(() => fs.existsSync(record)).toBe(true);
      const argv = fs.readFileSync(record, 'utf8').trim();
      expect(argv).not.toContain(launched.token);
      expect(argv).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?code=[A-Za-z0-9_-]+$/);
      const home = new HomePage(page);
      await home.goto(argv);
      await expect.poll(() => home.rows().count()).toBe(1);
      expect(page.url()).not.toContain('code=');
      await page.reload();
      await expect.poll(() => home.rows().count()).toBe(1);
      // Someone who copied the browser's command line gets nothing from the used code.
      const { page: other, context } = await newPage();
      await other.goto(argv);
      await other.getByText('This sign-in link was already used or has expired').first().waitFor();
      await context.close();
    } finally {
      await launched.stop();
    }
  });

  it('creates an event, edits the charter, and finds it again after a reload', async () => {
    const home = new HomePage(page);
    await home.goto(app.url);
    await home.createEvent('Halve retraining latency');
    const ev = new EventPage(page);
    await ev.field('Problem statement').fill('Retraining takes nine days from trigger to deployment.');
    await ev.field('Sponsor').fill('Dana Scully');
    await ev.field('Sponsor').blur();
    await ev.waitSaved();
    await page.reload();
    await expect.poll(() => ev.field('Problem statement').inputValue()).toBe('Retraining takes nine days from trigger to deployment.');
    expect(await ev.field('Sponsor').inputValue()).toBe('Dana Scully');
    // Undo the sponsor edit from the toolbar.
    await page.getByRole('button', { name: 'Undo' }).isDisabled();
    expect(await axeViolations(page)).toEqual([]);
    await page.goto(`${app.origin}/#/`);
    await expect.poll(() => home.rows().count()).toBe(2);
  });

  it('undoes a charter edit with the Undo button', async () => {
    const [demo] = await api<{ id: string }[]>(app, 'event-list', {});
    await page.goto(`${app.url.split('#')[0]}#/event/${demo!.id}/charter`);
    const ev = new EventPage(page);
    await ev.field('Location').fill('Room 9');
    await ev.field('Location').blur();
    await ev.waitSaved();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await api<{ location: string }>(app, 'event-get', { id: demo!.id })).location).toBe('Building B, room 4.12 (projector, no guest Wi-Fi)');
    await expect.poll(() => ev.field('Location').inputValue()).toBe('Building B, room 4.12 (projector, no guest Wi-Fi)');
    await screenshot(page, 'charter-1280x720');
  });

  it('deletes an event with confirmation and brings it back with Undo', async () => {
    const home = new HomePage(page);
    await home.goto(app.url);
    await home.deleteEvent('Cut p95 latency of the fraud-scoring API');
    await expect.poll(() => home.rows().count()).toBe(0);
    await page.getByRole('heading', { name: 'No events yet' }).waitFor();
    await page.getByRole('status').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => home.rows().count()).toBe(1);
  });

  it('shows team warnings that clear as the team gains a process owner, data access and staging rights', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Team test' });
    await page.goto(`${app.url.split('#')[0]}#/event/${e.id}/team`);
    const warnings = page.getByTestId('team-warnings');
    await expect.poll(() => warnings.textContent()).toContain('no members');
    await page.getByLabel('Name', { exact: true }).first().fill('Grace <b>Hopper</b>');
    await page.getByLabel('Role', { exact: true }).first().selectOption('process-owner');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByTestId('member-card').first().waitFor();
    // Markup in a name is shown as text, never interpreted.
    expect(await page.getByTestId('member-card').first().getByLabel('Name').inputValue()).toBe('Grace <b>Hopper</b>');
    await expect.poll(() => warnings.locator('[data-code]').evaluateAll((els) => els.map((e) => e.getAttribute('data-code')))).toEqual(['no-data-access', 'no-staging-access']);
    await screenshot(page, 'team-warnings-1280x720');
    const card = page.getByTestId('member-card').first();
    await card.getByLabel('Data access authority (systems, comma-separated)').fill('inference logs, feature store');
    await card.getByLabel('Can modify model inputs / staging').check();
    await card.getByLabel('Data access authority (systems, comma-separated)').blur();
    await page.getByTestId('team-ok').waitFor();
    const team = await api<{ members: { dataAccess: string[]; canModifyStaging: boolean }[] }>(app, 'team-list', { eventId: e.id });
    expect(team.members[0]).toMatchObject({ dataAccess: ['inference logs', 'feature store'], canModifyStaging: true });
    expect(await axeViolations(page)).toEqual([]);
  });

  it('screenshots the demo team and readiness checklist', async () => {
    const [demo] = await api<{ id: string }[]>(app, 'event-list', {});
    await page.goto(`${app.url.split('#')[0]}#/event/${demo!.id}/team`);
    await page.getByTestId('member-card').first().waitFor();
    await screenshot(page, 'team-1280x720');
    await new EventPage(page).openSection('Readiness');
    await page.getByTestId('checklist-item').first().waitFor();
    expect(await page.getByTestId('checklist-item').count()).toBe(6);
    await screenshot(page, 'readiness-1280x720');
  });

  it('reaches commands from the keyboard: Ctrl+K palette and Ctrl+N new event', async () => {
    const [demo] = await api<{ id: string }[]>(app, 'event-list', {});
    await page.goto(`${app.url.split('#')[0]}#/event/${demo!.id}/charter`);
    await page.getByRole('heading', { name: 'Charter', level: 1 }).waitFor();
    await page.keyboard.press('Control+k');
    await page.getByLabel('Type a command').fill('readiness');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Readiness', level: 1 }).waitFor();
    await page.locator('body').click({ position: { x: 5, y: 700 } });
    await page.keyboard.press('Control+n');
    await page.getByRole('heading', { name: 'New Kaizen event' }).waitFor();
  });
});
