import { DomainInputError } from '../errors';
import { column, requireRows, tidy, toNumber } from './table';
import type { Cell, LogTable } from './table';

/** The Chrome trace event fields the profile reads (chrome://tracing "Trace Event Format"). */
export const TRACE_COLUMNS = ['name', 'cat', 'ph', 'ts', 'dur', 'pid', 'tid'] as const;

/**
 * A Chrome trace JSON (as the PyTorch profiler writes it: `{"traceEvents": [...]}`, or a bare array of events)
 * as a LogTable with the columns name, cat, ph, ts, dur, pid, tid — the same table an imported trace dataset has.
 */
export function traceTable(source: string, raw: unknown): LogTable {
  const events = Array.isArray(raw) ? raw : raw && typeof raw === 'object' && Array.isArray((raw as { traceEvents?: unknown }).traceEvents) ? (raw as { traceEvents: unknown[] }).traceEvents : null;
  if (!events) throw new DomainInputError(`${source}: not a Chrome trace (expected {"traceEvents": [...]} or an array of events).`);
  const cols: Record<string, Cell[]> = Object.fromEntries(TRACE_COLUMNS.map((c) => [c, []]));
  events.forEach((e, i) => {
    if (!e || typeof e !== 'object') throw new DomainInputError(`${source}: trace event ${i + 1} is not an object.`);
    const o = e as Record<string, unknown>;
    for (const c of TRACE_COLUMNS) {
      const v = o[c];
      cols[c]!.push(typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : null);
    }
  });
  return { source, rowCount: events.length, columns: cols };
}

export type TraceSpec = Readonly<{ top?: number }>;

export type TraceOperator = Readonly<{
  name: string;
  category: string;
  count: number;
  /** Σ durations (ms), nested calls included. */
  totalMs: number;
  /** Σ durations minus the operators called inside them on the same thread (ms). */
  selfMs: number;
  /** selfMs / Σ selfMs of all operators, and the running total in Pareto order. */
  share: number;
  cumulativeShare: number;
  /** selfMs / Σ request time: this operator's share of a request. */
  shareOfRequest: number | null;
}>;

export type TraceResult = Readonly<{
  events: number;
  operators: readonly TraceOperator[];
  modules: readonly { name: string; count: number; totalMs: number; shareOfRequest: number | null }[];
  requests: number;
  requestMs: number;
  meanRequestMs: number;
  top: number;
  /** Σ shareOfRequest of the top operators. */
  topShareOfRequest: number | null;
  /** Events that were not complete spans (metadata, instants, counters, flows) or had no duration. */
  ignoredEvents: number;
}>;

type Span = { name: string; cat: string; ts: number; dur: number; key: string };

const isRequest = (s: Span) => /^ProfilerStep#/.test(s.name);
const isModule = (s: Span) => /^nn\.Module: /.test(s.name);

/**
 * Per-operator time from a profiler trace. Complete events (ph "X", ts and dur in µs) and B/E pairs (matched per
 * pid/tid) are spans. Requests are the "ProfilerStep#N" spans (one per profiled step; without them the whole trace
 * is one request, from the first start to the last end). Modules are "nn.Module: …" spans (PyTorch's
 * with_modules). Operators are every other span except python_function frames; an operator's self time is its
 * duration minus the operators nested inside it on the same pid/tid (a stack over spans sorted by start, longest
 * first). Pareto by self time; the top operators' share of a request = self time / Σ request time (GPU kernels
 * overlap CPU work, so shares over all operators can add up to more than 1).
 */
