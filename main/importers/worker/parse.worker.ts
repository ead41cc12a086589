import { parentPort, workerData } from 'node:worker_threads';
import { isAppError } from '../../../common/contract/errors';
import { produceRows } from '../rowProducer';
import type { Block, ParseEnd, ParseSpec } from '../rowProducer';

/**
 * Worker thread: parses an import (rowProducer) and posts insert-ready blocks to the thread that owns
 * the SQLite connection. At most MAX_AHEAD blocks are in flight: the writer counts the blocks it has
 * inserted in a shared Int32Array and this thread waits on it, so memory stays flat when parsing is
 * faster than inserting.
 */
export type ParseMessage = { type: 'block'; block: Block } | { type: 'end'; end: ParseEnd } | { type: 'error'; code: string; message: string; details?: unknown };

export const MAX_AHEAD = 8;

// Started before the import has planned its columns: the spec arrives as the first message.
const { consumed } = workerData as { consumed: SharedArrayBuffer };
const done = new Int32Array(consumed);
const post = (m: ParseMessage, transfer: ArrayBuffer[] = []) => parentPort!.postMessage(m, transfer);

async function main(spec: ParseSpec): Promise<void> {
  let posted = 0;
  try {
    const gen = produceRows(spec);
    for (;;) {
      const r = await gen.next();
      if (r.done) {
        post({ type: 'end', end: r.value });
        return;
      }
      for (;;) {
        const c = Atomics.load(done, 0);
        if (posted - c < MAX_AHEAD) break;
        Atomics.wait(done, 0, c, 1000);
      }
      const b = r.value;
      post({ type: 'block', block: b }, [b.nums.buffer as ArrayBuffer, b.lens.buffer as ArrayBuffer]);
      posted++;
    }
  } catch (e) {
    if (isAppError(e)) post({ type: 'error', code: e.code, message: e.message, details: e.details });
    else post({ type: 'error', code: 'INTERNAL', message: (e as Error).message });
  }
}

parentPort!.once('message', (m: { spec: ParseSpec }) => void main(m.spec));
