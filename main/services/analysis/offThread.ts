import { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/contract/errors';
import type { ErrorCode } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Job } from '../../jobs';
import { workerFile } from '../../importers/worker/workerFiles';
import type { AnalysisWorkerMessage, AnalysisTask } from './analysis.worker';

export const cancelled = (what = 'The analysis') => new AppError('CANCELLED', `${what} was cancelled; nothing was saved.`);

/**
 * Runs a read-only task (an analysis, the KPI recompute) in the analysis worker thread on its own read-only
 * connection, relaying its progress to the job; the job's abort (job-cancel) rejects at once with CANCELLED and
 * stops the thread (it wrote nothing). Null when the worker is not bundled (vitest): the caller computes in-process.
 */
export function runOffThread<T>(ctx: ServiceContext, task: AnalysisTask, j: Job, what?: string): Promise<T> | null {
  const file = workerFile('analysis.worker');
  if (!file) return null;
  if (j.signal.aborted) return Promise.reject(cancelled(what));
  const worker = new Worker(file, { workerData: { dbPath: ctx.dbPath, nativeBinding: ctx.nativeBinding, task } });
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      j.signal.removeEventListener('abort', onAbort);
      fn();
    };
    // Cancel answers at once; a statement running inside SQLite ends the thread when it returns to JavaScript.
    const onAbort = () =>
      settle(() => {
        void worker.terminate();
        reject(cancelled(what));
      });
    j.signal.addEventListener('abort', onAbort);
    worker.on('message', (m: AnalysisWorkerMessage) => {
      if (m.type === 'progress') {
        if (!settled) j.progress(m.done, m.total, m.message);
      } else if (m.type === 'done') settle(() => resolve(m.computed as T));
      else settle(() => reject(new AppError(m.code as ErrorCode, m.message, m.details)));
    });
    worker.on('error', (e) => settle(() => reject(e)));
    worker.on('exit', (code) => settle(() => reject(new Error(`analysis worker exited with code ${code}`))));
  });
}
