import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type * as Electron from 'electron';

/**
 * Platform.printToPdf for the desktop app: loads the self-contained report in a hidden, sandboxed window with
 * JavaScript off and prints it with the page size, margins and page numbers of its own @page CSS.
 */
export function electronPrintToPdf(electron: Pick<typeof Electron, 'BrowserWindow'>): (html: string) => Promise<Buffer> {
  return async (html) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-pdf-'));
    const file = path.join(dir, 'report.html');
    fs.writeFileSync(file, html);
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
