import { quantileSorted } from '../stats/quantile';
import type { Outcome } from './records';
import { DAY_MS, HOUR_MS, dayLabel, share, statusClass } from './records';

/** A gateway log as columns (one entry per request). Optional columns may be absent. */
export type GatewayLog = Readonly<{
  times: ArrayLike<number>;
  clients: ArrayLike<string>;
  endpoints: ArrayLike<string>;
  statuses: ArrayLike<number | string>;
  outcomes: ArrayLike<Outcome>;
  versions?: ArrayLike<string | null>;
  latencies?: ArrayLike<number | null>;
  requestBytes?: ArrayLike<number | null>;
  responseBytes?: ArrayLike<number | null>;
}>;

export type ErrorRateRow = Readonly<{ key: string; requests: number; errors: number; clientErrors: number; errorRate: number }>;
export type Percentiles = Readonly<{ n: number; p50: number | null; p95: number | null; p99: number | null; max: number | null }>;
export type PayloadBand = Readonly<{ from: number; to: number; requests: number; latencyP50: number | null; latencyP95: number | null }>;
export type VersionShare = Readonly<{ client: string; day: string; version: string; requests: number; share: number }>;
export type ClientVersions = Readonly<{ client: string; versions: { version: string; requests: number; share: number; lastDay: string }[] }>;
export type Heatmap = Readonly<{ client: string; requests: number; cells: number[] }>;

export type GatewayReport = Readonly<{
  requests: number;
  errors: number;
  errorRate: number | null;
  from: string | null;
  to: string | null;
  byEndpoint: ErrorRateRow[];
  byClient: ErrorRateRow[];
  byStatusClass: { statusClass: string; requests: number; share: number }[];
  payload: { request: Percentiles; response: Percentiles } | null;
  latencyByPayload: PayloadBand[];
  versionShare: VersionShare[];
  versionsByClient: ClientVersions[];
  heatmap: Heatmap[];
}>;

function percentiles(values: number[]): Percentiles {
  const s = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (s.length === 0) return { n: 0, p50: null, p95: null, p99: null, max: null };
  return { n: s.length, p50: quantileSorted(s, 0.5), p95: quantileSorted(s, 0.95), p99: quantileSorted(s, 0.99), max: s[s.length - 1]! };
}

function rates(keys: ArrayLike<string>, outcomes: ArrayLike<Outcome>): ErrorRateRow[] {
  const m = new Map<string, { requests: number; errors: number; clientErrors: number }>();
  for (let i = 0; i < keys.length; i++) {
    let r = m.get(keys[i]!);
    if (!r) m.set(keys[i]!, (r = { requests: 0, errors: 0, clientErrors: 0 }));
    r.requests++;
    if (outcomes[i] === 'failure') r.errors++;
    else if (outcomes[i] === 'client-error') r.clientErrors++;
  }
  return [...m.entries()]
    .map(([key, r]) => ({ key, ...r, errorRate: r.errors / r.requests }))
    .sort((a, b) => b.errorRate - a.errorRate || b.requests - a.requests || a.key.localeCompare(b.key));
}

/** Hour of the week, UTC, Monday 00:00 = 0 … Sunday 23:00 = 167. */
export function hourOfWeek(t: number): number {
  const day = Math.floor(t / DAY_MS);
  const weekday = (((day + 3) % 7) + 7) % 7; // 0 = Monday (1970-01-01 was a Thursday)
  return weekday * 24 + Math.floor((t - day * DAY_MS) / HOUR_MS);
}

/**
 * Gateway-log analysis: error rate (failures — 5xx, timeouts — over requests; 4xx counted apart as the callers'
 * errors) by endpoint, client and status class; request/response size percentiles (type 7); latency by response
 * size (four bands at the response-size quartiles, p50/p95 of latency in each); API version share per client per UTC
 * day and overall with the last day each version was called (who still calls v1); per-client requests by hour of
 * the week (UTC, Monday 00:00 first).
 */
