import type { AgendaSession, workshopMethods } from '../../../common/contract/schemas/workshop';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as team from '../../db/repositories/team';
import * as repo from '../../db/repositories/workshop';
import { requireEvent } from '../lookups';

/** The current item and the clock times: their handlers live in current.ts. */
export type CurrentMethods = 'agenda-current' | 'agenda-run' | 'agenda-days' | 'agenda-day-set';
type AgendaMethods = Exclude<MethodsOf<'agenda'>, CurrentMethods>;

export function requireSession(ctx: ServiceContext, id: string): AgendaSession {
  const s = repo.findSession(ctx.db, id);
  if (!s) throw notFound('Agenda session', id);
  return s;
}

/** The multi-day agenda: sessions per day in order, reordered by move, with actual start/end recorded. */
export function agendaHandlers(ctx: ServiceContext): Handlers<AgendaMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'agenda' });
  const checkOwner = (eventId: string, ownerId: string | null | undefined) => {
    if (!ownerId) return;
    const m = team.findMember(db, ownerId);
    if (!m || m.eventId !== eventId) throw new AppError('VALIDATION', `ownerId: no team member "${ownerId}" in this event.`);
  };
  return {
    'agenda-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listSessions(db, eventId);
    },
    'agenda-add': ({ eventId, id, session, position }) => {
      requireEvent(ctx, eventId);
      checkOwner(eventId, session.ownerId);
      if (id && repo.findSession(db, id)) throw new AppError('CONFLICT', `An agenda session with id "${id}" already exists.`);
      const newId = id ?? ctx.newId();
      repo.insertSession(db, newId, eventId, { day: 1, activity: 'review', plannedMinutes: 30, ownerId: null, notes: '', ...session }, position);
      changed(eventId);
      return requireSession(ctx, newId);
    },
    'agenda-update': ({ id, patch }) => {
      const before = requireSession(ctx, id);
      checkOwner(before.eventId, patch.ownerId);
      repo.updateSession(db, id, patch);
      changed(before.eventId);
      return requireSession(ctx, id);
    },
    'agenda-remove': ({ id }) => {
      const before = requireSession(ctx, id);
      repo.deleteSession(db, id);
      changed(before.eventId);
      return before;
    },
    'agenda-move': ({ id, day, index }) => {
      const s = requireSession(ctx, id);
      db.transaction(() => {
        const all = repo.listSessions(db, s.eventId);
        const sameDay = all.filter((x) => x.day === day && x.id !== id).map((x) => x.id);
        sameDay.splice(Math.min(index, sameDay.length), 0, id);
        repo.reorderDay(db, day, sameDay);
        if (s.day !== day) repo.reorderDay(db, s.day, all.filter((x) => x.day === s.day && x.id !== id).map((x) => x.id));
      })();
      changed(s.eventId);
      return repo.listSessions(db, s.eventId);
    },
    'agenda-start': ({ id }) => {
      const s = requireSession(ctx, id);
      const at = ctx.nowIso();
      db.transaction(() => {
        if (!s.actualStart) repo.setSessionTimes(db, id, { actualStart: at });
        const t = repo.findTimer(db, s.eventId);
        repo.saveTimer(db, s.eventId, at, { ...t, currentSessionId: id });
      })();
      changed(s.eventId);
      ctx.bus.emit('data-changed', { eventId: s.eventId, area: 'timer' });
      return requireSession(ctx, id);
    },
    'agenda-end': ({ id }) => {
      const s = requireSession(ctx, id);
      repo.setSessionTimes(db, id, { actualStart: s.actualStart ?? ctx.nowIso(), actualEnd: ctx.nowIso() });
      changed(s.eventId);
      return requireSession(ctx, id);
    },
  };
}
