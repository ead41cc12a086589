import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { GovernancePage } from './pages/governance-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Change = { id: string; approverName: string; correctsId: string | null; correctedById: string | null };

/** An event with a facilitator and a process owner who has set a passphrase (via the contract). */
async function event() {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Governance e2e' });
  await api(app, 'team-add', { eventId: e.id, member: { name: 'Ana Facilitator', role: 'facilitator' } });
  const ben = await api<{ id: string }>(app, 'team-add', { eventId: e.id, member: { name: 'Ben Owner', role: 'process-owner' } });
  await api(app, 'governance-passphrase-set', { memberId: ben.id, passphrase: 'ben-secret-1' });
  return e.id;
}

describe('governance change log', () => {
  it('records a controlled change approved with a passphrase and shows it in the log, attributed to the approver', async () => {
    const eventId = await event();
    const g = new GovernancePage(page, app.url, eventId);
    await g.open();
    expect(await g.facilitator().textContent()).toBe('Facilitator: Ana Facilitator');
    await expect.poll(() => g.chainStatus().textContent()).toMatch(/chain intact, \d+ entries, head [0-9a-f]{8}…/);

    await page.getByRole('button', { name: 'Record a change' }).click();
    await g.fillChange({
      component: 'Online feature cache', type: 'Infrastructure', before: 'No cache (p95 lookup 180 ms)', after: 'Read-through cache, TTL 15 min',
      reason: 'Lookups are two thirds of the p95 budget', requester: 'Ana Facilitator', approver: 'Ben Owner', ticket: 'OPS-4821',
    });
    // A wrong passphrase is refused with the tries left, and the field is cleared.
    await g.approveWith('not-bens-passphrase');
    await g.form().getByRole('alert').filter({ hasText: 'Wrong passphrase for Ben Owner (4 tries left before a pause).' }).waitFor();
    expect(await g.form().getByLabel('Passphrase of Ben Owner').inputValue()).toBe('');
    expect(await api<Change[]>(app, 'governance-change-list', { eventId })).toEqual([]);

    await g.approveWith('ben-secret-1');
    const row = g.entry('Online feature cache: No cache (p95 lookup 180 ms) → Read-through cache, TTL 15 min');
    await row.waitFor();
    expect(await row.textContent()).toContain('Ben Owner');
    expect(await row.textContent()).toContain('Requested by Ana Facilitator, approved by Ben Owner · OPS-4821');
    const [saved] = await api<Change[]>(app, 'governance-change-list', { eventId });
    expect(saved).toMatchObject({ approverName: 'Ben Owner', correctsId: null });
    await expect.poll(() => g.chainStatus().textContent()).toMatch(/chain intact/);

    // Filters: by actor (only Ben's entries), then by text with no match.
    await page.getByLabel('Actor').selectOption({ label: 'Ben Owner' });
    expect(await g.entries().count()).toBeGreaterThanOrEqual(1);
    for (const text of await g.entries().allTextContents()) expect(text).toContain('Ben Owner');
    await page.getByLabel('Text', { exact: true }).fill('no such words');
    await page.getByText('No entry matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();

    await screenshot(page, 'governance-log-1280x720');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('records a correction that points at the original, which stays in the log marked superseded', async () => {
    const eventId = await event();
    const members = await api<{ members: { id: string; name: string }[] }>(app, 'team-list', { eventId });
    const id = (n: string) => members.members.find((m) => m.name === n)!.id;
    const original = await api<Change>(app, 'governance-change-create', {
      eventId,
      fields: { component: { kind: 'other', id: '', label: 'Scoring pods' }, changeType: 'infrastructure', before: '1 CPU', after: '2 CPU', reason: 'Throttling at peak', link: null, requesterId: id('Ana Facilitator'), ticketRef: 'OPS-9', plannedDate: '2026-11-20', actualDate: '2026-11-20' },
      approver: { memberId: id('Ben Owner'), passphrase: 'ben-secret-1' },
    });
    const g = new GovernancePage(page, app.url, eventId);
    await g.open();
    await page.getByRole('button', { name: /^Correct entry \d+$/ }).click();
    await g.form().getByText('The original stays in the log.').waitFor();
    await g.form().getByLabel('Actual date').fill('2026-11-21');
    await g.form().getByLabel('What the correction fixes').fill('Went live a day later');
    await g.form().getByLabel('Approved by').selectOption({ label: 'Ben Owner' });
    await g.approveWith('ben-secret-1');
    await g.entry('Superseded by a correction').waitFor();
    await g.entry('Corrects an earlier entry').waitFor();
    const list = await api<Change[]>(app, 'governance-change-list', { eventId });
    expect(list.map((c) => [c.correctsId, c.correctedById])).toEqual([[null, list[1]!.id], [original.id, null]]);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('switches the facilitator in the header (with their passphrase) and attributes later entries to them', async () => {
    const eventId = await event();
    const g = new GovernancePage(page, app.url, eventId);
    await g.open();
    await g.facilitator().click();
    const form = page.getByRole('form', { name: 'Switch facilitator' });
    await form.getByLabel('Who facilitates now').selectOption({ label: 'Ben Owner' });
    await form.getByLabel('Passphrase of Ben Owner').fill('wrong-passphrase');
    await form.getByRole('button', { name: 'Switch' }).click();
    await form.getByRole('alert').filter({ hasText: /Wrong passphrase for Ben Owner/ }).waitFor();
    await form.getByLabel('Passphrase of Ben Owner').fill('ben-secret-1');
    await form.getByRole('button', { name: 'Switch' }).click();
    await expect.poll(() => g.facilitator().textContent()).toBe('Facilitator: Ben Owner');
    await api(app, 'decision-add', { eventId, decision: 'Cache features first' });
    const row = g.entry('Cache features first');
    await row.waitFor();
    expect(await row.textContent()).toContain('Ben Owner');
    await g.entry(/Facilitator\s*switch/).waitFor();
  });

  it('sets a passphrase the first time on the People tab, never showing it, and then needs the old one to change it', async () => {
    const eventId = await event();
    const g = new GovernancePage(page, app.url, eventId);
    await g.open('people');
    const row = page.getByRole('row').filter({ hasText: 'Ana Facilitator' });
    expect(await row.textContent()).toContain('Not set yet');
    await page.getByRole('button', { name: 'Set passphrase of Ana Facilitator' }).click();
    const form = page.getByRole('form', { name: 'Passphrase of Ana Facilitator' });
    await form.getByLabel('New passphrase', { exact: true }).fill('ana-secret-1');
    await form.getByLabel('New passphrase again').fill('ana-secret-2');
    await form.getByRole('button', { name: 'Save passphrase' }).click();
    await form.getByRole('alert').filter({ hasText: 'The two new passphrases differ.' }).waitFor();
    await form.getByLabel('New passphrase', { exact: true }).fill('ana-secret-1');
    await form.getByLabel('New passphrase again').fill('ana-secret-1');
    await form.getByRole('button', { name: 'Save passphrase' }).click();
    await page.getByRole('button', { name: 'Change passphrase of Ana Facilitator' }).waitFor();
    expect(await page.content()).not.toContain('ana-secret-1');
    const members = await api<{ members: { id: string; name: string }[] }>(app, 'team-list', { eventId });
    const ana = members.members.find((m) => m.name === 'Ana Facilitator')!.id;
    await expect(api(app, 'governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'ana-secret-1' } })).resolves.toMatchObject({ name: 'Ana Facilitator' });
    await page.getByRole('button', { name: 'Change passphrase of Ana Facilitator' }).click();
    await page.getByRole('form', { name: 'Passphrase of Ana Facilitator' }).getByLabel('Current passphrase').waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });

  it('shows the demo’s log: intact chain, the feature-cache change with its correction and the model promotion', async () => {
    const eventId = await demoEventId(app);
    const g = new GovernancePage(page, app.url, eventId);
    await g.open();
    await expect.poll(() => g.chainStatus().textContent()).toMatch(/Tamper check: chain intact, \d+ entries, head [0-9a-f]{8}…/);
    expect(await g.facilitator().textContent()).toBe('Facilitator: Tomás Okafor');
    await page.getByLabel('Area').selectOption({ label: 'Controlled change' });
    await expect.poll(() => g.entries().count()).toBe(3);
    await g.entry('fraud-v3.1 in production → fraud-v3.2 in production').waitFor();
    await g.entry('Superseded by a correction').waitFor();
    await screenshot(page, 'governance-demo-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    await page.getByRole('tab', { name: 'People & passphrases' }).click();
    await page.getByRole('button', { name: 'Change passphrase of Tomás Okafor' }).waitFor();
    expect(await axeViolations(page)).toEqual([]);
  });
});
