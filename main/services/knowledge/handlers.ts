import { AppError, notFound } from '../../../common/contract/errors';
import type { knowledgeMethods } from '../../../common/contract/schemas/knowledge';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/knowledge';
import { requireEvent } from '../lookups';
import { archiveEvent, reopenEvent } from './archive';
import { searchKnowledge, similarCountermeasures } from './search';

export function knowledgeHandlers(ctx: ServiceContext): Handlers<keyof typeof knowledgeMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'lessons' });
  const requireLesson = (id: string) => {
    const l = repo.findLesson(db, id);
    if (!l) throw notFound('Lesson', id);
    requireEvent(ctx, l.eventId);
    return l;
  };
  return {
    'event-archive': ({ id, reason }) => archiveEvent(ctx, id, reason),
    'event-reopen': ({ id, acting }) => reopenEvent(ctx, id, acting),
    'lesson-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listLessons(db, eventId);
    },
    'lesson-add': ({ eventId, id, kind, text, position }) => {
      requireEvent(ctx, eventId);
      const lessonId = id ?? ctx.newId();
      if (id !== undefined && repo.findLesson(db, id)) throw new AppError('CONFLICT', `A lesson with id ${id} already exists.`);
      const at = ctx.nowIso();
      repo.insertLesson(db, { id: lessonId, eventId, kind, text, position: position ?? repo.nextLessonPosition(db, eventId, kind), createdAt: at });
      changed(eventId);
      return requireLesson(lessonId);
    },
    'lesson-update': ({ id, patch }) => {
      const l = requireLesson(id);
      repo.updateLesson(db, id, ctx.nowIso(), patch);
      changed(l.eventId);
      return requireLesson(id);
    },
    'lesson-remove': ({ id }) => {
      const l = requireLesson(id);
      repo.deleteLesson(db, id);
      changed(l.eventId);
      return l;
    },
    'knowledge-search': ({ query, limit, kinds }) => searchKnowledge(ctx, query, { limit, kinds }),
    'knowledge-similar': ({ eventId, text, limit }) => similarCountermeasures(ctx, eventId, text, limit),
  };
}
