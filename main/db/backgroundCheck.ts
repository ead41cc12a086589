import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';

/**
 * The full `integrity_check` after open, off the main thread: the open itself only ran `quick_check`
 * (connection.ts), which does not match indexes to their tables. A worker thread with its own read-only
 * connection reads a snapshot while the app keeps answering; ~1 s per GB of store.
 *
 * The worker is a few lines of plain JavaScript (no bundled worker file): it loads better-sqlite3 from the
 * path this module resolves, mapped out of app.asar where the packaged app keeps the addon unpacked.
 */
export type BackgroundCheck = Readonly<{
  /** 'ok', or the first problems the check found; null when it could not run (store busy, stopped). */
  done: Promise<string | null>;
  /** Stops the check (closing the store): its connection is only reading. */
  stop: () => Promise<void>;
}>;

const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.module);
let db;
try {
  db = new Database(workerData.file, { readonly: true, fileMustExist: true, nativeBinding: workerData.nativeBinding });
  db.pragma('busy_timeout = 5000');
  const rows = db.pragma('integrity_check(20)');
  parentPort.postMessage({ result: rows.map((r) => r.integrity_check).join('; ') });
} catch (e) {
  parentPort.postMessage({ error: String((e && e.message) || e) });
} finally {
  if (db) db.close();
}
`;

function betterSqlitePath(): string {
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'));
  return req.resolve('better-sqlite3').replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`);
}

/** The same check on the calling thread (where no worker can start): deferred so the open returns first. */
function inProcess(file: string, nativeBinding: string | undefined): BackgroundCheck {
  let stopped = false;
  const done = new Promise<string | null>((resolve) => {
    setTimeout(() => {
      if (stopped) return resolve(null);
      let db: Database.Database | undefined;
      try {
        db = new Database(file, { readonly: true, fileMustExist: true, nativeBinding });
        const rows = db.pragma('integrity_check(20)') as { integrity_check: string }[];
        resolve(rows.map((r) => r.integrity_check).join('; '));
      } catch {
        resolve(null);
      } finally {
        db?.close();
      }
    }, 50).unref();
  });
  return { done, stop: () => ((stopped = true), Promise.resolve()) };
}

export function fullCheckInBackground(file: string, opts: Readonly<{ nativeBinding?: string }> = {}): BackgroundCheck {
  let worker: Worker;
  try {
    worker = new Worker(SOURCE, { eval: true, workerData: { file, module: betterSqlitePath(), nativeBinding: opts.nativeBinding } });
  } catch {
    return inProcess(file, opts.nativeBinding);
  }
  // A check must never keep a process (a CLI command) alive.
  worker.unref();
  const done = new Promise<string | null>((resolve) => {
    // The worker could not load the driver or open the store: try once on this thread (null again if busy).
    worker.once('message', (m: { result?: string; error?: string }) => resolve(m.result ?? inProcess(file, opts.nativeBinding).done));
    worker.once('error', () => resolve(null));
    worker.once('exit', () => resolve(null));
  });
  return {
    done,
    stop: async () => {
      await worker.terminate();
    },
  };
}
