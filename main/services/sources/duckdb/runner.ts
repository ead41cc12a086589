import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { AppError } from '../../../../common/contract/errors';

/**
 * One in-memory DuckDB per job, off the main thread. Under plain Node (the CLI, `kaizen serve`, tests, the bench)
 * it is a CHILD PROCESS: a native crash or an out-of-memory kill in DuckDB ends that process only, and cancel is a
 * kill that frees every byte at once. Inside Electron the runAsNode fuse is off (electron-builder.yml), so the app
 * binary cannot start a Node child; there the same script runs in a worker thread (still off the window's thread).
 * Never a .duckdb file: the database is ':memory:' and reads the linked files in place.
 */

/** The script the child (or worker) runs: receives {id, sql, params, progress}, answers {id, ok, columns, rows}. */
const SCRIPT = String.raw`
const wt = require('node:worker_threads');
const port = wt.parentPort ?? process;
const data = wt.workerData ?? JSON.parse(process.env.KAIZEN_DUCKDB_CONFIG);
const { DuckDBInstance } = require(data.module);
let conn = null;
const plain = (v) => {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Date) return v.getTime();
  if (v && typeof v === 'object') { const o = {}; for (const k of Object.keys(v)) o[k] = plain(v[k]); return o; }
  return v;
};
const send = (m) => (port === process ? process.send(m) : port.postMessage(m));
port.on('message', async (m) => {
  let timer = null;
  try {
    if (!conn) {
      const inst = await DuckDBInstance.create(':memory:', data.config);
      conn = await inst.connect();
      for (const sql of data.setup) await conn.run(sql);
    }
    if (m.progress) {
      timer = setInterval(() => {
        try { const p = conn.progress; send({ id: m.id, progress: Number(p.percentage) }); } catch {}
      }, 250);
    }
    const r = await conn.runAndReadAll(m.sql, m.params && m.params.length ? m.params : undefined);
    send({ id: m.id, ok: true, columns: r.columnNames(), rows: r.getRowsJS().map((row) => row.map(plain)) });
  } catch (e) {
    send({ id: m.id, ok: false, message: String((e && e.message) || e) });
  } finally {
    if (timer) clearInterval(timer);
  }
});
if (port === process) process.on('disconnect', () => process.exit(0));
`;

export type QueryRows = Readonly<{ columns: string[]; rows: unknown[][] }>;

export type RunnerOptions = Readonly<{
  /** DuckDB memory_limit, e.g. '1GB' (bounded memory; quantiles are also split per partition above a size). */
  memoryLimit?: string;
  threads?: number;
}>;

type Pending = { resolve: (r: QueryRows) => void; reject: (e: Error) => void; onProgress?: (pct: number) => void };

function duckdbModulePath(): string {
  const req = typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'package.json'));
  return req.resolve('@duckdb/node-api');
}

