import { parentPort } from 'node:worker_threads';
import path from 'node:path';
import Database from 'better-sqlite3';
import { isAppError } from '../../../common/contract/errors';
import type { ParsedInput } from '../../../common/contract/api';
import { storeError } from '../../storeErrors';
import { computePlan } from '../kpi/series';
import type { DerivedPending, SeriesGroup } from '../kpi/series';
import { compute } from './compute';
import type { AnalysisMethod } from './compute';

/**
 * Worker thread: runs analyses (and the KPI recompute of stale series) on a read-only connection of their own (WAL
 * lets it read while the app writes), so the window and the host keep answering. It posts progress and the
 * computed result; the main thread saves it. Cancel terminates the thread (offThread.ts): it writes nothing.
 */
export type AnalysisTask =
  | Readonly<{ kind: 'analysis'; method: AnalysisMethod; input: ParsedInput<AnalysisMethod> }>
  | Readonly<{ kind: 'kpi-series'; groups: readonly SeriesGroup[]; derived: readonly DerivedPending[] }>;
export type AnalysisWorkerData = Readonly<{ dbPath: string; nativeBinding?: string; task: AnalysisTask }>;
type Data = AnalysisWorkerData;
export type AnalysisWorkerMessage =
  | { type: 'progress'; done: number; total: number; message: string }
  | { type: 'done'; computed: unknown }
  | { type: 'error'; code: string; message: string; details?: unknown };

const post = (m: AnalysisWorkerMessage) => parentPort!.postMessage(m);

function run({ dbPath, nativeBinding, task }: Data): void {
  let db: Database.Database | null = null;
  try {
    db = new Database(dbPath, { readonly: true, fileMustExist: true, nativeBinding });
    db.pragma('busy_timeout = 5000');
    db.pragma('query_only = ON');
    const computed =
      task.kind === 'analysis'
        ? compute({ db }, task.method, task.input, (done, total, message) => post({ type: 'progress', done, total, message }))
        : computePlan({ db }, task, (done, total) => post({ type: 'progress', done, total, message: `${done} of ${total} KPI scans` }));
    post({ type: 'done', computed });
  } catch (e) {
    // A busy or unreadable store is named as dispatch names it on the main thread.
    const known = isAppError(e) ? e : storeError(e, { folder: path.dirname(dbPath), busyWith: () => 'another writer' });
    if (known) post({ type: 'error', code: known.code, message: known.message, details: known.details });
    else post({ type: 'error', code: 'INTERNAL', message: (e as Error).message });
  } finally {
    db?.close();
  }
}

// One task at a time, each on a connection of its own; the thread stays warm for the next (offThread.ts).
parentPort!.on('message', (m: Data) => run(m));
