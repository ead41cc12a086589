import { AppError } from '../../../common/contract/errors';
import type { ParsedInput, Output } from '../../../common/contract/api';
import { latencyByGroup, latencyProfile, p95Heatmap } from '../../../common/domain/latency/profile';
import { batchWhatIf, cacheWhatIf } from '../../../common/domain/latency/cacheBatching';
import { autoscalingWhatIf, coldStarts } from '../../../common/domain/latency/coldStartScaling';
import { quantileSorted } from '../../../common/domain/stats/quantile';
import type { ServiceContext } from '../../context';
import { bucketStart, datasetFor, load, maybeSave, numbers, paramsOf, utcDate } from './data';
import type { Cell } from './data';

/** Numbers aligned with rows (NaN where missing), so stages, totals and keys stay row-aligned. */
function aligned(col: readonly Cell[]): Float64Array {
  return Float64Array.from(col, (v) => (typeof v === 'number' ? v : Number.NaN));
}

function keyOf(col: readonly Cell[] | undefined, i: number): string {
  const v = col?.[i];
  return v === null || v === undefined ? '(blank)' : String(v);
}

export function runLatency(ctx: ServiceContext, input: ParsedInput<'analysis-latency'>): Output<'analysis-latency'> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const cols = load(ctx, ds, [...input.stages, input.total, input.timestamp, input.groupBy]);
  const stages: Record<string, Float64Array> = {};
  for (const s of input.stages) stages[s] = aligned(cols[s]!);
  const total = input.total ? aligned(cols[input.total]!) : undefined;
  const profile = latencyProfile(stages, total);
  const totals = total ?? (() => {
    const t = new Float64Array(ds.rowCount);
    for (const s of input.stages) stages[s]!.forEach((v, i) => (t[i]! += Number.isFinite(v) ? v : 0));
    return t;
  })();
  const byGroup = input.groupBy ? latencyByGroup(cols[input.groupBy]!.map((_, i) => keyOf(cols[input.groupBy!], i)), stages, totals) : null;
  let byTime = null;
  let heatmap = null;
  if (input.timestamp) {
    const ts = aligned(cols[input.timestamp]!);
    if (input.bucket) {
      const bucket = input.bucket;
      const keys = Array.from(ts, (t) => (Number.isFinite(t) ? (bucket === 'day' ? utcDate(t) : new Date(bucketStart(t, 'hour')).toISOString().slice(0, 13) + ':00') : '(no time)'));
      byTime = latencyByGroup(keys, stages, totals).sort((a, b) => a.group.localeCompare(b.group));
    }
    heatmap = p95Heatmap(ts, totals, input.utcOffsetMinutes);
  }
  const result = { rowCount: ds.rowCount, profile, byGroup, byTime, heatmap };
  const title = `Latency profile: ${ds.name} v${ds.version}`;
  const resultId = maybeSave(ctx, input, 'latency', title, paramsOf(input), [ds.versionId], result);
  return { ...result, resultId, datasetVersionIds: [ds.versionId] };
}

export function runWhatIf(ctx: ServiceContext, input: ParsedInput<'analysis-whatif'>): Output<'analysis-whatif'> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const spec = input.spec;
  const extra = spec.kind === 'cache' ? spec.keys : spec.kind === 'batching' ? [spec.serviceColumn] : [];
  const cols = load(ctx, ds, [input.timestamp, input.total, ...extra]);
  const ts = aligned(cols[input.timestamp]!);
  if (!ts.some(Number.isFinite)) throw new AppError('BAD_INPUT', `Column "${input.timestamp}" has no timestamps; the what-ifs need request arrival times.`);
  const total = aligned(cols[input.total]!);
  let result;
  let title: string;
  if (spec.kind === 'cache') {
    const keyCols = spec.keys.map((k) => cols[k]!);
    const keys = Array.from({ length: ds.rowCount }, (_, i) => keyCols.map((c) => keyOf(c, i)).join('\u001f'));
    result = cacheWhatIf(ts, keys, total, spec.windowMs, spec.cacheLatencyMs);
    title = `Cache what-if on ${spec.keys.join(' + ')}`;
  } else if (spec.kind === 'batching') {
    const service = numbers(cols[spec.serviceColumn ?? input.total]!).slice().sort();
    if (service.length === 0) throw new AppError('BAD_INPUT', `Column "${spec.serviceColumn ?? input.total}" has no numbers to estimate the service time.`);
    result = batchWhatIf(ts, spec.batchSize, spec.maxWaitMs, quantileSorted(service, 0.5), spec.marginalCost);
    title = `Batching what-if: batch ${spec.batchSize}, wait ${spec.maxWaitMs} ms`;
  } else if (spec.kind === 'cold-start') {
    result = coldStarts(ts, total, spec.idleGapSeconds * 1000);
    title = `Cold starts after ${spec.idleGapSeconds} s idle`;
  } else {
    if (spec.min > spec.max) throw new AppError('VALIDATION', `spec.min (${spec.min}) must not exceed spec.max (${spec.max}).`);
    result = autoscalingWhatIf(ts, spec.perReplicaRps, spec.targetUtilisation, { min: spec.min, max: spec.max, scaleUpAt: spec.scaleUpAt, delayMin: spec.delayMin });
    title = `Autoscaling what-if: ${spec.min}–${spec.max} replicas`;
  }
  const resultId = maybeSave(ctx, input, 'whatif', title, paramsOf(input), [ds.versionId], { kind: spec.kind, result });
  return { kind: spec.kind, result, resultId, datasetVersionIds: [ds.versionId] };
}
