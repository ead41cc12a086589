import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

/** An event with a facilitator, a governance-board member, a compliance member (all with passphrases) and one controlled change. */
async function signoffEvent() {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Sign-off e2e' });
  const add = async (name: string, role: string, passphrase: string) => {
    const id = (await api<{ id: string }>(app, 'team-add', { eventId: e.id, member: { name, role } })).id;
    await api(app, 'governance-passphrase-set', { memberId: id, passphrase });
    return id;
  };
  const tomas = await add('Tomás Okafor', 'facilitator', 'tomas-passphrase');
  await add('Grace Mensah', 'governance-board', 'grace-passphrase');
  await add('Hannah Cole', 'compliance-legal', 'hannah-passphrase');
  await api(app, 'governance-change-create', {
    eventId: e.id,
    fields: {
      component: { kind: 'other', id: '', label: 'Online feature store' }, changeType: 'infrastructure', before: 'no cache', after: 'read-through cache, TTL 15 min',
      reason: 'Feature lookups are two thirds of p95', link: null, requesterId: tomas, ticketRef: 'OPS-4821', plannedDate: null, actualDate: null,
    },
    approver: { memberId: tomas, passphrase: 'tomas-passphrase' },
  });
  return e.id;
}

async function openTab(eventId: string, tab: string, heading: string): Promise<void> {
  const u = new URL(app.url);
  u.hash = `#/event/${eventId}/governance/${tab}`;
  await page.goto(u.toString());
  await page.getByRole('heading', { name: heading, exact: true }).waitFor();
}

