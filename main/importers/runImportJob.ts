import { Worker } from 'node:worker_threads';
import { AppError } from '../../common/contract/errors';
import type { ErrorCode } from '../../common/contract/errors';
import type { ImportResult } from '../../common/contract/schemas/datasets';
import type { Db } from '../db/connection';
import type { Job } from '../jobs';
import { runImport } from './importer';
import type { ImportJob } from './importer';
import type { WorkerMessage } from './import.worker';
import { workerFile as findWorker } from './workerFiles';


/**
 * A capped old generation makes V8 collect garbage in the worker's heap sooner instead of letting it grow
 * (each thread has its own heap): it keeps an import's peak RSS flat. Nothing an import holds is near it.
 */
export const WORKER_LIMITS = { maxOldGenerationSizeMb: 192 } as const;

function rowsMessage(rows: number): string {
  return `${rows} rows`;
}

/**
 * Runs an import in a worker thread (its own SQLite connection, one transaction) and relays progress as
 * 'job-progressed'; cancel sets a shared flag the worker checks between batches, and it rolls back.
 * Unbundled (vitest) the same runImport runs in-process on the service connection.
 */
export async function runImportJob(db: Db, dbPath: string, job: ImportJob, j: Job): Promise<ImportResult> {
  const workerFile = findWorker('import.worker');
  if (!workerFile) {
    return runImport(db, job, { progress: (d, t, rows) => j.progress(d, t, rowsMessage(rows)), cancelled: () => j.signal.aborted });
  }
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const worker = new Worker(workerFile, { workerData: { dbPath, job, cancel }, resourceLimits: WORKER_LIMITS });
  const onAbort = () => Atomics.store(flag, 0, 1);
  j.signal.addEventListener('abort', onAbort);
  let imported = false;
  try {
    return await new Promise<ImportResult>((resolve, reject) => {
      let settled = false;
      worker.on('message', (m: WorkerMessage) => {
        if (m.type === 'progress') j.progress(m.done, m.total, rowsMessage(m.rows));
        else if (m.type === 'done') {
          settled = true;
          imported = true;
          resolve(m.result as ImportResult);
        } else {
          settled = true;
          reject(new AppError(m.code as ErrorCode, m.message, m.details));
        }
      });
      worker.on('error', (e) => {
        settled = true;
        reject(e);
      });
      worker.on('exit', (code) => {
        if (!settled) reject(new Error(`import worker exited with code ${code}`));
      });
    });
  } finally {
    j.signal.removeEventListener('abort', onAbort);
    // After a successful import the worker checkpoints the WAL into the database file and exits by itself.
    if (!imported) await worker.terminate();
  }
}
