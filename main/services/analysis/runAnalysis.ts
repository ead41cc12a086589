import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { ServiceContext } from '../../context';
import type { CallInfo } from '../../handlers';
import type { Job } from '../../jobs';
import { compute } from './compute';
import type { AnalysisMethod, ComputedOf } from './compute';
import { maybeSave, paramsOf } from './data';
import type { Computed } from './data';
import { finishFairness } from './fairness';
import type { FairnessComputed } from './fairness';
import { linkedFairness, linkedLatency } from './linked';
import { linkedDrift } from './linkedDrift';
import { cancelled, runOffThread } from './offThread';
import { isLinked } from '../sources/open';

/**
 * Runs a long analysis as a job (kind "analysis"): 'job-progressed' events per step, 'job-cancel' stops it.
 * The computation runs in a worker thread on its own read-only connection (analysis.worker.ts), so the main
 * thread keeps answering the window and the host; the result is saved here, on the main thread, as before.
 * Unbundled (vitest) the worker file does not exist and the same computation runs in-process.
 */
export async function runAnalysis<M extends AnalysisMethod>(ctx: ServiceContext, method: M, input: ParsedInput<M>, call: CallInfo): Promise<Output<M>> {
  const jobId = input.jobId ?? ctx.newId();
  if (ctx.jobs.isRunning(jobId)) throw new AppError('CONFLICT', `A job with id "${jobId}" is already running.`, { jobId });
  const j = ctx.jobs.start(jobId, 'analysis', call.signal);
  try {
    const computed = await computeOff(ctx, method, input, j);
    if (j.signal.aborted) throw cancelled();
    const out = finish(ctx, method, input, computed);
    j.finish(true, 'done');
    return out;
  } catch (e) {
    j.finish(false, e instanceof Error ? e.message : String(e));
    throw e;
  }
}

function finish<M extends AnalysisMethod>(ctx: ServiceContext, method: M, input: ParsedInput<M>, computed: ComputedOf<M>): Output<M> {
  if (method === 'analysis-fairness') return finishFairness(ctx, input as ParsedInput<'analysis-fairness'>, computed as FairnessComputed) as Output<M>;
  const c = computed as Computed<Record<string, unknown>>;
  const resultId = maybeSave(ctx, input, c.kind, c.title, paramsOf(input), c.versionIds, c.result);
  return { ...c.result, resultId, datasetVersionIds: c.versionIds } as Output<M>;
}

function computeOff<M extends AnalysisMethod>(ctx: ServiceContext, method: M, input: ParsedInput<M>, j: Job): Promise<ComputedOf<M>> {
  // A linked dataset's latency profile and fairness are pushed down to its Source (linked.ts), on this thread (async).
  const step = (done: number, total: number, message: string) => {
    if (j.signal.aborted) throw cancelled();
    j.progress(done, total, message);
  };
  const datasetId = (input as { datasetId?: string }).datasetId;
  if (datasetId && isLinked(ctx, datasetId)) {
    if (method === 'analysis-latency') return linkedLatency(ctx, input as ParsedInput<'analysis-latency'>, step) as Promise<ComputedOf<M>>;
    if (method === 'analysis-fairness') return linkedFairness(ctx, input as ParsedInput<'analysis-fairness'>, step) as Promise<ComputedOf<M>>;
    if (method === 'analysis-drift') return linkedDrift(ctx, input as ParsedInput<'analysis-drift'>, step, j.signal) as Promise<ComputedOf<M>>;
  }
  const off = runOffThread<ComputedOf<M>>(ctx, { kind: 'analysis', method, input }, j);
  if (off) return off;
  // In-process (unbundled): the steps are where a cancel can take effect.
  return Promise.resolve(
    compute(ctx, method, input, step),
  );
}
