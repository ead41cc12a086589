import { Worker } from 'node:worker_threads';
import { AppError } from '../../../common/contract/errors';
import type { ErrorCode } from '../../../common/contract/errors';
import type { ParseMessage } from './parse.worker';
import { produceRows } from '../rowProducer';
import type { Block, ParseEnd, ParseSpec } from '../rowProducer';
import { workerFile } from './workerFiles';
import { WORKER_LIMITS } from './limits';

/**
 * Files at least this big are parsed in a worker thread, overlapping parsing with inserting (the two
 * halves of an import take about as long each); smaller ones in-process, where starting a thread would
 * cost more than it saves. KAIZEN_PARSE_WORKER_MIN_BYTES overrides it (tests force either path).
 */
export const PARSE_WORKER_MIN_BYTES = 8 * 1024 * 1024;

function minBytes(): number {
  const v = Number(process.env.KAIZEN_PARSE_WORKER_MIN_BYTES);
  return Number.isFinite(v) && process.env.KAIZEN_PARSE_WORKER_MIN_BYTES !== '' && process.env.KAIZEN_PARSE_WORKER_MIN_BYTES !== undefined ? v : PARSE_WORKER_MIN_BYTES;
}

/** An import's parser: started early (a worker thread loads while the import plans), then given its spec once. */
export type Parser = Readonly<{
  rows: (spec: ParseSpec) => AsyncGenerator<Block, ParseEnd>;
  /** Stops a worker that was never given a spec (e.g. the file turned out unchanged). */
  dispose: () => Promise<void>;
  /** Whether the next block has arrived already (a parser on this thread: never — it parses on next()). */
  ready: () => boolean;
}>;

/** The parser for an import: in a worker thread when one is bundled and the file is big enough, else in-process. */
export function startParser(fileSize: number): Parser {
  const file = fileSize >= minBytes() ? workerFile('parse.worker') : null;
  if (!file) return { rows: produceRows, dispose: async () => undefined, ready: () => false };
  const consumed = new SharedArrayBuffer(4);
  const done = new Int32Array(consumed);
  const worker = new Worker(file, { workerData: { consumed }, resourceLimits: WORKER_LIMITS });
  const queue: ParseMessage[] = [];
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  let used = false;
  const notify = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  worker.on('message', (m: ParseMessage) => {
    queue.push(m);
    notify();
  });
  worker.on('error', (e) => {
    failure = e;
    notify();
  });
  worker.on('exit', (code) => {
    failure ??= new AppError('INTERNAL', `The import's parser stopped unexpectedly (exit code ${code}). Nothing was written; try the import again.`);
    notify();
  });

  async function* rows(spec: ParseSpec): AsyncGenerator<Block, ParseEnd> {
    used = true;
    worker.postMessage({ spec });
    try {
      for (;;) {
        while (queue.length === 0) {
          if (failure) throw failure;
          await new Promise<void>((resolve) => {
            wake = resolve;
          });
        }
        const m = queue.shift()!;
        if (m.type === 'error') throw new AppError(m.code as ErrorCode, m.message, m.details);
        if (m.type === 'end') return m.end;
        yield m.block;
        // The consumer has inserted this block: let the parser run one further ahead.
        Atomics.add(done, 0, 1);
        Atomics.notify(done, 0);
      }
    } finally {
      await stop();
    }
  }

  async function stop(): Promise<void> {
    // Release a parser waiting for room (Atomics.wait is not interrupted by terminate) before stopping it.
    Atomics.add(done, 0, 1 << 20);
    Atomics.notify(done, 0);
    worker.removeAllListeners('exit');
    await worker.terminate();
  }

  return { rows, dispose: async () => (used ? undefined : stop()), ready: () => queue.length > 0 || failure !== null };
}
