import { AppError } from '../../../common/contract/errors';
import type { ParsedInput, Output } from '../../../common/contract/api';
import { batchWhatIf, cacheWhatIf } from '../../../common/domain/latency/cacheBatching';
import { autoscalingWhatIf, coldStarts } from '../../../common/domain/latency/coldStartScaling';
import { quantileSorted } from '../../../common/domain/stats/quantile';
import type { ReadContext } from '../../context';
import { datasetFor, load, numbers } from './data';
import type { Cell, Computed, Progress } from './data';
import { latencyInSql } from './latencySql';
import type { LatencyOut } from './latencySql';

/** Numbers aligned with rows (NaN where missing), so stages, totals and keys stay row-aligned. */
function aligned(col: readonly Cell[]): Float64Array {
  return Float64Array.from(col, (v) => (typeof v === 'number' ? v : Number.NaN));
}

function keyOf(col: readonly Cell[] | undefined, i: number): string {
  const v = col?.[i];
  return v === null || v === undefined ? '(blank)' : String(v);
}

/** The latency profile in bounded memory (latencySql.ts): the same numbers as the in-memory profile functions. */
export function computeLatency(ctx: ReadContext, input: ParsedInput<'analysis-latency'>, progress: Progress): Computed<LatencyOut> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const result = latencyInSql(ctx, ds, input, progress);
  return { kind: 'latency', title: `Latency profile: ${ds.name} v${ds.version}`, versionIds: [ds.versionId], result };
}

/** What-ifs replay requests in arrival order over the read columns (in the analysis worker). */
export function computeWhatIf(ctx: ReadContext, input: ParsedInput<'analysis-whatif'>, progress: Progress): Computed<{ kind: string; result: Output<'analysis-whatif'>['result'] }> {
  const ds = datasetFor(ctx, input.eventId, input.datasetId, input.version);
  const spec = input.spec;
  const extra = spec.kind === 'cache' ? spec.keys : spec.kind === 'batching' ? [spec.serviceColumn] : [];
  const cols = load(ctx, ds, [input.timestamp, input.total, ...extra]);
  progress(1, 2, 'Read the columns');
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
  progress(2, 2, 'Replayed the requests');
  return { kind: 'whatif', title, versionIds: [ds.versionId], result: { kind: spec.kind, result } };
}
