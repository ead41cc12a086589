import { parentPort, workerData } from 'node:worker_threads';
import path from 'node:path';
import { isAppError } from '../../../common/contract/errors';
import { openConnection } from '../../db/connection';
import { storeError } from '../../storeErrors';
import { runImport } from '../importer';
import type { ImportJob } from '../importer';
import { TICK, WAITERS } from '../importSlices';
import type { SliceControl } from '../importSlices';

/** Worker thread: runs one import on its own connection so the window and host stay responsive. */
type Data = Readonly<{ dbPath: string; nativeBinding?: string; job: ImportJob; cancel: SharedArrayBuffer; lock: SharedArrayBuffer }>;
export type WorkerMessage =
  | { type: 'progress'; done: number; total: number; rows: number }
  | { type: 'done'; result: unknown }
  | { type: 'error'; code: string; message: string; details?: unknown };

const { dbPath, nativeBinding, job, cancel, lock } = workerData as Data;
const flag = new Int32Array(cancel);

/** The main thread ticks every 10 ms; silent this long, it is blocked — most likely waiting for our lock. */
const STALL_MS = 40;
/** The longest a yielding import waits for the other writer to take the lock and finish. */
const PAUSE_MS = 150;

/**
 * When to give the write lock away. SQLite does not say that a writer waits (its busy handler just
 * sleeps and retries), so this reads it from the main thread falling silent — every write from the
 * window or the host runs there, and blocks it while it waits — and from other imports' waiting count.
 * After a yield the import waits, bounded, until the main thread ticks again (its write is done).
 */
function sliceControl(cells: Int32Array): SliceControl {
  let tick = Atomics.load(cells, TICK);
  let tickAt = performance.now();
  // After a pause that ran out (the main thread is busy with something else), hold longer before the next.
  let minHold = 5;
  return {
    yieldNow: (heldMs) => {
      const now = performance.now();
      const t = Atomics.load(cells, TICK);
      if (t !== tick) {
        tick = t;
        tickAt = now;
        minHold = 5;
      }
      if (Atomics.load(cells, WAITERS) > 0 && heldMs >= 100) return true;
      return now - tickAt > STALL_MS && heldMs >= minHold;
    },
    pause: () => {
      const waiters = Atomics.load(cells, WAITERS);
      const r = waiters > 0 ? Atomics.wait(cells, WAITERS, waiters, PAUSE_MS) : Atomics.wait(cells, TICK, tick, PAUSE_MS);
      if (r === 'timed-out' && waiters === 0) minHold = 200;
    },
    acquiring: (waiting) => void Atomics.add(cells, WAITERS, waiting ? 1 : -1),
  };
}
const post = (m: WorkerMessage) => parentPort!.postMessage(m);

let lastPost = 0;

async function main(): Promise<void> {
  let db: ReturnType<typeof openConnection> | null = null;
  try {
    // The same set-up and native build as the app's connection (an Electron-ABI build in the desktop app).
    db = openConnection(dbPath, { nativeBinding, synchronous: 'NORMAL' });
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
      slices: sliceControl(new Int32Array(lock)),
    });
    post({ type: 'done', result });
    if (result.status === 'imported') db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    // A full disk, a busy store or a read-only folder is named as such, as dispatch does on the main thread.
    const known = isAppError(e) ? e : storeError(e, { folder: path.dirname(dbPath), busyWith: () => 'another writer' });
    if (known) post({ type: 'error', code: known.code, message: known.message, details: known.details });
    else post({ type: 'error', code: 'INTERNAL', message: (e as Error).message });
  } finally {
    db?.close();
  }
}

void main();
