import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import type { AppError } from '../../common/contract/errors';
import { runKaizen } from '../helpers/cli';

let s: TestServices;
let eventId: string;
let dir: string;
const ids: Record<string, string> = {};

const fail = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the call to fail');
};
const member = async (key: string, name: string, role: string, passphrase?: string) => {
  ids[key] = (await s.call('team-add', { eventId, member: { name, role } })).id;
  if (passphrase) await s.call('governance-passphrase-set', { memberId: ids[key], passphrase });
};
const csv = (name: string, body: string) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, body);
  return f;
};
const imp = (file: string, personal?: string[]) => s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Inference log', personal });
const dpaActions = async () => (await s.call('action-list', { eventId })).filter((a) => a.title.startsWith('Review the DPA'));

beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-11-20T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Freeze and DPA' })).id;
  dir = tempDir('kaizen-dpa-files-');
});
afterEach(() => s.close());

describe('personal columns and the "Review the DPA" action', () => {
  it('an import with a personal column raises one action for the compliance member, not one per re-import', async () => {
    await member('cy', 'Cy Compliance', 'compliance-legal');
    const a = csv('a.csv', 'request_id,region,score\nr1,EU,0.2\nr2,APAC,0.9\n');
    const v1 = await imp(a, ['region']);
    expect(await s.call('dpa-personal-list', { datasetId: v1.datasetId! })).toMatchObject([{ column: 'region', personal: true }]);
    let actions = await dpaActions();
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({ ownerId: ids.cy, status: 'planned', dueDate: '2026-12-04' });
    expect(actions[0]!.title).toBe('Review the DPA: dataset "Inference log" uses personal data (region)');

    await imp(a, ['region']); // identical file: unchanged
    await imp(csv('b.csv', 'request_id,region,score\nr1,EU,0.2\nr2,APAC,0.9\nr3,EU,0.5\n'), ['region']); // version 2
    expect(await dpaActions()).toHaveLength(1);

    // Marking another column later on the Data page raises one more, for that column only; the change is logged.
    await s.call('dpa-personal-set', { datasetId: v1.datasetId!, column: 'request_id', personal: true });
    actions = await dpaActions();
    expect(actions.map((x) => x.title)).toEqual([
      'Review the DPA: dataset "Inference log" uses personal data (region)',
      'Review the DPA: dataset "Inference log" uses personal data (request_id)',
    ]);
    await s.call('dpa-personal-set', { datasetId: v1.datasetId!, column: 'request_id', personal: false });
    await s.call('dpa-personal-set', { datasetId: v1.datasetId!, column: 'request_id', personal: true });
    expect(await dpaActions()).toHaveLength(2);
    const log = await s.call('governance-log-list', { eventId });
    expect(log.filter((e) => e.recordTable === 'dataset_column_flags').map((e) => e.action)).toEqual(['mark-personal', 'mark-personal', 'unmark-personal', 'mark-personal']);
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
  });

  it('without a compliance member the action has no owner and says who to add; unknown columns are refused', async () => {
    const v = await imp(csv('c.csv', 'user_id,ms\nu1,12\n'), ['user_id']);
    const [a] = await dpaActions();
    expect(a!.ownerId).toBeNull();
    expect(a!.description).toMatch(/Nobody in the team has the Compliance \/ legal role/);
    const e = await fail(s.call('dpa-personal-set', { datasetId: v.datasetId!, column: 'email', personal: true }));
    expect(e.message).toBe('column: the dataset "Inference log" has no column "email".');
  });

  it('kaizen import --personal marks the columns and raises the review once', async () => {
    await member('cy', 'Cy Compliance', 'compliance-legal');
    const file = csv('cli.csv', 'request_id,region,score\nr1,EU,0.2\n');
    const args = ['import', file, '--data-dir', s.dataDir, '--event', eventId, '--name', 'CLI log', '--personal', 'region, request_id', '--json'];
    expect((await runKaizen(...args)).code).toBe(0);
    expect((await runKaizen(...args)).code).toBe(0);
    const ds = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'CLI log')!;
    expect((await s.call('dpa-personal-list', { datasetId: ds.id })).map((f) => [f.column, f.personal])).toEqual([['region', true], ['request_id', true]]);
    expect((await dpaActions()).map((a) => [a.title, a.ownerId])).toEqual([['Review the DPA: dataset "CLI log" uses personal data (region, request_id)', ids.cy]]);
  });

  it('an import without personal columns raises nothing', async () => {
    await imp(csv('d.csv', 'stage,ms\nfeatures,120\n'));
    expect(await dpaActions()).toEqual([]);
  });
});

