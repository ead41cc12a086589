import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { AppError, notFound } from '../../../common/contract/errors';
import type { Facilitator, Person } from '../../../common/contract/schemas/governance';
import type { TeamRole } from '../../../common/contract/schemas/team';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/connection';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/governance';
import * as team from '../../db/repositories/team';
import { requireEvent } from '../lookups';

/**
 * scrypt parameters for new passphrases (RFC 7914): N = 2^15 CPU/memory cost, r = 8 block size, p = 1,
 * a 64-byte key and a random 16-byte salt per member. 128·N·r = 32 MiB of memory and about 0.1 s per
 * check on a laptop: slow for a guesser, still instant for a person. Each stored hash keeps its own
 * parameters, so raising them later leaves existing passphrases working.
 */
export const SCRYPT = Object.freeze({ N: 2 ** 15, r: 8, p: 1, keylen: 64, saltBytes: 16 });
/** Wrong tries allowed before a person is locked out; each further wrong try doubles the wait, up to an hour. */
export const MAX_TRIES = 5;
const FIRST_LOCK_MS = 5 * 60_000;
const MAX_LOCK_MS = 60 * 60_000;

export type VerifiedPerson = Readonly<{ memberId: string; name: string; role: TeamRole }>;

function derive(passphrase: string, salt: Buffer, n: number, r: number, p: number, keylen: number): Buffer {
  return scryptSync(passphrase.normalize('NFC'), salt, keylen, { N: n, r, p, maxmem: 256 * n * r + 1024 * 1024 });
}

function requireMember(ctx: ServiceContext, memberId: string, eventId?: string) {
  const m = team.findMember(ctx.db, memberId);
  if (!m || (eventId !== undefined && m.eventId !== eventId)) throw notFound('Team member', memberId);
  return m;
}

function whenText(iso: string): string {
  return `${iso.slice(0, 16).replace('T', ' ')} UTC`;
}

/**
 * Checks `passphrase` against the member's stored hash, counting wrong tries (persisted, so restarting the app
 * does not reset them). Must run outside a transaction: a wrong try is written even though the action fails.
 */
function checkSecret(ctx: ServiceContext, memberId: string, name: string, passphrase: string): void {
  const { db } = ctx;
  if (db.inTransaction) throw new Error('verifyPassphrase must be called before the action opens its transaction, so wrong tries are kept.');
  const stored = repo.findPassphrase(db, memberId);
  if (!stored) {
    throw new AppError('BAD_INPUT', `${name} has no passphrase yet: set one first (Governance → People).`, { reason: 'no-passphrase', memberId });
  }
  const now = ctx.clock.now();
  const failures = repo.findFailures(db, memberId);
  if (failures?.lockedUntil && Date.parse(failures.lockedUntil) > now.getTime()) {
    throw new AppError('BAD_INPUT', `Too many wrong passphrases for ${name}: try again after ${whenText(failures.lockedUntil)}.`, {
      reason: 'rate-limited',
      memberId,
      retryAt: failures.lockedUntil,
    });
  }
  const candidate = derive(passphrase, stored.salt, stored.n, stored.r, stored.p, stored.keylen);
  if (candidate.length === stored.hash.length && timingSafeEqual(candidate, stored.hash)) {
    if (failures) repo.clearFailures(db, memberId);
    return;
  }
  const count = (failures?.failures ?? 0) + 1;
  const lockMs = count >= MAX_TRIES ? Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (count - MAX_TRIES)) : 0;
  const lockedUntil = lockMs > 0 ? new Date(now.getTime() + lockMs).toISOString() : null;
  repo.saveFailures(db, memberId, { failures: count, lastFailureAt: now.toISOString(), lockedUntil });
  if (lockedUntil) {
    throw new AppError('BAD_INPUT', `Wrong passphrase for ${name}. After ${count} wrong tries, try again after ${whenText(lockedUntil)}.`, {
      reason: 'rate-limited',
      memberId,
      retryAt: lockedUntil,
    });
  }
  const left = MAX_TRIES - count;
  throw new AppError('BAD_INPUT', `Wrong passphrase for ${name} (${left} ${left === 1 ? 'try' : 'tries'} left before a pause).`, {
    reason: 'wrong-passphrase',
    memberId,
    triesLeft: left,
  });
}

/** Proves who is acting on the shared laptop. Throws a clear AppError: no passphrase yet, wrong passphrase, or rate-limited (with when to retry). */
export function verifyPassphrase(ctx: ServiceContext, input: { eventId: string; memberId: string; passphrase: string }): VerifiedPerson {
  const m = requireMember(ctx, input.memberId, input.eventId);
  checkSecret(ctx, m.id, m.name, input.passphrase);
  return { memberId: m.id, name: m.name, role: m.role };
}

