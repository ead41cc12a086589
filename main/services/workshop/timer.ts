import type { TimerState, workshopMethods } from '../../../common/contract/schemas/workshop';
import { AppError } from '../../../common/contract/errors';
import { extendTimer, pauseTimer, resetTimer, startTimer, timerEndsAt, timerRemaining } from '../../../common/domain/workshop/timer';
import type { StoredTimer } from '../../../common/domain/workshop/timer';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/workshop';
import { requireEvent } from '../lookups';

type TimerMethods = MethodsOf<'timer'>;

/**
 * An idle clock shows the current agenda item's planned minutes (not what the previous item's timer last ran for),
 * and starting it without a duration runs those minutes. Items planned at 0 minutes keep the stored duration.
 */
function idleOnPlanned(db: ServiceContext['db'], t: repo.TimerRow): repo.TimerRow {
  if (t.state !== 'idle' || t.currentSessionId === null) return t;
  const s = repo.findSession(db, t.currentSessionId);
  if (!s || s.plannedMinutes <= 0) return t;
  const ms = s.plannedMinutes * 60_000;
  return { ...t, durationMs: ms, remainingMs: ms };
}

/** The timer as the contract returns it: remaining time computed from the clock at this moment. */
export function createTimerView(ctx: ServiceContext): (eventId: string) => TimerState {
  return (eventId) => {
    const t = idleOnPlanned(ctx.db, repo.findTimer(ctx.db, eventId));
    const now = ctx.clock.now().getTime();
    const ends = timerEndsAt(t, now);
    return {
      eventId,
      state: t.state,
      durationMs: t.durationMs,
      remainingMs: Math.round(timerRemaining(t, now)),
      endsAt: ends === null ? null : new Date(ends).toISOString(),
      serverNow: new Date(now).toISOString(),
      sound: t.sound,
      currentSessionId: t.currentSessionId,
    };
  };
}

/**
 * One facilitation timer per event, stored as state + remaining-at-last-change + started_at, so the
 * remaining time is recomputed from the clock after a reload or an app restart.
 */
export function timerHandlers(ctx: ServiceContext): Handlers<TimerMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  const view = createTimerView(ctx);
  const change = (eventId: string, f: (t: repo.TimerRow, now: number) => Partial<repo.TimerRow> & Partial<StoredTimer>): TimerState => {
    requireEvent(ctx, eventId);
    const t = idleOnPlanned(db, repo.findTimer(db, eventId));
    const now = ctx.clock.now().getTime();
    repo.saveTimer(db, eventId, new Date(now).toISOString(), { ...t, ...f(t, now) });
    ctx.bus.emit('data-changed', { eventId, area: 'timer' });
    return view(eventId);
  };
  return {
    'timer-get': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return view(eventId);
    },
    'timer-start': ({ eventId, durationMs, sessionId }) => {
      if (sessionId) {
        const s = repo.findSession(db, sessionId);
        if (!s || s.eventId !== eventId) throw new AppError('VALIDATION', `sessionId: no agenda session "${sessionId}" in this event.`);
      }
      return change(eventId, (t, now) => ({
        ...startTimer(t, now, durationMs),
        ...(sessionId !== undefined ? { currentSessionId: sessionId } : {}),
      }));
    },
    'timer-pause': ({ eventId }) => change(eventId, (t, now) => pauseTimer(t, now)),
    'timer-extend': ({ eventId, ms }) => change(eventId, (t, now) => extendTimer(t, now, ms)),
    'timer-reset': ({ eventId }) => change(eventId, (t) => resetTimer(t)),
    'timer-sound': ({ eventId, sound }) => change(eventId, () => ({ sound })),
    'timer-current': ({ eventId, sessionId }) => {
      if (sessionId) {
        const s = repo.findSession(db, sessionId);
        if (!s || s.eventId !== eventId) throw new AppError('VALIDATION', `sessionId: no agenda session "${sessionId}" in this event.`);
      }
      return change(eventId, () => ({ currentSessionId: sessionId }));
    },
  };
}
