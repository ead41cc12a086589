import type { BrowserWindow, Dialog } from 'electron';
import type { Platform } from '../context';

/** Native open/save dialogs, exposed to services through the Platform adapter (reached via the contract). */
export function electronPlatform(dialog: Dialog, window: () => BrowserWindow | null): Platform {
  return {
    transport: 'electron',
    showOpenDialog: async ({ title, filters }) => {
      const w = window();
      const opts = { title, filters, properties: ['openFile' as const] };
      const r = w ? await dialog.showOpenDialog(w, opts) : await dialog.showOpenDialog(opts);
      return { canceled: r.canceled, paths: r.filePaths };
    },
    showSaveDialog: async ({ title, defaultName, filters }) => {
      const w = window();
      const opts = { title, defaultPath: defaultName, filters };
      const r = w ? await dialog.showSaveDialog(w, opts) : await dialog.showSaveDialog(opts);
      return { canceled: r.canceled, path: r.filePath ?? null };
    },
  };
}