/** Sets a member's passphrase the first time, or changes it (the old one is required and counts as a try). */
/**
 * scrypt cost for the demo team's passphrases. They are published in the README ("demo-<first name>"), so a
 * slow hash protects nothing there and would cost the first launch about a second; they are stored with
 * these parameters like any other hash. Any passphrase a person sets or changes uses SCRYPT.
 */
export const DEMO_SCRYPT_N = 2 ** 10;

export function setPassphrase(
  ctx: ServiceContext,
  input: { memberId: string; passphrase: string; oldPassphrase?: string },
  cost: Readonly<{ N: number }> = SCRYPT,
): { memberId: string; setAt: string } {
  const { db } = ctx;
  const m = requireMember(ctx, input.memberId);
  requireEvent(ctx, m.eventId);
  const existing = repo.findPassphrase(db, m.id);
  if (existing) {
    if (input.oldPassphrase === undefined) throw new AppError('BAD_INPUT', `${m.name} already has a passphrase: give the current one to change it.`, { reason: 'old-passphrase-needed' });
    checkSecret(ctx, m.id, m.name, input.oldPassphrase);
  }
  const salt = randomBytes(SCRYPT.saltBytes);
  const hash = derive(input.passphrase, salt, cost.N, SCRYPT.r, SCRYPT.p, SCRYPT.keylen);
  const setAt = ctx.nowIso();
  db.transaction(() => {
    repo.savePassphrase(db, m.id, { salt, hash, n: cost.N, r: SCRYPT.r, p: SCRYPT.p, keylen: SCRYPT.keylen, setAt });
    repo.clearFailures(db, m.id);
    appendChange(db, setAt, { actor: m.name, entity: 'passphrase', entityId: m.id, action: existing ? 'change' : 'set', eventId: m.eventId, payload: { member: m.name } });
  })();
  return { memberId: m.id, setAt };
}

/** The event's current facilitator: the one chosen in the app, else the first team member whose role is facilitator. */
export function currentFacilitator(ctx: ServiceContext, eventId: string): Facilitator {
  const chosen = repo.chosenFacilitator(ctx.db, eventId);
  if (chosen) return { ...chosen, source: 'chosen' };
  const byRole = repo.firstFacilitatorByRole(ctx.db, eventId);
  if (byRole) return { ...byRole, source: 'role' };
  return { memberId: null, name: ctx.actor, source: 'fallback' };
}

/** Who change-log entries of this event are attributed to: the current facilitator's name (ctx.actor when there is none). */
export function actorFor(ctx: ServiceContext, eventId: string): string {
  return currentFacilitator(ctx, eventId).name;
}

/** Switches the current facilitator; a person with a passphrase must give it. Logged. */
export function switchFacilitator(ctx: ServiceContext, input: { eventId: string; memberId: string; passphrase?: string }): Facilitator {
  const { db } = ctx;
  requireEvent(ctx, input.eventId);
  const m = requireMember(ctx, input.memberId, input.eventId);
  if (repo.findPassphrase(db, m.id)) {
    if (input.passphrase === undefined) throw new AppError('BAD_INPUT', `${m.name} has a passphrase: give it to take over as facilitator.`, { reason: 'passphrase-needed', memberId: m.id });
    checkSecret(ctx, m.id, m.name, input.passphrase);
  }
  const before = currentFacilitator(ctx, input.eventId);
  const at = ctx.nowIso();
  db.transaction(() => {
    repo.setFacilitator(db, input.eventId, m.id, at);
    appendChange(db, at, {
      actor: m.name,
      entity: 'facilitator',
      entityId: input.eventId,
      action: 'switch',
      eventId: input.eventId,
      payload: { before: before.name, after: m.name },
      record: { table: 'event_facilitators', id: input.eventId },
    });
  })();
  ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'governance' });
  return currentFacilitator(ctx, input.eventId);
}

/** The team with whether each has a passphrase and any lock-out; never a hash. */
export function listPeople(ctx: ServiceContext, eventId: string): Person[] {
  const db: Db = ctx.db;
  const withPass = repo.membersWithPassphrase(db, eventId);
  const locks = repo.lockedMembers(db, eventId);
  const now = ctx.clock.now().getTime();
  return team.listMembers(db, eventId).map((m) => {
    const until = locks.get(m.id);
    return { id: m.id, name: m.name, role: m.role, hasPassphrase: withPass.has(m.id), lockedUntil: until && Date.parse(until) > now ? until : null };
  });
}
