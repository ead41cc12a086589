import { contextBridge, ipcRenderer } from 'electron';
import type { KaizenBridge } from './index.d';

// The renderer's only door to main: invoke a contract method, or listen to push events.
const bridge: KaizenBridge = {
  invoke: (method, input) => ipcRenderer.invoke('app:invoke', method, input),
  on: (listener) => {
    const handler = (_e: unknown, event: Parameters<typeof listener>[0]) => listener(event);
    ipcRenderer.on('app:event', handler);
    return () => {
      ipcRenderer.removeListener('app:event', handler);
    };
  },
};

contextBridge.exposeInMainWorld('kaizen', bridge);
