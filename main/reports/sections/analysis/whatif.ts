import type { AnalysisResult } from '../../../../common/contract/schemas/analysis';
import type { Block } from '../../model';
import { tableBlock } from '../../tableBlock';
import { finite, label, record, text } from './common';

/** Names and units of the what-if figures (cache, batching, cold start, autoscaling); others get a label from their key. */
const NAMES: Readonly<Record<string, readonly [string, string]>> = {
  keys: ['Cache key columns', ''],
  windowMs: ['Cache window (TTL)', 'ms'],
  cacheLatencyMs: ['Latency of a cache hit', 'ms'],
  batchSize: ['Batch size', ''],
  maxWaitMs: ['Longest wait for a batch', 'ms'],
  serviceColumn: ['Service time column', ''],
  marginalCost: ['Marginal cost per extra request in a batch', 'share'],
  idleGapSeconds: ['Idle gap that makes a cold start', 's'],
  idleGapMs: ['Idle gap', 'ms'],
  perReplicaRps: ['Requests per second per replica', 'req/s'],
  targetUtilisation: ['Target utilisation', 'share'],
  min: ['Minimum replicas', ''],
  max: ['Maximum replicas', ''],
  scaleUpAt: ['Scale up at utilisation', 'share'],
  delayMin: ['Scale-up delay', 'min'],
  timestamp: ['Timestamp column', ''],
  total: ['Total latency column', ''],
  requests: ['Requests', ''],
  repeats: ['Would-be cache hits', ''],
  hitShare: ['Hit share', 'share'],
  currentP95: ['p95 today', 'ms'],
  expectedP95: ['Expected p95', 'ms'],
  currentMean: ['Mean today', 'ms'],
  expectedMean: ['Expected mean', 'ms'],
  batches: ['Batches', ''],
  meanBatchSize: ['Mean batch size', ''],
  addedMeanMs: ['Added mean wait', 'ms'],
  addedP95Ms: ['Added p95 wait', 'ms'],
  throughputUnbatchedRps: ['Throughput per replica, unbatched', 'req/s'],
  throughputBatchedRps: ['Throughput per replica, batched', 'req/s'],
  serviceMs: ['Service time per request', 'ms'],
  p95PenaltyMs: ['Cold p95 − warm p95', 'ms'],
  minutes: ['Minutes in the log', ''],
  peakPerMin: ['Peak requests per minute', ''],
  replicasForPeak: ['Replicas for the peak', ''],
  minutesUnderCapacity: ['Minutes under capacity', ''],
  excessRequests: ['Requests beyond capacity', ''],
  maxReplicasUsed: ['Most replicas used', ''],
};
/** Inputs echoed in the result (the spec has them): listed once, as inputs. Arrays for charts are left to the app. */
const SKIP_OUTPUT = new Set(['windowMs', 'cacheLatencyMs', 'batchSize', 'maxWaitMs', 'marginalCost', 'idleGapMs', 'perReplicaRps', 'targetUtilisation', 'startMs']);

type Row = [string, string | number | null, string];

function rowsOf(obj: Record<string, unknown>, prefix = '', skip: ReadonlySet<string> = new Set()): Row[] {
  return Object.entries(obj).flatMap(([k, v]): Row[] => {
    if (skip.has(k) || k === 'kind') return [];
    const [name, unit] = NAMES[k] ?? [label(k), ''];
    const full = prefix ? `${prefix}: ${name.charAt(0).toLowerCase()}${name.slice(1)}` : name;
    const sub = record(v);
    if (sub) return rowsOf(sub, full);
    if (Array.isArray(v)) return v.every((x) => typeof x === 'string') && v.length > 0 ? [[full, v.join(' + '), unit]] : [];
    if (typeof v === 'number') return [[full, finite(v) === null ? null : unit === 'share' ? v * 100 : v, unit === 'share' ? '%' : unit]];
    if (typeof v === 'string' || typeof v === 'boolean') return [[full, typeof v === 'boolean' ? (v ? 'yes' : 'no') : v, unit]];
    return [];
  });
}

/** A what-if: its inputs (the spec and the columns) and outputs, as two tables of name, value and unit. */
export function whatIfBlocks(r: AnalysisResult, prefix: string): Block[] {
  const res = record(r.result);
  const out = record(res?.result);
  if (!res || !out) return [];
  const params = record(r.params) ?? {};
  const spec = record(params.spec) ?? {};
  const inputs: Row[] = [...rowsOf(spec), ...rowsOf({ timestamp: params.timestamp, total: params.total })];
  const columns = [['name', 'Quantity'], ['value', 'Value', 'number'], ['unit', 'Unit']] as const;
  return [
    { kind: 'fields', items: [{ label: 'What-if', value: text(res.kind) || text(spec.kind) || '—' }] },
    tableBlock({ id: `${prefix}-inputs`, title: 'Inputs', columns, rows: inputs }),
    tableBlock({ id: `${prefix}-outputs`, title: 'Outputs', columns, rows: rowsOf(out, '', SKIP_OUTPUT) }),
  ];
}