export function profileTrace(t: LogTable, spec: TraceSpec = {}): TraceResult {
  requireRows(t, 'the trace profile');
  const top = spec.top ?? 5;
  const name = column(t, 'name');
  const ts = column(t, 'ts');
  const dur = t.columns.dur ?? [];
  const ph = t.columns.ph ?? [];
  const cat = t.columns.cat ?? [];
  const pid = t.columns.pid ?? [];
  const tid = t.columns.tid ?? [];
  const spans: Span[] = [];
  const open = new Map<string, { name: string; cat: string; ts: number }[]>();
  let ignored = 0;
  for (let i = 0; i < t.rowCount; i++) {
    const p = ph[i] === undefined || ph[i] === null ? 'X' : String(ph[i]);
    const key = `${String(pid[i] ?? '')}/${String(tid[i] ?? '')}`;
    const start = toNumber(ts[i] ?? null);
    const nm = name[i] === null ? '' : String(name[i]);
    if (p !== 'X' && p !== 'B' && p !== 'E') {
      ignored++;
      continue;
    }
    if (start === null || start === undefined) throw new DomainInputError(`${t.source}, event ${i + 1} ("${nm}"): "ts" is ${start === null ? 'missing' : `"${String(ts[i])}", not a number`}.`);
    if (p === 'B') {
      const st = open.get(key) ?? [];
      st.push({ name: nm, cat: String(cat[i] ?? ''), ts: start });
      open.set(key, st);
    } else if (p === 'E') {
      const b = open.get(key)?.pop();
      if (!b) throw new DomainInputError(`${t.source}, event ${i + 1}: an end ("E") without a begin on thread ${key}.`);
      spans.push({ name: b.name, cat: b.cat, ts: b.ts, dur: start - b.ts, key });
    } else {
      const d = toNumber(dur[i] ?? null);
      if (d === undefined) throw new DomainInputError(`${t.source}, event ${i + 1} ("${nm}"): "dur" is "${String(dur[i])}", not a number.`);
      if (d === null) {
        ignored++;
        continue;
      }
      spans.push({ name: nm, cat: String(cat[i] ?? ''), ts: start, dur: d, key });
    }
  }
  if (spans.length === 0) throw new DomainInputError(`${t.source} has no complete events (ph "X" with ts and dur, or B/E pairs); nothing to profile.`);
  const requests = spans.filter(isRequest);
  const requestUs = requests.length > 0 ? requests.reduce((s, r) => s + r.dur, 0) : Math.max(...spans.map((s) => s.ts + s.dur)) - Math.min(...spans.map((s) => s.ts));
  const ops = spans.filter((s) => !isRequest(s) && !isModule(s) && s.cat !== 'python_function');
  const self = selfTimes(ops);
  const byOp = new Map<string, { name: string; category: string; count: number; total: number; self: number }>();
  ops.forEach((s, i) => {
    const k = `${s.cat}\u0000${s.name}`;
    const o = byOp.get(k) ?? { name: s.name, category: s.cat, count: 0, total: 0, self: 0 };
    o.count++;
    o.total += s.dur;
    o.self += self[i]!;
    byOp.set(k, o);
  });
  const selfSum = [...byOp.values()].reduce((s, o) => s + o.self, 0);
  const ms = (us: number) => tidy(us / 1000);
  const reqShare = (us: number) => (requestUs > 0 ? tidy(us / requestUs) : null);
  let cum = 0;
  const operators = [...byOp.values()]
    .sort((a, b) => b.self - a.self || a.name.localeCompare(b.name))
    .map((o) => {
      cum += o.self;
      return { name: o.name, category: o.category, count: o.count, totalMs: ms(o.total), selfMs: ms(o.self), share: selfSum > 0 ? tidy(o.self / selfSum) : 0, cumulativeShare: selfSum > 0 ? tidy(cum / selfSum) : 0, shareOfRequest: reqShare(o.self) };
    });
  const byModule = new Map<string, { count: number; total: number }>();
  for (const s of spans.filter(isModule)) {
    const m = byModule.get(s.name) ?? { count: 0, total: 0 };
    m.count++;
    m.total += s.dur;
    byModule.set(s.name, m);
  }
  const modules = [...byModule.entries()].map(([n, m]) => ({ name: n, count: m.count, totalMs: ms(m.total), shareOfRequest: reqShare(m.total) })).sort((a, b) => b.totalMs - a.totalMs);
  const topOps = operators.slice(0, top);
  const nReq = Math.max(requests.length, 1);
  return {
    events: t.rowCount,
    operators,
    modules,
    requests: nReq,
    requestMs: ms(requestUs),
    meanRequestMs: ms(requestUs / nReq),
    top,
    topShareOfRequest: requestUs > 0 ? tidy(topOps.reduce((s, o) => s + (o.shareOfRequest ?? 0), 0)) : null,
    ignoredEvents: ignored,
  };
}

/** Self time of each span: its duration minus its direct children's on the same thread (µs). */
function selfTimes(spans: readonly Span[]): number[] {
  const self = spans.map((s) => s.dur);
  const byKey = new Map<string, number[]>();
  spans.forEach((s, i) => byKey.set(s.key, [...(byKey.get(s.key) ?? []), i]));
  for (const idx of byKey.values()) {
    idx.sort((a, b) => spans[a]!.ts - spans[b]!.ts || spans[b]!.dur - spans[a]!.dur);
    const stack: number[] = [];
    for (const i of idx) {
      const s = spans[i]!;
      while (stack.length && spans[stack[stack.length - 1]!]!.ts + spans[stack[stack.length - 1]!]!.dur <= s.ts) stack.pop();
      const parent = stack[stack.length - 1];
      if (parent !== undefined) self[parent]! -= s.dur;
      stack.push(i);
    }
  }
  return self.map((x) => Math.max(0, x));
}
