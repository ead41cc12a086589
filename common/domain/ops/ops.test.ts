import { describe, expect, it } from 'vitest';
import { tokenBucketWhatIf } from './rateLimit';
import { retryWhatIf } from './retry';
import { attributeBreaches, slaCompliance, windowStart } from './sla';
import { analyseGateway, hourOfWeek } from './gateway';
import { feedbackLoop } from './feedback';
import { schemaDiff } from './schemaDiff';
import { AI_FAILURE_MODES, rpn, sortByRpn } from './fmea';
import { checkStatus, outcomeOf } from './records';

/**
 * The 20-request log of the what-if tests (seconds after 2026-03-02 10:00:00 UTC, a Monday).
 * Client A calls /score in bursts; client B calls /features once a second.
 */
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const LOG: [number, string, string, number | string, number][] = [
  [0.0, 'A', '/score', 200, 50],
  [0.1, 'A', '/score', 503, 30],
  [0.2, 'A', '/score', 503, 30],
  [0.3, 'A', '/score', 200, 60],
  [0.4, 'A', '/score', 200, 60],
  [1.5, 'A', '/score', 500, 40],
  [2.0, 'A', '/score', 504, 40],
  [2.1, 'A', '/score', 503, 40],
  [2.2, 'A', '/score', 200, 70],
  [5.0, 'A', '/score', 200, 1200],
  [5.1, 'A', '/score', 503, 30],
  [5.2, 'A', '/score', 'timeout', 2000],
  [0.5, 'B', '/features', 200, 20],
  [1.5, 'B', '/features', 200, 20],
  [2.5, 'B', '/features', 502, 20],
  [3.5, 'B', '/features', 200, 20],
  [4.5, 'B', '/features', 404, 20],
  [5.5, 'B', '/features', 200, 20],
  [6.5, 'B', '/features', 200, 20],
  [7.5, 'B', '/features', 200, 20],
];
const times = LOG.map((r) => T0 + Math.round(r[0] * 1000));
const clients = LOG.map((r) => r[1]);
const endpoints = LOG.map((r) => r[2]);

describe('token-bucket rate-limit what-if', () => {
  it('per client, R = 1/s, B = 2: A loses 6 of 12, B none — 6 of 20 rejected', () => {
    // A's bucket (tokens before → after each request): 0.0 s 2→1 pass; 0.1 s 1.1→0.1 pass; 0.2, 0.3, 0.4 s hold
    // 0.2, 0.3, 0.4 → rejected (no token taken); 1.5 s 0.4 + 1.1 = 1.5 → 0.5 pass; 2.0 s 1.0 → 0 pass; 2.1, 2.2 s
    // 0.1, 0.2 → rejected; 5.0 s 0.2 + 2.8 capped at 2 → 1 pass; 5.1 s 1.1 → 0.1 pass; 5.2 s 0.2 → rejected. 6 rejected.
    // B sends one a second: each second adds the token it takes, never below 1 → 0 rejected.
    // Peak rate: A sent 5 requests in (−0.6 s, 0.4 s]; B's requests are exactly 1 s apart, and a window (t − 1 s, t]
    // excludes the one a second before, so B's peak is 1.
    const r = tokenBucketWhatIf(times, clients, { ratePerSecond: 1, burst: 2, per: 'client' });
    expect(r.requests).toBe(20);
    expect(r.rejected).toBe(6);
    expect(r.rejectedShare).toBe(0.3);
    expect(r.byClient).toEqual([
      { client: 'A', requests: 12, rejected: 6, peakRatePerSecond: 5 },
      { client: 'B', requests: 8, rejected: 0, peakRatePerSecond: 1 },
    ]);
    expect(r.byHour).toEqual([{ hour: '2026-03-02T10:00Z', requests: 20, rejected: 6, rejectedShare: 0.3 }]);
  });
  it('one global bucket, same R and B: 11 of 20 rejected (7 of A, 4 of B)', () => {
    // Merged order (A first at the 1.5 s tie, as in the log): 0.0 pass (1); 0.1 pass (0.1); 0.2, 0.3, 0.4, 0.5(B)
    // rejected; 1.5(A) 1.5 → pass (0.5); 1.5(B) 0.5 rejected; 2.0 1.0 pass (0); 2.1, 2.2, 2.5(B) rejected; 3.5(B) 1.5
    // pass (0.5); 4.5(B) pass (0.5); 5.0 1.0 pass (0); 5.1, 5.2, 5.5(B) rejected; 6.5(B), 7.5(B) pass.
    const r = tokenBucketWhatIf(times, clients, { ratePerSecond: 1, burst: 2, per: 'global' });
    expect(r.rejected).toBe(11);
    expect(r.rejectedShare).toBe(0.55);
    expect(r.byClient.map((c) => [c.client, c.rejected])).toEqual([['A', 7], ['B', 4]]);
  });
  it('reads a log in any order and refuses a rate of 0 or a burst below 1', () => {
    const rev = tokenBucketWhatIf([...times].reverse(), [...clients].reverse(), { ratePerSecond: 1, burst: 2, per: 'client' });
    expect(rev.rejected).toBe(6);
    expect(() => tokenBucketWhatIf(times, clients, { ratePerSecond: 0, burst: 2, per: 'client' })).toThrow(/rate must be .* above 0/);
    expect(() => tokenBucketWhatIf(times, clients, { ratePerSecond: 1, burst: 0.5, per: 'client' })).toThrow(/burst must be at least 1/);
  });
});