describe('DPA register', () => {
  it('adds entries and corrections (nothing is edited), each logged', async () => {
    const v = await imp(csv('a.csv', 'request_id,region\nr1,EU\n'), ['region']);
    const first = await s.call('dpa-create', {
      eventId,
      fields: { datasetId: v.datasetId!, columns: ['region'], purpose: 'Fairness checks by region', legalBasis: 'legitimate-interests', retention: '90 days', processor: 'In-house' },
    });
    expect(first).toMatchObject({ datasetName: 'Inference log', correctsId: null, correctedById: null });
    const fix = await s.call('dpa-create', {
      eventId,
      correctsId: first.id,
      fields: { datasetId: v.datasetId!, columns: ['region'], purpose: 'Fairness checks by region', legalBasis: 'legitimate-interests', retention: '30 days', processor: 'In-house' },
    });
    const list = await s.call('dpa-list', { eventId });
    expect(list.map((e) => [e.retention, e.correctsId, e.correctedById])).toEqual([
      ['90 days', null, fix.id],
      ['30 days', first.id, null],
    ]);
    const bad = await fail(s.call('dpa-create', { eventId, fields: { datasetId: null, columns: ['x'], purpose: 'p', legalBasis: 'consent', retention: '1 y', processor: '' } }));
    expect(bad.message).toMatch(/name the data source/);
    const basis = await fail(s.call('dpa-create', { eventId, fields: { datasetId: null, datasetName: 'CRM', columns: ['x'], purpose: 'p', legalBasis: 'because', retention: '1 y', processor: '' } }));
    expect(basis.code).toBe('VALIDATION');
  });
});

