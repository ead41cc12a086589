import type { TimerState, workshopMethods } from '../../../common/contract/schemas/workshop';
import type { AgendaSession } from '../../../common/contract/schemas/workshop';
import { AppError } from '../../../common/contract/errors';
import { formatClock, startTimer, timerRemaining } from '../../../common/domain/workshop/timer';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/workshop';
import * as days from '../../db/repositories/workshopLock';
import { requireEvent } from '../lookups';
import { requireSession } from './agenda';
import type { CurrentMethods } from './agenda';

/**
 * The current agenda item is the timer's current session: one row in main, so the agenda, the top-bar clock and
 * the presenter (and a reload of any of them) agree. Moving to another item idles the clock on that item's planned
 * minutes; starting an item starts the clock for it. Either one stops a timer that was still running for the
 * previous item only when asked (`stopRunning`), and records that item's actual end.
 */
export function currentHandlers(ctx: ServiceContext, timerView: (eventId: string) => TimerState): Handlers<CurrentMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  const emit = (eventId: string) => {
    ctx.bus.emit('data-changed', { eventId, area: 'timer' });
    ctx.bus.emit('data-changed', { eventId, area: 'agenda' });
  };
  /** Throws CONFLICT when the clock still runs for another item and the caller did not ask to stop it. */
  const checkRunning = (s: AgendaSession, stopRunning: boolean | undefined, now: number) => {
    const t = repo.findTimer(db, s.eventId);
    const left = timerRemaining(t, now);
    if (stopRunning || t.state !== 'running' || left <= 0 || t.currentSessionId === null || t.currentSessionId === s.id) return t;
    const prev = repo.findSession(db, t.currentSessionId);
    const name = prev ? `“${prev.title}”` : 'The previous item';
    throw new AppError('CONFLICT', `${name} is still running (${formatClock(left)} left). Stop it to go to “${s.title}”.`, {
      reason: 'timer-running',
      sessionId: t.currentSessionId,
      remainingMs: Math.round(left),
    });
  };
  /** The previous item was being timed: it ends now (its first end is kept). */
  const endPrevious = (t: repo.TimerRow, s: AgendaSession, at: string) => {
    if (t.currentSessionId === null || t.currentSessionId === s.id || t.state === 'idle') return;
    const prev = repo.findSession(db, t.currentSessionId);
    if (prev?.actualStart && !prev.actualEnd) repo.setSessionTimes(db, prev.id, { actualEnd: at });
  };
  const plannedMs = (s: AgendaSession, fallback: number) => (s.plannedMinutes > 0 ? s.plannedMinutes * 60_000 : fallback);
  const sessionIn = (eventId: string, id: string) => {
    const s = requireSession(ctx, id);
    if (s.eventId !== eventId) throw new AppError('VALIDATION', `sessionId: no agenda session "${id}" in this event.`);
    return s;
  };
  return {
    'agenda-current': ({ eventId, sessionId, stopRunning }) => {
      requireEvent(ctx, eventId);
      const s = sessionIn(eventId, sessionId);
      const now = ctx.clock.now().getTime();
      const t = checkRunning(s, stopRunning, now);
      if (t.currentSessionId === s.id) return timerView(eventId);
      const at = new Date(now).toISOString();
      db.transaction(() => {
        endPrevious(t, s, at);
        const ms = plannedMs(s, t.durationMs);
        repo.saveTimer(db, eventId, at, { ...t, state: 'idle', durationMs: ms, remainingMs: ms, startedAtMs: null, currentSessionId: s.id });
      })();
      emit(eventId);
      return timerView(eventId);
    },
    'agenda-run': ({ id, durationMs, stopRunning }) => {
      const s = requireSession(ctx, id);
      const now = ctx.clock.now().getTime();
      const t = checkRunning(s, stopRunning, now);
      const at = new Date(now).toISOString();
      db.transaction(() => {
        endPrevious(t, s, at);
        if (!s.actualStart) repo.setSessionTimes(db, s.id, { actualStart: at });
        if (s.actualEnd) repo.setSessionTimes(db, s.id, { actualEnd: null });
        repo.saveTimer(db, s.eventId, at, { ...t, ...startTimer(t, now, durationMs ?? plannedMs(s, t.durationMs)), currentSessionId: s.id });
      })();
      emit(s.eventId);
      return timerView(s.eventId);
    },
    'agenda-days': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return days.listDayStarts(db, eventId);
    },
    'agenda-day-set': ({ eventId, day, startTime }) => {
      requireEvent(ctx, eventId);
      days.saveDayStart(db, eventId, day, startTime);
      ctx.bus.emit('data-changed', { eventId, area: 'agenda' });
      return days.listDayStarts(db, eventId);
    },
  };
}
