import { DomainInputError } from '../errors';
import { quantileSorted } from '../stats/quantile';
import type { Outcome } from './records';
import { share, timeOrder } from './records';

export type RetryPolicy = Readonly<{
  /** Retries after the first failure (not counting it). */
  maxRetries: number;
  /** Delay before the first retry, ms. */
  baseMs: number;
  /** Each further delay is the previous one × multiplier. */
  multiplier: number;
}>;

export type RetryPeak = Readonly<{
  /** Start of the UTC minute with the most logged failures. */
  minute: string;
  failures: number;
  /** Requests logged in that minute. */
  requests: number;
  /** Retries the policy would have sent in that minute. */
  retries: number;
  /** (requests + retries) / requests: the retry-storm amplification. */
  amplification: number;
}>;

export type RetryResult = Readonly<{
  failures: number;
  recoverable: number;
  recoveredShare: number | null;
  extraRequests: number;
  addedLatencyMs: Readonly<{ p50: number | null; p95: number | null }>;
  /** The offsets of the retries from the failure, ms: B, B + B·M, … (cumulative backoff). */
  schedule: number[];
  peak: RetryPeak | null;
}>;

const MINUTE_MS = 60_000;

/** Retry k (1-based) leaves at Σ_{i<k} B·Mⁱ after the failure: the cumulative backoff schedule. */
export function retrySchedule(p: RetryPolicy): number[] {
  if (!Number.isInteger(p.maxRetries) || p.maxRetries < 1 || p.maxRetries > 20) throw new DomainInputError(`The number of retries must be a whole number from 1 to 20 (got ${p.maxRetries}).`);
  if (!(p.baseMs > 0) || !Number.isFinite(p.baseMs)) throw new DomainInputError(`The base delay must be above 0 ms (got ${p.baseMs}).`);
  if (!(p.multiplier >= 1) || !Number.isFinite(p.multiplier)) throw new DomainInputError(`The multiplier must be 1 or more (got ${p.multiplier}).`);
  const out: number[] = [];
  let delay = p.baseMs;
  let at = 0;
  for (let k = 0; k < p.maxRetries; k++) {
    at += delay;
    out.push(at);
    delay *= p.multiplier;
  }
  return out;
}

/**
 * Retry/backoff what-if over logged requests, without jitter so the figures are exact. Each logged failure
 * (records.ts: 5xx, timeout, or slower than the timeout) would be retried at t + sᵏ, sᵏ = Σ_{i<k} B·Mⁱ (k = 1…N).
 * It is *recoverable* when the same endpoint answered a success at some time u with t < u ≤ t + sᴺ (the cumulative
 * backoff window); the first retry leaving at or after u succeeds, so it costs k retries and adds sᵏ ms of latency
 * (the wait before the retry that worked; the retry's own response time is not in the log). An unrecoverable failure
 * costs all N retries. extraRequests = Σ retries sent; addedLatencyMs = type-7 p50/p95 of sᵏ over the recovered.
 *
 * The peak: the UTC minute with the most logged failures, its logged requests, and the retries that would land in it
 * (from failures in it and before it) — (requests + retries) / requests is the extra load a storm of retries adds
 * exactly when the upstream is struggling.
 */
export function retryWhatIf(times: ArrayLike<number>, endpoints: ArrayLike<string>, outcomes: ArrayLike<Outcome>, policy: RetryPolicy): RetryResult {
  const schedule = retrySchedule(policy);
  const windowMs = schedule[schedule.length - 1]!;
  const order = timeOrder(times);
  // Per endpoint, the times of its successes in order, for "first success after t".
  const successes = new Map<string, number[]>();
  for (const i of order) if (outcomes[i] === 'success') {
    const list = successes.get(endpoints[i]!);
    if (list) list.push(times[i]!);
    else successes.set(endpoints[i]!, [times[i]!]);
  }
  const firstAfter = (list: number[], t: number): number | null => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]! <= t) lo = mid + 1;
      else hi = mid;
    }
    return lo < list.length ? list[lo]! : null;
  };
  let failures = 0;
  let recoverable = 0;
  let extra = 0;
  const added: number[] = [];
  const retryTimes: number[] = [];
  const perMinute = new Map<number, { requests: number; failures: number }>();
  for (const i of order) {
    const t = times[i]!;
    const m = Math.floor(t / MINUTE_MS);
    let pm = perMinute.get(m);
    if (!pm) perMinute.set(m, (pm = { requests: 0, failures: 0 }));
    pm.requests++;
    if (outcomes[i] !== 'failure') continue;
    failures++;
    pm.failures++;
    const u = firstAfter(successes.get(endpoints[i]!) ?? [], t);
    let sent = schedule.length;
    if (u !== null && u - t <= windowMs) {
      const k = schedule.findIndex((s) => t + s >= u);
      sent = k + 1;
      recoverable++;
      added.push(schedule[k]!);
    }
    extra += sent;
    for (let k = 0; k < sent; k++) retryTimes.push(t + schedule[k]!);
  }
  added.sort((a, b) => a - b);
  let peak: RetryPeak | null = null;
  let best: [number, { requests: number; failures: number }] | null = null;
  for (const e of perMinute) if (e[1].failures > 0 && (!best || e[1].failures > best[1].failures || (e[1].failures === best[1].failures && e[0] < best[0]))) best = e;
  if (best) {
    const [m, pm] = best;
    const retries = retryTimes.filter((x) => Math.floor(x / MINUTE_MS) === m).length;
    peak = { minute: new Date(m * MINUTE_MS).toISOString().slice(0, 16) + 'Z', failures: pm.failures, requests: pm.requests, retries, amplification: (pm.requests + retries) / pm.requests };
  }
  return {
    failures,
    recoverable,
    recoveredShare: share(recoverable, failures),
    extraRequests: extra,
    addedLatencyMs: { p50: added.length ? quantileSorted(added, 0.5) : null, p95: added.length ? quantileSorted(added, 0.95) : null },
    schedule,
    peak,
  };
}