describe('freeze calendar', () => {
  beforeEach(async () => {
    await member('ana', 'Ana Facilitator', 'facilitator', 'ana-facilitates');
    await member('bo', 'Bo Board', 'governance-board', 'board-member-bo');
  });

  it('a month-end window covers the last 3 business days; the month view and freeze-at agree', async () => {
    const w = await s.call('freeze-create', { eventId, name: 'Month-end close', reason: 'Finance closes the books', rule: { kind: 'month-end', businessDays: 3 } });
    expect(w).toMatchObject({ description: 'last 3 business days of each month', createdBy: 'Ana Facilitator', withdrawn: null });
    expect(await s.call('freeze-at', { eventId, date: '2026-11-30' })).toEqual({ id: w.id, name: 'Month-end close', reason: 'Finance closes the books' });
    expect(await s.call('freeze-at', { eventId, date: '2026-11-21' })).toBeNull();
    const month = await s.call('freeze-month', { eventId, month: '2026-11' });
    expect(month.filter((d) => d.windows.length > 0).map((d) => d.date)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    const inverted = await fail(s.call('freeze-create', { eventId, name: 'x', reason: 'y', rule: { kind: 'one-off', startDate: '2026-12-05', endDate: '2026-12-01' } }));
    expect(inverted.code).toBe('VALIDATION');
  });

  it('going ahead inside a window needs the facilitator and their passphrase, and is logged', async () => {
    await s.call('freeze-create', { eventId, name: 'Launch week', reason: 'Peak traffic', rule: { kind: 'one-off', startDate: '2026-12-01', endDate: '2026-12-04' } });
    const subject = { kind: 'other', id: 'x', label: 'Hotfix' } as const;
    const notFac = await fail(s.call('freeze-override-create', { eventId, date: '2026-12-02', subject, reason: 'Security fix', acting: { memberId: ids.bo, passphrase: 'board-member-bo' } }));
    expect(notFac.code).toBe('FORBIDDEN');
    expect(notFac.message).toMatch(/Only the facilitator \(Ana Facilitator\)/);
    const wrong = await fail(s.call('freeze-override-create', { eventId, date: '2026-12-02', subject, reason: 'Security fix', acting: { memberId: ids.ana, passphrase: 'not-the-one-123' } }));
    expect(wrong.message).toMatch(/Wrong passphrase for Ana Facilitator/);
    const outside = await fail(s.call('freeze-override-create', { eventId, date: '2026-12-07', subject, reason: 'x', acting: { memberId: ids.ana, passphrase: 'ana-facilitates' } }));
    expect(outside.message).toBe('2026-12-07 is not inside a freeze window: no override is needed.');
    const o = await s.call('freeze-override-create', { eventId, date: '2026-12-02', subject, reason: 'Security fix', acting: { memberId: ids.ana, passphrase: 'ana-facilitates' } });
    expect(o).toMatchObject({ windowName: 'Launch week', name: 'Ana Facilitator', reason: 'Security fix' });
    expect(await s.call('freeze-override-list', { eventId })).toHaveLength(1);
    const log = await s.call('governance-log-list', { eventId });
    expect(log.some((e) => e.recordTable === 'freeze_overrides' && e.actor === 'Ana Facilitator')).toBe(true);
  });

  it('actions due inside a window carry its name; starting one during a freeze needs the override, asked once', async () => {
    await s.call('freeze-create', { eventId, name: 'Event week freeze', reason: 'Demo to the board', rule: { kind: 'one-off', startDate: '2026-11-19', endDate: '2026-11-23' } });
    const inside = await s.call('action-create', { eventId, title: 'Turn on the cache', dueDate: '2026-11-23' });
    const outside = await s.call('action-create', { eventId, title: 'Write the runbook', dueDate: '2026-11-30' });
    const list = await s.call('action-list', { eventId });
    expect(list.find((a) => a.id === inside.id)!.freeze).toMatchObject({ name: 'Event week freeze' });
    expect(list.find((a) => a.id === outside.id)!.freeze).toBeNull();

    // Today (2026-11-20 on the test clock) is inside the window: starting any action needs the facilitator.
    const blocked = await fail(s.call('action-update', { id: outside.id, patch: { status: 'in-progress' } }));
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.details).toMatchObject({ reason: 'freeze-override-needed', window: { name: 'Event week freeze' } });
    expect((await s.call('action-list', { eventId })).find((a) => a.id === outside.id)!.status).toBe('planned');
    // Other edits are not held up.
    await s.call('action-update', { id: outside.id, patch: { description: 'Steps for on-call' } });

    const started = await s.call('action-update', { id: outside.id, patch: { status: 'in-progress' }, freezeOverride: { reason: 'Runbook is needed for the rollback drill', acting: { memberId: ids.ana, passphrase: 'ana-facilitates' } } });
    expect(started.status).toBe('in-progress');
    // Same action, same day: the recorded override is enough.
    expect((await s.call('action-update', { id: outside.id, patch: { status: 'done' } })).status).toBe('done');
    expect((await s.call('freeze-override-list', { eventId })).map((o) => [o.subject.kind, o.subject.label, o.name])).toEqual([['action', 'Write the runbook', 'Ana Facilitator']]);
  });

  it('a controlled change dated inside a window is flagged in the change list', async () => {
    await s.call('freeze-create', { eventId, name: 'Month-end close', reason: 'Books close', rule: { kind: 'month-end', businessDays: 3 } });
    const record = (plannedDate: string) =>
      s.call('governance-change-create', {
        eventId,
        fields: { component: { kind: 'other', id: '', label: 'Threshold' }, changeType: 'threshold', before: '0.5', after: '0.55', reason: 'fewer false flags', link: null, requesterId: ids.ana, ticketRef: '', plannedDate, actualDate: null },
        approver: { memberId: ids.ana, passphrase: 'ana-facilitates' },
      });
    const inside = await record('2026-11-27');
    const outside = await record('2026-11-21');
    const list = await s.call('governance-change-list', { eventId });
    expect(list.find((c) => c.id === inside.id)!.freeze).toMatchObject({ name: 'Month-end close' });
    expect(list.find((c) => c.id === outside.id)!.freeze).toBeNull();
  });

  it('recording a change carried out inside a window needs the facilitator\'s override; its correction does not', async () => {
    await s.call('freeze-create', { eventId, name: 'Month-end close', reason: 'Books close', rule: { kind: 'month-end', businessDays: 3 } });
    const input = (extra: object = {}) => ({
      eventId,
      fields: { component: { kind: 'other', id: '', label: 'Threshold' }, changeType: 'threshold', before: '0.5', after: '0.55', reason: 'fewer false flags', link: null, requesterId: ids.bo, ticketRef: '', plannedDate: null, actualDate: '2026-11-30' },
      approver: { memberId: ids.bo, passphrase: 'board-member-bo' },
      ...extra,
    });
    const blocked = await fail(s.call('governance-change-create', input()));
    expect(blocked.code).toBe('CONFLICT');
    expect(blocked.message).toBe("2026-11-30 is inside the change freeze \"Month-end close\" (Books close): going ahead needs the facilitator's override with a reason.");
    expect(await s.call('governance-change-list', { eventId })).toEqual([]);
    const c = await s.call('governance-change-create', input({ freezeOverride: { reason: 'Fraud spike on the 30th', acting: { memberId: ids.ana, passphrase: 'ana-facilitates' } } }));
    expect(c.freeze).toMatchObject({ name: 'Month-end close' });
    expect((await s.call('freeze-override-list', { eventId })).map((o) => [o.subject.kind, o.subject.id, o.date, o.name])).toEqual([['change', c.id, '2026-11-30', 'Ana Facilitator']]);
    // A correction records history; it does not go ahead again.
    await s.call('governance-change-create', input({ correctsId: c.id }));
    expect(await s.call('governance-change-list', { eventId })).toHaveLength(2);
  });

  it('withdrawing a window needs a passphrase and keeps it in the record', async () => {
    const w = await s.call('freeze-create', { eventId, name: 'Fridays', reason: 'No Friday deploys', rule: { kind: 'weekday', weekday: 5 } });
    expect(await s.call('freeze-at', { eventId, date: '2026-12-04' })).not.toBeNull();
    const wrong = await fail(s.call('freeze-withdraw', { id: w.id, reason: 'Pilot over', acting: { memberId: ids.bo, passphrase: 'wrong-wrong-wrong' } }));
    expect(wrong.code).toBe('BAD_INPUT');
    const done = await s.call('freeze-withdraw', { id: w.id, reason: 'Pilot over', acting: { memberId: ids.bo, passphrase: 'board-member-bo' } });
    expect(done.withdrawn).toMatchObject({ reason: 'Pilot over', by: 'Bo Board' });
    expect(await s.call('freeze-at', { eventId, date: '2026-12-04' })).toBeNull();
    expect(await s.call('freeze-list', { eventId })).toHaveLength(1);
  });
});