export function analyseGateway(log: GatewayLog): GatewayReport {
  const n = log.times.length;
  let errors = 0;
  let from = Infinity;
  let to = -Infinity;
  for (let i = 0; i < n; i++) {
    if (log.outcomes[i] === 'failure') errors++;
    from = Math.min(from, log.times[i]!);
    to = Math.max(to, log.times[i]!);
  }
  const classes = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const c = statusClass(log.statuses[i] ?? null);
    classes.set(c, (classes.get(c) ?? 0) + 1);
  }
  const nums = (col: ArrayLike<number | null> | undefined) => {
    const out: number[] = [];
    if (col) for (let i = 0; i < n; i++) if (col[i] !== null && Number.isFinite(col[i])) out.push(col[i]!);
    return out;
  };
  const payload = log.requestBytes || log.responseBytes ? { request: percentiles(nums(log.requestBytes)), response: percentiles(nums(log.responseBytes)) } : null;
  const latencyByPayload: PayloadBand[] = [];
  if (log.responseBytes && log.latencies) {
    const pairs: [number, number][] = [];
    for (let i = 0; i < n; i++) {
      const b = log.responseBytes[i];
      const l = log.latencies[i];
      if (b !== null && l !== null && Number.isFinite(b) && Number.isFinite(l)) pairs.push([b!, l!]);
    }
    if (pairs.length > 0) {
      const sizes = pairs.map((p) => p[0]).sort((a, b) => a - b);
      const edges = [...new Set([sizes[0]!, quantileSorted(sizes, 0.25), quantileSorted(sizes, 0.5), quantileSorted(sizes, 0.75), sizes[sizes.length - 1]!])];
      for (let k = 0; k < Math.max(1, edges.length - 1); k++) {
        const lo = edges[k]!;
        const hi = edges[k + 1] ?? lo;
        const last = k >= edges.length - 2;
        const lat = pairs.filter(([b]) => b >= lo && (last ? b <= hi : b < hi)).map((p) => p[1]).sort((a, b) => a - b);
        latencyByPayload.push({ from: lo, to: hi, requests: lat.length, latencyP50: lat.length ? quantileSorted(lat, 0.5) : null, latencyP95: lat.length ? quantileSorted(lat, 0.95) : null });
      }
    }
  }
  const versionShare: VersionShare[] = [];
  const versionsByClient: ClientVersions[] = [];
  if (log.versions) {
    const perDay = new Map<string, Map<string, number>>();
    const overall = new Map<string, Map<string, { requests: number; last: number }>>();
    for (let i = 0; i < n; i++) {
      const v = log.versions[i] === null || log.versions[i] === '' ? '(none)' : log.versions[i]!;
      const c = log.clients[i]!;
      const key = `${c}\u0000${dayLabel(log.times[i]!)}`;
      let d = perDay.get(key);
      if (!d) perDay.set(key, (d = new Map()));
      d.set(v, (d.get(v) ?? 0) + 1);
      let o = overall.get(c);
      if (!o) overall.set(c, (o = new Map()));
      const e = o.get(v) ?? { requests: 0, last: -Infinity };
      o.set(v, { requests: e.requests + 1, last: Math.max(e.last, log.times[i]!) });
    }
    for (const [key, d] of [...perDay.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const [client, day] = key.split('\u0000') as [string, string];
      const total = [...d.values()].reduce((a, b) => a + b, 0);
      for (const [version, r] of [...d.entries()].sort((a, b) => a[0].localeCompare(b[0]))) versionShare.push({ client, day, version, requests: r, share: r / total });
    }
    for (const [client, o] of [...overall.entries()].sort((a, b) => a[0].localeCompare(b[0]))) {
      const total = [...o.values()].reduce((a, b) => a + b.requests, 0);
      versionsByClient.push({ client, versions: [...o.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([version, e]) => ({ version, requests: e.requests, share: e.requests / total, lastDay: dayLabel(e.last) })) });
    }
  }
  const heat = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const c = log.clients[i]!;
    let cells = heat.get(c);
    if (!cells) heat.set(c, (cells = new Array<number>(168).fill(0)));
    cells[hourOfWeek(log.times[i]!)]!++;
  }
  return {
    requests: n,
    errors,
    errorRate: share(errors, n),
    from: n ? new Date(from).toISOString() : null,
    to: n ? new Date(to).toISOString() : null,
    byEndpoint: rates(log.endpoints, log.outcomes),
    byClient: rates(log.clients, log.outcomes),
    byStatusClass: [...classes.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([statusClass, r]) => ({ statusClass, requests: r, share: r / n })),
    payload,
    latencyByPayload,
    versionShare,
    versionsByClient,
    heatmap: [...heat.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([client, cells]) => ({ client, requests: cells.reduce((a, b) => a + b, 0), cells })),
  };
}
