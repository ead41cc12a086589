import { afterEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** A clock the test moves by hand, to check the timer is computed from stored times. */
function manualClock(iso = '2026-11-20T09:00:00.000Z') {
  let t = new Date(iso).getTime();
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

let s: TestServices | undefined;
afterEach(() => s?.close());

async function withEvent(opts: Parameters<typeof tempServices>[0] = {}) {
  s = await tempServices(opts);
  const e = await s.call('event-create', { name: 'Workshop' });
  return { s, eventId: e.id };
}

describe('ideas', () => {
  it('adds, edits, removes and restores an idea with the same id (undo)', async () => {
    const { s, eventId } = await withEvent();
    const idea = await s.call('idea-add', { eventId, idea: { text: 'Cache features', author: 'Ana', category: 'Data' } });
    expect(idea).toMatchObject({ text: 'Cache features', author: 'Ana', category: 'Data', groupId: null, eventId });
    await s.call('idea-update', { id: idea.id, patch: { text: 'Cache hot features', author: '' } });
    const removed = await s.call('idea-remove', { id: idea.id });
    expect(removed.text).toBe('Cache hot features');
    expect(removed.author).toBeNull();
    expect(await s.call('idea-list', { eventId })).toEqual([]);
    const { id, eventId: _e, position, createdAt: _c, ...fields } = removed;
    await s.call('idea-add', { eventId, id, idea: fields, position });
    expect((await s.call('idea-list', { eventId })).map((i) => i.id)).toEqual([id]);
  });

  it('merges ideas into one and reports what it removed, so the merge can be undone', async () => {
    const { s, eventId } = await withEvent();
    const a = await s.call('idea-add', { eventId, idea: { text: 'Batch requests' } });
    const b = await s.call('idea-add', { eventId, idea: { text: 'Micro-batch the scorer' } });
    const r = await s.call('idea-merge', { targetId: a.id, sourceIds: [b.id] });
    expect(r.merged.text).toBe('Batch requests\nMicro-batch the scorer');
    expect(r.removed.map((x) => x.id)).toEqual([b.id]);
    expect((await s.call('idea-list', { eventId })).length).toBe(1);
    await expect(s.call('idea-merge', { targetId: a.id, sourceIds: [a.id] })).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });

  it('stores markup as plain text and rejects empty text naming the field', async () => {
    const { s, eventId } = await withEvent();
    const x = await s.call('idea-add', { eventId, idea: { text: '<script>alert(1)</script>' } });
    expect(x.text).toBe('<script>alert(1)</script>');
    await expect(s.call('idea-add', { eventId, idea: { text: '   ' } })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('idea.text') });
  });
});

describe('agenda', () => {
  it('orders sessions by day, moves them across days and records the actual start and end', async () => {
    const { s, eventId } = await withEvent();
    const a = await s.call('agenda-add', { eventId, session: { title: 'Kick-off', day: 1, activity: 'review', plannedMinutes: 30 } });
    const b = await s.call('agenda-add', { eventId, session: { title: 'Brainstorm', day: 1, activity: 'brainstorm' } });
    const c = await s.call('agenda-add', { eventId, session: { title: 'Vote', day: 2, activity: 'voting' } });
    const moved = await s.call('agenda-move', { id: b.id, day: 1, index: 0 });
    expect(moved.map((x) => x.title)).toEqual(['Brainstorm', 'Kick-off', 'Vote']);
    const cross = await s.call('agenda-move', { id: a.id, day: 2, index: 1 });
    expect(cross.map((x) => `${x.day}:${x.title}`)).toEqual(['1:Brainstorm', '2:Vote', '2:Kick-off']);
    const started = await s.call('agenda-start', { id: c.id });
    expect(started.actualStart).not.toBeNull();
    expect((await s.call('timer-get', { eventId })).currentSessionId).toBe(c.id);
    expect((await s.call('agenda-end', { id: c.id })).actualEnd).not.toBeNull();
  });

  it('rejects an owner from another event', async () => {
    const { s, eventId } = await withEvent();
    await expect(s.call('agenda-add', { eventId, session: { title: 'x', ownerId: 'nobody' } })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

describe('timer', () => {
  it('counts down from stored times, pauses, extends and resets', async () => {
    const clock = manualClock();
    const { s, eventId } = await withEvent({ clock });
    const t0 = await s.call('timer-start', { eventId, durationMs: 90_000 });
    expect(t0).toMatchObject({ state: 'running', remainingMs: 90_000, durationMs: 90_000 });
    clock.advance(30_000);
    expect((await s.call('timer-get', { eventId })).remainingMs).toBe(60_000);
    await s.call('timer-pause', { eventId });
    clock.advance(600_000);
    expect((await s.call('timer-get', { eventId })).remainingMs).toBe(60_000);
    expect((await s.call('timer-extend', { eventId, ms: 60_000 })).remainingMs).toBe(120_000);
    await s.call('timer-start', { eventId });
    clock.advance(200_000);
    expect((await s.call('timer-get', { eventId })).remainingMs).toBe(0);
    expect((await s.call('timer-reset', { eventId }))).toMatchObject({ state: 'idle', remainingMs: 150_000 });
  });

  it('survives an app restart: remaining time is recomputed from the clock', async () => {
    const clock = manualClock();
    const { s: first, eventId } = await withEvent({ clock });
    await first.call('timer-start', { eventId, durationMs: 3 * 3600_000 });
    const dataDir = first.dataDir;
    first.close();
    clock.advance(3600_000);
    s = await tempServices({ dataDir, clock });
    const t = await s.call('timer-get', { eventId });
    expect(t).toMatchObject({ state: 'running', remainingMs: 2 * 3600_000 });
    expect(t.endsAt).toBe(new Date(clock.now().getTime() + 2 * 3600_000).toISOString());
  });

  it('refuses durations under a second or over 24 hours with a clear message', async () => {
    const { s, eventId } = await withEvent();
    await expect(s.call('timer-start', { eventId, durationMs: 10 })).rejects.toMatchObject({ message: expect.stringContaining('at least 1 second') });
    await expect(s.call('timer-start', { eventId, durationMs: 25 * 3600_000 })).rejects.toMatchObject({ message: expect.stringContaining('at most 24 hours') });
  });
});

describe('demo workshop content', () => {
  it('gives the demo event a five-day agenda, ideas and a finished, revealed vote with correct totals', async () => {
    s = await tempServices();
    const demo = await s.call('demo-create', {});
    const agenda = await s.call('agenda-list', { eventId: demo.id });
    expect(new Set(agenda.map((a) => a.day))).toEqual(new Set([1, 2, 3, 4, 5]));
    expect((await s.call('idea-list', { eventId: demo.id })).length).toBe(8);
    const [vote] = await s.call('vote-list', { eventId: demo.id });
    expect(vote).toMatchObject({ status: 'revealed', votedCount: 4, dotsPerVoter: 3 });
    expect(vote!.tally!.slice(0, 3).map((r) => [r.dots, r.rank])).toEqual([[4, 1], [4, 1], [1, 3]]);
    expect(vote!.tally!.reduce((n, r) => n + r.dots, 0)).toBe(12);
  });
});
