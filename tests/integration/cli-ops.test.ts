import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

const dir = tempDir('kaizen-cli-ops-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The hand-computed 20-request log of common/domain/ops/ops.test.ts, as a gateway export would write it (ISO times
 * with milliseconds, statuses as codes and one "timeout"). The derivations of every figure are in that test's comments:
 * per-client bucket R = 1/s, B = 2 → 6 of 20 rejected (A 6 of 12, peak 5/s; B 0 of 8, peak 1/s);
 * retries N = 3, B = 100 ms, M = 2 → 5 of 8 failures recoverable, 18 extra requests, added p50 300 / p95 620 ms.
 */
const ROWS: [number, string, string, string, number][] = [
  [0.0, 'A', '/score', '200', 50], [0.1, 'A', '/score', '503', 30], [0.2, 'A', '/score', '503', 30], [0.3, 'A', '/score', '200', 60],
  [0.4, 'A', '/score', '200', 60], [1.5, 'A', '/score', '500', 40], [2.0, 'A', '/score', '504', 40], [2.1, 'A', '/score', '503', 40],
  [2.2, 'A', '/score', '200', 70], [5.0, 'A', '/score', '200', 1200], [5.1, 'A', '/score', '503', 30], [5.2, 'A', '/score', 'timeout', 2000],
  [0.5, 'B', '/features', '200', 20], [1.5, 'B', '/features', '200', 20], [2.5, 'B', '/features', '502', 20], [3.5, 'B', '/features', '200', 20],
  [4.5, 'B', '/features', '404', 20], [5.5, 'B', '/features', '200', 20], [6.5, 'B', '/features', '200', 20], [7.5, 'B', '/features', '200', 20],
];
const T0 = Date.UTC(2026, 2, 2, 10, 0, 0);
const iso = (s: number) => new Date(T0 + Math.round(s * 1000)).toISOString();
const log = writeFile(dir, 'gateway.csv', ['ts,client,endpoint,status,latency_ms,api_version,resp_bytes', ...ROWS.map((r, i) => `${iso(r[0])},${r[1]},${r[2]},${r[3]},${r[4]},${r[1] === 'A' && i < 5 ? 'v1' : 'v2'},${100 * (i + 1)}`)].join('\n') + '\n');

describe('kaizen ops rate-limit', () => {
  it('prints the issue\'s JSON fields with the hand-computed figures', async () => {
    const r = await runKaizen('ops', 'rate-limit', '--input', log, '--time', 'ts', '--client', 'client', '--rate', '1', '--burst', '2', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 4)).toEqual(['requests', 'rejected', 'rejectedShare', 'byClient']);
    expect([j.requests, j.rejected, j.rejectedShare]).toEqual([20, 6, 0.3]);
    expect(j.byClient).toEqual([
      { client: 'A', requests: 12, rejected: 6, peakRatePerSecond: 5 },
      { client: 'B', requests: 8, rejected: 0, peakRatePerSecond: 1 },
    ]);
    expect(j.byHour).toEqual([{ hour: '2026-03-02T10:00Z', requests: 20, rejected: 6, rejectedShare: 0.3 }]);
  });
  it('--per global shares one bucket: 11 of 20', async () => {
    const j = JSON.parse((await runKaizen('ops', 'rate-limit', '--input', log, '--time', 'ts', '--client', 'client', '--rate', '1', '--burst', '2', '--per', 'global', '--json')).out);
    expect([j.rejected, j.rejectedShare]).toEqual([11, 0.55]);
  });
  it('bad flags and columns: exit 2 with what is wrong', async () => {
    let r = await runKaizen('ops', 'rate-limit', '--input', log, '--time', 'ts', '--client', 'client', '--rate', '0', '--burst', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/gateway\.csv \(--input\): The rate must be a number of requests per second above 0 \(got 0\)/);
    r = await runKaizen('ops', 'rate-limit', '--input', log, '--time', 'when', '--client', 'client', '--rate', '1', '--burst', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/gateway\.csv \(--input\) has no column "when" \(columns: ts, client, endpoint/);
    r = await runKaizen('ops', 'rate-limit', '--input', log, '--time', 'ts', '--rate', '1', '--burst', '2');
    expect(r.err).toMatch(/--client COL is required for a per-client limit/);
    r = await runKaizen('ops', 'rate-limit', '--input', log, '--time', 'client', '--client', 'client', '--rate', '1', '--burst', '2');
    expect(r.err).toMatch(/gateway\.csv \(--input\), column "client", row 1: "A" is not a date and time/);
    r = await runKaizen('ops', 'throttle', '--input', log);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ops needs one of gateway, rate-limit, retry, sla, feedback \(got "throttle"\)/);
  });
});

