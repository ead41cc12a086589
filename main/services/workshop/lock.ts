import type { ParticipantLock, workshopMethods } from '../../../common/contract/schemas/workshop';
import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as governance from '../../db/repositories/governance';
import * as team from '../../db/repositories/team';
import * as repo from '../../db/repositories/workshop';
import * as locks from '../../db/repositories/workshopLock';
import type { LockRow } from '../../db/repositories/workshopLock';
import { requireEvent } from '../lookups';
import { currentFacilitator, verifyPassphrase } from '../governance/people';

type LockMethods = MethodsOf<'lock'>;

/**
 * The locked pass-the-laptop mode. While an event is locked the laptop shows only the participant screen of its
 * open round or ballot; the lock lives in the store (a reload or restart comes back to it) and only the passphrase
 * of the facilitator who locked it ends it, checked by governance's verifyPassphrase (scrypt, with its lockout after
 * wrong tries). Main refuses the facilitator's workshop methods while locked (see guardedWorkshop in handlers.ts).
 */
function toLock(ctx: ServiceContext, l: LockRow): ParticipantLock {
  const m = team.findMember(ctx.db, l.memberId);
  return { eventId: l.eventId, kind: l.kind, refId: l.refId, facilitatorId: l.memberId, facilitatorName: m?.name ?? 'the facilitator', lockedAt: l.lockedAt };
}

/** Refuses a facilitator's change while the event is locked on a participant screen. */
export function refuseWhileLocked(ctx: ServiceContext, eventId: string | undefined, method: string): void {
  if (!eventId) return;
  const l = locks.findLock(ctx.db, eventId);
  if (!l) return;
  const who = toLock(ctx, l).facilitatorName;
  throw new AppError('FORBIDDEN', `${method}: the laptop is locked for participants; ${who} must unlock it with their passphrase first.`, {
    reason: 'locked',
    eventId,
  });
}

/**
 * For the facilitator's ways out of a locked screen (close the round, reveal, remove the vote): while the event is
 * locked the passphrase is required and verified before anything changes (outside any transaction, so a wrong try
 * is counted). Returns a function that ends the lock, to call once the action has succeeded; a no-op when unlocked.
 */
export function passLock(ctx: ServiceContext, eventId: string, passphrase: string | undefined, what: string): () => void {
  const l = locks.findLock(ctx.db, eventId);
  if (!l) return () => undefined;
  const lock = toLock(ctx, l);
  if (passphrase === undefined) {
    throw new AppError('FORBIDDEN', `The laptop is locked for participants: ${what} needs ${lock.facilitatorName}'s passphrase.`, { reason: 'locked', eventId });
  }
  verifyPassphrase(ctx, { eventId, memberId: l.memberId, passphrase });
  return () => {
    locks.deleteLock(ctx.db, eventId);
    ctx.bus.emit('data-changed', { eventId, area: 'lock' });
  };
}

export function lockHandlers(ctx: ServiceContext): Handlers<LockMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  return {
    'lock-get': ({ eventId }) => {
      requireEvent(ctx, eventId);
      const l = locks.findLock(db, eventId);
      return l ? toLock(ctx, l) : null;
    },
    'lock-active': () => {
      const l = locks.findActiveLock(db);
      return l ? toLock(ctx, l) : null;
    },
    'lock-enter': ({ eventId, kind, id }) => {
      requireEvent(ctx, eventId);
      const ref = kind === 'round' ? repo.findRound(db, id) : repo.findVote(db, id);
      const label = kind === 'round' ? 'anonymous round' : 'vote';
      if (!ref || ref.eventId !== eventId) throw new AppError('NOT_FOUND', `No ${label} "${id}" in this event.`);
      if (ref.status !== 'open') throw new AppError('CONFLICT', `The ${label} is no longer open; there is nothing for participants to do.`);
      const existing = locks.findLock(db, eventId);
      if (existing) {
        if (existing.kind === kind && existing.refId === id) return toLock(ctx, existing);
        throw new AppError('CONFLICT', 'The laptop is already locked on another participant screen.', { reason: 'locked', eventId });
      }
      const f = currentFacilitator(ctx, eventId);
      if (!f.memberId) {
        throw new AppError('BAD_INPUT', 'Choose the facilitator in the header first: their passphrase unlocks the laptop after the round.', { reason: 'no-facilitator' });
      }
      const member = f.memberId;
      if (!governance.findPassphrase(db, member)) {
        throw new AppError('BAD_INPUT', `${f.name} has no passphrase yet: set one (Governance → People) so only they can unlock the laptop.`, {
          reason: 'no-passphrase',
          memberId: member,
        });
      }
      const row: LockRow = { eventId, kind, refId: id, memberId: member, lockedAt: ctx.nowIso() };
      locks.saveLock(db, row);
      ctx.bus.emit('data-changed', { eventId, area: 'lock' });
      return toLock(ctx, row);
    },
    'lock-leave': ({ eventId, passphrase }) => {
      requireEvent(ctx, eventId);
      const l = locks.findLock(db, eventId);
      if (!l) return { eventId, unlocked: true as const };
      passLock(ctx, eventId, passphrase, 'going back to editing')();
      return { eventId, unlocked: true as const };
    },
  };
}
