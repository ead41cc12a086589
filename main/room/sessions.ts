import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { JOIN_CODE_ALPHABET } from '../../common/contract/schemas/room';

/** How much one participant (and one address trying codes) may ask of the room listener. Tests shrink them. */
export type RoomLimits = Readonly<{
  /** Requests per participant: a bucket of `burst`, refilled at `perSecond`. A phone polls every 3 s. */
  burst: number;
  perSecond: number;
  /** Ideas per participant per minute (a stuck key or a script cannot flood the board). */
  ideasPerMinute: number;
  /** Join attempts per remote address per minute (guessing a 6-character code is hopeless at this rate). */
  joinsPerMinute: number;
  /** At most this many participants at once. */
  maxParticipants: number;
  /** Open connections on the room listener. */
  maxConnections: number;
}>;

export const DEFAULT_ROOM_LIMITS: RoomLimits = { burst: 20, perSecond: 3, ideasPerMinute: 20, joinsPerMinute: 10, maxParticipants: 200, maxConnections: 256 };

/** "K7P4QX": 6 characters from 31 without look-alikes (~29.7 bits), from the OS's CSPRNG; independent of any token. */
export function newJoinCode(): string {
  let code = '';
  for (let i = 0; i < 6; i++) code += JOIN_CODE_ALPHABET[randomInt(JOIN_CODE_ALPHABET.length)];
  return code;
}

export type Participant = {
  readonly id: string;
  /** Numbers this phone's entries in a round and names it: "Phone 3". */
  readonly number: number;
  readonly label: string;
  /** SHA-256 of the token: the token itself is only ever on the phone. */
  readonly tokenHash: Buffer;
  readonly joinedAt: number;
  lastSeenAt: number;
  ideasAdded: number;
  ballotsCast: number;
  tokens: number;
  refilledAt: number;
  ideaTimes: number[];
  /** Votes this phone has cast its one ballot in. */
  readonly votedIn: Set<string>;
};

const hash = (token: string) => createHash('sha256').update(token).digest();

/** A sliding one-minute window of attempts per key. */
function windowCounter(limit: number, now: () => number) {
  const seen = new Map<string, number[]>();
  return (key: string): boolean => {
    const t = now();
    const recent = (seen.get(key) ?? []).filter((x) => x > t - 60_000);
    if (recent.length >= limit) {
      seen.set(key, recent);
      return false;
    }
    recent.push(t);
    seen.set(key, recent);
    return true;
  };
}

export type Admission = Readonly<{ ok: true; participant: Participant }> | Readonly<{ ok: false; status: 401 | 429; message: string; retryAfterS?: number }>;

/**
 * The participants of one room-mode run, in memory only: stopping room mode (or the app) forgets every token and
 * the join code. Tokens are 32 random bytes, stored as their SHA-256 and compared in constant time.
 */
export function createRoomSessions(opts: { limits: RoomLimits; firstNumber: number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const { limits } = opts;
  const joinCode = newJoinCode();
  const byId = new Map<string, Participant>();
  let next = opts.firstNumber;
  let seq = 0;
  const joinAllowed = windowCounter(limits.joinsPerMinute, now);

  const find = (token: string): Participant | null => {
    const h = hash(token);
    for (const p of byId.values()) if (timingSafeEqual(p.tokenHash, h)) return p;
    return null;
  };

  return {
    joinCode,
    /** Trades the join code for a participant token, once per phone (a phone that reloads keeps its token). */
    join(code: unknown, from: string): { ok: true; token: string; participant: Participant } | { ok: false; status: 401 | 403 | 429; message: string } {
      if (!joinAllowed(from)) return { ok: false, status: 429, message: 'Too many join attempts from this device: wait a minute and try again.' };
      const given = typeof code === 'string' ? code.trim().toUpperCase().replace(/[\s-]/g, '') : '';
      const a = Buffer.from(given.padEnd(6).slice(0, 16));
      const b = Buffer.from(joinCode.padEnd(6));
      if (a.length !== b.length || !timingSafeEqual(a, b)) return { ok: false, status: 401, message: 'That join code is not right: check the code on the projector (it changes each time room mode is turned on).' };
      if (byId.size >= limits.maxParticipants) return { ok: false, status: 403, message: `The room is full (${limits.maxParticipants} participants).` };
      const token = randomBytes(32).toString('base64url');
      const t = now();
      seq += 1;
      const p: Participant = {
        id: randomBytes(9).toString('base64url'),
        number: next++,
        label: `Phone ${seq}`,
        tokenHash: hash(token),
        joinedAt: t,
        lastSeenAt: t,
        ideasAdded: 0,
        ballotsCast: 0,
        tokens: limits.burst,
        refilledAt: t,
        ideaTimes: [],
        votedIn: new Set(),
      };
      byId.set(p.id, p);
      return { ok: true, token, participant: p };
    },
    /** The participant a bearer token belongs to, charged one request against their bucket. */
    admit(token: string | null): Admission {
      const p = token ? find(token) : null;
      if (!p) return { ok: false, status: 401, message: 'This phone is not in the room (or was removed): scan the QR code or type the join code again.' };
      const t = now();
      p.tokens = Math.min(limits.burst, p.tokens + ((t - p.refilledAt) / 1000) * limits.perSecond);
      p.refilledAt = t;
      if (p.tokens < 1) {
        const retryAfterS = Math.max(1, Math.ceil((1 - p.tokens) / limits.perSecond));
        return { ok: false, status: 429, message: `Too many requests from this phone: wait ${retryAfterS} s.`, retryAfterS };
      }
      p.tokens -= 1;
      p.lastSeenAt = t;
      return { ok: true, participant: p };
    },
    /** True when the participant may add one more idea this minute (and counts it). */
    ideaAllowed(p: Participant): boolean {
      const t = now();
      p.ideaTimes = p.ideaTimes.filter((x) => x > t - 60_000);
      if (p.ideaTimes.length >= limits.ideasPerMinute) return false;
      p.ideaTimes.push(t);
      return true;
    },
    remove(id: string): boolean {
      return byId.delete(id);
    },
    get(id: string): Participant | undefined {
      return byId.get(id);
    },
    list(): Participant[] {
      return [...byId.values()];
    },
  };
}

export type RoomSessions = ReturnType<typeof createRoomSessions>;