/** A started DuckDB (child process or worker) answering queries one at a time. */
export class DuckRunner {
  private readonly child: ChildProcess | null;
  private readonly worker: Worker | null;
  private readonly pending = new Map<number, Pending>();
  private next = 1;
  private dead: Error | null = null;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(opts: RunnerOptions = {}) {
    const config: Record<string, string> = { memory_limit: opts.memoryLimit ?? '1GB', threads: String(opts.threads ?? 2) };
    // Progress for long statements (the CSV → Parquet conversion) without DuckDB printing a bar.
    const setup = ['SET enable_progress_bar = true', 'SET enable_progress_bar_print = false'];
    const data = { module: duckdbModulePath(), config, setup };
    const onMessage = (m: { id: number; ok?: boolean; progress?: number; columns?: string[]; rows?: unknown[][]; message?: string }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      if (m.progress !== undefined) {
        p.onProgress?.(m.progress);
        return;
      }
      this.pending.delete(m.id);
      if (m.ok) p.resolve({ columns: m.columns ?? [], rows: m.rows ?? [] });
      else p.reject(new AppError('BAD_INPUT', m.message ?? 'DuckDB failed.'));
    };
    const onExit = (why: string) => {
      this.dead ??= new AppError('INTERNAL', `The DuckDB process stopped (${why}); nothing was saved.`);
      const waiting = [...this.pending.values()];
      this.pending.clear();
      for (const p of waiting) p.reject(this.dead);
      this.hold(false);
    };
    if (process.versions.electron) {
      this.child = null;
      this.worker = new Worker(SCRIPT, { eval: true, workerData: data });
      this.worker.on('message', onMessage);
      this.worker.on('error', (e) => onExit(e.message));
      this.worker.on('exit', (code) => onExit(`exit code ${code}`));
      this.worker.unref();
    } else {
      this.worker = null;
      this.child = spawn(process.execPath, ['-e', SCRIPT], {
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
        env: { ...process.env, KAIZEN_DUCKDB_CONFIG: JSON.stringify(data), NODE_OPTIONS: '' },
        windowsHide: true,
      });
      let stderr = '';
      this.child.stderr?.on('data', (b: Buffer) => {
        stderr = (stderr + b.toString()).slice(-2000);
      });
      this.child.on('message', onMessage);
      this.child.on('exit', (code, signal) => onExit(signal ? `signal ${signal}` : `exit code ${code}${stderr ? `: ${stderr.trim().split('\n').pop()}` : ''}`));
      this.child.on('error', (e) => onExit(e.message));
      this.child.unref();
      (this.child as unknown as { channel?: { unref(): void } }).channel?.unref();
    }
  }

  /** Process id of the child (null inside Electron's worker): the bench reads its RSS. */
  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  /** Runs one statement (after the ones before it). An aborted signal kills the engine: the job is over. */
  query(sql: string, params: readonly (number | string)[] = [], signal?: AbortSignal, onProgress?: (pct: number) => void): Promise<QueryRows> {
    const run = () => this.send(sql, params, signal, onProgress);
    const p = this.queue.then(run, run);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private send(sql: string, params: readonly (number | string)[], signal?: AbortSignal, onProgress?: (pct: number) => void): Promise<QueryRows> {
    if (signal?.aborted) return Promise.reject(new AppError('CANCELLED', 'The query was cancelled; nothing was saved.'));
    if (this.dead) return Promise.reject(this.dead);
    const id = this.next++;
    return new Promise<QueryRows>((resolve, reject) => {
      const onAbort = () => {
        this.dead = new AppError('CANCELLED', 'The query was cancelled; nothing was saved.');
        void this.close();
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      const done = () => {
        signal?.removeEventListener('abort', onAbort);
        if (this.pending.size === 0) this.hold(false);
      };
      this.pending.set(id, {
        resolve: (r) => {
          done();
          resolve(r);
        },
        reject: (e) => {
          done();
          reject(e);
        },
        onProgress,
      });
      // Pending work keeps the process alive (a CLI awaiting its answer); an idle engine never does.
      this.hold(true);
      const msg = { id, sql, params: [...params], progress: onProgress !== undefined };
      if (this.child) this.child.send(msg);
      else this.worker!.postMessage(msg);
    });
  }

  /** A ref'd timer while a query is pending: the child's handles alone did not always keep a bundled CLI alive. */
  private keepAlive: ReturnType<typeof setInterval> | null = null;

  private hold(on: boolean): void {
    if (on && !this.keepAlive) this.keepAlive = setInterval(() => undefined, 3_600_000);
    if (!on && this.keepAlive) {
      clearInterval(this.keepAlive);
      this.keepAlive = null;
    }
  }

  /** Stops the engine and waits until it is gone (nothing it was writing can land after this). */
  async close(): Promise<void> {
    this.hold(false);
    const c = this.child;
    if (c && c.exitCode === null && c.signalCode === null) {
      const gone = new Promise<void>((resolve) => c.once('exit', () => resolve()));
      // Ref'd until it is gone: an unref'd child's exit event would not keep the process waiting for it.
      c.ref();
      c.kill('SIGKILL');
      await gone;
    }
    if (this.worker) await this.worker.terminate();
  }
}
