import { describe, expect, it } from 'vitest';
import { roundTransition, shuffled } from './round';

describe('round state machine', () => {
  const handover = { status: 'open' as const, phase: 'handover' as const, participant: 1 };
  it('goes handover → entering → handover with the next participant', () => {
    const a = roundTransition(handover, 'begin');
    expect(a).toEqual({ ok: true, next: { ...handover, phase: 'entering' } });
    const b = roundTransition({ ...handover, phase: 'entering' }, 'pass');
    expect(b).toEqual({ ok: true, next: { status: 'open', phase: 'handover', participant: 2 } });
  });
  it('refuses typing between participants and anything after close', () => {
    expect(roundTransition(handover, 'add')).toMatchObject({ ok: false });
    expect(roundTransition(handover, 'pass')).toMatchObject({ ok: false });
    expect(roundTransition({ ...handover, status: 'closed' }, 'begin')).toMatchObject({ ok: false, reason: expect.stringContaining('closed') });
  });
  it('shuffles without losing or duplicating entries', () => {
    const items = [1, 2, 3, 4, 5, 6];
    let seed = 7;
    const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    const out = shuffled(items, rnd);
    expect([...out].sort()).toEqual(items);
    expect(out).not.toEqual(items);
  });
});
