// Test double for the 'electron' module: records what the app registers so unit tests can assert the wiring.
// Lives beside main/electron because it mirrors exactly the API surface those files use.
import { vi } from 'vitest';

export type Listener = (...args: unknown[]) => unknown;

export function createElectronMock(opts: { userData: string; lock?: boolean; packaged?: boolean }) {
  const handlers = new Map<string, Listener>();
  const windows: FakeWindow[] = [];
  const appListeners = new Map<string, Listener[]>();

  class FakeContents {
    readonly listeners = new Map<string, Listener>();
    windowOpenHandler: ((d: { url: string }) => { action: string }) | null = null;
    readonly sent: unknown[][] = [];
    readonly session = {
      permissionRequestHandler: null as null | ((wc: unknown, p: string, cb: (ok: boolean) => void) => void),
      permissionCheckHandler: null as null | ((wc: unknown, p: string) => boolean),
      headersHandler: null as null | ((d: unknown, cb: (r: unknown) => void) => void),
      setPermissionRequestHandler(h: (wc: unknown, p: string, cb: (ok: boolean) => void) => void) { this.permissionRequestHandler = h; },
      setPermissionCheckHandler(h: (wc: unknown, p: string) => boolean) { this.permissionCheckHandler = h; },
      webRequest: { onHeadersReceived: (h: (d: unknown, cb: (r: unknown) => void) => void) => { fakeSessionHeaders.handler = h; } },
    };
    on(name: string, l: Listener) { this.listeners.set(name, l); return this; }
    setWindowOpenHandler(h: (d: { url: string }) => { action: string }) { this.windowOpenHandler = h; }
    send(...args: unknown[]) { this.sent.push(args); }
    isDestroyed() { return false; }
  }
  const fakeSessionHeaders: { handler: null | ((d: unknown, cb: (r: unknown) => void) => void) } = { handler: null };

  class FakeWindow {
    readonly options: Record<string, unknown>;
    readonly webContents = new FakeContents();
    loadedUrl: string | null = null;
    readonly events = new Map<string, Listener>();
    constructor(options: Record<string, unknown>) {
      this.options = options;
      windows.push(this);
    }
    loadURL(url: string) { this.loadedUrl = url; return Promise.resolve(); }
    once(name: string, l: Listener) { this.events.set(name, l); }
    on(name: string, l: Listener) { this.events.set(name, l); }
    maximize() {}
    isMaximized() { return false; }
    isMinimized() { return false; }
    getNormalBounds() { return { x: 10, y: 20, width: 1300, height: 820 }; }
    restore() {}
    focus() {}
    show() {}
    static getAllWindows() { return windows; }
  }

  const electron = {
    app: {
      isPackaged: opts.packaged ?? false,
      requestSingleInstanceLock: vi.fn(() => opts.lock ?? true),
      whenReady: vi.fn(() => Promise.resolve()),
      getPath: vi.fn(() => opts.userData),
      quit: vi.fn(),
      exit: vi.fn(),
      on: vi.fn((name: string, l: Listener) => appListeners.set(name, [...(appListeners.get(name) ?? []), l])),
    },
    BrowserWindow: FakeWindow,
    ipcMain: {
      handle: vi.fn((channel: string, l: Listener) => {
        if (handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        handlers.set(channel, l);
      }),
      removeHandler: vi.fn((channel: string) => handlers.delete(channel)),
    },
    Menu: { buildFromTemplate: vi.fn((t: unknown) => t), setApplicationMenu: vi.fn() },
    dialog: { showOpenDialog: vi.fn(), showSaveDialog: vi.fn(), showErrorBox: vi.fn(), showMessageBox: vi.fn() },
  };
  // A WebContents that is not a window's (what 'web-contents-created' hands over for e.g. a <webview> host).
  const newContents = () => new FakeContents();
  return { electron, handlers, windows, appListeners, fakeSessionHeaders, newContents };
}
