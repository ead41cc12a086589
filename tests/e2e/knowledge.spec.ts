import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { HomePage } from './pages/home-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

const DEMO = 'Cut p95 latency of the fraud-scoring API';

describe('archived events and the knowledge base', () => {
  it('archives an event, lists it under Archived, finds its content from Ctrl+K and opens the item; reopens with the facilitator’s passphrase', async () => {
    const eventId = await demoEventId(app);
    await api(app, 'lesson-add', { eventId, kind: 'worked', text: 'Shadow traffic caught the <b>regression</b> before users did' });
    const home = new HomePage(page);
    await home.goto(app.url);
    await page.getByRole('button', { name: `Archive ${DEMO}` }).click();
    await page.getByRole('button', { name: 'Archive event' }).click();

    // Home: out of the main list, under Archived.
    await page.getByRole('heading', { name: 'Archived' }).waitFor();
    const archived = page.getByTestId('archived-row');
    await expect.poll(() => archived.allTextContents()).toEqual([expect.stringContaining(DEMO)]);
    expect(await home.rows().allTextContents()).not.toContainEqual(expect.stringContaining(DEMO));
    await page.getByRole('heading', { name: 'No open events' }).waitFor();
    await screenshot(page, 'home-archived-1280x720');

    // Home search over every event's content, archived included; markup in the text stays text.
    await page.getByLabel('Search the content of every event').fill('shadow regress');
    const hit = page.getByTestId('search-hit').first();
    await hit.waitFor();
    expect(await hit.textContent()).toContain('Shadow traffic caught the <b>regression</b> before users did');
    expect(await hit.locator('mark').allTextContents()).toEqual(['Shadow', 'regression']);
    expect(await hit.locator('b').count()).toBe(0);
    await screenshot(page, 'home-search-1280x720');
    expect(await axeViolations(page)).toEqual([]);

    // Ctrl+K: the palette searches too; Enter opens the first result in its event, at its section.
    await page.keyboard.press('Control+k');
    await page.getByLabel('Type a command').fill('batched feature');
    const paletteHit = page.getByTestId('palette-hit').first();
    await paletteHit.waitFor();
    expect(await paletteHit.textContent()).toContain('Restore batched feature reads in the v3 client');
    await screenshot(page, 'palette-search-1280x720');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Actions', level: 1 }).waitFor();
    expect(page.url()).toContain(`#/event/${eventId}/actions`);
    await page.getByText('Restore batched feature reads in the v3 client').first().waitFor();

    // Read-only: the banner says so, and a change is refused with the reason in words.
    const banner = page.getByTestId('archived-banner');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('this event is read-only');
    await page.goto(`${app.url}#/event/${eventId}/ideas`);
    await page.getByLabel('New idea').fill('One more idea');
    await page.getByLabel('New idea').press('Enter');
    await page.getByText(`Event "${DEMO}" is archived; reopen it to change it.`).first().waitFor();
    await expect(api(app, 'vote-list', { eventId })).resolves.toBeTruthy();
    await expect(api(app, 'idea-add', { eventId, idea: { text: 'x' } })).rejects.toThrow(`Event "${DEMO}" is archived; reopen it to change it.`);
    await page.goto(`${app.url}#/event/${eventId}/lessons`);
    await page.getByRole('heading', { name: 'Lessons learned', level: 1 }).waitFor();
    await page.getByText('Shadow traffic caught the').waitFor();
    expect(await page.getByPlaceholder('Type a lesson and press Enter').count()).toBe(0);
    await screenshot(page, 'event-archived-lessons-1280x720');

    // Reopen: the facilitator (Tomás Okafor in the demo) gives the passphrase; a wrong one is refused in words.
    await banner.getByRole('button', { name: 'Reopen…' }).click();
    await banner.getByLabel('Tomás Okafor’s passphrase').fill('not-the-passphrase');
    await banner.getByRole('button', { name: 'Reopen event' }).click();
    await banner.getByRole('alert').waitFor();
    expect(await banner.getByRole('alert').textContent()).toContain('Wrong passphrase for Tomás Okafor');
    await banner.getByLabel('Tomás Okafor’s passphrase').fill('demo-tomas');
    await banner.getByRole('button', { name: 'Reopen event' }).click();
    await banner.waitFor({ state: 'detached' });
    await page.getByPlaceholder('Type a lesson and press Enter').first().waitFor();
    expect(((await api<{ archivedAt: string | null }>(app, 'event-get', { id: eventId })).archivedAt)).toBeNull();
  });

  it('shows similar countermeasures from past events while an idea is typed', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Checkout latency kaizen' });
    await page.goto(`${app.url}#/event/${e.id}/ideas`);
    await page.getByLabel('New idea').fill('Batch the feature reads per request');
    const similar = page.getByTestId('similar-countermeasures');
    await similar.waitFor();
    expect(await similar.textContent()).toContain('Restore batched feature reads in the v3 client');
    expect(await similar.textContent()).toContain(DEMO);
    expect(await similar.textContent()).toContain('Expected: p95 latency down by ≥ 150 ms');
    await screenshot(page, 'similar-countermeasures-1280x720');
  });
});
