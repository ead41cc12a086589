import { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/contract/errors';
import type { ErrorCode } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Job } from '../../jobs';
import { workerFile } from '../../importers/worker/workerFiles';
import type { AnalysisTask, AnalysisWorkerData, AnalysisWorkerMessage } from './analysis.worker';

export const cancelled = (what = 'The analysis') => new AppError('CANCELLED', `${what} was cancelled; nothing was saved.`);

/**
 * The analysis worker file when a task can run off-thread: bundled (the app, kaizen serve, the benchmarks; not
 * vitest), and the store not held with locking_mode=EXCLUSIVE (opened so on a full disk), where no other
 * connection can read it.
 */
function offThreadFile(ctx: ServiceContext): string | null {
  const file = workerFile('analysis.worker');
  if (!file) return null;
  return String(ctx.db.pragma('locking_mode', { simple: true })).toLowerCase() === 'exclusive' ? null : file;
}

export function offThreadAvailable(ctx: ServiceContext): boolean {
  return offThreadFile(ctx) !== null;
}

/** Warm idle workers per worker file: starting one costs ≈ 0.4 s (loading the bundle), so they are kept for the next task. */
const idle = new Map<string, Worker[]>();
const IDLE_MAX = 2;

function acquire(file: string): Worker {
  const list = idle.get(file) ?? [];
  const warm = list.pop();
  if (warm) {
    warm.ref();
    return warm;
  }
  const w = new Worker(file);
  // One that dies while idle leaves the pool.
  w.on('exit', () => {
    const l = idle.get(file);
    const i = l?.indexOf(w) ?? -1;
    if (l && i >= 0) l.splice(i, 1);
  });
  return w;
}

function release(file: string, w: Worker): void {
  const list = idle.get(file) ?? [];
  if (list.length >= IDLE_MAX) {
    void w.terminate();
    return;
  }
  // An idle worker never keeps the process alive (CLI commands, tests).
  w.unref();
  list.push(w);
  idle.set(file, list);
}

/**
 * Runs a read-only task (an analysis, the KPI recompute) in an analysis worker thread on a read-only connection
 * of its own, relaying its progress to the job; the job's abort (job-cancel) rejects at once with CANCELLED and
 * stops the thread (it wrote nothing; the next task starts a new one). Null when it cannot run off-thread
 * (offThreadFile): the caller computes in-process.
 */
export function runOffThread<T>(ctx: ServiceContext, task: AnalysisTask, j: Job, what?: string): Promise<T> | null {
  const file = offThreadFile(ctx);
  if (!file) return null;
  if (j.signal.aborted) return Promise.reject(cancelled(what));
  const worker = acquire(file);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const settle = (fn: () => void, keep: boolean) => {
      if (settled) return;
      settled = true;
      j.signal.removeEventListener('abort', onAbort);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keep) release(file, worker);
      else void worker.terminate();
      fn();
    };
    // Cancel answers at once; a statement running inside SQLite ends the thread when it returns to JavaScript.
    const onAbort = () => settle(() => reject(cancelled(what)), false);
    const onMessage = (m: AnalysisWorkerMessage) => {
      if (m.type === 'progress') {
        if (!settled) j.progress(m.done, m.total, m.message);
      } else if (m.type === 'done') settle(() => resolve(m.computed as T), true);
      else settle(() => reject(new AppError(m.code as ErrorCode, m.message, m.details)), true);
    };
    const onError = (e: Error) => settle(() => reject(e), false);
    const onExit = (code: number) => settle(() => reject(new Error(`analysis worker exited with code ${code}`)), false);
    j.signal.addEventListener('abort', onAbort);
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const data: AnalysisWorkerData = { dbPath: ctx.dbPath, nativeBinding: ctx.nativeBinding, task };
    worker.postMessage(data);
  });
}
