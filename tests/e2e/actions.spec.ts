import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest, axeViolations } from './harness';
import type { AppUnderTest } from './harness';
import { ActionsPage } from './pages/actions-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Idea = { id: string; text: string };
type Action = { id: string; title: string; ownerId: string | null; dueDate: string | null; links: { kind: string; id: string }[]; overdue: boolean };

/** An event with two team members and three ideas, voted on by two voters and revealed (via the contract). */
async function votedEvent() {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Actions e2e' });
  const priya = await api<{ id: string }>(app, 'team-add', { eventId: e.id, member: { name: 'Priya Raman', role: 'ml-engineer' } });
  await api(app, 'team-add', { eventId: e.id, member: { name: '<b>Bold</b> Bob', role: 'platform-sre' } });
  const ideas: Idea[] = [];
  for (const text of ['Cache features at the edge', 'Batch feature lookups', 'Drop the slow rule']) ideas.push(await api<Idea>(app, 'idea-add', { eventId: e.id, idea: { text } }));
  const vote = await api<{ id: string }>(app, 'vote-open', { eventId: e.id, title: 'What first?', dotsPerVoter: 3, voters: [{ label: 'Voter 1', memberId: null }, { label: 'Voter 2', memberId: null }] });
  await api(app, 'vote-begin', { id: vote.id, voterIndex: 0 });
  await api(app, 'vote-cast', { id: vote.id, voterIndex: 0, dots: { [ideas[1]!.id]: 2, [ideas[0]!.id]: 1 } });
  await api(app, 'vote-begin', { id: vote.id, voterIndex: 1 });
  await api(app, 'vote-cast', { id: vote.id, voterIndex: 1, dots: { [ideas[1]!.id]: 3 } });
  await api(app, 'vote-reveal', { id: vote.id });
  return { eventId: e.id, ownerId: priya.id, ideas };
}

