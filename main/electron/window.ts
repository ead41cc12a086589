import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as Electron from 'electron';
import { lockDown, secureWebPreferences } from './security';
import { loadWindowState, saveWindowState } from './windowState';

export type WindowPaths = Readonly<{ preload: string; rendererIndex: string; dataDir: string }>;

export function rendererIndexUrl(rendererIndex: string): string {
  return pathToFileURL(path.resolve(rendererIndex)).toString();
}

/** The main window: remembered bounds, locked-down webPreferences, the built renderer from disk. */
export function createMainWindow(electron: typeof Electron, paths: WindowPaths): Electron.BrowserWindow {
  const state = loadWindowState(paths.dataDir);
  const win = new electron.BrowserWindow({
    ...state,
    minWidth: 960,
    minHeight: 600,
    show: false,
    title: 'Kaizen Studio',
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(paths.preload),
  });
  const url = rendererIndexUrl(paths.rendererIndex);
  lockDown(win.webContents, win.webContents.session, url);
  if (state.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const b = win.getNormalBounds();
    saveWindowState(paths.dataDir, { ...b, maximized: win.isMaximized() });
  });
  void win.loadURL(url);
  return win;
}
