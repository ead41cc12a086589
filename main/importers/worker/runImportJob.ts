import { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/contract/errors';
import type { ErrorCode } from '../../../common/contract/errors';
import type { ImportResult } from '../../../common/contract/schemas/datasets';
import type { Db } from '../../db/connection';
import type { Job } from '../../jobs';
import { runImport } from '../importer';
import type { ImportJob } from '../importer';
import type { WorkerMessage } from './import.worker';
import { workerFile as findWorker } from './workerFiles';
import { activeImportTables, TICK } from '../importSlices';
import { assertTableName, versionTableName } from '../tableWriter';

import { WORKER_LIMITS } from './limits';

/**
 * The lock state every import worker of this process shares (see import.worker's sliceControl): this
 * thread ticks it every 10 ms while an import runs, so a worker can tell when the thread is blocked —
 * a write from the window or the host waiting for the lock — and yield it.
 */
const lockState = new SharedArrayBuffer(8);
const lockCells = new Int32Array(lockState);
let running = 0;
let ticker: NodeJS.Timeout | null = null;
/** Per service connection while imports run: its wal_autocheckpoint before they started. */
const checkpoints = new Map<Db, { count: number; pages: number }>();

/**
 * While an import runs: the ticker runs, and the service connection does not checkpoint after its own
 * commits (a small write from the window would otherwise copy the import's slices into the database
 * file first; the import worker checkpoints when it is done, as before).
 */
function importStarted(db: Db, table: string): void {
  activeImportTables.add(table);
  if (running++ === 0) {
    ticker = setInterval(() => {
      Atomics.add(lockCells, TICK, 1);
      Atomics.notify(lockCells, TICK);
    }, 10);
    ticker.unref();
  }
  const c = checkpoints.get(db);
  if (c) c.count++;
  else {
    checkpoints.set(db, { count: 1, pages: db.pragma('wal_autocheckpoint', { simple: true }) as number });
    db.pragma('wal_autocheckpoint = 0');
  }
}

function importEnded(db: Db, table: string): void {
  activeImportTables.delete(table);
  if (--running === 0 && ticker) {
    clearInterval(ticker);
    ticker = null;
  }
  const c = checkpoints.get(db);
  if (c && --c.count === 0) {
    checkpoints.delete(db);
    if (db.open) db.pragma(`wal_autocheckpoint = ${c.pages}`);
  }
}

function rowsMessage(rows: number): string {
  return `${rows} rows`;
}

/**
 * Runs an import in a worker thread (its own SQLite connection, writing in slices that yield the lock to
 * other writers) and relays progress as 'job-progressed'; cancel sets a shared flag the worker checks
 * between batches, and it rolls back and drops what it wrote.
 * Unbundled (vitest) the same runImport runs in-process on the service connection.
 */
/** The store an import writes to: the app's connection, its file and the native build to open it with in the worker. */
export type ImportStore = Readonly<{ db: Db; dbPath: string; nativeBinding?: string }>;

export async function runImportJob(store: ImportStore, job: ImportJob, j: Job): Promise<ImportResult> {
  const { db } = store;
  const table = versionTableName(job.versionId);
  importStarted(db, table);
  let ok = false;
  try {
    const r = await runIn(store, job, j);
    ok = true;
    return r;
  } finally {
    importEnded(db, table);
    // A worker that died without cleaning up (out of memory, terminated) leaves its table: drop it now.
    if (!ok) dropIfOrphan(db, table);
  }
}

function dropIfOrphan(db: Db, table: string): void {
  try {
    if (!db.prepare('SELECT 1 FROM dataset_versions WHERE table_name = ?').get(table)) db.exec(`DROP TABLE IF EXISTS "${assertTableName(table)}"`);
  } catch {
    // the next start drops it (dropOrphanTables)
  }
}

async function runIn(store: ImportStore, job: ImportJob, j: Job): Promise<ImportResult> {
  const { db, dbPath, nativeBinding } = store;
  const workerFile = findWorker('import.worker');
  if (!workerFile) {
    return runImport(db, job, { progress: (d, t, rows) => j.progress(d, t, rowsMessage(rows)), cancelled: () => j.signal.aborted });
  }
  const cancel = new SharedArrayBuffer(4);
  const flag = new Int32Array(cancel);
  const worker = new Worker(workerFile, { workerData: { dbPath, nativeBinding, job, cancel, lock: lockState }, resourceLimits: WORKER_LIMITS });
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