describe('actions', () => {
  it('creates an action from the most-voted idea with an owner and due date, and keeps it after reload', async () => {
    const { eventId, ownerId, ideas } = await votedEvent();
    const p = new ActionsPage(page, app.url, eventId);
    await p.open('actions');
    await page.getByText('No actions yet').waitFor();
    // The most-voted idea is listed first with its dot count.
    const options = () => p.form().getByLabel('From idea').locator('option').allTextContents();
    await expect.poll(async () => (await options()).slice(1)).toEqual(['Batch feature lookups — 5 dots', 'Cache features at the edge — 1 dot', 'Drop the slow rule']);
    await p.createFromIdea('Batch feature lookups', 'Priya Raman', '2030-01-15');
    await p.row('Batch feature lookups').waitFor();
    await p.waitSaved();
    const [saved] = await api<Action[]>(app, 'action-list', { eventId });
    expect(saved).toMatchObject({ title: 'Batch feature lookups', ownerId, dueDate: '2030-01-15', links: [{ kind: 'idea', id: ideas[1]!.id }] });
    await page.reload();
    const row = p.row('Batch feature lookups');
    expect(await row.getByTestId('action-owner').textContent()).toBe('Priya Raman');
    expect(await row.getByTestId('action-due').textContent()).toBe('2030-01-15');
    expect(await row.textContent()).toContain('Idea: Batch feature lookups');
  });

  it('highlights overdue actions, filters by owner, shows markup as text, and undoes a removal', async () => {
    const { eventId, ownerId } = await votedEvent();
    const members = await api<{ members: { id: string; name: string }[] }>(app, 'team-list', { eventId });
    const bob = members.members.find((m) => m.name.startsWith('<b>'))!.id;
    await api(app, 'action-create', { eventId, title: 'Add a latency budget to the release checklist', ownerId, dueDate: '2020-01-01', expectedEffect: { kpi: 'p95 latency', change: -150, unit: 'ms' } });
    await api(app, 'action-create', { eventId, title: 'Raise pod CPU limit', ownerId: bob, dueDate: '2030-02-01', status: 'in-progress' });
    await api(app, 'action-create', { eventId, title: '<img src=x onerror=alert(1)> sanitise input', dueDate: '2030-03-01', status: 'done' });
    const p = new ActionsPage(page, app.url, eventId);
    await p.open('actions');
    await p.rows().first().waitFor();
    const late = p.row('latency budget');
    expect(await late.getAttribute('class')).toContain('overdue');
    expect(await late.getByTestId('overdue').textContent()).toMatch(/^Overdue \d+ days$/);
    expect(await late.textContent()).toContain('Expected: p95 latency: −150 ms');
    expect(await page.getByTestId('overdue').count()).toBe(1);
    expect(await p.row('sanitise input').textContent()).toContain('<img src=x onerror=alert(1)> sanitise input');
    expect(await p.row('Raise pod CPU').getByTestId('action-owner').textContent()).toBe('<b>Bold</b> Bob');
    await screenshot(page, 'actions-list-1280x720');
    expect(await axeViolations(page)).toEqual([]);

    await page.getByLabel('Filter by owner').selectOption({ label: '<b>Bold</b> Bob' });
    expect(await p.rows().count()).toBe(1);
    await page.getByLabel('Filter by owner').selectOption({ label: 'Everyone' });
    await page.getByLabel(/Overdue only/).check();
    expect(await p.rows().allTextContents()).toHaveLength(1);
    await page.getByLabel(/Overdue only/).uncheck();

    await p.row('Raise pod CPU').getByRole('button', { name: 'Edit Raise pod CPU limit' }).click();
    await p.row('Raise pod CPU').getByRole('button', { name: 'Remove action' }).click();
    await expect.poll(() => p.rows().count()).toBe(2);
    await page.getByRole('button', { name: /^Undo/ }).click();
    await expect.poll(() => p.rows().count()).toBe(3);
    const back = (await api<Action[]>(app, 'action-list', { eventId })).find((a) => a.title === 'Raise pod CPU limit');
    expect(back).toMatchObject({ ownerId: bob, dueDate: '2030-02-01' });
  });

  it('records a decision and a correction in the append-only log', async () => {
    const { eventId } = await votedEvent();
    const p = new ActionsPage(page, app.url, eventId);
    await p.open('decisions');
    await page.getByLabel('Decision', { exact: true }).fill('Batch the lookups first');
    await page.getByLabel('Rationale').fill('Two thirds of p95');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await page.getByTestId('decision').first().waitFor();
    await page.getByRole('button', { name: 'Record a correction' }).click();
    await page.getByLabel('Decision', { exact: true }).fill('Batch the lookups first, EU region only');
    await page.getByRole('button', { name: 'Record correction' }).click();
    await expect.poll(() => page.getByTestId('decision').count()).toBe(2);
    expect(await page.getByTestId('decision').first().textContent()).toContain('Corrected by #2');
    expect(await page.getByTestId('decision').nth(1).textContent()).toContain('Corrects #1');
    expect(await page.getByRole('button', { name: /delete|edit/i }).count()).toBe(0);
    await screenshot(page, 'decisions-1280x720');
    expect(await axeViolations(page)).toEqual([]);
  });

  it('parks an out-of-scope item with who raised it and its outcome, and restores a removed one', async () => {
    const { eventId } = await votedEvent();
    const p = new ActionsPage(page, app.url, eventId);
    await p.open('parking');
    await page.getByText('The parking lot is empty').waitFor();
    await page.getByLabel('Out of scope for now').fill('Move scoring to GPUs?');
    await page.getByLabel('Raised by').fill('Luis');
    await page.getByLabel('Out of scope for now').press('Enter');
    const item = page.getByTestId('parking-item');
    await item.waitFor();
    await item.getByLabel('What became of it').selectOption('deferred');
    await item.getByLabel('Outcome / follow-up').fill('Platform roadmap review in Q1');
    await item.getByLabel('Outcome / follow-up').blur();
    await p.waitSaved();
    await expect.poll(async () => (await api<{ status: string; outcome: string; raisedBy: string }[]>(app, 'parking-list', { eventId }))[0]).toMatchObject({ status: 'deferred', outcome: 'Platform roadmap review in Q1', raisedBy: 'Luis' });
    await page.reload();
    await item.waitFor();
    expect(await item.getByLabel('What became of it').inputValue()).toBe('deferred');
    await screenshot(page, 'parking-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    await item.getByRole('button', { name: 'Remove' }).click();
    await page.getByText('The parking lot is empty').waitFor();
    await page.getByRole('button', { name: /^Undo/ }).click();
    await item.waitFor();
    expect(await item.getByLabel('Outcome / follow-up').inputValue()).toBe('Platform roadmap review in Q1');
  });
});
