import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/improve';
import { requireEvent } from '../lookups';

/** The parking lot: out-of-scope items, who raised them and what became of them. */
export function parkingHandlers(ctx: ServiceContext): Handlers<MethodsOf<'parking'>> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'parking' });
  const item = (id: string) => repo.findParking(db, id) ?? (() => { throw notFound('Parking lot item', id); })();
  return {
    'parking-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listParking(db, eventId);
    },
    'parking-add': ({ eventId, id, item: f, position }) => {
      requireEvent(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (repo.findParking(db, newId)) throw new AppError('CONFLICT', `A parking lot item with id "${newId}" already exists.`);
      repo.insertParking(db, newId, eventId, ctx.nowIso(), { raisedBy: '', status: 'open', outcome: '', ...f }, position);
      changed(eventId);
      return item(newId);
    },
    'parking-update': ({ id, patch }) => {
      const before = item(id);
      repo.updateParking(db, id, patch);
      changed(before.eventId);
      return item(id);
    },
    'parking-remove': ({ id }) => {
      const before = item(id);
      repo.deleteParking(db, id);
      changed(before.eventId);
      return before;
    },
  };
}
