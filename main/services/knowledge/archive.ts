import { AppError } from '../../../common/contract/errors';
import type { KaizenEvent } from '../../../common/contract/schemas/events';
import type { Acting } from '../../../common/contract/schemas/governance';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as events from '../../db/repositories/events';
import * as governance from '../../db/repositories/governance';
import { actorFor, currentFacilitator, verifyPassphrase } from '../governance/people';
import { requireEvent } from '../lookups';

/** Archives an event: from now on dispatch refuses every change to it (knowledge/guard.ts). Logged. */
export function archiveEvent(ctx: ServiceContext, id: string, reason?: string): KaizenEvent {
  const e = requireEvent(ctx, id);
  if (e.archivedAt !== null) throw new AppError('CONFLICT', `Event "${e.name}" is already archived.`, { reason: 'already-archived' });
  const at = ctx.nowIso();
  ctx.db.transaction(() => {
    events.setArchived(ctx.db, id, at, at);
    appendChange(ctx.db, at, { actor: actorFor(ctx, id), entity: 'event', entityId: id, action: 'archive', reason: reason ?? '', payload: { name: e.name }, eventId: id });
  })();
  ctx.bus.emit('data-changed', { eventId: id, area: 'events' });
  return requireEvent(ctx, id);
}

/**
 * Reopens an archived event. When the event's facilitator has a passphrase, only the facilitator may, with it
 * (governance/people.ts verifyPassphrase: wrong tries count and lock out like everywhere else). An event whose
 * facilitator has no passphrase reopens without one; the change log says so.
 */
export function reopenEvent(ctx: ServiceContext, id: string, acting?: Acting): KaizenEvent {
  const e = requireEvent(ctx, id);
  if (e.archivedAt === null) throw new AppError('CONFLICT', `Event "${e.name}" is not archived.`, { reason: 'not-archived' });
  const facilitator = currentFacilitator(ctx, id);
  const guarded = facilitator.memberId !== null && governance.findPassphrase(ctx.db, facilitator.memberId) !== undefined;
  let actor = facilitator.name;
  if (guarded) {
    if (!acting) {
      throw new AppError('BAD_INPUT', `Reopening "${e.name}" needs the facilitator's passphrase (${facilitator.name}).`, { reason: 'passphrase-needed', memberId: facilitator.memberId });
    }
    if (acting.memberId !== facilitator.memberId) {
      throw new AppError('BAD_INPUT', `Only the event's facilitator, ${facilitator.name}, can reopen "${e.name}".`, { reason: 'not-facilitator', memberId: facilitator.memberId });
    }
    actor = verifyPassphrase(ctx, { eventId: id, memberId: acting.memberId, passphrase: acting.passphrase }).name;
  }
  const at = ctx.nowIso();
  ctx.db.transaction(() => {
    events.setArchived(ctx.db, id, null, at);
    appendChange(ctx.db, at, {
      actor,
      entity: 'event',
      entityId: id,
      action: 'reopen',
      payload: { name: e.name, passphrase: guarded ? 'facilitator' : 'none set' },
      eventId: id,
    });
  })();
  ctx.bus.emit('data-changed', { eventId: id, area: 'events' });
  return requireEvent(ctx, id);
}