describe('sign-offs on the shared laptop', () => {
  it('a sign-off is requested, two signers sign in turn (the passphrase cleared each time), and it shows approved', async () => {
    const eventId = await signoffEvent();
    await openTab(eventId, 'signoffs', 'Request a sign-off');
    const form = page.getByRole('form', { name: 'Request a sign-off' });
    await form.getByLabel('What is signed off').selectOption({ label: 'Change — Online feature store: read-through cache, TTL 15 min' });
    await form.getByLabel('Asked by').selectOption({ label: 'Tomás Okafor' });
    await form.getByLabel('Compliance / legal').check();
    await form.getByLabel('Statement').fill('Turn the feature cache on in production');
    await form.getByLabel('Conditions').fill('Roll back if p95 rises above 250 ms');
    await form.getByRole('button', { name: 'Request sign-off' }).click();

    const card = page.getByTestId('signoff-request');
    await card.getByTestId('signoff-status').filter({ hasText: 'Awaiting signatures' }).waitFor();
    const sign = card.getByRole('form', { name: /^Sign / });

    // First signer: the governance board.
    await sign.getByLabel('Signer').selectOption({ label: 'Grace Mensah (Governance board)' });
    await sign.getByLabel('Passphrase').fill('grace-passphrase');
    await sign.getByLabel('Approve', { exact: true }).check();
    await sign.getByLabel('Comment').fill('Rollback rehearsed; go');
    await sign.getByRole('button', { name: 'Sign' }).click();
    await card.getByTestId('signature').filter({ hasText: 'Grace Mensah' }).waitFor();
    // The laptop is handed on with an empty form.
    expect(await sign.getByLabel('Passphrase').inputValue()).toBe('');
    expect(await sign.getByLabel('Signer').inputValue()).toBe('');

    // Second signer types a wrong passphrase first: refused, nothing signed, field cleared.
    await sign.getByLabel('Signer').selectOption({ label: 'Hannah Cole (Compliance / legal)' });
    await sign.getByLabel('Passphrase').fill('not-hannahs-passphrase');
    await sign.getByRole('button', { name: 'Sign' }).click();
    await sign.getByRole('alert').filter({ hasText: /Wrong passphrase for Hannah Cole/ }).waitFor();
    expect(await sign.getByLabel('Passphrase').inputValue()).toBe('');
    expect(await card.getByTestId('signature').count()).toBe(1);

    await sign.getByLabel('Passphrase').fill('hannah-passphrase');
    await sign.getByLabel('Approve with conditions').check();
    await sign.getByLabel('Comment').fill('Keep the 90-day retention');
    await screenshot(page, 'signoffs-second-signer');
    expect(await axeViolations(page)).toEqual([]);
    await sign.getByRole('button', { name: 'Sign' }).click();

    await card.getByTestId('signoff-status').filter({ hasText: 'Approved' }).waitFor();
    expect((await card.getByTestId('signature').allTextContents()).map((t) => t.replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/, ''))).toEqual([
      'Grace MensahGovernance boardApproveRollback rehearsed; go',
      'Hannah ColeCompliance / legalApprove with conditionsKeep the 90-day retention',
    ]);
    await screenshot(page, 'signoffs-approved');
    expect(await axeViolations(page)).toEqual([]);
    const [q] = await api<{ status: string; signatures: { name: string }[] }[]>(app, 'signoff-list', { eventId });
    expect(q).toMatchObject({ status: 'approved' });
  });

  it('the demo shows fraud-v3.2 signed off and the month-end freeze days on the calendar, with the DPA entry for region', async () => {
    const eventId = await demoEventId(app);
    await openTab(eventId, 'signoffs', 'Request a sign-off');
    const card = page.getByTestId('signoff-request').filter({ hasText: 'fraud fraud-v3.2' });
    await card.getByTestId('signoff-status').filter({ hasText: 'Approved' }).waitFor();
    expect(await card.getByTestId('signature').count()).toBe(2);

    await openTab(eventId, 'freeze-dpa', 'Change-freeze calendar');
    await page.getByRole('button', { name: 'Next month' }).waitFor();
    // The demo event starts on 9 November 2026: November's month-end close is 26, 27 and 30.
    await expect.poll(async () => page.getByTestId('freeze-day').allTextContents()).toEqual(['26 (frozen: Month-end close)', '27 (frozen: Month-end close)', '30 (frozen: Month-end close)']);
    await page.getByTestId('dpa-entry').filter({ hasText: 'Inference log: region' }).waitFor();
    await screenshot(page, 'freeze-dpa');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('an action due in a freeze shows the badge; starting it today asks the facilitator to override, then saves', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Freeze e2e' });
    const tomas = (await api<{ id: string }>(app, 'team-add', { eventId: e.id, member: { name: 'Tomás Okafor', role: 'facilitator' } })).id;
    await api(app, 'governance-passphrase-set', { memberId: tomas, passphrase: 'tomas-passphrase' });
    await api(app, 'governance-facilitator-update', { eventId: e.id, memberId: tomas, passphrase: 'tomas-passphrase' });
    const d = new Date();
    const today = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    await api(app, 'freeze-create', { eventId: e.id, name: 'Release freeze', reason: 'Peak season', rule: { kind: 'one-off', startDate: today, endDate: today } });
    await api(app, 'action-create', { eventId: e.id, title: 'Raise pod CPU limit', dueDate: today });
    const u = new URL(app.url);
    u.hash = `#/event/${e.id}/actions`;
    await page.goto(u.toString());
    const row = page.getByTestId('action-row').filter({ hasText: 'Raise pod CPU limit' });
    await row.getByTestId('freeze-badge').filter({ hasText: 'Freeze: Release freeze' }).waitFor();
    await row.getByRole('button', { name: 'Edit Raise pod CPU limit' }).click();
    await row.getByLabel('Status').selectOption({ label: 'In progress' });
    const prompt = row.getByRole('group', { name: 'Freeze override for start "Raise pod CPU limit"' });
    await prompt.getByLabel('Why this cannot wait').fill('CPU throttling is paging on-call');
    await prompt.getByLabel('Tomás Okafor’s passphrase').fill('tomas-passphrase');
    await screenshot(page, 'freeze-override-action');
    expect(await axeViolations(page)).toEqual([]);
    await prompt.getByRole('button', { name: 'Override and go ahead' }).click();
    await prompt.waitFor({ state: 'detached' });
    await row.locator('.status-pill').filter({ hasText: 'In progress' }).waitFor();
    const overrides = await api<{ name: string; reason: string }[]>(app, 'freeze-override-list', { eventId: e.id });
    expect(overrides.map((o) => [o.name, o.reason])).toEqual([['Tomás Okafor', 'CPU throttling is paging on-call']]);
  });
});
