import path from 'node:path';
import type * as Electron from 'electron';
import { createServices } from '../createServices';
import type { Services } from '../createServices';
import { isAppError } from '../../common/contract/errors';
import { acquireDataDirLock } from '../dataDirLock';
import type { DataDirLock } from '../dataDirLock';
import { scratchRoot } from '../reports/pdf/scratch';
import { electronPlatform } from './dialogs';
import { electronPrintToPdf } from './pdf';
import { safeStorageSecrets } from './secrets';
import { forwardEvents, registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { denyWebviews } from './security';
import { createMainWindow, rendererIndexUrl } from './window';

export type AppPaths = Readonly<{ preload: string; rendererIndex: string }>;

/** Environment variables that point the app at code to load; honoured by `npm start`, never by an installed app. */
export const DEV_CODE_OVERRIDES = ['KAIZEN_SQLITE_BINDING', 'KAIZEN_WORKERS_DIR'] as const;

/**
 * Electron lifecycle: single instance, services on the user-data folder, IPC, menu, window.
 * All logic lives in services; this file only wires Electron to them.
 */
export async function startElectronApp(electron: typeof Electron, paths: AppPaths): Promise<Services | null> {
  const { app, BrowserWindow, Menu, dialog, ipcMain } = electron;
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return null;
  }
  // The fuses make an installed app ignore NODE_OPTIONS and ELECTRON_RUN_AS_NODE; these developer overrides would
  // otherwise let whoever sets the environment load their own native module or worker script into it.
  if (app.isPackaged) for (const name of DEV_CODE_OVERRIDES) delete process.env[name];
  // Every WebContents, not only the main window's (Electron security checklist: "verify webview options").
  app.on('web-contents-created', (_event, contents) => denyWebviews(contents));
  await app.whenReady();
  let dataDir = process.env.KAIZEN_DATA_DIR || app.getPath('userData');
  let win: Electron.BrowserWindow | null = null;
  let services: Services | null = null;
  // requestSingleInstanceLock covers a second desktop app; this lock also covers `kaizen serve` on the same folder.
  let lock: DataDirLock | null = null;
  while (!services) {
    try {
      lock = acquireDataDirLock(dataDir, 'desktop app');
      services = await createServices({
        dataDir,
        seedDemo: true,
        backgroundCheck: true,
        nativeBinding: process.env.KAIZEN_SQLITE_BINDING || undefined,
        platform: {
          ...electronPlatform(dialog, () => win),
          printToPdf: electronPrintToPdf(electron, () => scratchRoot(dataDir)),
          secrets: safeStorageSecrets(electron.safeStorage, path.join(dataDir, 'secrets.json')),
        },
      });
    } catch (e) {
      lock?.release();
      lock = null;
      // A damaged or newer data file is never touched, and a folder in use is left alone: offer another folder.
      const other = await chooseOtherDataDir(electron, e);
      if (!other) {
        // Exit 2 like `kaizen serve` when the folder is held, so `npm start` does not fall back to browser mode.
        if (isAppError(e) && e.code === 'BUSY') app.exit(2);
        else app.quit();
        return null;
      }
      dataDir = other;
    }
  }
  const appUrl = rendererIndexUrl(paths.rendererIndex);
  registerIpc(ipcMain, services.dispatch, (event) => {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && frame.url.split('#')[0]!.split('?')[0] === appUrl;
  });
  forwardEvents(services.bus, () => BrowserWindow.getAllWindows().map((w) => w.webContents));
  Menu.setApplicationMenu(
    Menu.buildFromTemplate(menuTemplate((command) => services.bus.emit('menu-commanded', { command }), process.platform === 'darwin')),
  );
  const open = () => {
    win = createMainWindow(electron, { ...paths, dataDir });
    win.on('closed', () => (win = null));
  };
  open();
  app.on('second-instance', () => {
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) open();
  });
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  const held = lock;
  app.on('will-quit', () => {
    services.close();
    held?.release();
  });
  return services;
}

async function chooseOtherDataDir(electron: typeof Electron, e: unknown): Promise<string | null> {
  if (!isAppError(e) || (e.code !== 'DB_CORRUPT' && e.code !== 'DB_NEWER' && e.code !== 'BUSY')) throw e;
  const { response } = await electron.dialog.showMessageBox({
    type: 'error',
    title: e.code === 'BUSY' ? 'Kaizen Studio is already open on this data folder' : 'Kaizen Studio cannot open its data',
    message: e.message,
    buttons: ['Choose another data folder…', 'Quit'],
    defaultId: 0,
    cancelId: 1,
  });
  if (response !== 0) return null;
  const r = await electron.dialog.showOpenDialog({ title: 'Choose a data folder', properties: ['openDirectory', 'createDirectory'] });
  return r.canceled || r.filePaths.length === 0 ? null : r.filePaths[0]!;
}

export function defaultAppPaths(mainDir: string): AppPaths {
  return {
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndex: path.join(mainDir, '..', 'renderer', 'index.html'),
  };
}
