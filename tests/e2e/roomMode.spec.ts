import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, newPage, screenshot } from './harness';
import type { AppUnderTest } from './harness';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Status = { on: boolean; joinUrl: string; joinCode: string; qrUrl: string; port: number };

/** 127.0.0.2 stands in for the laptop's address on the room's network: the phone reaches a different address and port. */
const LAN = '127.0.0.2';

async function openPanel(eventId: string): Promise<void> {
  const u = new URL(app.url);
  u.hash = `#/event/${eventId}/room`;
  await page.goto(u.toString());
}

describe('room mode: participants on their own phones, offline', () => {
  it('turns on and off from the panel, off by default, with the exposed network named', async () => {
    const eventId = await demoEventId(app);
    await openPanel(eventId);
    await expect.poll(() => page.getByRole('heading', { name: 'Room mode is off' }).isVisible()).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await screenshot(page, 'room-mode-facilitator-off');
    const loopback = page.getByRole('radio', { name: /127\.0\.0\.1/ });
    await loopback.check();
    await page.getByRole('button', { name: 'Turn on room mode' }).click();
    await expect.poll(() => page.getByTestId('room-join-code').textContent()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    const first = (await page.getByTestId('room-join-code').textContent())!;
    expect(await page.getByTestId('room-join-url').textContent()).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(await page.getByTestId('room-qr').locator('path').getAttribute('d')).toMatch(/^M\d+ \d+h1v1h-1z/);
    expect(await page.getByRole('note').first().textContent()).toContain('Listening on 127.0.0.1');
    await page.getByRole('button', { name: 'Turn off room mode' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Room mode is off' }).isVisible()).toBe(true);
    expect((await api<Status>(app, 'room-status', {})).on).toBe(false);
    // Turning it on again gives a new code.
    await page.getByRole('button', { name: 'Turn on room mode' }).click();
    await expect.poll(() => page.getByTestId('room-join-code').textContent()).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
    expect(await page.getByTestId('room-join-code').textContent()).not.toBe(first);
  });

  it('a phone joins over the room address, adds ideas and votes; the facilitator sees them', async () => {
    const eventId = await demoEventId(app);
    const round = await api<{ id: string }>(app, 'round-open', { eventId, prompt: 'What slows our model releases?' });
    const st = await api<Status>(app, 'room-start', { eventId, address: LAN });
    await openPanel(eventId);
    await expect.poll(() => page.getByTestId('room-join-code').textContent()).toBe(st.joinCode);
    expect(await page.getByTestId('room-join-url').textContent()).toBe(`http://${LAN}:${st.port}`);

    // The phone: a second browser context at 390×844 scanning the QR code (the URL carries the code).
    const phone = await newPage({ width: 390, height: 844 });
    const p = phone.page;
    await p.goto(st.qrUrl);
    await expect.poll(() => p.getByTestId('room-me').textContent()).toBe('You are Phone 1');
    expect(p.url()).toBe(`http://${LAN}:${st.port}/join`);
    await expect.poll(() => p.getByRole('heading', { name: 'What slows our model releases?' }).isVisible()).toBe(true);
    await p.getByLabel('Your idea (anonymous)').fill('Manual sign-off waits two days');
    await p.getByRole('button', { name: 'Add idea' }).click();
    await p.getByLabel('Your idea (anonymous)').fill('<b>Flaky</b> evaluation job');
    await p.getByLabel('Your idea (anonymous)').press('Enter');
    await expect.poll(() => p.getByTestId('room-my-ideas').locator('li').allTextContents()).toEqual(['Manual sign-off waits two days', '<b>Flaky</b> evaluation job']);
    expect(await p.locator('b').count()).toBe(0);

    // The facilitator sees the phone connected, with its two ideas.
    await expect.poll(() => page.getByTestId('room-connected').textContent()).toBe('1 connected · 1 joined');
    await expect.poll(() => page.getByTestId('room-participant').locator('td').nth(1).textContent()).toBe('2');
    expect(await axeViolations(page)).toEqual([]);
    const shot = await screenshot(page, 'room-mode-facilitator-panel');
    // The QR code on the projector screenshot decodes to the join URL with the code (zbarimg, installed by .ci/run).
    expect(execFileSync('zbarimg', ['-q', '--raw', shot], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()).toBe(st.qrUrl);

    // Closing the round: the phone's entries become anonymous ideas on the Ideas board.
    const closed = await api<{ ideas: { id: string; text: string }[] }>(app, 'round-close', { id: round.id });
    expect(closed.ideas.map((i) => i.text).sort()).toEqual(['<b>Flaky</b> evaluation job', 'Manual sign-off waits two days']);
    const u = new URL(app.url);
    u.hash = `#/event/${eventId}/ideas`;
    await page.goto(u.toString());
    await expect.poll(() => page.getByText('Manual sign-off waits two days').count()).toBeGreaterThan(0);

    // A vote on the phones' ideas: the phone casts its secret ballot.
    const vote = await api<{ id: string }>(app, 'vote-open', {
      eventId, title: 'Which first?', dotsPerVoter: 3, maxPerIdea: 2,
      voters: [1, 2, 3].map((n) => ({ label: `Voter ${n}`, memberId: null })), ideaIds: closed.ideas.map((i) => i.id),
    });
    await expect.poll(() => p.getByRole('heading', { name: 'Which first?', exact: true }).isVisible(), { timeout: 10_000 }).toBe(true);
    await p.getByRole('button', { name: 'One dot more on Manual sign-off waits two days' }).click();
    await p.getByRole('button', { name: 'One dot more on Manual sign-off waits two days' }).click();
    expect(await p.getByRole('button', { name: 'One dot more on Manual sign-off waits two days' }).isDisabled()).toBe(true);
    await p.getByRole('button', { name: 'One dot more on <b>Flaky</b> evaluation job' }).click();
    expect(await p.getByText('0 of 3 dots left').isVisible()).toBe(true);
    expect(await axeViolations(p)).toEqual([]);
    await screenshot(p, 'room-mode-phone-ballot');
    await p.getByRole('button', { name: 'Cast my vote' }).click();
    await p.getByRole('button', { name: 'Yes, cast my vote' }).click();
    await expect.poll(() => p.getByText('Your vote is in.').isVisible()).toBe(true);
    // Secret until reveal: the facilitator sees that one voter voted, no totals.
    const open = await api<{ votedCount: number; tally: unknown }>(app, 'vote-get', { id: vote.id });
    expect(open).toMatchObject({ votedCount: 1, tally: null });
    await api(app, 'vote-reveal', { id: vote.id });
    await expect.poll(() => p.getByRole('heading', { name: 'Results: Which first?' }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await p.locator('.room-results li').allTextContents()).toEqual(['1. Manual sign-off waits two days 2 dots', '2. <b>Flaky</b> evaluation job 1 dot']);
    await screenshot(p, 'room-mode-phone-results');
    await phone.context.close();
    expect(phone.errors).toEqual([]);
  });

  it('a second phone types the short URL and the code; the facilitator removes it and its page says so', async () => {
    const eventId = await demoEventId(app);
    const st = await api<Status>(app, 'room-start', { eventId, address: LAN });
    const phone = await newPage({ width: 390, height: 844 });
    const p = phone.page;
    await p.goto(st.joinUrl);
    await p.getByLabel('Join code').fill('WRONG2');
    await p.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => p.getByRole('alert').textContent()).toMatch(/join code is not right/);
    await p.getByLabel('Join code').fill(st.joinCode.toLowerCase());
    await p.getByRole('button', { name: 'Join' }).click();
    await expect.poll(() => p.getByTestId('room-me').textContent()).toBe('You are Phone 1');
    // Nothing is open in the demo event: the phone shows the demo's revealed vote, and no idea box or ballot.
    await expect.poll(() => p.getByRole('heading', { name: /^Results: / }).isVisible()).toBe(true);
    expect(await p.getByLabel('Your idea (anonymous)').count()).toBe(0);
    expect(await p.getByRole('button', { name: 'Cast my vote' }).count()).toBe(0);
    await screenshot(p, 'room-mode-phone-waiting');
    await openPanel(eventId);
    await expect.poll(() => page.getByTestId('room-participant').count()).toBe(1);
    await page.getByRole('button', { name: 'Remove Phone 1' }).click();
    await expect.poll(() => page.getByTestId('room-participant').count()).toBe(0);
    await expect.poll(() => p.getByRole('alert').textContent(), { timeout: 10_000 }).toMatch(/not in the room \(or was removed\)/);
    expect(await p.getByRole('heading', { name: 'Join the workshop' }).isVisible()).toBe(true);
    await phone.context.close();
    expect(phone.errors).toEqual([]);
  });
});
