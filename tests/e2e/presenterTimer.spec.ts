import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { WorkshopPage } from './pages/workshop-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Session = { id: string; title: string; activity: string; day: number; plannedMinutes: number };
type Timer = { state: string; remainingMs: number; currentSessionId: string | null };

const clock = () => page.locator('.presenter-clock').textContent();
const state = () => page.locator('.presenter-timer-state').textContent();
const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

describe('presenter and timer in step (issue 19)', () => {
  it('→ / ← / Space / R / + act on main’s one current item; the idle clock shows each item’s planned minutes', async () => {
    const eventId = await demoEventId(app);
    const sessions = await api<Session[]>(app, 'agenda-list', { eventId });
    // Day 2: Brainstorm (45 min) → anonymous round (20 min) → dot vote (20 min).
    const brainstorm = sessions.find((s) => s.title === 'Brainstorm: what slows scoring?')!;
    const round = sessions[sessions.indexOf(brainstorm) + 1]!;
    // A 10-minute item right after the 45-minute one: the bug showed the previous timer's duration here.
    await api(app, 'agenda-update', { id: round.id, patch: { plannedMinutes: 10 } });
    await api(app, 'agenda-current', { eventId, sessionId: brainstorm.id });
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('present');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(brainstorm.title);
    expect(await clock()).toBe('45:00');
    expect(await state()).toBe('Space to start');

    // Space starts this item (its actual start is recorded); an 18-minute custom run, then Reset, leaves 45:00 again.
    await page.keyboard.press('Space');
    await expect.poll(state).toBe('running');
    await expect.poll(async () => (await api<{ id: string; actualStart: string | null }[]>(app, 'agenda-list', { eventId })).find((s) => s.id === brainstorm.id)!.actualStart).not.toBeNull();
    // + adds a minute from presenter mode.
    const before = (await api<Timer>(app, 'timer-get', { eventId })).remainingMs;
    await page.keyboard.press('+');
    await expect.poll(async () => (await api<Timer>(app, 'timer-get', { eventId })).remainingMs).toBeGreaterThan(before + 50_000);
    await expect.poll(clock).toMatch(/^4[56]:\d\d$/);
    await screenshot(page, 'presenterTimer-running-1280x720');
    // The head line (event, pace, position) stays one line while the clock runs.
    expect((await page.locator('.presenter-head').boundingBox())!.height).toBeLessThan(40);

    // → while it runs: asked first; Cancel keeps the item and its clock running.
    await page.keyboard.press('ArrowRight');
    const ask = page.getByRole('dialog', { name: 'Stop the running item?' });
    await ask.waitFor();
    expect(await ask.textContent()).toContain(`“${brainstorm.title}” is still running`);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenterTimer-ask-1280x720');
    await ask.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(brainstorm.title);
    expect((await api<Timer>(app, 'timer-get', { eventId })).state).toBe('running');

    // → again and confirm: the 10-minute item is current, its clock idle at 10:00 (not 45:00, not 18:00).
    await page.keyboard.press('ArrowRight');
    await page.getByRole('button', { name: 'Stop it and move on' }).click();
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(round.title);
    await expect.poll(clock).toBe('10:00');
    expect(await state()).toBe('Space to start');
    const t = await api<Timer>(app, 'timer-get', { eventId });
    expect(t).toMatchObject({ state: 'idle', currentSessionId: round.id, remainingMs: 600_000 });
    const ended = (await api<{ id: string; actualEnd: string | null }[]>(app, 'agenda-list', { eventId })).find((s) => s.id === brainstorm.id)!;
    expect(ended.actualEnd).not.toBeNull();

    // Space now times the item on screen (never pauses the one we left), and pauses it on the next press.
    await page.keyboard.press('Space');
    await expect.poll(state).toBe('running');
    expect((await api<Timer>(app, 'timer-get', { eventId })).currentSessionId).toBe(round.id);
    await page.keyboard.press('Space');
    await expect.poll(state).toBe('paused');
    // R resets to the planned minutes.
    await page.keyboard.press('r');
    await expect.poll(clock).toBe('10:00');
    await expect.poll(state).toBe('Space to start');

    // A reload agrees: the same item and clock.
    await page.reload();
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(round.title);
    await expect.poll(clock).toBe('10:00');
    // ← goes back to the 45-minute item without asking (nothing runs) and shows 45:00.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(brainstorm.title);
    await expect.poll(clock).toBe('45:00');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('the agenda shows dates and clock times, says how late the room runs and when the day ends; the header stays on one line', async () => {
    const eventId = await demoEventId(app);
    const event = await api<{ startDate: string | null }>(app, 'event-get', { id: eventId });
    const sessions = await api<Session[]>(app, 'agenda-list', { eventId });
    const day2 = sessions.filter((s) => s.day === 2);
    const first = day2[0]!;
    const dayTotal = day2.reduce((n, s) => n + s.plannedMinutes, 0);
    // Day 2 started 7 minutes before now (local time): its first item, started now, makes the room 7 minutes late.
    // Early in a minute, so the seconds that pass during the test never round 7 up to 8.
    if (new Date().getSeconds() >= 25) await new Promise((r) => setTimeout(r, (61 - new Date().getSeconds()) * 1000));
    const now = new Date();
    const nowMin = now.getHours() * 60 + now.getMinutes();
    const startMin = nowMin - 7;
    const canPace = startMin >= 0 && startMin + dayTotal + 7 < 24 * 60;
    if (canPace) await api(app, 'agenda-day-set', { eventId, day: 2, startTime: hhmm(startMin) });
    await api(app, 'agenda-run', { id: first.id });

    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('agenda');
    await page.getByRole('heading', { name: /^Day 1/ }).waitFor();
    // Day 1 starts at 09:00 by default; the kick-off (45 min) runs 09:00–09:45, the gemba walk 09:45–11:15.
    const times = await page.getByTestId('agenda-time').allTextContents();
    expect(times.slice(0, 2)).toEqual(['09:00–09:45', '09:45–11:15']);
    if (event.startDate) {
      // The day's date, in the OS locale: its year and day of the month.
      const h = (await page.getByRole('heading', { name: /^Day 1/ }).textContent()) ?? '';
      expect(h).toContain(event.startDate.slice(0, 4));
      expect(h).toMatch(new RegExp(`\\b${Number(event.startDate.slice(8, 10))}\\b`));
    }
    if (canPace) {
      await expect.poll(() => page.getByTestId('agenda-pace').textContent()).toContain('running 7 min late');
      expect(await page.getByTestId('agenda-pace').textContent()).toContain(`day ends ~${hhmm(startMin + dayTotal + 7)}`);
    }
    // The top bar with a running timer: one line at 1280 px (every tool on the same row, the bar one row high).
    await page.getByTestId('timer-clock').waitFor();
    await screenshot(page, 'presenterTimer-agenda-1280x720');
    const tops = await page.locator('.topbar-tools > *').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().top));
    expect(Math.max(...tops) - Math.min(...tops)).toBeLessThan(20);
    // Every agenda row fits the page: its last button (remove) inside the row.
    const rowOverflow = await page.getByTestId('agenda-row').evaluateAll((rows) => rows.filter((r) => r.scrollWidth > r.clientWidth + 1).length);
    expect(rowOverflow).toBe(0);
    const bar = (await page.locator('.topbar').boundingBox())!;
    expect(bar.height).toBeLessThan(72);
    // Nothing runs off the right edge; the page title stays visible beside the clock (shortened with … if need be).
    const right = await page.locator('.topbar-tools > *').evaluateAll((els) => Math.max(...els.map((e) => e.getBoundingClientRect().right)));
    expect(right).toBeLessThanOrEqual(1280);
    expect(await page.getByRole('heading', { level: 1, name: 'Agenda' }).count()).toBe(1);
    const title = (await page.locator('.topbar-title').boundingBox())!;
    expect(title.width).toBeGreaterThan(40);
    expect(await axeViolations(page)).toEqual([]);

    // Presenter shows the slot and the pace too.
    await w.open('present');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(first.title);
    if (canPace) await expect.poll(() => page.getByTestId('presenter-pace').textContent()).toContain('running 7 min late');
  });

  it('presents root cause as fishbone and 5 Whys, prioritisation as the impact/effort matrix, actions as the new actions', async () => {
    const eventId = await demoEventId(app);
    const sessions = await api<Session[]>(app, 'agenda-list', { eventId });
    const whys = sessions.find((s) => s.title === '5 Whys on the top idea')!;
    const design = sessions.find((s) => s.title === 'Design countermeasures')!;
    const tryIt = sessions.find((s) => s.title === 'Try countermeasures in staging')!;
    await api(app, 'agenda-update', { id: design.id, patch: { activity: 'prioritisation' } });
    await api(app, 'agenda-update', { id: tryIt.id, patch: { activity: 'actions' } });
    const ideas = await api<{ id: string; text: string }[]>(app, 'idea-list', { eventId });
    await api(app, 'matrix-place', { eventId, ideaId: ideas[0]!.id, impact: 9, effort: 2 });
    await api(app, 'matrix-place', { eventId, ideaId: ideas[3]!.id, impact: 2, effort: 9 });
    const fish = await api<{ effect: string }>(app, 'fishbone-get', { eventId });
    const chains = await api<{ problem: string; nodes: { text: string }[] }[]>(app, 'whys-list', { eventId });
    const actions = await api<{ title: string }[]>(app, 'action-list', { eventId });

    await api(app, 'agenda-current', { eventId, sessionId: whys.id });
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('present');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(whys.title);
    await expect.poll(() => page.getByTestId('presenter-effect').textContent()).toContain(fish.effect.slice(0, 30));
    const rc = (await page.getByRole('region', { name: 'Root cause' }).textContent()) ?? '';
    expect(rc).toContain('Why 1');
    expect(rc).toContain(chains.at(-1)!.nodes[0]!.text);
    expect(rc).toContain('root cause');
    expect(await page.getByRole('region', { name: 'Ideas' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenterTimer-rootcause-1280x720');

    await api(app, 'agenda-current', { eventId, sessionId: design.id });
    await page.getByTestId('presenter-matrix').waitFor();
    expect(await page.locator('.presenter-quadrant-implement').textContent()).toContain(ideas[0]!.text);
    expect(await page.locator('.presenter-quadrant-kill').textContent()).toContain(ideas[3]!.text);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenterTimer-matrix-1280x720');

    await api(app, 'agenda-current', { eventId, sessionId: tryIt.id });
    await page.getByTestId('presenter-actions').waitFor();
    const table = (await page.getByTestId('presenter-actions').textContent()) ?? '';
    for (const a of actions.slice(0, 3)) expect(table).toContain(a.title);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'presenterTimer-actions-1280x720');
  });
});
