import type { teamMethods } from '../../../common/contract/schemas/team';
import { AppError, notFound } from '../../../common/contract/errors';
import { teamWarnings } from '../../../common/domain/team/teamWarnings';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/team';
import { requireEvent } from '../lookups';

export function teamHandlers(ctx: ServiceContext): Handlers<keyof typeof teamMethods> {
  const { db } = ctx;
  const changed = (eventId: string, area: string) => ctx.bus.emit('data-changed', { eventId, area });
  const member = (id: string) => repo.findMember(db, id) ?? (() => { throw notFound('Team member', id); })();
  const item = (id: string) => repo.findItem(db, id) ?? (() => { throw notFound('Checklist item', id); })();
  const checkOwner = (eventId: string, ownerId: string | null | undefined) => {
    if (!ownerId) return;
    const m = repo.findMember(db, ownerId);
    if (!m || m.eventId !== eventId) throw new AppError('VALIDATION', `ownerId: no team member "${ownerId}" in this event.`);
  };
  return {
    'team-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      const members = repo.listMembers(db, eventId);
      return { members, warnings: teamWarnings(members) };
    },
    'team-add': ({ eventId, id, member: m }) => {
      requireEvent(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (id && repo.findMember(db, id)) throw new AppError('CONFLICT', `A team member with id "${id}" already exists.`);
      repo.insertMember(db, newId, eventId, {
        role: 'participant',
        dataAccess: [],
        processStages: [],
        canModifyStaging: false,
        notes: '',
        ...m,
      });
      changed(eventId, 'team');
      return member(newId);
    },
    'team-update': ({ id, patch }) => {
      const before = member(id);
      repo.updateMember(db, id, patch);
      changed(before.eventId, 'team');
      return member(id);
    },
    'team-remove': ({ id }) => {
      const before = member(id);
      repo.deleteMember(db, id);
      changed(before.eventId, 'team');
      return before;
    },
    'checklist-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listItems(db, eventId);
    },
    'checklist-add': ({ eventId, id, item: f }) => {
      requireEvent(ctx, eventId);
      checkOwner(eventId, f.ownerId);
      const newId = id ?? ctx.newId();
      if (id && repo.findItem(db, id)) throw new AppError('CONFLICT', `A checklist item with id "${id}" already exists.`);
      repo.insertItem(db, newId, eventId, {
        kind: 'custom',
        status: 'open',
        ownerId: null,
        dueDate: null,
        note: '',
        details: {},
        ...f,
      });
      changed(eventId, 'checklist');
      return item(newId);
    },
    'checklist-update': ({ id, patch }) => {
      const before = item(id);
      checkOwner(before.eventId, patch.ownerId);
      repo.updateItem(db, id, patch);
      changed(before.eventId, 'checklist');
      return item(id);
    },
    'checklist-remove': ({ id }) => {
      const before = item(id);
      repo.deleteItem(db, id);
      changed(before.eventId, 'checklist');
      return before;
    },
  };
}
