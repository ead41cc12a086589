import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { WorkshopPage } from './pages/workshop-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Session = { id: string; title: string; activity: string; day: number };

describe('presenter mode: value-stream map and KPI board', () => {
  it('shows the current-state map in a mapping session and the KPIs in a review session; screenshots at 1280×720', async () => {
    const [demo] = await api<{ id: string }[]>(app, 'event-list', {});
    const eventId = demo!.id;
    const sessions = await api<Session[]>(app, 'agenda-list', { eventId });
    const mapping = sessions.find((s) => s.title === 'Current-state value stream map')!;
    expect(mapping.activity).toBe('mapping');
    const next = sessions[sessions.indexOf(mapping) + 1]!;
    expect(next.activity).toBe('review');

    const maps = await api<{ id: string; kind: string }[]>(app, 'vsm-list', { eventId });
    const current = maps.find((m) => m.kind === 'current')!;
    const { map } = await api<{ map: { name: string; stages: { name: string }[] } }>(app, 'vsm-get', { mapId: current.id });
    expect(map.stages.length).toBeGreaterThan(2);
    const kpis = await api<{ name: string }[]>(app, 'kpi-list', { eventId });
    expect(kpis.length).toBeGreaterThan(0);

    await api(app, 'agenda-start', { id: mapping.id });
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('present');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(mapping.title);
    const img = page.getByTestId('presenter-map');
    await img.waitFor();
    const alt = (await img.getAttribute('alt')) ?? '';
    for (const s of map.stages) expect(alt).toContain(s.name);
    expect(await img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0)).toBe(true);
    const src = decodeURIComponent((await img.getAttribute('src')) ?? '');
    expect(src.match(/data-stage-name=/g)?.length).toBe(map.stages.length);
    const box = (await img.boundingBox())!;
    expect(box.width).toBeGreaterThan(900);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenter-map-1280x720');

    // → moves to the next item, a review: the KPI board essentials replace the map.
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(next.title);
    await expect.poll(() => page.getByTestId('presenter-kpi').count()).toBe(Math.min(6, kpis.length));
    const cards = (await page.getByTestId('presenter-kpi').allTextContents()).join(' | ');
    for (const k of kpis.slice(0, 6)) expect(cards).toContain(k.name);
    expect(cards).toMatch(/target/i);
    expect(await page.getByTestId('presenter-map').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenter-kpis-1280x720');

    // ← goes back to the map; the saved current item follows.
    await page.keyboard.press('ArrowLeft');
    await page.getByTestId('presenter-map').waitFor();
    await expect.poll(async () => (await api<{ currentSessionId: string | null }>(app, 'timer-get', { eventId })).currentSessionId).toBe(mapping.id);
  });

  it('shows an empty state in a mapping session when the event has no current-state map', async () => {
    const ev = await api<{ id: string }>(app, 'event-create', { name: 'No map yet' });
    const s = await api<Session>(app, 'agenda-add', { eventId: ev.id, session: { title: 'Map it', day: 1, activity: 'mapping', plannedMinutes: 30 } });
    await api(app, 'agenda-start', { id: s.id });
    const w = new WorkshopPage(page, app.url, ev.id);
    await w.open('present');
    await page.getByTestId('presenter-map-empty').waitFor();
    expect(await page.getByTestId('presenter-map').count()).toBe(0);
  });
});
