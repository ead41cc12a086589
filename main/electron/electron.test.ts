import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import type * as Electron from 'electron';
import { tempDir } from '../../tests/helpers/tempServices';
import type { Services } from '../createServices';
import { DEV_CODE_OVERRIDES, startElectronApp } from './app';
import { createElectronMock } from './electronMock';
import type { Listener } from './electronMock';
import { INVOKE_CHANNEL } from './ipc';

const paths = { preload: '/app/out/preload/index.cjs', rendererIndex: '/app/out/renderer/index.html' };
const appUrl = pathToFileURL(path.resolve(paths.rendererIndex)).toString();
let services: Services | null = null;
afterEach(() => {
  services?.close();
  services = null;
});

async function boot(lock = true) {
  const mock = createElectronMock({ userData: tempDir(), lock });
  delete process.env.KAIZEN_DATA_DIR;
  services = await startElectronApp(mock.electron as unknown as typeof Electron, paths);
  return mock;
}

const frame = (url: string, parent: unknown = null) => ({ senderFrame: { url, parent } });

describe('Electron shell (mocked electron)', () => {
  it('creates the window with contextIsolation, sandbox and no nodeIntegration, loading the built renderer', async () => {
    const { windows } = await boot();
    expect(windows).toHaveLength(1);
    const prefs = windows[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, webviewTag: false, disableBlinkFeatures: 'Auxclick', preload: paths.preload });
    expect(windows[0]!.loadedUrl).toBe(appUrl);
  });

  it('registers exactly one invoke handler, routed to dispatch', async () => {
    const { handlers, electron } = await boot();
    expect(electron.ipcMain.handle).toHaveBeenCalledTimes(1);
    expect([...handlers.keys()]).toEqual([INVOKE_CHANNEL]);
    const invoke = handlers.get(INVOKE_CHANNEL)!;
    const created = (await invoke(frame(appUrl), 'event-create', { name: 'From IPC' })) as { ok: boolean; value: { name: string } };
    expect(created).toMatchObject({ ok: true, value: { name: 'From IPC' } });
    const bad = (await invoke(frame(appUrl), 'event-create', { name: '' })) as { ok: boolean; error: { code: string } };
    expect(bad.error.code).toBe('VALIDATION');
  });

  it('rejects calls from a foreign frame or a subframe', async () => {
    const { handlers } = await boot();
    const invoke = handlers.get(INVOKE_CHANNEL)!;
    for (const f of [frame('https://evil.example/'), frame('file:///tmp/other.html'), frame(appUrl, { url: 'x' }), { senderFrame: null }]) {
      const r = (await invoke(f, 'event-list', {})) as { ok: boolean };
      expect(r.ok).toBe(false);
    }
    expect(((await invoke(frame(`${appUrl}#/event/x`), 'event-list', {})) as { ok: boolean }).ok).toBe(true);
  });

  it('blocks navigation away from the app, new windows and every permission but full screen, and sets the CSP', async () => {
    const { windows, fakeSessionHeaders } = await boot();
    const wc = windows[0]!.webContents;
    let prevented = false;
    wc.listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, 'https://evil.example/');
    expect(prevented).toBe(true);
    prevented = false;
    wc.listeners.get('will-navigate')!({ preventDefault: () => (prevented = true) }, appUrl);
    expect(prevented).toBe(false);
    expect(wc.windowOpenHandler!({ url: 'https://example.com' })).toEqual({ action: 'deny' });
    const ask = (permission: string) => {
      let granted: boolean | null = null;
      wc.session.permissionRequestHandler!(wc, permission, (ok) => (granted = ok));
      return granted;
    };
    for (const p of ['media', 'geolocation', 'notifications', 'openExternal', 'clipboard-read']) {
      expect(ask(p)).toBe(false);
      expect(wc.session.permissionCheckHandler!(wc, p)).toBe(false);
    }
    expect(ask('fullscreen')).toBe(true);
    let headers: Record<string, string[]> = {};
    fakeSessionHeaders.handler!({ responseHeaders: {} }, (r) => (headers = (r as { responseHeaders: Record<string, string[]> }).responseHeaders));
    expect(headers['Content-Security-Policy']![0]).toContain("default-src 'self'");
  });

  it('stops redirects and frame navigations away from the app, and every <webview> attach', async () => {
    const { windows, appListeners, newContents } = await boot();
    const wc = windows[0]!.webContents;
    const fire = (listener: Listener | undefined, details: Record<string, unknown> = {}, ...rest: unknown[]) => {
      let prevented = false;
      listener!({ ...details, preventDefault: () => (prevented = true) }, ...rest);
      return prevented;
    };
    const evil = 'https://evil.example/';
    expect(fire(wc.listeners.get('will-redirect'), { url: evil, isMainFrame: true }, evil)).toBe(true);
    expect(fire(wc.listeners.get('will-redirect'), { url: 'file:///etc/passwd', isMainFrame: true })).toBe(true);
    expect(fire(wc.listeners.get('will-redirect'), { url: appUrl, isMainFrame: true }, appUrl)).toBe(false);
    expect(fire(wc.listeners.get('will-frame-navigate'), { url: evil, isMainFrame: true })).toBe(true);
    expect(fire(wc.listeners.get('will-frame-navigate'), { url: evil, isMainFrame: false })).toBe(true);
    // The app has no frames: even the app's own page is refused inside a subframe.
    expect(fire(wc.listeners.get('will-frame-navigate'), { url: appUrl, isMainFrame: false })).toBe(true);
    expect(fire(wc.listeners.get('will-frame-navigate'), { url: `${appUrl}#/events`, isMainFrame: true })).toBe(false);
    const webPreferences = { nodeIntegration: true, preload: '/tmp/evil.js' };
    expect(fire(wc.listeners.get('will-attach-webview'), {}, webPreferences, { src: evil })).toBe(true);
    // Any other WebContents the app ever creates gets the same webview refusal.
    const created = appListeners.get('web-contents-created');
    expect(created).toHaveLength(1);
    const other = newContents();
    created![0]!({}, other);
    expect(fire(other.listeners.get('will-attach-webview'), {}, webPreferences, { src: evil })).toBe(true);
  });

  it('pushes main events to the window on the one push channel, and menu commands through it', async () => {
    const { windows, electron } = await boot();
    services!.bus.emit('data-changed', { eventId: null, area: 'events' });
    expect(windows[0]!.webContents.sent).toEqual([['app:event', { name: 'data-changed', payload: { eventId: null, area: 'events' } }]]);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
  });

  it('offers another data folder when the data file is damaged, and opens there without touching the bad file', async () => {
    const bad = tempDir();
    fs.writeFileSync(path.join(bad, 'kaizen.db'), 'not a database at all, just text '.repeat(10));
    const good = tempDir();
    const mock = createElectronMock({ userData: bad });
    mock.electron.dialog.showMessageBox.mockResolvedValue({ response: 0 });
    mock.electron.dialog.showOpenDialog.mockResolvedValue({ canceled: false, filePaths: [good] });
    services = await startElectronApp(mock.electron as unknown as typeof Electron, paths);
    expect(mock.electron.dialog.showMessageBox.mock.calls[0]![0]).toMatchObject({ message: expect.stringContaining('is not an SQLite database') });
    expect(services!.ctx.dataDir).toBe(good);
    expect(fs.readFileSync(path.join(bad, 'kaizen.db'), 'utf8')).toContain('not a database');
  });

  it('an installed app ignores the developer overrides that load code (native SQLite module, worker scripts)', async () => {
    const evil = { KAIZEN_SQLITE_BINDING: '/nonexistent/evil.node', KAIZEN_WORKERS_DIR: '/nonexistent/workers' };
    try {
      Object.assign(process.env, evil);
      const dev = createElectronMock({ userData: tempDir() });
      // `npm start` (not packaged) honours the override: proof that it would load the planted module.
      await expect(startElectronApp(dev.electron as unknown as typeof Electron, paths)).rejects.toThrow(/evil\.node/);
      Object.assign(process.env, evil);
      const installed = createElectronMock({ userData: tempDir(), packaged: true });
      services = await startElectronApp(installed.electron as unknown as typeof Electron, paths);
      expect(services).not.toBeNull();
      for (const name of DEV_CODE_OVERRIDES) expect(process.env[name]).toBeUndefined();
      expect(installed.windows).toHaveLength(1);
    } finally {
      for (const name of DEV_CODE_OVERRIDES) delete process.env[name];
    }
  });

  it('quits at once when another instance holds the lock', async () => {
    const { electron, windows } = await boot(false);
    expect(electron.app.quit).toHaveBeenCalled();
    expect(windows).toHaveLength(0);
    expect(services).toBeNull();
  });
});
