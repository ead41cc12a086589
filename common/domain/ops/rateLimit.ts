import { DomainInputError } from '../errors';
import { HOUR_MS, hourLabel, share, timeOrder } from './records';

export type RateLimitPolicy = Readonly<{
  /** Tokens added per second, continuously. */
  ratePerSecond: number;
  /** Bucket size: the most requests that can pass at once after a quiet spell. */
  burst: number;
  /** One bucket per client, or one for all traffic. */
  per: 'client' | 'global';
}>;

export type RateLimitClient = Readonly<{ client: string; requests: number; rejected: number; peakRatePerSecond: number }>;
export type RateLimitHour = Readonly<{ hour: string; requests: number; rejected: number; rejectedShare: number }>;
export type RateLimitResult = Readonly<{
  requests: number;
  rejected: number;
  rejectedShare: number | null;
  byClient: RateLimitClient[];
  byHour: RateLimitHour[];
}>;

/** Tolerance for a token count built from decimal rates (0.1 + 0.2 …): a bucket holding 0.9999999999 tokens holds 1. */
const EPS = 1e-9;

/**
 * Token-bucket what-if over a request log (RFC 2697's single-rate bucket without colours; the AWS API Gateway
 * "rate and burst" model): one bucket per key (client, or one for all), full (B tokens) at the key's first request,
 * refilled continuously at R tokens per second up to B. A request takes one token, or is rejected when the bucket
 * holds less than one; a rejected request takes none (the client is not charged for a refusal).
 *
 * peakRatePerSecond: the most requests a client sent within any one second, (t − 1000 ms, t] ending at one of its
 * requests (sliding window) — what the limit has to be compared with. Requests are read in time order.
 */
export function tokenBucketWhatIf(times: ArrayLike<number>, clients: ArrayLike<string>, policy: RateLimitPolicy): RateLimitResult {
  if (!(policy.ratePerSecond > 0) || !Number.isFinite(policy.ratePerSecond)) throw new DomainInputError(`The rate must be a number of requests per second above 0 (got ${policy.ratePerSecond}).`);
  if (!(policy.burst >= 1) || !Number.isFinite(policy.burst)) throw new DomainInputError(`The burst must be at least 1 request (got ${policy.burst}).`);
  const order = timeOrder(times);
  const buckets = new Map<string, { tokens: number; last: number }>();
  const perClient = new Map<string, { requests: number; rejected: number; window: number[]; head: number; peak: number }>();
  const perHour = new Map<number, { requests: number; rejected: number }>();
  let rejected = 0;
  for (const i of order) {
    const t = times[i]!;
    const client = clients[i]!;
    const key = policy.per === 'client' ? client : '';
    let b = buckets.get(key);
    if (!b) buckets.set(key, (b = { tokens: policy.burst, last: t }));
    b.tokens = Math.min(policy.burst, b.tokens + ((t - b.last) * policy.ratePerSecond) / 1000);
    b.last = t;
    const pass = b.tokens >= 1 - EPS;
    if (pass) b.tokens = Math.max(0, b.tokens - 1);
    let c = perClient.get(client);
    if (!c) perClient.set(client, (c = { requests: 0, rejected: 0, window: [], head: 0, peak: 0 }));
    c.requests++;
    c.window.push(t);
    while (c.window[c.head]! <= t - 1000) c.head++;
    c.peak = Math.max(c.peak, c.window.length - c.head);
    const hk = Math.floor(t / HOUR_MS);
    let h = perHour.get(hk);
    if (!h) perHour.set(hk, (h = { requests: 0, rejected: 0 }));
    h.requests++;
    if (!pass) {
      rejected++;
      c.rejected++;
      h.rejected++;
    }
  }
  const n = order.length;
  return {
    requests: n,
    rejected,
    rejectedShare: share(rejected, n),
    byClient: [...perClient.entries()]
      .map(([client, c]) => ({ client, requests: c.requests, rejected: c.rejected, peakRatePerSecond: c.peak }))
      .sort((a, b) => b.rejected - a.rejected || b.requests - a.requests || a.client.localeCompare(b.client)),
    byHour: [...perHour.entries()].sort((a, b) => a[0] - b[0]).map(([hk, h]) => ({ hour: hourLabel(hk * HOUR_MS), requests: h.requests, rejected: h.rejected, rejectedShare: h.rejected / h.requests })),
  };
}
