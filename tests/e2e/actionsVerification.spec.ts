import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api, screenshot, freshAppPerTest } from './harness';
import type { AppUnderTest } from './harness';
import { ActionsPage } from './pages/actions-page';

let app: AppUnderTest;
let page: Page;
freshAppPerTest((a, p) => {
  app = a;
  page = p;
});

type Action = { id: string; status: string; verification: { by: string; reason: string | null } | null };

describe('evidence-gated verification (Actions page)', () => {
  it('refuses Verified without evidence with the reason in words, and verifies by an override with a reason', async () => {
    const e = await api<{ id: string }>(app, 'event-create', { name: 'Verification e2e' });
    const kpi = await api<{ id: string }>(app, 'kpi-create', { eventId: e.id, name: 'p95 latency', unit: 'ms', direction: 'lower', source: { kind: 'manual' } });
    // Eleven days before the done date (12 Nov) and only two after it.
    for (let d = 1; d <= 14; d++) if (d !== 12) await api(app, 'kpi-entry-add', { kpiId: kpi.id, date: `2026-11-${String(d).padStart(2, '0')}`, value: d < 12 ? 240 + (d % 3) : 181 });
    await api(app, 'action-create', {
      eventId: e.id,
      title: 'Cache the feature lookups',
      status: 'done',
      doneDate: '2026-11-12',
      expectedEffect: { kpi: 'p95 latency', change: -20, unit: '%' },
      links: [{ kind: 'kpi', id: kpi.id }],
    });
    const p = new ActionsPage(page, app.url, e.id);
    await p.open('actions');
    const row = p.row('Cache the feature lookups');
    await row.getByTestId('action-evidence').filter({ hasText: 'Actual: not measurable yet — not shown' }).waitFor();
    await row.getByRole('button', { name: 'Edit Cache the feature lookups' }).click();
    await row.getByLabel('Status').selectOption('verified');
    const prompt = page.getByRole('group', { name: 'Verify "Cache the feature lookups" without the evidence' });
    await prompt.waitFor();
    expect(await prompt.textContent()).toContain('Only 2 entries of p95 latency data after the done date (12 Nov 2026); need 7.');
    const [before] = await api<Action[]>(app, 'action-list', { eventId: e.id });
    expect(before).toMatchObject({ status: 'done', verification: null });
    await screenshot(page, 'action-verify-refused-1280x720');
    await prompt.getByLabel('Verify anyway because (logged)').fill('Staging load test shows −30 %; traffic too low this month');
    await prompt.getByRole('button', { name: 'Verify with override' }).click();
    await prompt.waitFor({ state: 'detached' });
    await expect.poll(async () => (await api<Action[]>(app, 'action-list', { eventId: e.id }))[0]).toMatchObject({
      status: 'verified',
      verification: { by: 'override', reason: 'Staging load test shows −30 %; traffic too low this month' },
    });
  });
});
