import type { workshopMethods } from '../../../common/contract/schemas/workshop';
import type { Idea } from '../../../common/contract/schemas/workshop';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/workshop';
import { requireEvent } from '../lookups';

type IdeaMethods = MethodsOf<'idea'>;

export function requireIdea(ctx: ServiceContext, id: string): Idea {
  const idea = repo.findIdea(ctx.db, id);
  if (!idea) throw notFound('Idea', id);
  return idea;
}

/** Brainstorm ideas: add (Enter adds the next), edit, merge and delete with undo (remove returns the idea; re-adding with its id restores it). */
export function ideaHandlers(ctx: ServiceContext): Handlers<IdeaMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'ideas' });
  return {
    'idea-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listIdeas(db, eventId);
    },
    'idea-add': ({ eventId, id, idea, position }) => {
      requireEvent(ctx, eventId);
      if (id && repo.findIdea(db, id)) throw new AppError('CONFLICT', `An idea with id "${id}" already exists.`);
      const newId = id ?? ctx.newId();
      repo.insertIdea(db, newId, eventId, ctx.nowIso(), {
        author: null,
        category: '',
        stageRef: null,
        kpiRef: null,
        groupId: null,
        ...idea,
        // An empty author means anonymous, stored as null.
        ...(idea.author !== undefined ? { author: idea.author || null } : {}),
      }, position);
      changed(eventId);
      return requireIdea(ctx, newId);
    },
    'idea-update': ({ id, patch }) => {
      const before = requireIdea(ctx, id);
      repo.updateIdea(db, id, patch.author !== undefined ? { ...patch, author: patch.author || null } : patch);
      changed(before.eventId);
      return requireIdea(ctx, id);
    },
    'idea-remove': ({ id }) => {
      const before = requireIdea(ctx, id);
      repo.deleteIdea(db, id);
      changed(before.eventId);
      return before;
    },
    'idea-merge': ({ targetId, sourceIds }) => {
      const before = requireIdea(ctx, targetId);
      const sources = [...new Set(sourceIds)].filter((s) => s !== targetId).map((s) => requireIdea(ctx, s));
      if (sources.length === 0) throw new AppError('BAD_INPUT', 'sourceIds: pick at least one other idea to merge into this one.');
      const foreign = sources.find((s) => s.eventId !== before.eventId);
      if (foreign) throw new AppError('BAD_INPUT', `sourceIds: idea "${foreign.id}" belongs to another event.`);
      const text = [before.text, ...sources.map((s) => s.text)].join('\n').slice(0, 2000);
      db.transaction(() => {
        repo.updateIdea(db, targetId, { text });
        for (const s of sources) repo.deleteIdea(db, s.id);
      })();
      changed(before.eventId);
      return { merged: requireIdea(ctx, targetId), before, removed: sources };
    },
  };
}
