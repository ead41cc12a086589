import { describe, expect, it, vi } from 'vitest';
import { createDispatch } from './dispatch';
import type { HandlerMap } from './handlers';
import { AppError } from '../common/contract/errors';

function dispatchWith(overrides: Partial<Record<string, (i: unknown) => unknown>>, logger = { error: vi.fn() }) {
  return { dispatch: createDispatch(overrides as unknown as HandlerMap, logger), logger };
}

describe('dispatch', () => {
  it('answers UNKNOWN_METHOD for a method not in the contract', async () => {
    const { dispatch } = dispatchWith({});
    const r = await dispatch('event-explode', {});
    expect(r).toEqual({ ok: false, error: { code: 'UNKNOWN_METHOD', message: 'Unknown method "event-explode".' } });
  });

  it('answers VALIDATION naming the failing field, without calling the handler', async () => {
    const handler = vi.fn();
    const { dispatch } = dispatchWith({ 'event-update': handler });
    const r = await dispatch('event-update', { id: 'e1', patch: { name: '   ' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('VALIDATION');
    expect(r.error.message).toContain('patch.name');
    expect(r.error.details).toEqual([{ path: ['patch', 'name'], message: 'must not be empty' }]);
    expect(handler).not.toHaveBeenCalled();
  });

  it('passes validated input with defaults applied to the handler', async () => {
    const handler = vi.fn(() => []);
    const { dispatch } = dispatchWith({ 'event-list': handler });
    const r = await dispatch('event-list', undefined);
    expect(r).toEqual({ ok: true, value: [] });
    expect(handler).toHaveBeenCalledWith({}, {});
  });

  it('turns an AppError into its code and message', async () => {
    const { dispatch } = dispatchWith({
      'event-get': () => {
        throw new AppError('NOT_FOUND', 'Event "x" was not found.', { id: 'x' });
      },
    });
    expect(await dispatch('event-get', { id: 'x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'Event "x" was not found.', details: { id: 'x' } },
    });
  });

  it('turns an unexpected error into INTERNAL with no stack trace, and logs it in main', async () => {
    const boom = new TypeError('cannot read properties of undefined (reading "secret")');
    const { dispatch, logger } = dispatchWith({
      'event-get': () => {
        throw boom;
      },
    });
    const r = await dispatch('event-get', { id: 'x' });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('INTERNAL');
    const text = JSON.stringify(r);
    expect(text).not.toContain('secret');
    expect(text).not.toContain('at ');
    expect(r.error).not.toHaveProperty('details');
    expect(logger.error).toHaveBeenCalledWith('Unexpected error in event-get', boom);
  });
});
