import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { isAppError } from '../../common/contract/errors';
import { runImport } from './importer';
import type { ImportJob } from './importer';

/** Worker thread: runs one import on its own connection so the window and host stay responsive. */
type Data = Readonly<{ dbPath: string; job: ImportJob; cancel: SharedArrayBuffer }>;
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; rows: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; code: string; message: string; details?: unknown };

const { dbPath, job, cancel } = workerData as Data;
const flag = new Int32Array(cancel);
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

let lastPost = 0;

async function main(): Promise<void> {
  const db = new Database(dbPath);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // The commit makes the import durable (in the WAL); copying the pages into the database file is
    // done after the result is posted, so the user does not wait for it (see the README's design notes).
    db.pragma('wal_autocheckpoint = 0');
    const result = await runImport(db, job, {
      progress: (done, total, rows) => {
        // The job throttles what the window sees; posting fewer messages saves the import thread work too.
        const now = performance.now();
        if (now - lastPost < 50 && done < total) return;
        lastPost = now;
        post({ type: 'progress', done, total, rows });
      },
      cancelled: () => Atomics.load(flag, 0) === 1,
    });
    post({ type: 'done', result });
    if (result.status === 'imported') db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    if (isAppError(e)) post({ type: 'error', code: e.code, message: e.message, details: e.details });
    else post({ type: 'error', code: 'INTERNAL', message: (e as Error).message });
  } finally {
    db.close();
  }
}

void main();
