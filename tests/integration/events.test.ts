import { afterEach, describe, expect, it } from 'vitest';
import { fixedClock, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { verifyChangeLog } from '../../main/db/changeLog';

let s: TestServices;
afterEach(() => s?.close());

describe('events', () => {
  it('creates, lists, searches, updates and reopens an event on disk', async () => {
    s = await tempServices({ clock: fixedClock() });
    const e = await s.call('event-create', { name: 'Halve retraining latency', targetArea: 'retraining-latency' });
    expect(e).toMatchObject({ name: 'Halve retraining latency', targetArea: 'retraining-latency', problemStatement: '', deletedAt: null });
    await s.call('event-create', { name: 'Faster ETL' });
    expect((await s.call('event-list', { query: 'retrain' })).map((x) => x.name)).toEqual(['Halve retraining latency']);
    const updated = await s.call('event-update', { id: e.id, patch: { problemStatement: 'Retraining takes 9 days.', startDate: '2026-12-01' } });
    expect(updated.problemStatement).toBe('Retraining takes 9 days.');
    expect(updated.updatedAt > e.updatedAt).toBe(true);
    const dataDir = s.dataDir;
    s.close();
    s = await tempServices({ dataDir });
    expect((await s.call('event-get', { id: e.id })).startDate).toBe('2026-12-01');
  });

  it('rejects bad charter values with the field named', async () => {
    s = await tempServices();
    const e = await s.call('event-create', { name: 'X' });
    await expect(s.call('event-update', { id: e.id, patch: { startDate: '27/11/2026' } })).rejects.toMatchObject({
      code: 'VALIDATION',
      message: expect.stringContaining('patch.startDate: must be a date as YYYY-MM-DD'),
    });
    await expect(s.call('event-update', { id: e.id, patch: { targetArea: 'vibes' } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await expect(s.call('event-get', { id: 'nope' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('deletes to the trash, restores on undo, and logs both in the hash-chained change log', async () => {
    s = await tempServices();
    const e = await s.call('event-create', { name: 'Keep me' });
    await s.call('event-delete', { id: e.id });
    expect(await s.call('event-list', {})).toEqual([]);
    await expect(s.call('event-get', { id: e.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await s.call('event-restore', { id: e.id });
    expect((await s.call('event-list', {})).map((x) => x.id)).toEqual([e.id]);
    const log = s.db.prepare('SELECT action FROM change_log ORDER BY seq').pluck().all();
    expect(log).toEqual(['delete', 'restore']);
    expect(verifyChangeLog(s.db)).toBeNull();
    s.db.prepare("UPDATE change_log SET payload = '{\"name\":\"forged\"}' WHERE seq = 1").run();
    expect(verifyChangeLog(s.db)).toBe(1);
  });

  it('duplicates charter, team and checklist with owners pointing at the copied members', async () => {
    s = await tempServices();
    const demo = await s.call('demo-create', {});
    const copy = await s.call('event-duplicate', { id: demo.id });
    expect(copy.name).toBe('Cut p95 latency of the fraud-scoring API (copy)');
    expect(copy.problemStatement).toBe(demo.problemStatement);
    expect(copy.isDemo).toBe(false);
    const team = await s.call('team-list', { eventId: copy.id });
    expect(team.members).toHaveLength(8);
    const items = await s.call('checklist-list', { eventId: copy.id });
    const copiedIds = new Set(team.members.map((m) => m.id));
    const owned = items.filter((i) => i.ownerId !== null);
    expect(owned.length).toBeGreaterThan(0);
    for (const i of owned) expect(copiedIds.has(i.ownerId!)).toBe(true);
  });

  it('seeds the demo event on first launch only', async () => {
    s = await tempServices({ seedDemo: true });
    const list = await s.call('event-list', {});
    expect(list.map((e) => e.name)).toContain('Cut p95 latency of the fraud-scoring API');
    const dataDir = s.dataDir;
    await s.call('event-delete', { id: list[0]!.id });
    s.close();
    s = await tempServices({ dataDir, seedDemo: true });
    expect(await s.call('event-list', {})).toEqual([]);
  });

  it('pushes data-changed events for every change', async () => {
    s = await tempServices();
    const seen: string[] = [];
    s.bus.on((e) => seen.push(`${e.name}:${'area' in e.payload ? e.payload.area : ''}`));
    const e = await s.call('event-create', { name: 'A' });
    await s.call('team-add', { eventId: e.id, member: { name: 'Ann' } });
    expect(seen).toEqual(['data-changed:events', 'data-changed:team']);
  });
});

describe('team and readiness', () => {
  it('warns about a missing process owner, data access and staging rights, and clears as members cover them', async () => {
    s = await tempServices();
    const e = await s.call('event-create', { name: 'T' });
    expect((await s.call('team-list', { eventId: e.id })).warnings.map((w) => w.code)).toEqual(['no-members']);
    const ann = await s.call('team-add', { eventId: e.id, member: { name: 'Ann', role: 'sponsor' } });
    expect((await s.call('team-list', { eventId: e.id })).warnings.map((w) => w.code)).toEqual(['no-process-owner', 'no-data-access', 'no-staging-access']);
    await s.call('team-update', { id: ann.id, patch: { role: 'process-owner', dataAccess: ['inference logs'], canModifyStaging: true } });
    expect((await s.call('team-list', { eventId: e.id })).warnings).toEqual([]);
  });

  it('removes a member and restores it with the same id (undo)', async () => {
    s = await tempServices();
    const e = await s.call('event-create', { name: 'T' });
    const m = await s.call('team-add', { eventId: e.id, member: { name: '<script>alert(1)</script>', role: 'vendor', dataAccess: ['APM'] } });
    const removed = await s.call('team-remove', { id: m.id });
    expect((await s.call('team-list', { eventId: e.id })).members).toEqual([]);
    const { id, eventId: _e, position: _p, ...fields } = removed;
    const back = await s.call('team-add', { eventId: e.id, id, member: fields });
    expect(back).toEqual(m);
    await expect(s.call('team-add', { eventId: e.id, id, member: fields })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('keeps checklist items with status, owner, due date and kind details; owner must be on the team', async () => {
    s = await tempServices();
    const e = await s.call('event-create', { name: 'T' });
    const other = await s.call('event-create', { name: 'Other' });
    const m = await s.call('team-add', { eventId: e.id, member: { name: 'Luis' } });
    const outsider = await s.call('team-add', { eventId: other.id, member: { name: 'Zed' } });
    const item = await s.call('checklist-add', {
      eventId: e.id,
      item: { kind: 'staging-permissions', title: 'Elevated staging', ownerId: m.id, dueDate: '2026-11-30', details: { grantedBy: 'On-call lead', expires: '2026-12-05' } },
    });
    expect(item).toMatchObject({ status: 'open', ownerId: m.id, details: { grantedBy: 'On-call lead', expires: '2026-12-05' } });
    await expect(s.call('checklist-update', { id: item.id, patch: { ownerId: outsider.id } })).rejects.toMatchObject({ code: 'VALIDATION' });
    await s.call('checklist-update', { id: item.id, patch: { status: 'done' } });
    await s.call('team-remove', { id: m.id });
    const [after] = await s.call('checklist-list', { eventId: e.id });
    expect(after).toMatchObject({ status: 'done', ownerId: null });
  });
});
