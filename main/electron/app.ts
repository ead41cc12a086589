import path from 'node:path';
import type * as Electron from 'electron';
import { createServices } from '../createServices';
import type { Services } from '../createServices';
import { electronPlatform } from './dialogs';
import { forwardEvents, registerIpc } from './ipc';
import { menuTemplate } from './menu';
import { createMainWindow, rendererIndexUrl } from './window';

export type AppPaths = Readonly<{ preload: string; rendererIndex: string }>;

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
  await app.whenReady();
  const dataDir = process.env.KAIZEN_DATA_DIR || app.getPath('userData');
  let win: Electron.BrowserWindow | null = null;
  const services = await createServices({
    dataDir,
    seedDemo: true,
    nativeBinding: process.env.KAIZEN_SQLITE_BINDING || undefined,
    platform: electronPlatform(dialog, () => win),
  });
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
  app.on('will-quit', () => services.close());
  return services;
}

export function defaultAppPaths(mainDir: string): AppPaths {
  return {
    preload: path.join(mainDir, '..', 'preload', 'index.cjs'),
    rendererIndex: path.join(mainDir, '..', 'renderer', 'index.html'),
  };
}
