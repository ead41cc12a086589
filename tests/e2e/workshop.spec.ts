import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest, axeViolations } from './harness';
import type { AppUnderTest } from './harness';
import { WorkshopPage } from './pages/workshop-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

/** Serious or critical axe-core violations on the current page. */

async function eventWithIdeas(texts: string[]): Promise<string> {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Workshop e2e' });
  for (const text of texts) await api(app, 'idea-add', { eventId: e.id, idea: { text } });
  return e.id;
}

describe('workshop: secret dot voting', () => {
  it('runs a three-voter round: clean ballots, hidden tallies, reload mid-round, correct totals after reveal', async () => {
    const eventId = await eventWithIdeas(['Cache features', 'Batch scoring', 'Drop slow rule']);
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('voting');
    await page.getByLabel('Number of voters').fill('3');
    await page.getByText('Ideas on the ballot: 3 of 3').click();
    await screenshot(page, 'workshop-vote-setup-1280x720');
    await page.getByRole('button', { name: 'Open the vote' }).click();
    await expect.poll(() => w.handover().textContent()).toContain('0 of 3 voters have voted');

    await w.beginBallot('Voter 1');
    await w.addDot('Cache features', 2);
    await w.addDot('Batch scoring');
    await expect.poll(() => page.getByTestId('dots-left').textContent()).toContain('All dots placed');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workshop-ballot-1280x720');
    await w.castBallot();
    // The screen cleared: nothing of voter 1's ballot, no totals.
    expect(await page.getByTestId('ballot-item').count()).toBe(0);
    expect(await w.handover().textContent()).toContain('1 of 3 voters have voted');
    expect(await page.getByTestId('vote-results').count()).toBe(0);

    await w.beginBallot('Voter 2');
    // Voter 2 sees a clean ballot: zero dots everywhere.
    expect(await page.locator('.ballot-count').allTextContents()).toEqual(['0', '0', '0']);
    await w.addDot('Batch scoring', 2);
    // Reload mid-ballot: the same voter's ballot resumes with their unconfirmed dots, still secret.
    const [session] = await api<{ id: string }[]>(app, 'vote-list', { eventId });
    const draftDots = async () => Object.values((await api<{ draft: Record<string, number> }>(app, 'vote-get', { id: session!.id })).draft).reduce((a, b) => a + b, 0);
    await expect.poll(draftDots).toBe(2);
    await page.reload();
    await w.ballot().waitFor();
    expect(await page.locator('.ballot-count').allTextContents()).toEqual(['0', '2', '0']);
    await w.addDot('Drop slow rule');
    await w.castBallot();

    // The contract itself keeps the secret: no tally while open, and a voter cannot vote twice.
    const [open] = await api<{ id: string; tally: unknown; votedCount: number }[]>(app, 'vote-list', { eventId });
    expect(open!.tally).toBeNull();
    expect(open!.votedCount).toBe(2);
    await expect(api(app, 'vote-begin', { id: open!.id, voterIndex: 0 })).rejects.toThrow(/already voted/);
    expect(await page.getByRole('button', { name: 'I’m Voter 1 — start my ballot' }).count()).toBe(0);

    await page.reload();
    await expect.poll(() => w.handover().textContent()).toContain('2 of 3 voters have voted');
    await w.beginBallot('Voter 3');
    await w.addDot('Cache features');
    await w.addDot('Drop slow rule');
    await w.castBallot();
    await screenshot(page, 'workshop-vote-handover-1280x720');
    await w.reveal();
    expect(await w.resultRows()).toEqual([
      ['1', 'Cache features', '3', '2'],
      ['1', 'Batch scoring', '3', '2'],
      ['3', 'Drop slow rule', '2', '2'],
    ]);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workshop-vote-results-1280x720');
  });
});

describe('workshop: pass-the-laptop anonymous input', () => {
  it('hides each participant’s entries from the next, then reveals them unattributed', async () => {
    const eventId = await eventWithIdeas([]);
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('ideas', 'anonymous');
    await page.getByRole('button', { name: 'Start the round' }).click();
    await w.startParticipant(1);
    await w.addEntry('Feature store is slow at peak');
    await w.addEntry('<script>alert(1)</script>');
    await screenshot(page, 'workshop-anonymous-entering-1280x720');
    await w.passLaptop();
    expect(await page.getByText('Feature store is slow at peak').count()).toBe(0);
    await w.startParticipant(2);
    expect(await page.getByTestId('round-my-entry').count()).toBe(0);
    expect(await page.content()).not.toContain('Feature store is slow at peak');
    await w.addEntry('Nobody owns the latency SLO');
    // Reload mid-turn: participant 2 resumes with only their own entry.
    await page.reload();
    await page.getByTestId('round-entering').waitFor();
    expect(await page.getByTestId('round-my-entry').count()).toBe(1);
    // Text typed but not yet added goes in when the laptop is passed.
    await page.getByLabel('Your idea', { exact: true }).fill('Retries double the load');
    await w.passLaptop();
    await page.getByRole('button', { name: 'Facilitator: close round and reveal ideas' }).click();
    await page.getByRole('button', { name: 'Close and reveal' }).click();
    await w.open('ideas');
    await expect.poll(() => page.getByTestId('idea-card').count()).toBe(4);
    // Markup typed by a participant shows as text, never as an element.
    expect(await page.locator('textarea').evaluateAll((els) => els.map((e) => (e as HTMLTextAreaElement).value))).toContain('<script>alert(1)</script>');
    const ideas = await api<{ author: string | null }[]>(app, 'idea-list', { eventId });
    expect(ideas.every((i) => i.author === null)).toBe(true);
  });
});

