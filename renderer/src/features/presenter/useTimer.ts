import { useEffect, useMemo, useRef, useState } from 'react';
import type { TimerState } from '../../../../common/contract/schemas/workshop';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useAppStore } from '../../store';
import { playChime, unlockChime } from './chime';

export type TimerView = Readonly<{
  timer: TimerState | undefined;
  /** Remaining ms now, ticking locally from the server's endsAt (corrected for clock offset). */
  remainingMs: number;
  finished: boolean;
  start: (durationMs?: number, sessionId?: string | null) => Promise<void>;
  pause: () => Promise<void>;
  extend: (ms: number) => Promise<void>;
  reset: () => Promise<void>;
  setSound: (on: boolean) => Promise<void>;
}>;

/**
 * The event's facilitation timer. Main stores it as data; this hook only ticks the display, so every
 * view (top-bar widget, agenda, presenter) shows the same time and a reload loses nothing.
 */
export function useTimer(eventId: string): TimerView {
  const { data: timer } = useCall('timer-get', { eventId }, ['timer']);
  const bump = useAppStore((s) => s.bumpData);
  const toast = useAppStore((s) => s.toast);
  const [now, setNow] = useState(() => Date.now());
  // Server clock minus this clock, measured once per answer (the answer's serverNow is 'now' on arrival).
  const offset = useMemo(() => (timer ? Date.parse(timer.serverNow) - Date.now() : 0), [timer]);
  useEffect(() => {
    if (timer?.state !== 'running') return;
    setNow(Date.now());
    const h = window.setInterval(() => setNow(Date.now()), 250);
    return () => window.clearInterval(h);
  }, [timer?.state, timer?.endsAt]);
  const remainingMs = !timer
    ? 0
    : timer.state === 'running' && timer.endsAt
      ? Math.max(0, Date.parse(timer.endsAt) - (now + offset))
      : timer.remainingMs;
  const finished = !!timer && timer.state === 'running' && remainingMs <= 0;

  // Chime once per run, and only when this window saw the timer cross zero (not on every reload afterwards).
  const sawRunning = useRef<string | null>(null);
  if (timer?.state === 'running' && !finished) sawRunning.current = timer.endsAt;
  useEffect(() => {
    if (finished && timer?.sound && sawRunning.current === timer.endsAt && timer.endsAt) playChime(timer.endsAt);
  }, [finished, timer?.sound, timer?.endsAt]);

  const run = async <M extends 'timer-start' | 'timer-pause' | 'timer-extend' | 'timer-reset' | 'timer-sound'>(m: M, input: Record<string, unknown>) => {
    try {
      await call(m, { eventId, ...input } as never);
      bump('timer');
    } catch (e) {
      toast({ kind: 'error', message: errorMessage(e) });
    }
  };
  return {
    timer,
    remainingMs,
    finished,
    start: (durationMs, sessionId) => {
      unlockChime();
      return run('timer-start', { ...(durationMs !== undefined ? { durationMs } : {}), ...(sessionId !== undefined ? { sessionId } : {}) });
    },
    pause: () => run('timer-pause', {}),
    extend: (ms) => run('timer-extend', { ms }),
    reset: () => run('timer-reset', {}),
    setSound: (sound) => run('timer-sound', { sound }),
  };
}
