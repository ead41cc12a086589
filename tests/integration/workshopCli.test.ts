import { afterEach, describe, expect, it } from 'vitest';
import { workshopCommand } from '../../main/cli/commands/workshop';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices | undefined;
afterEach(() => s?.close());

function io() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t: string) => out.push(t), err: (t: string) => err.push(t) } };
}

describe('kaizen workshop', () => {
  it('prints vote results only after the reveal, never the totals of an open vote', async () => {
    s = await tempServices();
    const { id: eventId } = await s.call('event-create', { name: 'W' });
    const a = await s.call('idea-add', { eventId, idea: { text: 'Cache features' } });
    const v = await s.call('vote-open', { eventId, title: 'First?', dotsPerVoter: 2, voters: [{ label: 'Ana', memberId: null }] });
    await s.call('vote-begin', { id: v.id, voterIndex: 0 });
    await s.call('vote-cast', { id: v.id, voterIndex: 0, dots: { [a.id]: 2 } });
    const dataDir = s.dataDir;
    s.close();
    s = undefined;
    const before = io();
    expect(await workshopCommand.run(['votes', '--event', eventId, '--data-dir', dataDir], before.io)).toBe(0);
    expect(before.out.join('\n')).toBe('First? — 1 of 1 voters voted (results not revealed)');
    s = await tempServices({ dataDir });
    await s.call('vote-reveal', { id: v.id });
    s.close();
    s = undefined;
    const after = io();
    await workshopCommand.run(['votes', '--event', eventId, '--data-dir', dataDir, '--json'], after.io);
    const [json] = JSON.parse(after.out.join('\n')) as { tally: { text: string; dots: number }[] }[];
    expect(json!.tally).toEqual([expect.objectContaining({ text: 'Cache features', dots: 2, rank: 1 })]);
  });

  it('exits 2 with a message for an unknown subject or a missing event', async () => {
    s = await tempServices();
    const bad = io();
    expect(await workshopCommand.run(['bogus', '--event', 'x', '--data-dir', s.dataDir], bad.io)).toBe(2);
    expect(bad.err[0]).toMatch(/agenda, ideas, votes, timer/);
    const missing = io();
    expect(await workshopCommand.run(['ideas', '--event', 'nope', '--data-dir', s.dataDir], missing.io)).toBe(2);
    expect(missing.err[0]).toMatch(/Event "nope" was not found/);
  });
});
