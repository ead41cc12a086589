import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, axeViolations, demoEventId, freshAppPerTest, screenshot } from './harness';
import type { AppUnderTest } from './harness';
import { SustainPage } from './pages/sustain-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Item = { id: string; kpiName: string; ownerId: string | null; frequency: string; reactions: { signal: unknown; action: string }[]; escalations: { incident: string; who: string; responseHours: number }[] };

async function kpiEvent() {
  const e = await api<{ id: string }>(app, 'event-create', { name: 'Control plan e2e' });
  const priya = await api<{ id: string }>(app, 'team-add', { eventId: e.id, member: { name: 'Priya Raman', role: 'ml-engineer' } });
  await api(app, 'kpi-create', { eventId: e.id, name: 'p95 latency', unit: 'ms', direction: 'lower', source: { kind: 'manual' } });
  await api(app, 'kpi-create', { eventId: e.id, name: 'Error rate', unit: '%', direction: 'lower', source: { kind: 'manual' } });
  return { eventId: e.id, ownerId: priya.id };
}

describe('control plan and runbooks', () => {
  it('edits the control plan inline (owner, frequency, reaction, escalation), undoes an edit, and passes axe at 1280×720', async () => {
    const { eventId, ownerId } = await kpiEvent();
    const p = new SustainPage(page, app.url, eventId);
    await p.open('control-plan');
    await page.getByText('No control plan yet').waitFor();
    await page.getByLabel('KPI without a control plan').selectOption({ label: 'p95 latency' });
    await page.getByRole('button', { name: 'Add to control plan' }).click();
    await p.row('p95 latency').waitFor();
    await page.getByLabel('Owner of p95 latency').selectOption({ label: 'Priya Raman' });
    await p.waitSaved();
    await page.getByLabel('How often p95 latency is measured').selectOption('weekly');
    await p.waitSaved();
    await p.addThresholdReaction('p95 latency', 'above', '450', 'Roll back to v3.1');
    await p.row('p95 latency').getByText('Value above 450 ms').waitFor();
    await p.addEscalation('p95 latency', 'infrastructure', 'Platform on-call', '0.5');
    await p.row('p95 latency').getByText('Platform on-call, within 30 min').waitFor();
    await p.waitSaved();

    let [item] = await api<Item[]>(app, 'control-list', { eventId });
    expect(item).toMatchObject({ kpiName: 'p95 latency', ownerId, frequency: 'weekly', reactions: [{ signal: { kind: 'threshold', op: 'above', value: 450 }, action: 'Roll back to v3.1' }], escalations: [{ incident: 'infrastructure', who: 'Platform on-call', responseHours: 0.5 }] });

    // The other KPI is still offered; an empty reaction plan is called out.
    await page.getByRole('button', { name: 'Add to control plan' }).click();
    await p.row('Error rate').getByText('No reaction plan').waitFor();
    await p.waitSaved();
    await screenshot(page, 'control-plan-1280x720');
    expect(await axeViolations(page)).toEqual([]);

    // Undo takes the last edit back (the Error rate row), then the escalation.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(async () => (await api<Item[]>(app, 'control-list', { eventId })).length).toBe(1);
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(async () => (await api<Item[]>(app, 'control-list', { eventId }))[0]!.escalations.length).toBe(0);
    await p.row('p95 latency').getByText('Platform on-call').waitFor({ state: 'detached' });
    [item] = await api<Item[]>(app, 'control-list', { eventId });
    expect(item!.reactions).toHaveLength(1);

    // Every change went into the change log with the row.
    const log = await api<{ area: string; action: string }[]>(app, 'governance-log-list', { eventId });
    expect(log.filter((l) => l.area === 'control-plan').map((l) => l.action)).toEqual(expect.arrayContaining(['create', 'update', 'remove']));
  });

  it('writes a runbook version, shows the diff, renders hostile Markdown inert and never follows a link', async () => {
    const { eventId } = await kpiEvent();
    const p = new SustainPage(page, app.url, eventId);
    await p.open('runbooks');
    await page.getByText('No runbooks yet').waitFor();
    await page.getByRole('button', { name: 'New rollback runbook' }).click();
    await page.getByLabel('Title').waitFor();
    await page.getByLabel('Title').fill('Roll back scoring');
    const body = '# Roll back scoring\n\n1. Switch traffic to v3.1\n2. Check the p95\n\n<script>window.__pwned = 1</script>\n<img src=x onerror="window.__pwned = 2">\n\n[Dashboard](https://grafana.example/d/1) and [bad](javascript:window.__pwned=3)\n';
    await page.getByLabel(/^Runbook \(Markdown/).fill(body);
    await page.getByLabel('What changed (optional)').fill('our own steps');
    await page.getByRole('button', { name: 'Save as version 2' }).click();
    await page.locator('.markdown').getByRole('heading', { name: 'Roll back scoring', level: 1 }).waitFor();
    await p.waitSaved();

    const md = page.locator('.markdown');
    expect(await md.locator('script, img, [onerror]').count()).toBe(0);
    expect(await md.locator('ol > li').allTextContents()).toEqual(['Switch traffic to v3.1', 'Check the p95']);
    expect(await md.locator('a[href^="javascript"]').count()).toBe(0);
    const before = page.url();
    await md.getByRole('link', { name: /Dashboard/ }).click();
    await page.getByText(/Link (address copied|not opened)/).first().waitFor();
    expect(page.url()).toBe(before);
    // The javascript: address was removed: the link text stays, with nothing to follow.
    const bad = md.locator('a', { hasText: 'bad' });
    expect(await bad.getAttribute('href')).toBeNull();
    await bad.click();
    expect(page.url()).toBe(before);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();

    await p.tab('History and changes').click();
    await expect.poll(() => page.getByTestId('runbook-version').count()).toBe(2);
    await page.getByRole('button', { name: 'Show changes' }).click();
    await page.getByText(/Version 1 → version 2: \d+ lines? added, \d+ removed\./).waitFor();
    expect(await page.locator('.diff-line[data-kind="added"]').filter({ hasText: '1. Switch traffic to v3.1' }).count()).toBe(1);
    expect(await page.locator('.diff-line[data-kind="removed"]').filter({ hasText: '# Rollback runbook' }).count()).toBe(1);
    await screenshot(page, 'runbook-diff-1280x720');
    expect(await axeViolations(page)).toEqual([]);

    // Restore version 1 as version 3.
    await page.getByRole('button', { name: 'Restore version 1 as a new version' }).click();
    await p.waitSaved();
    const versions = await api<{ version: number; restoredFrom: number | null }[]>(app, 'runbook-versions', { id: (await api<{ id: string }[]>(app, 'runbook-list', { eventId }))[0]!.id });
    expect(versions.map((v) => [v.version, v.restoredFrom])).toEqual([[3, 1], [2, null], [1, null]]);
  });

  it("shows the demo event's control plan and its monitoring runbook legibly at 1280×720", async () => {
    const eventId = await demoEventId(app);
    const p = new SustainPage(page, app.url, eventId);
    await p.open('control-plan');
    await p.row('Inference p95 response time').getByText('Value above 415 ms').waitFor();
    expect(await page.getByTestId('control-row').count()).toBe(6);
    await screenshot(page, 'control-plan-demo-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    await p.open('runbooks');
    await page.locator('.markdown').getByRole('heading', { name: 'Monitoring — inference latency', level: 1 }).waitFor();
    expect(await page.locator('.markdown a').first().getAttribute('rel')).toBe('noopener noreferrer nofollow');
    await screenshot(page, 'runbook-demo-1280x720');
    expect(await axeViolations(page)).toEqual([]);
  });
});
