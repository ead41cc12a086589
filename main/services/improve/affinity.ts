import type { AffinityGroup } from '../../../common/contract/schemas/affinity';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/connection';
import type { Handlers, MethodsOf } from '../../handlers';
import { requireEvent } from '../lookups';

type Row = Record<string, unknown>;
type GroupMethods = MethodsOf<'affinity-group'>;

const toGroup = (r: Row): AffinityGroup => ({
  id: r.id as string,
  eventId: r.event_id as string,
  name: r.name as string,
  position: r.position as number,
  createdAt: r.created_at as string,
});

function findGroup(db: Db, id: string): AffinityGroup | undefined {
  const r = db.prepare('SELECT * FROM affinity_groups WHERE id = ?').get(id) as Row | undefined;
  return r ? toGroup(r) : undefined;
}

/**
 * True when `ideaId` is an idea of this event. Ideas belong to the workshop area (migration 0060); when
 * that table is absent the check is skipped rather than failing, so this area works on its own.
 */
export function ideaBelongsTo(db: Db, eventId: string, ideaId: string): boolean {
  const hasIdeas = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ideas'").get() !== undefined;
  if (!hasIdeas) return true;
  return db.prepare('SELECT 1 FROM ideas WHERE id = ? AND event_id = ?').get(ideaId, eventId) !== undefined;
}

/**
 * Affinity groups are named buckets; an idea joins one by `idea-update {patch: {groupId}}` (workshop area).
 * Removing a group leaves the ideas' group ids dangling on purpose: the board shows them as ungrouped,
 * and undo (re-adding the group with its id) puts every card back where it was.
 */
export function affinityHandlers(ctx: ServiceContext): Handlers<GroupMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'affinity' });
  const group = (id: string) => findGroup(db, id) ?? (() => { throw notFound('Affinity group', id); })();
  return {
    'affinity-group-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return (db.prepare('SELECT * FROM affinity_groups WHERE event_id = ? ORDER BY position, created_at').all(eventId) as Row[]).map(toGroup);
    },
    'affinity-group-add': ({ eventId, id, name, position }) => {
      requireEvent(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (findGroup(db, newId)) throw new AppError('CONFLICT', `An affinity group with id "${newId}" already exists.`);
      // Restoring at a position (undo) moves later groups along one, so the board comes back exactly.
      if (position !== undefined) db.prepare('UPDATE affinity_groups SET position = position + 1 WHERE event_id = ? AND position >= ?').run(eventId, position);
      const pos = position ?? (db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM affinity_groups WHERE event_id = ?').pluck().get(eventId) as number);
      db.prepare('INSERT INTO affinity_groups (id, event_id, name, position, created_at) VALUES (?, ?, ?, ?, ?)').run(newId, eventId, name, pos, ctx.nowIso());
      changed(eventId);
      return group(newId);
    },
    'affinity-group-update': ({ id, patch }) => {
      const g = group(id);
      if (patch.name !== undefined) db.prepare('UPDATE affinity_groups SET name = ? WHERE id = ?').run(patch.name, id);
      if (patch.position !== undefined) db.prepare('UPDATE affinity_groups SET position = ? WHERE id = ?').run(patch.position, id);
      changed(g.eventId);
      return group(id);
    },
    'affinity-group-remove': ({ id }) => {
      const g = group(id);
      db.prepare('DELETE FROM affinity_groups WHERE id = ?').run(id);
      changed(g.eventId);
      return g;
    },
  };
}
