import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Result } from '../../../common/contract/errors';
import { BUSY_RETRY_DELAYS_MS, call } from './client';

const busy: Result<unknown> = { ok: false, error: { code: 'BUSY', message: 'The store is busy with an import — try again in a moment; nothing was lost' } };
const answers: Result<unknown>[] = [];
const invoke = vi.fn(async () => answers.shift() ?? { ok: true, value: 'late' });

describe('call() and a busy store', () => {
  beforeAll(() => {
    // The IPC transport (window.kaizen), as the preload script exposes it.
    vi.stubGlobal('window', { kaizen: { invoke, on: () => () => undefined } });
  });
  afterAll(() => vi.unstubAllGlobals());
  afterEach(() => {
    vi.useRealTimers();
    invoke.mockClear();
    answers.length = 0;
  });

  it('retries a BUSY answer with growing pauses and returns the value once the store is free', async () => {
    vi.useFakeTimers();
    answers.push(busy, busy, { ok: true, value: { id: 'm1' } });
    const p = call('team-remove', { id: 'm1' });
    await vi.advanceTimersByTimeAsync(BUSY_RETRY_DELAYS_MS[0]! - 1);
    expect(invoke).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(invoke).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(BUSY_RETRY_DELAYS_MS[1]!);
    await expect(p).resolves.toEqual({ id: 'm1' });
    expect(invoke).toHaveBeenCalledTimes(3);
  });

  it('gives up after about 3 seconds and throws the BUSY AppError', async () => {
    vi.useFakeTimers();
    const total = BUSY_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThanOrEqual(2500);
    expect(total).toBeLessThanOrEqual(3500);
    for (let i = 0; i <= BUSY_RETRY_DELAYS_MS.length; i++) answers.push(busy);
    const p = call('team-remove', { id: 'm1' });
    const settled = expect(p).rejects.toMatchObject({ code: 'BUSY', message: expect.stringMatching(/busy with an import/) });
    await vi.advanceTimersByTimeAsync(total);
    await settled;
    expect(invoke).toHaveBeenCalledTimes(BUSY_RETRY_DELAYS_MS.length + 1);
  });

  it('does not retry other errors', async () => {
    answers.push({ ok: false, error: { code: 'NOT_FOUND', message: 'Team member "x" was not found.' } });
    await expect(call('team-remove', { id: 'x' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(invoke).toHaveBeenCalledTimes(1);
  });
});