describe('retry/backoff what-if', () => {
  const outcomes = (timeoutMs?: number) => LOG.map((r) => outcomeOf(r[3], r[4], timeoutMs));
  it('N = 3, B = 100 ms, M = 2: 5 of 8 failures recoverable, 18 extra requests, added p50 300 ms / p95 620 ms', () => {
    // Retries leave 100, 300, 700 ms after a failure (window 700 ms). /score failures and the first /score success after each:
    // 0.1 s → 0.3 s (200 ms): the 100 ms retry (0.2 s) is too early, the 300 ms one (0.4 s) works: 2 retries, +300 ms
    // 0.2 s → 0.3 s: the 100 ms retry works: 1 retry, +100 ms
    // 1.5 s → 2.2 s (700 ms, inside the window): third retry, 3 retries, +700 ms
    // 2.0 s → 2.2 s: 2 retries, +300 ms;  2.1 s → 2.2 s: 1 retry, +100 ms
    // 5.1 s and 5.2 s ("timeout"): no later /score success: 3 retries each, not recovered.
    // /features 2.5 s (502): next success 3.5 s is 1,000 ms later, outside the window: 3 retries, not recovered
    // (/score's and /features' successes never recover each other). 4.5 s is a 404: the caller's error, no retry.
    // failures 8, recoverable 5 → 0.625; extra 2+1+3+2+1+3+3+3 = 18;
    // added sorted [100, 100, 300, 300, 700]: p50 = 300; p95: h = 4·0.95 = 3.8 → 300 + 0.8·400 = 620.
    const r = retryWhatIf(times, endpoints, outcomes(), { maxRetries: 3, baseMs: 100, multiplier: 2 });
    expect(r.failures).toBe(8);
    expect(r.recoverable).toBe(5);
    expect(r.recoveredShare).toBe(0.625);
    expect(r.extraRequests).toBe(18);
    expect(r.addedLatencyMs.p50).toBe(300);
    expect(r.addedLatencyMs.p95).toBeCloseTo(620, 9);
    expect(r.schedule).toEqual([100, 300, 700]);
    // All 20 requests and the 18 retries (the last leaves at 5.9 s) fall in the 10:00 minute: (20 + 18) / 20.
    expect(r.peak).toEqual({ minute: '2026-03-02T10:00Z', failures: 8, requests: 20, retries: 18, amplification: 1.9 });
  });
  it('a timeout makes a slow success a failure: 5.0 s (1,200 ms) under a 1,000 ms timeout is a 9th, unrecoverable failure', () => {
    const r = retryWhatIf(times, endpoints, outcomes(1000), { maxRetries: 3, baseMs: 100, multiplier: 2 });
    expect([r.failures, r.recoverable, r.extraRequests]).toEqual([9, 5, 21]);
  });
  it('one retry of 1,000 ms reaches /features 3.5 s; refuses a policy that cannot be run', () => {
    const r = retryWhatIf(times, endpoints, outcomes(), { maxRetries: 1, baseMs: 1000, multiplier: 1 });
    // every /score failure recovers within 1 s except 5.1 and 5.2; /features 2.5 → 3.5 exactly at 1,000 ms.
    expect([r.failures, r.recoverable]).toEqual([8, 6]);
    expect(() => retryWhatIf(times, endpoints, outcomes(), { maxRetries: 0, baseMs: 100, multiplier: 2 })).toThrow(/retries must be a whole number from 1 to 20/);
    expect(() => retryWhatIf(times, endpoints, outcomes(), { maxRetries: 2, baseMs: 100, multiplier: 0.5 })).toThrow(/multiplier must be 1 or more/);
  });
  it('reads status cells: codes, "timeout", and refuses anything else with its row', () => {
    expect(checkStatus('503', 2, 'status')).toBe(503);
    expect(checkStatus(' Timeout ', 2, 'status')).toBe('timeout');
    expect(() => checkStatus('ok', 7, 'status')).toThrow('row 7: column "status" holds "ok", not an HTTP status (100–599) or "timeout".');
    expect(() => checkStatus(42, 3, 'code')).toThrow(/row 3: column "code" holds 42/);
  });
});

