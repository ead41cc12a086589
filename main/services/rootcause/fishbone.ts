import { AI_FISHBONE_CATEGORIES } from '../../../common/contract/schemas/rootcause';
import type { Fishbone, RootCauseRef, rootcauseMethods } from '../../../common/contract/schemas/rootcause';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/rootcause';
import { requireEvent } from '../lookups';

type FishboneMethods = Exclude<keyof typeof rootcauseMethods, `whys-${string}`>;

/**
 * Reads the event's fishbone. The first read creates it with the six AI categories and the charter's
 * problem statement as the effect, so a facilitator starts from a useful skeleton; later reads never
 * re-add categories the team deleted.
 */
export function loadFishbone(ctx: ServiceContext, eventId: string): Fishbone {
  const { db } = ctx;
  let effect = repo.findEffect(db, eventId);
  if (effect === undefined) {
    const event = requireEvent(ctx, eventId);
    db.transaction(() => {
      repo.upsertEffect(db, eventId, event.problemStatement);
      AI_FISHBONE_CATEGORIES.forEach((name, i) => repo.insertCategory(db, ctx.newId(), eventId, name, i + 1));
    })();
    effect = event.problemStatement;
  }
  return { eventId, effect, categories: repo.listCategories(db, eventId) };
}

export function fishboneHandlers(ctx: ServiceContext): Handlers<FishboneMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'fishbone' });
  const category = (id: string) => repo.findCategory(db, id) ?? (() => { throw notFound('Fishbone category', id); })();
  const cause = (id: string) => repo.findCause(db, id) ?? (() => { throw notFound('Cause', id); })();
  /** Causes and sub-causes: two levels, which is what the diagram can draw legibly. */
  const addCause = (categoryId: string, c: { id: string; parentId: string | null; text: string }) => {
    if (repo.findCause(db, c.id)) throw new AppError('CONFLICT', `A cause with id "${c.id}" already exists.`);
    if (c.parentId !== null) {
      const parent = repo.findCause(db, c.parentId);
      if (!parent || parent.categoryId !== categoryId) throw new AppError('BAD_INPUT', `parentId: cause "${c.parentId}" is not in this category.`);
      if (parent.parentId !== null) throw new AppError('BAD_INPUT', `parentId: "${parent.text}" is already a sub-cause; sub-causes go one level deep.`);
    }
    repo.insertCause(db, { ...c, categoryId });
  };
  return {
    'fishbone-get': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return loadFishbone(ctx, eventId);
    },
    'fishbone-update': ({ eventId, effect }) => {
      requireEvent(ctx, eventId);
      loadFishbone(ctx, eventId);
      repo.upsertEffect(db, eventId, effect);
      changed(eventId);
      return loadFishbone(ctx, eventId);
    },
    'fishbone-category-add': ({ eventId, id, name, position, causes }) => {
      requireEvent(ctx, eventId);
      loadFishbone(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (repo.findCategory(db, newId)) throw new AppError('CONFLICT', `A fishbone category with id "${newId}" already exists.`);
      db.transaction(() => {
        repo.insertCategory(db, newId, eventId, name, position);
        for (const c of causes ?? []) addCause(newId, c);
      })();
      changed(eventId);
      return category(newId);
    },
    'fishbone-category-update': ({ id, patch }) => {
      const c = category(id);
      repo.updateCategory(db, id, patch);
      changed(c.eventId);
      return category(id);
    },
    'fishbone-category-remove': ({ id }) => {
      const c = category(id);
      repo.deleteCategory(db, id);
      changed(c.eventId);
      return c;
    },
    'fishbone-cause-add': ({ categoryId, id, parentId, text }) => {
      const cat = category(categoryId);
      const newId = id ?? ctx.newId();
      addCause(categoryId, { id: newId, parentId, text });
      changed(cat.eventId);
      return cause(newId);
    },
    'fishbone-cause-update': ({ id, patch }) => {
      const c = cause(id);
      repo.updateCause(db, id, patch.text);
      changed(category(c.categoryId).eventId);
      return cause(id);
    },
    'fishbone-cause-move': ({ id, categoryId, parentId }) => {
      const c = cause(id);
      const from = category(c.categoryId);
      const to = category(categoryId);
      if (from.eventId !== to.eventId) throw new AppError('BAD_INPUT', `Category "${to.name}" belongs to another event's fishbone; a cause moves only within its own.`);
      const subtree = repo.causeSubtree(db, id);
      if (parentId !== null) {
        const p = cause(parentId);
        if (p.categoryId !== categoryId) throw new AppError('BAD_INPUT', `Cause "${p.text}" is not in category "${to.name}".`);
        if (subtree.some((x) => x.id === parentId)) throw new AppError('BAD_INPUT', `Cause "${c.text}" cannot go under one of its own sub-causes.`);
      }
      db.transaction(() => repo.moveCause(db, id, categoryId, parentId, subtree.map((x) => x.id)))();
      changed(to.eventId);
      return cause(id);
    },
    'fishbone-cause-remove': ({ id }) => {
      const c = cause(id);
      const removed = repo.causeSubtree(db, id);
      repo.deleteCause(db, id);
      changed(category(c.categoryId).eventId);
      return removed;
    },
    'rootcause-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      const out: RootCauseRef[] = [];
      for (const ch of repo.listChains(db, eventId)) {
        for (const n of ch.nodes) if (n.isRootCause) out.push({ id: n.id, kind: 'why', text: n.text, context: `5 Whys: ${ch.problem}` });
      }
      for (const cat of repo.listCategories(db, eventId)) {
        for (const c of cat.causes) out.push({ id: c.id, kind: 'fishbone', text: c.text, context: `Fishbone: ${cat.name}` });
      }
      return out;
    },
  };
}
