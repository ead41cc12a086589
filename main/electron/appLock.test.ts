import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { tempDir } from '../../tests/helpers/tempServices';
import type { Services } from '../createServices';
import { LOCK_FILE, acquireDataDirLock } from '../dataDirLock';
import { startElectronApp } from './app';
import { createElectronMock } from './electronMock';

const paths = { preload: '/app/out/preload/index.cjs', rendererIndex: '/app/out/renderer/index.html' };
let services: Services | null = null;
afterEach(() => {
  services?.close();
  services = null;
  delete process.env.KAIZEN_DATA_DIR;
});

describe('desktop app and the data-folder lock (mocked electron)', () => {
  it('holds the data folder while it runs and frees it when it quits', async () => {
    const dir = tempDir();
    const mock = createElectronMock({ userData: dir });
    services = await startElectronApp(mock.electron as unknown as typeof Electron, paths);
    expect(JSON.parse(fs.readFileSync(path.join(dir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: process.pid, app: 'desktop app' });
    for (const l of mock.appListeners.get('will-quit') ?? []) l();
    services = null;
    expect(fs.existsSync(path.join(dir, LOCK_FILE))).toBe(false);
  });

  it('names the process holding the folder, offers another folder, and exits 2 on Quit', async () => {
    const held = tempDir();
    const other = acquireDataDirLock(held, 'kaizen serve');
    try {
      const quit = createElectronMock({ userData: held });
      quit.electron.dialog.showMessageBox.mockResolvedValue({ response: 1 });
      expect(await startElectronApp(quit.electron as unknown as typeof Electron, paths)).toBeNull();
      expect(quit.electron.dialog.showMessageBox.mock.calls[0]![0]).toMatchObject({
        title: 'Kaizen Studio is already open on this data folder',
        message: expect.stringContaining(`Kaizen Studio is already running on this data folder (process ${process.pid}, started ${other.owner.startedAt})`),
      });
      expect(quit.electron.app.exit).toHaveBeenCalledWith(2);
      expect(quit.windows).toHaveLength(0);

      const free = tempDir();
      const choose = createElectronMock({ userData: held });
      choose.electron.dialog.showMessageBox.mockResolvedValue({ response: 0 });
      choose.electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [free] });
      services = await startElectronApp(choose.electron as unknown as typeof Electron, paths);
      expect(services!.ctx.dataDir).toBe(free);
      expect(fs.existsSync(path.join(free, LOCK_FILE))).toBe(true);
      // The other process's lock is untouched.
      expect(JSON.parse(fs.readFileSync(path.join(held, LOCK_FILE), 'utf8'))).toMatchObject({ nonce: other.owner.nonce });
    } finally {
      other.release();
    }
  });
});
