import { DomainInputError } from '../errors';

/**
 * Shared vocabulary of the ops what-ifs: a logged request's outcome from its status cell and latency.
 *
 * - success: an HTTP status 100–399 (answered, and within the timeout when one is given);
 * - failure: a status ≥ 500, a status cell reading "timeout"/"error", or a latency above the timeout (the client gave up);
 * - neither: a 4xx — the caller's mistake, not retried and not counted against availability.
 */
export type Outcome = 'success' | 'failure' | 'client-error';

/** The status class of a cell: '2xx' … '5xx', or 'timeout' for a textual timeout/error cell. */
export function statusClass(status: number | string | null): string {
  const n = typeof status === 'number' ? status : Number(status);
  if (Number.isInteger(n) && n >= 100 && n <= 599) return `${Math.floor(n / 100)}xx`;
  return 'timeout';
}

/** The outcome of one logged request (see the type's note). */
export function outcomeOf(status: number | string | null, latencyMs: number | null, timeoutMs?: number): Outcome {
  if (timeoutMs !== undefined && latencyMs !== null && latencyMs > timeoutMs) return 'failure';
  const cls = statusClass(status);
  if (cls === '5xx' || cls === 'timeout') return 'failure';
  if (cls === '4xx') return 'client-error';
  return 'success';
}

/** Checks a status cell can be read: an HTTP code, or the words timeout/error. */
export function checkStatus(status: number | string | null, row: number, column: string): number | string {
  if (status === null || status === '') throw new DomainInputError(`row ${row}: column "${column}" is empty; every request needs a status (an HTTP code, or "timeout").`);
  if (typeof status === 'number') {
    if (!Number.isInteger(status) || status < 100 || status > 599) throw new DomainInputError(`row ${row}: column "${column}" holds ${status}, not an HTTP status (100–599).`);
    return status;
  }
  const s = status.trim().toLowerCase();
  if (/^\d+$/.test(s)) return checkStatus(Number(s), row, column);
  if (s === 'timeout' || s === 'error') return s;
  throw new DomainInputError(`row ${row}: column "${column}" holds "${status}", not an HTTP status (100–599) or "timeout".`);
}

/** Row order by time (stable), so the what-ifs read logs in any order. */
export function timeOrder(times: ArrayLike<number>): number[] {
  const ix = Array.from({ length: times.length }, (_, i) => i);
  return ix.sort((a, b) => times[a]! - times[b]! || a - b);
}

/** A share, or null when there is nothing to divide by. */
export function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** "2026-03-02T14:00Z" for the UTC hour holding t. */
export function hourLabel(t: number): string {
  return `${new Date(Math.floor(t / HOUR_MS) * HOUR_MS).toISOString().slice(0, 13)}:00Z`;
}

/** "2026-03-02" for the UTC day holding t. */
export function dayLabel(t: number): string {
  return new Date(Math.floor(t / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}
