import { beforeEach, describe, expect, it, vi } from 'vitest';

const exposed: Record<string, unknown> = {};
const ipcRenderer = { invoke: vi.fn(async () => ({ ok: true, value: 1 })), on: vi.fn(), removeListener: vi.fn() };

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: vi.fn((key: string, api: unknown) => (exposed[key] = api)) },
  ipcRenderer,
}));

describe('preload', () => {
  beforeEach(async () => {
    await import('./index');
  });

  it('exposes exactly invoke and on as window.kaizen', async () => {
    const { contextBridge } = await import('electron');
    expect(contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
    expect(Object.keys(exposed)).toEqual(['kaizen']);
    expect(Object.keys(exposed.kaizen as object).sort()).toEqual(['invoke', 'on']);
  });

  it('invoke goes through the single app:invoke channel', async () => {
    const bridge = exposed.kaizen as { invoke: (m: string, i: unknown) => Promise<unknown> };
    await expect(bridge.invoke('event-list', {})).resolves.toEqual({ ok: true, value: 1 });
    expect(ipcRenderer.invoke).toHaveBeenCalledWith('app:invoke', 'event-list', {});
  });

  it('on listens to app:event and returns an unsubscribe', () => {
    const bridge = exposed.kaizen as { on: (l: (e: unknown) => void) => () => void };
    const seen: unknown[] = [];
    const off = bridge.on((e) => seen.push(e));
    const [channel, handler] = ipcRenderer.on.mock.calls[0] as unknown as [string, (ev: unknown, e: unknown) => void];
    expect(channel).toBe('app:event');
    handler({ sender: 'ignored' }, { name: 'data-changed', payload: { eventId: null, area: 'events' } });
    expect(seen).toEqual([{ name: 'data-changed', payload: { eventId: null, area: 'events' } }]);
    off();
    expect(ipcRenderer.removeListener).toHaveBeenCalledWith('app:event', handler);
  });
});
