import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChain } from '../../main/db/changeLog';

const actionLog = () =>
  s.db.prepare("SELECT action, entity_id AS entityId, reason, record_table AS recordTable, record_id AS recordId FROM change_log WHERE entity = 'action' ORDER BY seq").all() as { action: string; entityId: string; reason: string; recordTable: string; recordId: string }[];
import { fixedClock, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The clock says 2026-11-30; the action was done on 12 Nov. The KPI is a manual p95 latency with one entry a day.
let s: TestServices;
let eventId: string;
let kpiId: string;

const DONE = '2026-11-12';
const dayOf = (i: number) => `2026-11-${String(i).padStart(2, '0')}`;
/** Small deterministic wiggle so the series has a spread. */
const wiggle = (i: number) => ((i * 7) % 5) - 2;

async function entries(from: number, to: number, level: (day: number) => number) {
  for (let d = from; d <= to; d++) await s.call('kpi-entry-add', { kpiId, date: dayOf(d), value: level(d) + wiggle(d) });
}

async function doneAction() {
  const a = await s.call('action-create', {
    eventId,
    title: 'Cache the feature lookups',
    expectedEffect: { kpi: 'p95 latency', change: -20, unit: '%' },
    links: [{ kind: 'kpi', id: kpiId }],
  });
  // Finishing it dates it with today; the facilitator corrects the done date to when it really shipped.
  const done = await s.call('action-update', { id: a.id, patch: { status: 'done' } });
  expect(done.doneDate).toBe('2026-11-30');
  return s.call('action-update', { id: a.id, patch: { doneDate: DONE } });
}

async function refusal(p: Promise<unknown>) {
  const e = (await p.then(
    () => null,
    (err: unknown) => err,
  )) as { code: string; message: string; details: { reason: string; evidence: { shown: boolean; message: string } } } | null;
  expect(e).not.toBeNull();
  return e!;
}

beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-11-30T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
  kpiId = (await s.call('kpi-create', { eventId, name: 'p95 latency', unit: 'ms', direction: 'lower', source: { kind: 'manual' } })).id;
});
afterEach(() => s.close());

describe('evidence-gated verification of actions', () => {
  it('refuses "verified" while there are too few days after the done date, and says how many are needed', async () => {
    const a = await doneAction();
    await entries(1, 15, (d) => (d < 12 ? 240 : 180));
    const e = await refusal(s.call('action-update', { id: a.id, patch: { status: 'verified' } }));
    expect(e.code).toBe('CONFLICT');
    expect(e.details.reason).toBe('evidence-needed');
    expect(e.message).toContain('Only 3 entries of p95 latency data after the done date (12 Nov 2026); need 7');
    expect((await s.call('action-list', { eventId }))[0]).toMatchObject({ status: 'done', verification: null });
  });

  it('refuses "verified" when the KPI did not move as expected, naming the numbers', async () => {
    const a = await doneAction();
    await entries(1, 25, () => 240);
    const e = await refusal(s.call('action-update', { id: a.id, patch: { status: 'verified' } }));
    expect(e.details.evidence.shown).toBe(false);
    expect(e.message).toMatch(/p95 latency after 12 Nov 2026: 2\d\d ms vs 2\d\d ms before/);
    expect(e.message).toContain('not shown');
  });

  it('refuses "verified" when the shift is in the right direction but smaller than expected', async () => {
    const a = await doneAction();
    await entries(1, 25, (d) => (d < 12 ? 240 : 225));
    const e = await refusal(s.call('action-update', { id: a.id, patch: { status: 'verified' } }));
    expect(e.details.evidence.shown).toBe(false);
    expect(e.message).toContain('shift −6');
    expect(e.message).toContain('the shift is smaller than the expected 20 %');
  });

  it('verifies when the KPI shows the expected shift after the done date, and the action shows expected vs actual', async () => {
    const a = await doneAction();
    await entries(1, 25, (d) => (d < 12 ? 240 : d === 12 ? 210 : 181));
    const ev = await s.call('action-evidence', { id: a.id });
    expect(ev).toMatchObject({ shown: true, expected: 'p95 latency down by ≥ 20 %', nBefore: 11, nAfter: 13 });
    expect(ev!.actual).toMatch(/^18\d ms vs 2\d\d ms before, shift −2\d\.\d %$/);
    expect(ev!.mannWhitneyP).toBeLessThan(0.05);
    expect(ev!.held!.goodSignals).toBeGreaterThan(0);
    expect(ev!.message).toContain('→ verified.');
    const v = await s.call('action-update', { id: a.id, patch: { status: 'verified' } });
    expect(v.status).toBe('verified');
    expect(v.verification).toMatchObject({ by: 'evidence', reason: null, evidence: { shown: true } });
    expect(actionLog().map((x) => x.action)).toEqual(['verify']);
    expect(checkChain(s.db).breaks).toEqual([]);
  });

  it('verifies without the evidence only by an override with a reason, logged with the record', async () => {
    const a = await doneAction();
    await entries(1, 14, () => 240);
    await refusal(s.call('action-update', { id: a.id, patch: { status: 'verified' }, verifyOverride: { reason: 'short' } }));
    const v = await s.call('action-update', { id: a.id, patch: { status: 'verified' }, verifyOverride: { reason: 'Load test on staging shows −30 %; production traffic too low this month' } });
    expect(v.verification).toMatchObject({ by: 'override', reason: 'Load test on staging shows −30 %; production traffic too low this month' });
    expect(v.verification!.evidence!.message).toContain('Only 2 entries');
    const chain = checkChain(s.db);
    expect(actionLog()[0]).toMatchObject({ action: 'verify-override', entityId: a.id, reason: 'Load test on staging shows −30 %; production traffic too low this month', recordTable: 'actions', recordId: a.id });
    expect(chain.breaks).toEqual([]);
    // Reopening it clears the verification, also in the log, so the recorded row stays the row.
    const reopened = await s.call('action-update', { id: a.id, patch: { status: 'in-progress' } });
    expect(reopened.verification).toBeNull();
    expect(actionLog().map((x) => x.action)).toEqual(['verify-override', 'unverify']);
    expect(checkChain(s.db).breaks).toEqual([]);
  });

  it('leaves actions without an expected effect on a KPI ungated, and rejects a KPI of another event', async () => {
    const plain = await s.call('action-create', { eventId, title: 'Write the runbook', status: 'done' });
    expect((await s.call('action-update', { id: plain.id, patch: { status: 'verified' } })).verification).toBeNull();
    expect(await s.call('action-evidence', { id: plain.id })).toBeNull();
    const other = (await s.call('event-create', { name: 'Other' })).id;
    const otherKpi = (await s.call('kpi-create', { eventId: other, name: 'x', direction: 'lower', source: { kind: 'manual' } })).id;
    const e = await refusal(s.call('action-create', { eventId, title: 'Bad', expectedEffect: { kpi: 'x', change: -1, unit: 'ms', kpiId: otherKpi } }));
    expect(e.message).toContain(`expectedEffect.kpiId: no KPI "${otherKpi}" in this event.`);
  });
});
