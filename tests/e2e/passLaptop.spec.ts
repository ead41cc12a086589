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

const screen = () => page.getByTestId('participant-screen');

/** Nothing of the facilitator's app is on screen: no sidebar, Undo, timer, palette or facilitator buttons. */
async function expectLocked(): Promise<void> {
  await screen().waitFor();
  expect(await page.locator('nav, .sidebar').count()).toBe(0);
  expect(await page.getByRole('button', { name: /^(Undo|Redo)$/ }).count()).toBe(0);
  expect(await page.getByTestId('timer-widget').count()).toBe(0);
  expect(await page.getByRole('button', { name: /Facilitator: (close round|reveal results)/ }).count()).toBe(0);
  expect(await page.getByRole('dialog', { name: /command/i }).count()).toBe(0);
}

async function apiError(method: string, input: unknown): Promise<string> {
  return api(app, method, input).then(() => 'no error', (e: Error) => e.message);
}

describe('locked pass-the-laptop mode (issue 19)', () => {
  it('an anonymous round locks the laptop: back/forward, reload, other pages and Ctrl+K stay on the participant screen; the PIN closes it', async () => {
    const eventId = await demoEventId(app);
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('ideas', 'anonymous');
    await page.getByRole('button', { name: 'Start the round' }).click();
    await expectLocked();
    expect(await screen().textContent()).toContain('Participant 1: take the laptop, then press Start.');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'passLaptop-handover-1280x720');

    await w.startParticipant(1);
    await w.addEntry('Feature joins wait on one slow shard');
    await screenshot(page, 'passLaptop-entering-1280x720');
    await w.passLaptop();
    await expectLocked();

    // Ways out that must not work: shortcuts, another page, browser back, reload.
    await page.keyboard.press('Control+k');
    await page.keyboard.press('Control+z');
    await expectLocked();
    const u = new URL(app.url);
    u.hash = `#/event/${eventId}/actions`;
    await page.goto(u.toString());
    await expectLocked();
    await page.goBack();
    await expectLocked();
    await page.reload();
    await expectLocked();
    expect(await screen().textContent()).toContain('Participant 2: take the laptop');
    // The entry is kept, not undone.
    expect((await api<{ entryCount: number }[]>(app, 'round-list', { eventId }))[0]!.entryCount).toBe(1);

    // Main refuses the facilitator's methods while locked.
    const [round] = await api<{ id: string }[]>(app, 'round-list', { eventId });
    expect(await apiError('round-close', { id: round!.id })).toMatch(/locked for participants.*Tomás Okafor's passphrase/);
    const [idea] = await api<{ id: string }[]>(app, 'idea-list', { eventId });
    expect(await apiError('idea-remove', { id: idea!.id })).toMatch(/locked for participants/);

    // The facilitator: a wrong PIN is refused with the tries left; the right one closes the round.
    await page.getByRole('button', { name: 'Facilitator…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Facilitator: unlock the laptop' });
    await dialog.waitFor();
    await page.getByLabel('Tomás Okafor’s passphrase').fill('demo-wrong');
    await dialog.getByRole('button', { name: 'Close the round and reveal ideas' }).click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('Wrong passphrase for Tomás Okafor (4 tries left before a pause)');
    expect(await page.getByLabel('Tomás Okafor’s passphrase').inputValue()).toBe('');
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'passLaptop-unlock-1280x720');
    await page.getByLabel('Tomás Okafor’s passphrase').fill('demo-tomas');
    await dialog.getByRole('button', { name: 'Close the round and reveal ideas' }).click();
    await expect.poll(() => screen().count()).toBe(0);
    await page.locator('.sidebar, nav').first().waitFor();
    await expect.poll(() => page.getByText('Feature joins wait on one slow shard').count()).toBeGreaterThan(0);
    expect(await api(app, 'lock-get', { eventId })).toBeNull();
    await screenshot(page, 'passLaptop-closed-1280x720');
  });

  it('a secret ballot locks too; “back to editing” with the PIN leaves the vote open for the facilitator', async () => {
    const eventId = await demoEventId(app);
    const w = new WorkshopPage(page, app.url, eventId);
    await w.open('voting');
    await page.getByRole('button', { name: 'New vote' }).click();
    await page.getByLabel('Number of voters').fill('2');
    await page.getByRole('button', { name: 'Open the vote' }).click();
    await expectLocked();
    await w.handover().waitFor();
    expect(await w.handover().textContent()).toContain('0 of 2 voters have voted');
    expect(await page.getByRole('button', { name: 'Facilitator: reveal results' }).count()).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'passLaptop-vote-handover-1280x720');
    await w.beginBallot('Voter 1');
    const ideas = await api<{ text: string }[]>(app, 'idea-list', { eventId });
    await w.addDot(ideas[0]!.text);
    await screenshot(page, 'passLaptop-ballot-1280x720');
    await w.castBallot();
    await page.reload();
    await expectLocked();
    const votes = await api<{ id: string; status: string }[]>(app, 'vote-list', { eventId });
    const open = votes.find((v) => v.status === 'open')!;
    expect(await apiError('vote-reveal', { id: open.id })).toMatch(/locked for participants/);

    await page.getByRole('button', { name: 'Facilitator…' }).click();
    await page.getByLabel('Tomás Okafor’s passphrase').fill('demo-tomas');
    await page.getByRole('button', { name: 'Back to editing (vote stays open)' }).click();
    await expect.poll(() => screen().count()).toBe(0);
    await w.handover().waitFor();
    expect(await w.handover().textContent()).toContain('1 of 2 voters have voted');
    // Unlocked: the facilitator's reveal is back and works without a passphrase.
    await w.reveal();
    expect((await api<{ status: string }[]>(app, 'vote-list', { eventId })).find((v) => v.status === 'open')).toBeUndefined();
  });
});
