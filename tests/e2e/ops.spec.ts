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

const open = async (eventId: string, section: string) => {
  const u = new URL(app.url);
  u.hash = `#/event/${eventId}/${section}`;
  await page.goto(u.toString());
};
const waitSaved = () => page.getByTestId('save-state').filter({ hasText: 'All changes saved' }).waitFor();
const row = (mode: string) => page.getByRole('listitem', { name: `FMEA row ${mode}` });
const order = async () => (await page.getByTestId('fmea-row').locator('.fmea-mode').allInnerTexts()).map((t) => t.trim());

describe('FMEA and the gateway what-ifs', () => {
  it('adds failure modes from the AI template, scores them, sorts by RPN, turns a recommendation into an action (undoable)', async () => {
    const { id: eventId } = await api<{ id: string }>(app, 'event-create', { name: 'FMEA e2e' });
    await open(eventId, 'fmea');
    await page.getByText('No failure modes yet').waitFor();
    for (const mode of ['Model timeout', 'Data drift']) {
      await page.getByLabel('AI failure-mode template').selectOption(mode);
      await page.getByRole('button', { name: 'Add from template' }).click();
      await row(mode).waitFor();
    }
    // Template scores: Data drift 7·6·6 = 252 before Model timeout 8·5·4 = 160.
    await expect.poll(order).toEqual(['Data drift', 'Model timeout']);
    await expect.poll(() => row('Model timeout').getByTestId('fmea-rpn').innerText()).toBe('RPN 160');
    // The team re-scores the timeout: severity 10, occurrence 7 → 10·7·4 = 280, now first.
    const scores = row('Model timeout').getByRole('group', { name: 'Scores (1–10)' });
    await scores.getByLabel('Severity').selectOption('10');
    await waitSaved();
    await scores.getByLabel('Occurrence').selectOption('7');
    await waitSaved();
    await expect.poll(() => row('Model timeout').getByTestId('fmea-rpn').innerText()).toBe('RPN 280');
    await expect.poll(order).toEqual(['Model timeout', 'Data drift']);

    // The recommended action becomes an action in the actions list.
    await row('Model timeout').getByRole('button', { name: 'Make it an action: Model timeout' }).click();
    await row('Model timeout').getByText('Timeout budget per stage and a p95 latency SLA').waitFor();
    const actions = async () => (await api<{ title: string; description: string }[]>(app, 'action-list', { eventId })).map((a) => a.title);
    await expect.poll(actions).toEqual(['Timeout budget per stage and a p95 latency SLA']);
    await waitSaved();
    await screenshot(page, 'fmea-1280x720');
    expect(await axeViolations(page)).toEqual([]);

    // Undo removes the action again and the row offers the button back.
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await expect.poll(actions).toEqual([]);
    await row('Model timeout').getByRole('button', { name: 'Make it an action: Model timeout' }).waitFor();
    const list = await api<{ failureMode: string; rpn: number }[]>(app, 'ops-fmea-list', { eventId });
    expect(list.map((r) => [r.failureMode, r.rpn])).toEqual([['Model timeout', 280], ['Data drift', 252]]);
    const log = await api<{ area: string; action: string }[]>(app, 'governance-log-list', { eventId });
    expect(log.filter((l) => l.area === 'fmea').map((l) => l.action)).toEqual(expect.arrayContaining(['create', 'update', 'action']));
  });

  it('runs the rate-limit what-if on the demo gateway log: the nightly batch is what a 2/s, burst 20 limit would cut', async () => {
    const eventId = await demoEventId(app);
    await open(eventId, 'gateway');
    await page.getByTestId('gateway-report').waitFor();
    await page.getByTestId('sla-row').first().waitFor();
    await page.getByLabel('Rate (requests/s)').fill('2');
    await page.getByLabel('Burst').fill('20');
    await page.getByRole('button', { name: 'Run rate-limit what-if' }).click();
    const result = page.getByTestId('ratelimit-result');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/319 of 6,250 requests would have been rejected \(5\.1\s?%\)/);
    expect(await result.locator('tbody tr').first().innerText()).toMatch(/^batch-rescoring\s+1,680\s+319\s+10$/);
    await result.scrollIntoViewIfNeeded();
    await screenshot(page, 'gateway-whatif-1280x720');
    expect(await axeViolations(page)).toEqual([]);
    // The feedback loop joins the demo's corrections to its inference log: every correction names a logged prediction.
    await page.getByRole('button', { name: 'Join by prediction id' }).click();
    const fb = page.getByTestId('feedback-result');
    await fb.waitFor();
    expect(await fb.locator('.ops-answer').innerText()).toMatch(/^([\d,]+) of \1 corrections matched 50,000 predictions; correction rate/);
  });

  it('the demo event\'s Gateway & SLAs and FMEA pages are axe clean in dark and high contrast', async () => {
    const id = await demoEventId(app);
    const found: string[] = [];
    for (const theme of ['dark', 'contrast'] as const) {
      await api(app, 'settings-set', { theme });
      for (const [section, ready] of [['gateway', 'gateway-report'], ['fmea', 'fmea-row']] as const) {
        await open(id, section);
        await page.getByTestId(ready).first().waitFor({ timeout: 20_000 });
        await page.waitForLoadState('networkidle');
        expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(theme);
        for (const v of await axeViolations(page)) found.push(`${theme} ${section}: ${v}`);
      }
    }
    expect(found).toEqual([]);
    await open(id, 'fmea');
    await page.getByTestId('fmea-row').first().waitFor();
    await screenshot(page, 'fmea-demo-contrast-1280x720');
  });
});
