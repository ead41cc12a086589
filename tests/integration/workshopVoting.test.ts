import { afterEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices | undefined;
afterEach(() => s?.close());

async function setup() {
  s = await tempServices();
  const { id: eventId } = await s.call('event-create', { name: 'Workshop' });
  const ideas = [];
  for (const text of ['Cache features', 'Batch scoring', 'Drop slow rule']) ideas.push(await s.call('idea-add', { eventId, idea: { text } }));
  const vote = await s.call('vote-open', {
    eventId, title: 'Which first?', dotsPerVoter: 3, maxPerIdea: 2,
    voters: [{ label: 'Ana', memberId: null }, { label: 'Ben', memberId: null }, { label: '<b>Cy</b>', memberId: null }],
  });
  return { s, eventId, ideas, vote };
}

describe('secret dot voting', () => {
  it('never returns dots or tallies while open, only who has voted; reveals correct totals and ranks', async () => {
    const { s, ideas: [a, b, c], vote } = await setup();
    await s.call('vote-begin', { id: vote.id, voterIndex: 0 });
    await s.call('vote-cast', { id: vote.id, voterIndex: 0, dots: { [a!.id]: 2, [b!.id]: 1 } });
    await s.call('vote-begin', { id: vote.id, voterIndex: 1 });
    const midBallot = await s.call('vote-get', { id: vote.id });
    // Ben's clean ballot: no trace of Ana's dots anywhere in what the contract returns.
    expect(midBallot.draft).toEqual({});
    expect(midBallot.tally).toBeNull();
    expect(JSON.stringify(midBallot)).not.toMatch(/"dots":\s*2/);
    await s.call('vote-cast', { id: vote.id, voterIndex: 1, dots: { [b!.id]: 2, [c!.id]: 1 } });
    await s.call('vote-begin', { id: vote.id, voterIndex: 2 });
    await s.call('vote-cast', { id: vote.id, voterIndex: 2, dots: { [a!.id]: 1, [b!.id]: 1, [c!.id]: 1 } });
    const before = await s.call('vote-get', { id: vote.id });
    expect(before.votedCount).toBe(3);
    expect(before.voters.map((v) => v.hasVoted)).toEqual([true, true, true]);
    expect(before.tally).toBeNull();
    const list = await s.call('vote-list', { eventId: vote.eventId });
    expect(list[0]!.tally).toBeNull();
    const after = await s.call('vote-reveal', { id: vote.id });
    expect(after.tally!.map((r) => [r.text, r.dots, r.voters, r.rank])).toEqual([
      ['Batch scoring', 4, 3, 1],
      ['Cache features', 3, 2, 2],
      ['Drop slow rule', 2, 2, 3],
    ]);
  });

  it('refuses a second ballot from the same voter (CONFLICT) and voting after reveal', async () => {
    const { s, ideas: [a], vote } = await setup();
    await s.call('vote-begin', { id: vote.id, voterIndex: 0 });
    await s.call('vote-cast', { id: vote.id, voterIndex: 0, dots: { [a!.id]: 1 } });
    await expect(s.call('vote-begin', { id: vote.id, voterIndex: 0 })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('already voted') });
    await expect(s.call('vote-cast', { id: vote.id, voterIndex: 0, dots: { [a!.id]: 1 } })).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.call('vote-reveal', { id: vote.id });
    await expect(s.call('vote-begin', { id: vote.id, voterIndex: 1 })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('only the voter whose turn it is can place dots; over-spending and over-stacking name the limit', async () => {
    const { s, ideas: [a, b], vote } = await setup();
    await expect(s.call('vote-cast', { id: vote.id, voterIndex: 1, dots: { [a!.id]: 1 } })).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.call('vote-begin', { id: vote.id, voterIndex: 1 });
    await expect(s.call('vote-begin', { id: vote.id, voterIndex: 2 })).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('Ben is voting now') });
    await expect(s.call('vote-draft', { id: vote.id, voterIndex: 1, dots: { [a!.id]: 3 } })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('at most 2 dots per idea') });
    await expect(s.call('vote-draft', { id: vote.id, voterIndex: 1, dots: { [a!.id]: 2, [b!.id]: 2 } })).rejects.toMatchObject({ message: expect.stringContaining('each voter has 3') });
    await expect(s.call('vote-draft', { id: vote.id, voterIndex: 1, dots: { nope: 1 } })).rejects.toMatchObject({ message: expect.stringContaining('not one of the ideas') });
  });

  it('keeps an unconfirmed ballot across a restart for its voter only, still secret', async () => {
    const { s: first, ideas: [a], vote } = await setup();
    await first.call('vote-begin', { id: vote.id, voterIndex: 0 });
    await first.call('vote-cast', { id: vote.id, voterIndex: 0, dots: { [a!.id]: 2 } });
    await first.call('vote-begin', { id: vote.id, voterIndex: 1 });
    await first.call('vote-draft', { id: vote.id, voterIndex: 1, dots: { [a!.id]: 1 } });
    const dataDir = first.dataDir;
    first.close();
    s = await tempServices({ dataDir });
    const resumed = await s.call('vote-get', { id: vote.id });
    expect(resumed).toMatchObject({ currentVoter: 1, draft: { [a!.id]: 1 }, votedCount: 1, tally: null });
    await s.call('vote-cancel-ballot', { id: vote.id, voterIndex: 1 });
    expect((await s.call('vote-get', { id: vote.id })).draft).toEqual({});
  });
});

