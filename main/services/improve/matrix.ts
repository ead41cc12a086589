import type { MatrixPlacement } from '../../../common/contract/schemas/affinity';
import { AppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/connection';
import type { Handlers, MethodsOf } from '../../handlers';
import { ideaBelongsTo } from './affinity';
import { requireEvent } from '../lookups';

type Row = Record<string, unknown>;

const toPlacement = (r: Row): MatrixPlacement => ({
  eventId: r.event_id as string,
  ideaId: r.idea_id as string,
  impact: r.impact as number,
  effort: r.effort as number,
  source: r.source as MatrixPlacement['source'],
  updatedAt: r.updated_at as string,
});

function findPlacement(db: Db, eventId: string, ideaId: string): MatrixPlacement | null {
  const r = db.prepare('SELECT * FROM matrix_placements WHERE event_id = ? AND idea_id = ?').get(eventId, ideaId) as Row | undefined;
  return r ? toPlacement(r) : null;
}

/** Impact/effort (PICK) placements: one per idea, by typed score or by drag, saved as 0–10 scores. */
export function matrixHandlers(ctx: ServiceContext): Handlers<MethodsOf<'matrix'>> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'matrix' });
  return {
    'matrix-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return (db.prepare('SELECT * FROM matrix_placements WHERE event_id = ? ORDER BY updated_at').all(eventId) as Row[]).map(toPlacement);
    },
    'matrix-place': ({ eventId, ideaId, impact, effort, source }) => {
      requireEvent(ctx, eventId);
      if (!ideaBelongsTo(db, eventId, ideaId)) throw new AppError('NOT_FOUND', `Idea "${ideaId}" is not in this event.`, { id: ideaId });
      db.prepare(
        `INSERT INTO matrix_placements (event_id, idea_id, impact, effort, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT(event_id, idea_id) DO UPDATE SET impact = excluded.impact, effort = excluded.effort, source = excluded.source, updated_at = excluded.updated_at`,
      ).run(eventId, ideaId, impact, effort, source, ctx.nowIso());
      changed(eventId);
      return findPlacement(db, eventId, ideaId)!;
    },
    'matrix-unplace': ({ eventId, ideaId }) => {
      requireEvent(ctx, eventId);
      const before = findPlacement(db, eventId, ideaId);
      db.prepare('DELETE FROM matrix_placements WHERE event_id = ? AND idea_id = ?').run(eventId, ideaId);
      changed(eventId);
      return before;
    },
  };
}