describe('SLA compliance and breach attribution', () => {
  const day = (d: number, h: number) => Date.UTC(2026, 2, 2 + d, h);
  // Three days, four requests each: day 1 one 503 (3/4), day 2 all 200 (1), day 3 a 404 (not counted) and a 503 (2/3).
  const t = [day(0, 1), day(0, 2), day(0, 3), day(0, 4), day(1, 1), day(1, 2), day(1, 3), day(1, 4), day(2, 1), day(2, 2), day(2, 3), day(2, 4)];
  const st = [200, 200, 200, 503, 200, 200, 200, 200, 200, 404, 503, 200];
  const lat = [100, 200, 300, 400, 100, 100, 100, 900, 50, 50, 50, 50];
  const outcomes = st.map((s, i) => outcomeOf(s, lat[i]!));
  it('availability per day against 0.9: 0.75 missed, 1 met, 2/3 missed → compliance 1/3', () => {
    const r = slaCompliance(t, { metric: 'availability', target: 0.9, window: 'day' }, { outcomes });
    expect(r.windows.map((w) => [w.start, w.value, w.met])).toEqual([['2026-03-02', 0.75, false], ['2026-03-03', 1, true], ['2026-03-04', 2 / 3, false]]);
    expect(r.compliance).toBeCloseTo(1 / 3, 12);
  });
  it('p95 per day against 390 ms: day 1 300 + 0.85·100 = 385 met; day 2 100 + 0.85·800 = 780 missed; day 3 50 met', () => {
    const r = slaCompliance(t, { metric: 'p95', target: 390, window: 'day' }, { latencies: lat });
    expect(r.windows.map((w) => w.met)).toEqual([true, false, true]);
    expect(r.windows[0]!.value).toBeCloseTo(385, 9);
    expect(r.windows[1]!.value).toBeCloseTo(780, 9);
  });
  it('weeks start on Monday (UTC): the three days are one window', () => {
    expect(new Date(windowStart(Date.UTC(2026, 2, 8, 23), 'week')).toISOString()).toBe('2026-03-02T00:00:00.000Z');
    const r = slaCompliance(t, { metric: 'availability', target: 0.8, window: 'week' }, { outcomes });
    expect(r.windows).toEqual([{ start: '2026-03-02', value: 9 / 11, met: true, requests: 12 }]);
  });
  it('refuses an availability target written as a percentage', () => {
    expect(() => slaCompliance(t, { metric: 'availability', target: 99.9, window: 'day' }, { outcomes })).toThrow('An availability target is a share from 0 to 1, e.g. 0.999 for 99.9 % (got 99.9).');
  });
  it('attributes each breach minute to the cause with the most failures in it (Pareto)', () => {
    const m = (k: number, s: number) => T0 + k * 60_000 + s * 1000;
    const tt = [m(0, 1), m(0, 2), m(0, 3), m(1, 1), m(1, 2), m(2, 1), m(2, 2), m(3, 1)];
    const oc = (['failure', 'failure', 'success', 'failure', 'success', 'success', 'success', 'failure'] as const).slice();
    const cause = ['feature-store', 'feature-store', null, 'model', null, null, null, 'feature-store'];
    // minute 0: 1/3 ok → breach, feature-store (2); minute 1: 1/2 → breach, model; minute 2: met; minute 3: 0/1 → breach, feature-store.
    const r = attributeBreaches(tt, { metric: 'availability', target: 0.99 }, cause, { outcomes: oc });
    expect(r.minutes).toBe(4);
    expect(r.breachMinutes).toBe(3);
    expect(r.pareto).toEqual([
      { cause: 'feature-store', minutes: 2, share: 2 / 3, cumulativeShare: 2 / 3 },
      { cause: 'model', minutes: 1, share: 1 / 3, cumulativeShare: 1 },
    ]);
  });
});

describe('gateway analysis', () => {
  it('error rates by endpoint, client and status class; versions per client; hour-of-week heatmap', () => {
    const outcomes = LOG.map((r) => outcomeOf(r[3], r[4]));
    const versions = LOG.map((r, i) => (r[1] === 'A' && i < 5 ? 'v1' : 'v2'));
    const r = analyseGateway({ times, clients, endpoints, statuses: LOG.map((r) => r[3]), outcomes, versions, latencies: LOG.map((r) => r[4]), responseBytes: LOG.map((_, i) => 100 * (i + 1)) });
    expect([r.requests, r.errors, r.errorRate]).toEqual([20, 8, 0.4]);
    expect(r.byEndpoint.map((e) => [e.key, e.requests, e.errors, e.clientErrors])).toEqual([['/score', 12, 7, 0], ['/features', 8, 1, 1]]);
    expect(r.byStatusClass).toEqual([
      { statusClass: '2xx', requests: 11, share: 0.55 },
      { statusClass: '4xx', requests: 1, share: 0.05 },
      { statusClass: '5xx', requests: 7, share: 0.35 },
      { statusClass: 'timeout', requests: 1, share: 0.05 },
    ]);
    expect(r.versionsByClient[0]).toEqual({ client: 'A', versions: [{ version: 'v1', requests: 5, share: 5 / 12, lastDay: '2026-03-02' }, { version: 'v2', requests: 7, share: 7 / 12, lastDay: '2026-03-02' }] });
    // Monday 10:00 UTC is hour-of-week 10.
    expect(hourOfWeek(T0)).toBe(10);
    expect(r.heatmap.map((h) => [h.client, h.cells[10]])).toEqual([['A', 12], ['B', 8]]);
    expect(r.payload?.response.p50).toBe(1050);
    expect(r.latencyByPayload).toHaveLength(4);
    expect(r.latencyByPayload.reduce((a, b) => a + b.requests, 0)).toBe(20);
  });
});

