import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';
import { makeScratchDir } from '../reports/pdf/scratch';

/**
 * Platform.printToPdf for the desktop app: loads the self-contained report in a hidden, sandboxed window with
 * JavaScript off and prints it with the page size, margins and page numbers of its own @page CSS. The HTML (it holds
 * names) is written under `tmpRoot()` (the data folder's tmp), so a killed app's leftover is swept at the next start.
 */
export function electronPrintToPdf(electron: Pick<typeof Electron, 'BrowserWindow'>, tmpRoot: () => string = os.tmpdir): (html: string) => Promise<Buffer> {
  return async (html) => {
    const dir = makeScratchDir(tmpRoot(), 'pdf');
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, html, { mode: 0o600 });
    const { BrowserWindow } = electron; // `new BrowserWindow({...})` is the form Electronegativity can check
    const win = new BrowserWindow({
      show: false,
      webPreferences: { javascript: false, sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' },
    });
    try {
      win.webContents.on('will-navigate', (e) => e.preventDefault());
      await win.loadFile(file);
      return await win.webContents.printToPDF({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: false });
    } finally {
      win.destroy();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };
}
