import { isWriteCall } from '../../../common/contract/access';
import type { Method } from '../../../common/contract/api';
import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import * as team from '../../db/repositories/team';
import * as locks from '../../db/repositories/workshopLock';

/**
 * What still works while the laptop is locked on a participant screen: the participants' own steps, the lock itself,
 * the facilitator's ways out that check the passphrase in their handlers (close, reveal, remove), the room clock,
 * cancelling a job, and room mode (participants' phones; main/room has its own allow-list).
 */
const ALLOWED_WHILE_LOCKED: ReadonlySet<string> = new Set([
  'round-begin', 'round-entry-add', 'round-entry-update', 'round-entry-remove', 'round-pass',
  'vote-begin', 'vote-draft', 'vote-cast', 'vote-cancel-ballot',
  'lock-enter', 'lock-leave',
  'round-close', 'vote-reveal', 'vote-remove',
  'timer-start', 'timer-pause', 'timer-extend', 'timer-reset', 'timer-sound',
  'job-cancel',
]);

export type LockGuard = (method: Method, input: unknown) => void;

/**
 * Run by dispatch before every handler (every transport): while any event is locked for participants, every other
 * change is refused with FORBIDDEN — on any event, since it is the whole laptop that is in the participants' hands.
 * Reads stay open. One indexed look-up per change.
 */
export function createLockGuard(ctx: ServiceContext): LockGuard {
  return (method, input) => {
    if (ALLOWED_WHILE_LOCKED.has(method) || method.startsWith('room-') || !isWriteCall(method, input)) return;
    const l = locks.findActiveLock(ctx.db);
    if (!l) return;
    const who = team.findMember(ctx.db, l.memberId)?.name ?? 'the facilitator';
    throw new AppError('FORBIDDEN', `${method}: the laptop is locked for participants; ${who} must unlock it with their passphrase first.`, {
      reason: 'locked',
      eventId: l.eventId,
    });
  };
}
