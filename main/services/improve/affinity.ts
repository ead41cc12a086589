import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/improve';
import { requireEvent } from '../lookups';

type GroupMethods = MethodsOf<'affinity-group'>;

/**
 * Affinity groups are named buckets; an idea joins one by `idea-update {patch: {groupId}}` (workshop area).
 * Removing a group leaves the ideas' group ids dangling on purpose: the board shows them as ungrouped,
 * and undo (re-adding the group with its id) puts every card back where it was.
 */
export function affinityHandlers(ctx: ServiceContext): Handlers<GroupMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'affinity' });
  const group = (id: string) => repo.findGroup(db, id) ?? (() => { throw notFound('Affinity group', id); })();
  return {
    'affinity-group-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listGroups(db, eventId);
    },
    'affinity-group-add': ({ eventId, id, name, position }) => {
      requireEvent(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (repo.findGroup(db, newId)) throw new AppError('CONFLICT', `An affinity group with id "${newId}" already exists.`);
      repo.insertGroup(db, newId, eventId, name, ctx.nowIso(), position);
      changed(eventId);
      return group(newId);
    },
    'affinity-group-update': ({ id, patch }) => {
      const g = group(id);
      repo.updateGroup(db, id, patch);
      changed(g.eventId);
      return group(id);
    },
    'affinity-group-remove': ({ id }) => {
      const g = group(id);
      repo.deleteGroup(db, id);
      changed(g.eventId);
      return g;
    },
  };
}