describe('workshop: brainstorm, timer and presenter mode', () => {
  it('adds ideas with Enter, and the timer keeps running across pages and a reload', async () => {
    const eventId = await eventWithIdeas([]);
    // Count the tones the end-of-timer chime plays (WebAudio replaced by a recorder).
    await page.addInitScript(() => {
      const w = window as unknown as { tones: number; AudioContext: unknown };
      w.tones = 0;
      const node = () => ({ connect: () => node(), gain: { setValueAtTime() {}, exponentialRampToValueAtTime() {} } });
      w.AudioContext = class {
        currentTime = 0;
        destination = {};
        resume() { return Promise.resolve(); }
        createGain() { return node(); }
        createOscillator() { w.tones += 1; return { ...node(), type: '', frequency: { value: 0 }, start() {}, stop() {} }; }
      };
    });
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('ideas');
    const box = page.getByLabel('New idea');
    await box.fill('Warm up pods');
    await box.press('Enter');
    await box.fill('Quantise the model');
    await box.press('Enter');
    await expect.poll(() => page.getByTestId('idea-card').count()).toBe(2);
    expect(await box.inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workshop-ideas-1280x720');

    await w.startTimer('10m');
    await expect.poll(() => w.timerSeconds()).toBeLessThanOrEqual(600);
    expect(await w.timerSeconds()).toBeGreaterThan(590);
    await w.open('agenda');
    await w.timerClock().waitFor();
    await page.reload();
    await w.timerClock().waitFor();
    const after = await w.timerSeconds();
    expect(after).toBeGreaterThan(570);
    expect(after).toBeLessThanOrEqual(600);
    await page.getByTestId('timer-widget').getByRole('button', { name: 'Pause' }).click();
    await page.reload();
    await page.getByTestId('timer-widget').getByRole('button', { name: 'Resume' }).waitFor();
    // A short timer ends with a visible cue.
    await page.getByTestId('timer-widget').getByRole('button', { name: 'Reset' }).click();
    await w.startTimer('2s');
    await expect.poll(() => w.timerClock().textContent(), { timeout: 8000 }).toBe('Time’s up');
    expect(await page.getByTestId('timer-widget').getAttribute('class')).toContain('timer-done');
    // Three tones, once, although two views (top bar and agenda) show the timer.
    await page.waitForTimeout(500);
    expect(await page.evaluate(() => (window as unknown as { tones: number }).tones)).toBe(3);
  });

  it('plans the agenda: adds sessions, reorders by keyboard, starts one with a timer and records its start', async () => {
    const eventId = await eventWithIdeas([]);
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('agenda');
    for (const title of ['Kick-off', '<b>Gemba</b> walk']) {
      await page.getByLabel('Session title').fill(title);
      await page.getByRole('button', { name: 'Add session' }).click();
      await expect.poll(() => page.getByTestId('agenda-row').filter({ has: page.locator(`input[value="${title}"]`) }).count()).toBe(1);
    }
    await page.getByTestId('agenda-row').nth(1).getByRole('combobox', { name: 'Activity' }).focus();
    await page.keyboard.press('Alt+ArrowUp');
    const titles = async () => (await api<{ title: string }[]>(app, 'agenda-list', { eventId })).map((s) => s.title);
    await expect.poll(titles).toEqual(['<b>Gemba</b> walk', 'Kick-off']);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(titles).toEqual(['Kick-off', '<b>Gemba</b> walk']);
    await page.getByRole('button', { name: 'Redo', exact: true }).click();
    await expect.poll(titles).toEqual(['<b>Gemba</b> walk', 'Kick-off']);
    // The page follows the saved order (push event) before we start its first row.
    await expect.poll(() => page.getByTestId('agenda-row').first().getByLabel('Title').inputValue()).toBe('<b>Gemba</b> walk');
    await page.getByTestId('agenda-row').first().getByRole('button', { name: 'Start' }).click();
    await page.getByLabel('How long? (seconds to hours)').fill('1h 30m');
    await page.getByRole('button', { name: 'Start timer' }).click();
    await expect.poll(() => w.timerSeconds()).toBeGreaterThan(5300);
    await page.getByTestId('agenda-row').first().getByText(/^Started /).waitFor();
    const [first] = await api<{ actualStart: string | null }[]>(app, 'agenda-list', { eventId });
    expect(first!.actualStart).not.toBeNull();
  });

  it('shows the demo event in presenter mode, navigable by keyboard; screenshot at 1280×720', async () => {
    const [demo] = await api<{ id: string }[]>(app, 'event-list', {});
    const sessions = await api<{ id: string; title: string }[]>(app, 'agenda-list', { eventId: demo!.id });
    expect(sessions.length).toBeGreaterThanOrEqual(10);
    const brainstorm = sessions.find((s) => s.title.startsWith('Brainstorm'))!;
    await api(app, 'agenda-start', { id: brainstorm.id });
    const w = new WorkshopPage(page, app.url, demo!.id);
    await w.open('present');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe(brainstorm.title);
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('presenter-timer').textContent()).toContain('running');
    await page.waitForTimeout(1200);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workshop-presenter-ideas-1280x720');
    await page.keyboard.press('Space');
    await expect.poll(() => page.getByTestId('presenter-timer').textContent()).toContain('paused');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('presenter-title').textContent()).toBe('Dot vote: which ideas first');
    await page.getByTestId('vote-results').waitFor();
    await screenshot(page, 'workshop-presenter-vote-1280x720');
    await page.keyboard.press('Escape');
    await page.getByRole('heading', { name: 'Agenda', level: 1 }).waitFor();
    expect(await page.getByTestId('presenter').count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'workshop-agenda-1280x720');
  });
});