describe('feedback loop', () => {
  it('joins corrections by prediction id: label delay percentiles, correction rate by day, segment and model', () => {
    const h = 3_600_000;
    const inf = {
      ids: ['p1', 'p2', 'p3', 'p4'],
      times: [T0, T0 + h, T0 + 86_400_000, T0 + 86_400_000 + h],
      predicted: ['fraud', 'ok', 'ok', 'ok'],
      segments: ['EU', 'EU', 'US', 'US'],
      models: ['v1', 'v1', 'v2', 'v2'],
    };
    // p1 confirmed after 2 h (same label: not a correction); p2 corrected after 4 h, again after 9 h (duplicate);
    // p3 corrected after 10 h; 'p9' is not in the log. Delays of first corrections: [2, 4, 10] h.
    const cor = { ids: ['p1', 'p2', 'p2', 'p3', 'p9'], times: [T0 + 2 * h, T0 + 5 * h, T0 + 10 * h, T0 + 86_400_000 + 10 * h, T0], labels: ['fraud', 'fraud', 'fraud', 'fraud', 'ok'] };
    const r = feedbackLoop(inf, cor);
    expect([r.predictions, r.corrections, r.matched, r.unmatched, r.duplicates, r.corrected]).toEqual([4, 5, 4, 1, 1, 2]);
    expect(r.correctionRate).toBe(0.5);
    expect(r.labelDelayMs.p50).toBe(4 * h);
    // p95 of [2, 4, 10] h: h-index 2·0.95 = 1.9 → 4 + 0.9·6 = 9.4 h
    expect(r.labelDelayMs.p95).toBeCloseTo(9.4 * h, 6);
    expect(r.byDay).toEqual([{ key: '2026-03-02', predictions: 2, corrected: 1, rate: 0.5 }, { key: '2026-03-03', predictions: 2, corrected: 1, rate: 0.5 }]);
    expect(r.byModel.map((m) => [m.key, m.rate])).toEqual([['v1', 0.5], ['v2', 0.5]]);
  });
});

describe('schema diff and FMEA', () => {
  it('lists added, removed and changed-type fields between two request samples', () => {
    const a = { amount: 12.5, currency: 'EUR', customer: { id: 'c1', age: 31 }, items: [{ sku: 'x', qty: 1 }], note: null };
    const b = { amount: '12.50', customer: { id: 'c1', segment: 'gold' }, items: [{ sku: 'x', qty: 1, price: 3 }], note: 'gift' };
    expect(schemaDiff(a, b)).toEqual([
      { path: 'amount', change: 'changed-type', before: 'number', after: 'string' },
      { path: 'currency', change: 'removed', before: 'string', after: null },
      { path: 'customer.age', change: 'removed', before: 'number', after: null },
      { path: 'customer.segment', change: 'added', before: null, after: 'string' },
      { path: 'items[].price', change: 'added', before: null, after: 'number' },
    ]);
  });
  it('RPN = S·O·D; rows sort by their current RPN (re-scored when there is one)', () => {
    expect(rpn({ severity: 8, occurrence: 5, detection: 4 })).toBe(160);
    const rows = [
      { id: 'a', position: 1, scores: { severity: 9, occurrence: 9, detection: 9 }, rescored: { severity: 9, occurrence: 2, detection: 2 } },
      { id: 'b', position: 2, scores: { severity: 5, occurrence: 5, detection: 5 }, rescored: null },
      { id: 'c', position: 3, scores: { severity: 6, occurrence: 5, detection: 4 }, rescored: null },
    ];
    expect(sortByRpn(rows).map((r) => r.id)).toEqual(['b', 'c', 'a']);
    expect(AI_FAILURE_MODES.map((m) => m.failureMode)).toEqual(['Data drift', 'Upstream outage', 'Model timeout', 'Feature store lag', 'Bad deploy', 'Label delay']);
  });
});
