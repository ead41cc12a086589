import fs from 'node:fs';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, freshAppPerTest } from './harness';
import type { AppUnderTest } from './harness';
import { ActionsPage } from './pages/actions-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

describe('calendar export', () => {
  it('downloads the event calendar from the Actions toolbar; the file parses and holds the action due dates', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Calendar e2e', startDate: '2026-11-09', endDate: '2026-11-13' });
    await api(app, 'action-create', { eventId: e.id, title: 'Cache features, then; measure', dueDate: '2030-01-15' });
    const p = new ActionsPage(page, app.url, e.id);
    await p.open('actions');
    await p.row('Cache features, then; measure').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Calendar (.ics)' }).click()]);
    expect(download.suggestedFilename()).toMatch(/calendar\.ics$/);
    const text = fs.readFileSync((await download.path())!, 'utf8');
    const cal = new ICAL.Component(ICAL.parse(text));
    const events = cal.getAllSubcomponents('vevent').map((c) => new ICAL.Event(c));
    expect(events.map((x) => [x.summary, x.startDate.toString()])).toEqual([
      ['Kaizen event: Calendar e2e', '2026-11-09'],
      ['Action due: Cache features, then; measure', '2030-01-15'],
    ]);
  });
});
