import { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/contract/errors';
import type { ErrorCode } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { ServiceContext } from '../../context';
import type { CallInfo } from '../../handlers';
import type { Job } from '../../jobs';
import { workerFile } from '../../importers/worker/workerFiles';
import type { AnalysisWorkerMessage } from './analysis.worker';
import { compute } from './compute';
import type { AnalysisMethod, ComputedOf } from './compute';
import { maybeSave, paramsOf } from './data';
import type { Computed } from './data';
import { finishFairness } from './fairness';
import type { FairnessComputed } from './fairness';

const cancelled = () => new AppError('CANCELLED', 'The analysis was cancelled; nothing was saved.');

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
  const file = workerFile('analysis.worker');
  if (!file) {
    // In-process (unbundled): the steps are where a cancel can take effect.
    return Promise.resolve(
      compute(ctx, method, input, (done, total, message) => {
        if (j.signal.aborted) throw cancelled();
        j.progress(done, total, message);
      }),
    );
  }
  if (j.signal.aborted) return Promise.reject(cancelled());
  const worker = new Worker(file, { workerData: { dbPath: ctx.dbPath, nativeBinding: ctx.nativeBinding, method, input } });
  return new Promise<ComputedOf<M>>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      j.signal.removeEventListener('abort', onAbort);
      fn();
    };
    // Cancel answers at once; the thread is stopped (it wrote nothing). A statement running inside SQLite ends
    // the thread when it returns to JavaScript.
    const onAbort = () =>
      settle(() => {
        void worker.terminate();
        reject(cancelled());
      });
    j.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: AnalysisWorkerMessage) => {
      if (m.type === 'progress') {
        if (!settled) j.progress(m.done, m.total, m.message);
      } else if (m.type === 'done') settle(() => resolve(m.computed as ComputedOf<M>));
      else settle(() => reject(new AppError(m.code as ErrorCode, m.message, m.details)));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`analysis worker exited with code ${code}`))));
  });
}
