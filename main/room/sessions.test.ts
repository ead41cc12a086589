import { describe, expect, it } from 'vitest';
import { JOIN_CODE_ALPHABET, JoinCode } from '../../common/contract/schemas/room';
import { DEFAULT_ROOM_LIMITS, createRoomSessions, newJoinCode } from './sessions';

const clock = () => {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('room sessions', () => {
  it('join codes: 6 characters from the alphabet without look-alikes, accepted by the contract, spread over the alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const c = newJoinCode();
      expect(c).toMatch(/^[2-9A-HJKMNP-Z]{6}$/);
      expect(JoinCode.parse(c.toLowerCase().slice(0, 3) + '-' + c.slice(3))).toBe(c);
      for (const ch of c) seen.add(ch);
    }
    expect(seen.size).toBe(JOIN_CODE_ALPHABET.length);
    expect(/[01OIL]/.test(JOIN_CODE_ALPHABET)).toBe(false);
  });

  it('a code typed in lower case or with a dash joins; a wrong, longer or missing one does not', () => {
    const r = createRoomSessions({ limits: { ...DEFAULT_ROOM_LIMITS, joinsPerMinute: 100 }, firstNumber: 1_000_001 });
    const typed = `${r.joinCode.slice(0, 3).toLowerCase()}-${r.joinCode.slice(3)}`;
    expect(r.join(typed, 'a').ok).toBe(true);
    expect(r.join(`${r.joinCode}X`, 'a').ok).toBe(false);
    expect(r.join(undefined, 'a').ok).toBe(false);
    expect(r.join(r.joinCode.slice(0, 5), 'a').ok).toBe(false);
  });

  it('numbers and names phones in order, stores only a hash of the token, and forgets a removed phone', () => {
    const r = createRoomSessions({ limits: DEFAULT_ROOM_LIMITS, firstNumber: 1_000_007 });
    const a = r.join(r.joinCode, 'x');
    const b = r.join(r.joinCode, 'y');
    if (!a.ok || !b.ok) throw new Error('join failed');
    expect([a.participant.label, b.participant.label]).toEqual(['Phone 1', 'Phone 2']);
    expect([a.participant.number, b.participant.number]).toEqual([1_000_007, 1_000_008]);
    expect(a.token).toMatch(/^[\w-]{43}$/);
    expect(JSON.stringify(r.list())).not.toContain(a.token);
    expect(r.admit(a.token)).toMatchObject({ ok: true, participant: { id: a.participant.id } });
    expect(r.remove(a.participant.id)).toBe(true);
    expect(r.admit(a.token)).toMatchObject({ ok: false, status: 401 });
    expect(r.admit(b.token).ok).toBe(true);
  });

  it('token bucket per phone: a burst, then one request per refill, with Retry-After', () => {
    const c = clock();
    const r = createRoomSessions({ limits: { ...DEFAULT_ROOM_LIMITS, burst: 3, perSecond: 0.5 }, firstNumber: 1, now: c.now });
    const j = r.join(r.joinCode, 'x');
    if (!j.ok) throw new Error('join failed');
    expect([1, 2, 3].map(() => r.admit(j.token).ok)).toEqual([true, true, true]);
    expect(r.admit(j.token)).toMatchObject({ ok: false, status: 429, retryAfterS: 2 });
    c.advance(1000);
    expect(r.admit(j.token).ok).toBe(false);
    c.advance(1000);
    expect(r.admit(j.token).ok).toBe(true);
    // Refill never exceeds the burst, however long the phone was quiet.
    c.advance(3_600_000);
    expect([1, 2, 3, 4].map(() => r.admit(j.token).ok)).toEqual([true, true, true, false]);
  });

  it('ideas per minute and join attempts per address are sliding one-minute windows; the room has a size', () => {
    const c = clock();
    const r = createRoomSessions({ limits: { ...DEFAULT_ROOM_LIMITS, ideasPerMinute: 2, joinsPerMinute: 3, maxParticipants: 2 }, firstNumber: 1, now: c.now });
    const j = r.join(r.joinCode, 'x');
    if (!j.ok) throw new Error('join failed');
    expect([1, 2, 3].map(() => r.ideaAllowed(j.participant))).toEqual([true, true, false]);
    c.advance(60_001);
    expect(r.ideaAllowed(j.participant)).toBe(true);
    expect(r.join('WRONG2', 'x')).toMatchObject({ ok: false, status: 401 });
    expect(r.join(r.joinCode, 'x').ok).toBe(true);
    expect(r.join('WRONG3', 'x')).toMatchObject({ ok: false, status: 401 });
    // Three attempts from this address within the minute: even the right code waits.
    expect(r.join(r.joinCode, 'x')).toMatchObject({ ok: false, status: 429 });
    expect(r.join(r.joinCode, 'y')).toMatchObject({ ok: false, status: 403, message: 'The room is full (2 participants).' });
  });
});