describe('kaizen ops retry', () => {
  it('prints the issue\'s JSON fields: 5 of 8 recoverable, 18 extra requests, added p50 300 / p95 620 ms', async () => {
    const r = await runKaizen('ops', 'retry', '--input', log, '--time', 'ts', '--endpoint', 'endpoint', '--status', 'status', '--latency', 'latency_ms', '--max-retries', '3', '--base-ms', '100', '--multiplier', '2', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j).slice(0, 5)).toEqual(['failures', 'recoverable', 'recoveredShare', 'extraRequests', 'addedLatencyMs']);
    expect([j.failures, j.recoverable, j.recoveredShare, j.extraRequests]).toEqual([8, 5, 0.625, 18]);
    expect(j.addedLatencyMs.p50).toBe(300);
    expect(j.addedLatencyMs.p95).toBeCloseTo(620, 9);
    expect(j.peak).toEqual({ minute: '2026-03-02T10:00Z', failures: 8, requests: 20, retries: 18, amplification: 1.9 });
  });
  it('--timeout-ms 1000 turns the 1,200 ms success into a 9th failure', async () => {
    const j = JSON.parse((await runKaizen('ops', 'retry', '--input', log, '--time', 'ts', '--endpoint', 'endpoint', '--status', 'status', '--latency', 'latency_ms', '--max-retries', '3', '--base-ms', '100', '--multiplier', '2', '--timeout-ms', '1000', '--json')).out);
    expect([j.failures, j.recoverable, j.extraRequests]).toEqual([9, 5, 21]);
  });
  it('a status cell that is not a status names its row', async () => {
    const broken = writeFile(dir, 'broken.csv', 'ts,endpoint,status\n2026-03-02T10:00:00Z,/score,200\n2026-03-02T10:00:01Z,/score,oops\n');
    const r = await runKaizen('ops', 'retry', '--input', broken, '--time', 'ts', '--endpoint', 'endpoint', '--status', 'status', '--max-retries', '3', '--base-ms', '100', '--multiplier', '2');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/broken\.csv \(--input\), row 2: column "status" holds "oops", not an HTTP status \(100–599\) or "timeout"/);
  });
});

describe('kaizen ops sla, gateway, feedback', () => {
  it('sla: windows with start, value, met, and compliance; a target in percent is refused', async () => {
    const r = await runKaizen('ops', 'sla', '--input', log, '--time', 'ts', '--metric', 'availability', '--target', '0.9', '--window', 'day', '--status', 'status', '--json');
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['windows', 'compliance']);
    // 19 requests that count (the 404 does not): 11 successes, 8 failures → 11/19.
    expect(j.windows).toEqual([{ start: '2026-03-02', value: 11 / 19, met: false, requests: 20 }]);
    expect(j.compliance).toBe(0);
    const bad = await runKaizen('ops', 'sla', '--input', log, '--time', 'ts', '--metric', 'availability', '--target', '99.9', '--status', 'status');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/availability target is a share from 0 to 1, e\.g\. 0\.999/);
    const p95 = JSON.parse((await runKaizen('ops', 'sla', '--input', log, '--time', 'ts', '--metric', 'p95', '--target', '500', '--window', 'week', '--latency', 'latency_ms', '--cause', 'endpoint', '--json')).out);
    expect(p95.windows[0].start).toBe('2026-03-02');
    expect(p95.breaches.pareto[0].cause).toBe('/score');
  });
  it('gateway: error rates by endpoint, versions per client', async () => {
    const r = await runKaizen('ops', 'gateway', '--input', log, '--time', 'ts', '--client', 'client', '--endpoint', 'endpoint', '--status', 'status', '--version', 'api_version', '--latency', 'latency_ms', '--response-bytes', 'resp_bytes', '--json');
    const j = JSON.parse(r.out);
    expect([j.requests, j.errors, j.errorRate]).toEqual([20, 8, 0.4]);
    expect(j.byEndpoint[0]).toEqual({ key: '/score', requests: 12, errors: 7, clientErrors: 0, errorRate: 7 / 12 });
    expect(j.versionsByClient[0].versions[0]).toEqual({ version: 'v1', requests: 5, share: 5 / 12, lastDay: '2026-03-02' });
    expect(j.heatmap[0].cells[10]).toBe(12);
  });
  it('feedback: joins corrections to the inference log by prediction id', async () => {
    const inf = writeFile(dir, 'inference.csv', 'request_id,ts,pred,model_version\np1,2026-03-02T10:00:00Z,fraud,v1\np2,2026-03-02T11:00:00Z,ok,v1\np3,2026-03-03T10:00:00Z,ok,v2\np4,2026-03-03T11:00:00Z,ok,v2\n');
    const cor = writeFile(dir, 'corrections.csv', 'prediction_id,corrected_at,label\np1,2026-03-02T12:00:00Z,fraud\np2,2026-03-02T15:00:00Z,fraud\np3,2026-03-03T20:00:00Z,fraud\np9,2026-03-02T10:00:00Z,ok\n');
    const r = await runKaizen('ops', 'feedback', '--input', cor, '--inference', inf, '--id', 'prediction_id', '--inference-id', 'request_id', '--time', 'corrected_at', '--inference-time', 'ts', '--label', 'label', '--predicted', 'pred', '--model', 'model_version', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect([j.predictions, j.matched, j.unmatched, j.corrected, j.correctionRate]).toEqual([4, 3, 1, 2, 0.5]);
    expect(j.labelDelayMs.p50).toBe(4 * 3_600_000);
    expect(r.err).toMatch(/1 correction\(s\) name a prediction the inference log does not hold/);
  });
});