describe('vote set-up', () => {
  it('puts only the chosen ideas on the ballot, snapshotting their text, and rejects unknown ideas', async () => {
    const { s, eventId, ideas: [a, b], vote } = await setup();
    await expect(s.call('vote-open', { eventId, title: 'Second', dotsPerVoter: 1, voters: [{ label: 'A', memberId: null }] }))
      .rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringContaining('still open') });
    await s.call('vote-reveal', { id: vote.id });
    const v = await s.call('vote-open', { eventId, title: 'Short list', dotsPerVoter: 1, voters: [{ label: 'Ana', memberId: null }], ideaIds: [b!.id] });
    expect(v.candidates).toEqual([{ ideaId: b!.id, text: 'Batch scoring' }]);
    await s.call('idea-update', { id: b!.id, patch: { text: 'Renamed later' } });
    expect((await s.call('vote-get', { id: v.id })).candidates[0]!.text).toBe('Batch scoring');
    await s.call('vote-begin', { id: v.id, voterIndex: 0 });
    await expect(s.call('vote-cast', { id: v.id, voterIndex: 0, dots: { [a!.id]: 1 } })).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await s.call('vote-remove', { id: v.id });
    await expect(s.call('vote-open', { eventId, title: 'x', dotsPerVoter: 1, voters: [{ label: 'Mallory', memberId: 'not-a-member' }] }))
      .rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Mallory') });
    await expect(s.call('vote-open', { eventId, title: 'x', dotsPerVoter: 1, voters: [{ label: 'A', memberId: null }], ideaIds: ['ghost'] }))
      .rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('ghost') });
  });
});

describe('pass-the-laptop anonymous input', () => {
  it('shows each participant only their own entries and reveals them unattributed on close', async () => {
    s = await tempServices();
    const { id: eventId } = await s.call('event-create', { name: 'W' });
    const r = await s.call('round-open', { eventId, prompt: 'What slows scoring?', category: 'Anonymous' });
    expect(r).toMatchObject({ phase: 'handover', participant: 1, myEntries: [] });
    await s.call('round-begin', { id: r.id });
    await s.call('round-entry-add', { roundId: r.id, text: 'Feature store lookups' });
    const p1 = await s.call('round-entry-add', { roundId: r.id, text: 'GC pauses' });
    expect(p1.myEntries.map((e) => e.text)).toEqual(['Feature store lookups', 'GC pauses']);
    const handover = await s.call('round-pass', { id: r.id });
    expect(handover).toMatchObject({ phase: 'handover', participant: 2, myEntries: [], entryCount: 2 });
    const p2 = await s.call('round-begin', { id: r.id });
    expect(p2.myEntries).toEqual([]);
    // Participant 2 cannot touch participant 1's entry even knowing its id.
    await expect(s.call('round-entry-remove', { roundId: r.id, entryId: p1.myEntries[0]!.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await s.call('round-entry-add', { roundId: r.id, text: '<script>x</script>' });
    expect(await s.call('idea-list', { eventId })).toEqual([]);
    const closed = await s.call('round-close', { id: r.id });
    expect(closed.round).toMatchObject({ status: 'closed', myEntries: [] });
    const ideas = await s.call('idea-list', { eventId });
    expect(ideas.map((i) => i.text).sort()).toEqual(['<script>x</script>', 'Feature store lookups', 'GC pauses']);
    expect(ideas.every((i) => i.author === null && i.category === 'Anonymous')).toBe(true);
    expect(s.db.prepare('SELECT count(*) FROM round_entries').pluck().get()).toBe(0);
    await expect(s.call('round-entry-add', { roundId: r.id, text: 'late' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });

  it('refuses typing during a handover and a second open round', async () => {
    s = await tempServices();
    const { id: eventId } = await s.call('event-create', { name: 'W' });
    const r = await s.call('round-open', { eventId, prompt: 'Risks?' });
    await expect(s.call('round-entry-add', { roundId: r.id, text: 'x' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(s.call('round-open', { eventId, prompt: 'Another' })).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
