/**
 * Facilitation timer math. The timer is stored as data (state, remaining at the last start/pause,
 * started_at), never as a ticking process, so the remaining time after a reload or restart is computed
 * from the clock: remaining(now) = remainingAtStart − (now − startedAt), floored at 0.
 */
export type StoredTimer = Readonly<{
  state: 'idle' | 'running' | 'paused';
  durationMs: number;
  /** Remaining when the timer was last started or paused. */
  remainingMs: number;
  /** Epoch ms of the last start; null unless running. */
  startedAtMs: number | null;
}>;

/** Remaining milliseconds at `nowMs`, never below 0; a clock that went backwards never adds time. */
export function timerRemaining(t: StoredTimer, nowMs: number): number {
  if (t.state !== 'running' || t.startedAtMs === null) return Math.max(0, t.remainingMs);
  const elapsed = Math.max(0, nowMs - t.startedAtMs);
  return Math.max(0, t.remainingMs - elapsed);
}

/** Epoch ms when a running timer reaches zero, else null. */
export function timerEndsAt(t: StoredTimer, nowMs: number): number | null {
  if (t.state !== 'running') return null;
  return nowMs + timerRemaining(t, nowMs);
}

export function startTimer(t: StoredTimer, nowMs: number, durationMs?: number): StoredTimer {
  if (durationMs !== undefined) return { state: 'running', durationMs, remainingMs: durationMs, startedAtMs: nowMs };
  const remaining = timerRemaining(t, nowMs);
  // Starting a finished or idle timer restarts it from its duration.
  const from = remaining > 0 && t.state === 'paused' ? remaining : t.durationMs;
  if (t.state === 'running' && remaining > 0) return t;
  return { state: 'running', durationMs: t.durationMs, remainingMs: from, startedAtMs: nowMs };
}

export function pauseTimer(t: StoredTimer, nowMs: number): StoredTimer {
  if (t.state !== 'running') return t;
  return { state: 'paused', durationMs: t.durationMs, remainingMs: timerRemaining(t, nowMs), startedAtMs: null };
}

/** Adds time; a finished running timer restarts counting down the extra time from now. */
export function extendTimer(t: StoredTimer, nowMs: number, ms: number): StoredTimer {
  const remaining = timerRemaining(t, nowMs) + ms;
  const durationMs = t.durationMs + ms;
  if (t.state === 'running') return { state: 'running', durationMs, remainingMs: remaining, startedAtMs: nowMs };
  return { state: t.state === 'idle' ? 'paused' : t.state, durationMs, remainingMs: remaining, startedAtMs: null };
}

export function resetTimer(t: StoredTimer): StoredTimer {
  return { state: 'idle', durationMs: t.durationMs, remainingMs: t.durationMs, startedAtMs: null };
}

/** "1:05:09", "4:05", "0:09" — hours only when needed, minutes and seconds always. */
export function formatClock(ms: number): string {
  const total = Math.ceil(Math.max(0, ms) / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Parses what a facilitator types for a duration: "90" (seconds), "5m", "1h 30m", "45s", "10:00"
 * (minutes:seconds), "1:30:00" (h:m:s). Returns milliseconds or null when it cannot be read.
 */
export function parseDuration(text: string): number | null {
  const s = text.trim().toLowerCase();
  if (!s) return null;
  if (/^\d+(:\d{1,2}){1,2}$/.test(s)) {
    const parts = s.split(':').map(Number);
    if (parts.slice(1).some((p) => p >= 60)) return null;
    const [a, b, c] = parts as [number, number, number?];
    return (c === undefined ? a * 60 + b : a * 3600 + b * 60 + c) * 1000;
  }
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * 1000);
  const re = /(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|min|mins|minutes?|s|sec|secs|seconds?)\b/g;
  let total = 0;
  let consumed = '';
  for (const m of s.matchAll(re)) {
    const n = Number(m[1]);
    const unit = m[2]![0];
    total += unit === 'h' ? n * 3600 : unit === 'm' ? n * 60 : n;
    consumed += m[0];
  }
  if (consumed.replace(/\s/g, '') !== s.replace(/\s/g, '')) return null;
  return Math.round(total * 1000);
}
