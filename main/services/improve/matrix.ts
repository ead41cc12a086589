import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/improve';
import { requireEvent } from '../lookups';

/** Impact/effort (PICK) placements: one per idea, by typed score or by drag, saved as 0–10 scores. */
export function matrixHandlers(ctx: ServiceContext): Handlers<MethodsOf<'matrix'>> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'matrix' });
  return {
    'matrix-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listPlacements(db, eventId);
    },
    'matrix-place': ({ eventId, ideaId, impact, effort, source }) => {
      requireEvent(ctx, eventId);
      if (!repo.ideaBelongsTo(db, eventId, ideaId)) throw new AppError('NOT_FOUND', `Idea "${ideaId}" is not in this event.`, { id: ideaId });
      repo.savePlacement(db, { eventId, ideaId, impact, effort, source, updatedAt: ctx.nowIso() });
      changed(eventId);
      return repo.findPlacement(db, eventId, ideaId)!;
    },
    'matrix-unplace': ({ eventId, ideaId }) => {
      requireEvent(ctx, eventId);
      const before = repo.findPlacement(db, eventId, ideaId);
      repo.deletePlacement(db, eventId, ideaId);
      changed(eventId);
      return before;
    },
  };
}
