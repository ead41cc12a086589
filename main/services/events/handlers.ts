import type { eventMethods } from '../../../common/contract/schemas/events';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { requireEvent } from '../lookups';
import { actorFor } from '../governance/people';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/events';
import * as team from '../../db/repositories/team';
import type { KaizenEvent } from '../../../common/contract/schemas/events';


/** Copies an event's charter, team and checklist (owners remapped to the copied members). */
function duplicateEvent(ctx: ServiceContext, id: string, name?: string): KaizenEvent {
  const src = requireEvent(ctx, id);
  const newId = ctx.newId();
  const at = ctx.nowIso();
  const { id: _i, createdAt: _c, updatedAt: _u, lastOpenedAt: _l, deletedAt: _d, isDemo: _demo, archivedAt: _a, ...charter } = src;
  repo.insertEvent(ctx.db, newId, at, { ...charter, name: name ?? `${src.name} (copy)` });
  const memberMap = new Map<string, string>();
  for (const m of team.listMembers(ctx.db, id)) {
    const mid = ctx.newId();
    memberMap.set(m.id, mid);
    const { id: _mi, eventId: _me, position, ...fields } = m;
    team.insertMember(ctx.db, mid, newId, fields, position);
  }
  for (const item of team.listItems(ctx.db, id)) {
    const { id: _ii, eventId: _ie, position, ...fields } = item;
    team.insertItem(ctx.db, ctx.newId(), newId, { ...fields, ownerId: fields.ownerId ? (memberMap.get(fields.ownerId) ?? null) : null }, position);
  }
  return requireEvent(ctx, newId);
}

export function eventHandlers(ctx: ServiceContext): Handlers<keyof typeof eventMethods> {
  const { db } = ctx;
  const changed = (eventId: string | null) => ctx.bus.emit('data-changed', { eventId, area: 'events' });
  return {
    'event-list': ({ query, archived }) => repo.listEvents(db, query, archived),
    'event-create': (input) => {
      const id = ctx.newId();
      repo.insertEvent(db, id, ctx.nowIso(), { ...repo.DEFAULT_CHARTER, ...input });
      changed(id);
      return requireEvent(ctx, id);
    },
    'event-get': ({ id }) => requireEvent(ctx, id),
    'event-open': ({ id }) => {
      requireEvent(ctx, id);
      repo.touchOpened(db, id, ctx.nowIso());
      return requireEvent(ctx, id);
    },
    'event-update': ({ id, patch }) => {
      requireEvent(ctx, id);
      repo.updateEvent(db, id, ctx.nowIso(), patch);
      changed(id);
      return requireEvent(ctx, id);
    },
    'event-duplicate': ({ id, name }) => {
      const copy = db.transaction(() => duplicateEvent(ctx, id, name))();
      changed(copy.id);
      return copy;
    },
    'event-delete': ({ id }) => {
      const e = requireEvent(ctx, id);
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.setDeleted(db, id, at, at);
        appendChange(db, at, { actor: actorFor(ctx, id), entity: 'event', entityId: id, action: 'delete', payload: e.archivedAt ? { name: e.name, archived: true } : { name: e.name }, eventId: id });
      })();
      changed(id);
      return { id };
    },
    'event-restore': ({ id }) => {
      const e = requireEvent(ctx, id, { allowDeleted: true });
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.setDeleted(db, id, null, at);
        appendChange(db, at, { actor: actorFor(ctx, id), entity: 'event', entityId: id, action: 'restore', payload: { name: e.name }, eventId: id });
      })();
      changed(id);
      return requireEvent(ctx, id);
    },
  };
}
