import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyChangeLog } from '../../main/db/changeLog';
import { fixedClock, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
let ownerId: string;

beforeEach(async () => {
  // The fixed clock starts on 2026-11-20, so a due date of 2026-11-19 is overdue.
  s = await tempServices({ clock: fixedClock('2026-11-20T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
  ownerId = (await s.call('team-add', { eventId, member: { name: 'Priya', role: 'ml-engineer' } })).id;
});
afterEach(() => s.close());

describe('actions', () => {
  it('creates an action with owner, due date, effect and links, and lists it', async () => {
    const chain = await s.call('whys-chain-add', { eventId, problem: 'p95 is 900 ms' });
    const why = await s.call('whys-node-add', { chainId: chain.id, text: 'Cold model cache', isRootCause: true });
    const kpi = await s.call('kpi-create', { eventId, name: 'p95 latency', unit: 'ms', direction: 'lower', source: { kind: 'manual' } });
    const a = await s.call('action-create', {
      eventId,
      title: 'Warm the model cache on deploy',
      ownerId,
      dueDate: '2026-12-01',
      effort: 'medium',
      expectedEffect: { kpi: 'p95 latency', change: -300, unit: 'ms' },
      links: [{ kind: 'root-cause', id: why.id }, { kind: 'kpi', id: kpi.id }],
    });
    expect(a).toMatchObject({ status: 'planned', ownerId, dueDate: '2026-12-01', overdue: false, description: '' });
    expect(a.links).toEqual([{ kind: 'root-cause', id: why.id }, { kind: 'kpi', id: kpi.id }]);
    expect(await s.call('action-list', { eventId })).toEqual([a]);
  });

  it('marks open actions past their due date as overdue, but not done ones', async () => {
    const late = await s.call('action-create', { eventId, title: 'Late', dueDate: '2026-11-19' });
    const done = await s.call('action-create', { eventId, title: 'Done', dueDate: '2026-11-19', status: 'done' });
    const today = await s.call('action-create', { eventId, title: 'Today', dueDate: '2026-11-20' });
    expect([late.overdue, done.overdue, today.overdue]).toEqual([true, false, false]);
    const fixed = await s.call('action-update', { id: late.id, patch: { status: 'verified' } });
    expect(fixed.overdue).toBe(false);
  });

  it('refuses an owner from another event and a root cause that does not exist, naming the field', async () => {
    await expect(s.call('action-create', { eventId, title: 'x', ownerId: 'nobody' })).rejects.toThrow(/ownerId: no team member "nobody"/);
    await expect(s.call('action-create', { eventId, title: 'x', links: [{ kind: 'root-cause', id: 'ghost' }] })).rejects.toThrow(/links\.0: root cause "ghost"/);
    await expect(s.call('action-create', { eventId, title: '  ' })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('action-create', { eventId, title: 'x', links: [{ kind: 'kpi', id: 'no-such-kpi' }] })).rejects.toThrow(/links\.0: no KPI "no-such-kpi" in this event/);
    await expect(s.call('action-create', { eventId, title: 'x', links: [{ kind: 'burst', id: 'b' }] })).rejects.toThrow(/links\.0: no Kaizen burst "b"/);
    expect(await s.call('action-list', { eventId })).toEqual([]);
  });

  it('links an action to an idea of the event and rejects an idea of another event', async () => {
    const idea = await s.call('idea-add', { eventId, idea: { text: 'Batch feature lookups' } });
    const a = await s.call('action-create', { eventId, title: 'Batch lookups', links: [{ kind: 'idea', id: idea.id }] });
    expect(a.links).toEqual([{ kind: 'idea', id: idea.id }]);
    const other = (await s.call('event-create', { name: 'Other' })).id;
    await expect(s.call('action-create', { eventId: other, title: 'y', links: [{ kind: 'idea', id: idea.id }] })).rejects.toThrow(/not in this event/);
  });

  it('removes an action and restores it with the same id, links and creation time (undo)', async () => {
    const map = await s.call('vsm-create', { eventId });
    const stage = map.stages[0]!;
    const a = await s.call('action-create', { eventId, title: 'Cache', ownerId, links: [{ kind: 'vsm-stage', id: stage.id }] });
    const removed = await s.call('action-remove', { id: a.id });
    expect(await s.call('action-list', { eventId })).toEqual([]);
    const { id, eventId: _e, createdAt: _c, updatedAt: _u, overdue: _o, ...fields } = removed;
    const back = await s.call('action-create', { eventId, id, ...fields });
    expect(back).toMatchObject({ id: a.id, title: 'Cache', ownerId, links: [{ kind: 'vsm-stage', id: stage.id }] });
    await expect(s.call('action-create', { eventId, id, ...fields })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps markup in a title as plain text', async () => {
    const a = await s.call('action-create', { eventId, title: '<script>alert(1)</script>' });
    expect((await s.call('action-list', { eventId }))[0]!.title).toBe(a.title);
  });
});

describe('decision log', () => {
  it('appends decisions and corrections, writes each to the hash-chained change log, and has no edit method', async () => {
    const action = await s.call('action-create', { eventId, title: 'Cache' });
    const d1 = await s.call('decision-add', { eventId, decision: 'Adopt a warm cache', rationale: 'Cheapest fix', alternatives: 'Bigger GPU', decidedBy: 'Sponsor', actionIds: [action.id] });
    expect(d1).toMatchObject({ decidedOn: '2026-11-20', correctsId: null, correctedBy: [] });
    const d2 = await s.call('decision-add', { eventId, decision: 'Adopt a warm cache for EU only', correctsId: d1.id });
    const list = await s.call('decision-list', { eventId });
    expect(list.map((d) => d.decision)).toEqual(['Adopt a warm cache', 'Adopt a warm cache for EU only']);
    expect(list[0]!.correctedBy).toEqual([d2.id]);
    const log = s.db.prepare("SELECT action, entity_id FROM change_log WHERE entity = 'decision' ORDER BY seq").all();
    expect(log).toEqual([{ action: 'record', entity_id: d1.id }, { action: 'correct', entity_id: d2.id }]);
    expect(verifyChangeLog(s.db)).toBeNull();
    await expect(s.call('decision-update' as never, { id: d1.id })).rejects.toMatchObject({ code: 'UNKNOWN_METHOD' });
    expect(() => s.db.prepare('DELETE FROM decisions').run()).toThrow(/append-only/);
  });

  it('rejects a correction of an unknown decision and an unknown linked action', async () => {
    await expect(s.call('decision-add', { eventId, decision: 'x', correctsId: 'ghost' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(s.call('decision-add', { eventId, decision: 'x', actionIds: ['nope'] })).rejects.toThrow(/actionIds\.0: no action "nope"/);
    expect(await s.call('decision-list', { eventId })).toEqual([]);
  });
});

describe('parking lot', () => {
  it('records who raised an item and what became of it', async () => {
    const p = await s.call('parking-add', { eventId, item: { text: 'Move to a new GPU vendor?', raisedBy: 'Sam' } });
    expect(p).toMatchObject({ status: 'open', outcome: '' });
    const u = await s.call('parking-update', { id: p.id, patch: { status: 'deferred', outcome: 'Q2 platform review' } });
    expect(u).toMatchObject({ raisedBy: 'Sam', status: 'deferred', outcome: 'Q2 platform review' });
    await s.call('parking-remove', { id: p.id });
    await s.call('parking-add', { eventId, item: { text: 'Later item' } });
    const { id, eventId: _e, position, createdAt: _c, ...item } = u;
    expect(await s.call('parking-add', { eventId, id, item, position })).toMatchObject({ id: p.id, outcome: 'Q2 platform review' });
    expect((await s.call('parking-list', { eventId })).map((x) => x.text)).toEqual(['Move to a new GPU vendor?', 'Later item']);
  });
});
