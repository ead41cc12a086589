import { AppError } from '../../../common/contract/errors';

/**
 * A counting semaphore for Chromium renders: each headless Chromium takes 150–200 MB, so however many PDF and PNG
 * exports are asked for at once, only `slots` run and the rest wait their turn in order. A waiter whose export is
 * cancelled leaves the queue at once.
 */
export type RenderQueue = Readonly<{
  run: <T>(task: () => Promise<T>, signal?: AbortSignal) => Promise<T>;
  /** Renders running now and waiting now (for tests and diagnostics). */
  stats: () => { running: number; waiting: number };
}>;

const cancelled = () => new AppError('CANCELLED', 'The export was cancelled; no file was written.');

export function createRenderQueue(slots: number): RenderQueue {
  let running = 0;
  const waiting: Array<() => void> = [];
  const next = () => {
    running--;
    waiting.shift()?.();
  };
  const acquire = (signal?: AbortSignal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(cancelled());
      if (running < slots) {
        running++;
        return resolve();
      }
      const go = () => {
        signal?.removeEventListener('abort', onAbort);
        running++;
        resolve();
      };
      const onAbort = () => {
        const i = waiting.indexOf(go);
        if (i >= 0) waiting.splice(i, 1);
        reject(cancelled());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiting.push(go);
    });
  return {
    run: async (task, signal) => {
      await acquire(signal);
      try {
        return await task();
      } finally {
        next();
      }
    },
    stats: () => ({ running, waiting: waiting.length }),
  };
}
