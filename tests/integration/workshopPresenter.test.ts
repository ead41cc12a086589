import { afterEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** A clock the test moves by hand. */
function manualClock(iso = '2026-11-20T09:00:00.000Z') {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms: number) => { t += ms; } };
}

let s: TestServices | undefined;
afterEach(() => s?.close());

async function agenda(clock = manualClock()) {
  s = await tempServices({ clock });
  const { id: eventId } = await s.call('event-create', { name: 'Workshop' });
  const walk = await s.call('agenda-add', { eventId, session: { title: 'Walk the pipeline', plannedMinutes: 45, activity: 'mapping' } });
  const ideas = await s.call('agenda-add', { eventId, session: { title: 'Brainstorm', plannedMinutes: 10, activity: 'brainstorm' } });
  return { s, clock, eventId, walk, ideas };
}

describe('the current agenda item (one source of truth in main)', () => {
  it('an idle clock shows the current item’s planned minutes, not the previous timer’s duration', async () => {
    const { s, clock, eventId, walk, ideas } = await agenda();
    // An 18-minute timer ran for the walk; the facilitator resets it and moves to the 10-minute item.
    await s.call('agenda-run', { id: walk.id, durationMs: 18 * 60_000 });
    clock.advance(60_000);
    await s.call('timer-reset', { eventId });
    const moved = await s.call('agenda-current', { eventId, sessionId: ideas.id });
    expect(moved).toMatchObject({ state: 'idle', currentSessionId: ideas.id, remainingMs: 10 * 60_000, durationMs: 10 * 60_000 });
    // A reload (a fresh timer-get) agrees, and going back shows 45:00.
    expect((await s.call('timer-get', { eventId })).remainingMs).toBe(10 * 60_000);
    expect((await s.call('agenda-current', { eventId, sessionId: walk.id })).remainingMs).toBe(45 * 60_000);
    // Reset after +1 min returns to the planned minutes.
    await s.call('timer-extend', { eventId, ms: 60_000 });
    expect((await s.call('timer-reset', { eventId })).remainingMs).toBe(45 * 60_000);
  });

  it('moving away from a running item is refused until asked to stop it; stopping records its end', async () => {
    const { s, clock, eventId, walk, ideas } = await agenda();
    const run = await s.call('agenda-run', { id: walk.id });
    expect(run).toMatchObject({ state: 'running', currentSessionId: walk.id, remainingMs: 45 * 60_000 });
    clock.advance(5 * 60_000);
    await expect(s.call('agenda-current', { eventId, sessionId: ideas.id })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: '“Walk the pipeline” is still running (40:00 left). Stop it to go to “Brainstorm”.',
    });
    // Still on the walk, still running: nothing changed.
    expect(await s.call('timer-get', { eventId })).toMatchObject({ state: 'running', currentSessionId: walk.id });
    const moved = await s.call('agenda-current', { eventId, sessionId: ideas.id, stopRunning: true });
    expect(moved).toMatchObject({ state: 'idle', currentSessionId: ideas.id, remainingMs: 10 * 60_000 });
    const list = await s.call('agenda-list', { eventId });
    expect(list.find((x) => x.id === walk.id)).toMatchObject({ actualStart: '2026-11-20T09:00:00.000Z', actualEnd: '2026-11-20T09:05:00.000Z' });
  });

  it('starting an item times that item: Space after → never pauses the previous one', async () => {
    const { s, clock, eventId, walk, ideas } = await agenda();
    await s.call('agenda-run', { id: walk.id });
    clock.advance(60_000);
    await expect(s.call('agenda-run', { id: ideas.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    const t = await s.call('agenda-run', { id: ideas.id, stopRunning: true });
    expect(t).toMatchObject({ state: 'running', currentSessionId: ideas.id, remainingMs: 10 * 60_000 });
    clock.advance(60_000);
    const paused = await s.call('timer-pause', { eventId });
    expect(paused).toMatchObject({ state: 'paused', currentSessionId: ideas.id, remainingMs: 9 * 60_000 });
    const list = await s.call('agenda-list', { eventId });
    expect(list.find((x) => x.id === ideas.id)!.actualStart).toBe('2026-11-20T09:01:00.000Z');
    expect(list.find((x) => x.id === walk.id)!.actualEnd).toBe('2026-11-20T09:01:00.000Z');
  });

  it('a finished timer does not block moving on', async () => {
    const { s, clock, eventId, walk, ideas } = await agenda();
    await s.call('agenda-run', { id: walk.id, durationMs: 2000 });
    clock.advance(5000);
    expect((await s.call('agenda-current', { eventId, sessionId: ideas.id })).currentSessionId).toBe(ideas.id);
  });

  it('stores each day’s start time and refuses a time that is not HH:MM', async () => {
    const { s, eventId } = await agenda();
    expect(await s.call('agenda-days', { eventId })).toEqual([]);
    expect(await s.call('agenda-day-set', { eventId, day: 2, startTime: '08:30' })).toEqual([{ day: 2, startTime: '08:30' }]);
    await expect(s.call('agenda-day-set', { eventId, day: 1, startTime: '25:00' })).rejects.toMatchObject({ code: 'VALIDATION' });
  });
});

async function lockedRound() {
  s = await tempServices();
  const { id: eventId } = await s.call('event-create', { name: 'Workshop' });
  const fac = await s.call('team-add', { eventId, member: { name: 'Tomás Okafor', role: 'facilitator' } });
  await s.call('governance-passphrase-set', { memberId: fac.id, passphrase: 'demo-tomas' });
  const idea = await s.call('idea-add', { eventId, idea: { text: 'Cache features' } });
  const round = await s.call('round-open', { eventId, prompt: 'What slows the pipeline?' });
  const lock = await s.call('lock-enter', { eventId, kind: 'round', id: round.id });
  return { s, eventId, fac, idea, round, lock };
}

describe('locked pass-the-laptop mode', () => {
  it('locks in main: participants keep working, the facilitator’s methods are refused, the lock survives a restart', async () => {
    const { s: first, eventId, idea, round, lock } = await lockedRound();
    expect(lock).toMatchObject({ eventId, kind: 'round', refId: round.id, facilitatorName: 'Tomás Okafor' });
    await first.call('round-begin', { id: round.id });
    await first.call('round-entry-add', { roundId: round.id, text: 'Slow feature joins' });
    await first.call('round-pass', { id: round.id });
    for (const [method, input] of [
      ['round-close', { id: round.id }],
      ['idea-update', { id: idea.id, patch: { text: 'changed' } }],
      ['idea-remove', { id: idea.id }],
      ['agenda-add', { eventId, session: { title: 'x' } }],
      ['vote-open', { eventId, title: 'q', dotsPerVoter: 1, voters: [{ label: 'A', memberId: null }] }],
    ] as const) {
      await expect(first.call(method, input), method).rejects.toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await first.call('idea-list', { eventId }))[0]!.text).toBe('Cache features');
    const dataDir = first.dataDir;
    first.close();
    s = await tempServices({ dataDir });
    expect(await s.call('lock-active', {})).toMatchObject({ eventId, kind: 'round', refId: round.id });
    expect(await s.call('lock-get', { eventId })).toMatchObject({ refId: round.id });
  });

  it('every other change, on any event, is refused while the laptop is locked; reads and the room clock still work', async () => {
    const { s, eventId, round } = await lockedRound();
    const other = await s.call('event-list', {});
    expect(other.length).toBeGreaterThan(0);
    await expect(s.call('action-create', { eventId, title: 'Sneaky action' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: /action-create: the laptop is locked for participants; Tomás Okafor must unlock it/ });
    await expect(s.call('event-create', { name: 'Another event' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(s.call('fishbone-update', { eventId, effect: 'changed' })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(await s.call('action-list', { eventId })).toEqual([]);
    await s.call('timer-start', { eventId, durationMs: 60_000 });
    await s.call('round-begin', { id: round.id });
    await s.call('lock-leave', { eventId, passphrase: 'demo-tomas' });
    expect((await s.call('action-create', { eventId, title: 'After the round' })).title).toBe('After the round');
  });

  it('closing the round needs the facilitator’s passphrase; a wrong one counts toward the lockout and changes nothing', async () => {
    const { s, eventId, round } = await lockedRound();
    await s.call('round-begin', { id: round.id });
    await s.call('round-entry-add', { roundId: round.id, text: 'Slow feature joins' });
    await s.call('round-pass', { id: round.id });
    await expect(s.call('round-close', { id: round.id, passphrase: 'guess' })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      message: 'Wrong passphrase for Tomás Okafor (4 tries left before a pause).',
    });
    expect((await s.call('round-get', { id: round.id })).status).toBe('open');
    expect(await s.call('lock-get', { eventId })).not.toBeNull();
    const closed = await s.call('round-close', { id: round.id, passphrase: 'demo-tomas' });
    expect(closed.ideas.map((i) => i.text)).toEqual(['Slow feature joins']);
    expect(await s.call('lock-get', { eventId })).toBeNull();
    expect(await s.call('lock-active', {})).toBeNull();
    // Unlocked: the facilitator edits again without a passphrase.
    await s.call('idea-update', { id: closed.ideas[0]!.id, patch: { text: 'Slow joins' } });
  });

  it('leaving to edit needs the passphrase, with the governance lockout after five wrong tries', async () => {
    const { s, eventId } = await lockedRound();
    for (let i = 0; i < 4; i++) await expect(s.call('lock-leave', { eventId, passphrase: `no-${i}` })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(s.call('lock-leave', { eventId, passphrase: 'no-5' })).rejects.toThrow(/try again after/);
    // Locked out: even the right passphrase waits.
    await expect(s.call('lock-leave', { eventId, passphrase: 'demo-tomas' })).rejects.toThrow(/Too many wrong passphrases for Tomás Okafor/);
    expect(await s.call('lock-get', { eventId })).not.toBeNull();
  });

  it('a secret ballot locks too: reveal needs the passphrase and ends the lock', async () => {
    s = await tempServices();
    const { id: eventId } = await s.call('event-create', { name: 'Workshop' });
    const fac = await s.call('team-add', { eventId, member: { name: 'Priya Shah', role: 'facilitator' } });
    await s.call('governance-passphrase-set', { memberId: fac.id, passphrase: 'demo-priya' });
    const a = await s.call('idea-add', { eventId, idea: { text: 'Cache' } });
    const vote = await s.call('vote-open', { eventId, title: 'Which first?', dotsPerVoter: 1, voters: [{ label: 'Ana', memberId: null }] });
    await s.call('lock-enter', { eventId, kind: 'vote', id: vote.id });
    await s.call('vote-begin', { id: vote.id, voterIndex: 0 });
    await s.call('vote-cast', { id: vote.id, voterIndex: 0, dots: { [a.id]: 1 } });
    await expect(s.call('vote-reveal', { id: vote.id })).rejects.toMatchObject({ code: 'FORBIDDEN', message: /needs Priya Shah's passphrase/ });
    await expect(s.call('vote-remove', { id: vote.id })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const revealed = await s.call('vote-reveal', { id: vote.id, passphrase: 'demo-priya' });
    expect(revealed.tally![0]).toMatchObject({ text: 'Cache', dots: 1 });
    expect(await s.call('lock-get', { eventId })).toBeNull();
  });

  it('refuses to lock without a facilitator passphrase, and for a round that is not open', async () => {
    s = await tempServices();
    const { id: eventId } = await s.call('event-create', { name: 'Workshop' });
    const round = await s.call('round-open', { eventId, prompt: 'Q?' });
    await expect(s.call('lock-enter', { eventId, kind: 'round', id: round.id })).rejects.toMatchObject({ code: 'BAD_INPUT', message: /Choose the facilitator/ });
    const fac = await s.call('team-add', { eventId, member: { name: 'Dana White', role: 'facilitator' } });
    await expect(s.call('lock-enter', { eventId, kind: 'round', id: round.id })).rejects.toMatchObject({ message: /Dana White has no passphrase yet/ });
    await s.call('governance-passphrase-set', { memberId: fac.id, passphrase: 'a-long-secret' });
    await s.call('round-close', { id: round.id });
    await expect(s.call('lock-enter', { eventId, kind: 'round', id: round.id })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await s.call('lock-get', { eventId })).toBeNull();
  });
});
