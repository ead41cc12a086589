import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tempServices';

// The Electron security gate (scripts/electronegativity.mjs, run by `npm test` after the build). Electronegativity
// exits 0 whatever it finds; the gate must not. Runs the real tool on small temp folders only, to stay fast.
const root = path.resolve(__dirname, '..', '..');
const gate = (args: string[]) =>
  new Promise<{ code: number; out: string; err: string }>((resolve) => {
    execFile(process.execPath, [path.join(root, 'scripts', 'electronegativity.mjs'), ...args], { cwd: root }, (error, out, err) => {
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, out, err });
    });
  });

// A window written like main/electron/window.ts: every option in the constructor call, navigation and permissions locked.
const SAFE_MAIN = `import { app, BrowserWindow, session } from 'electron';
export function open(preload: string): void {
  const win = new BrowserWindow({
    webPreferences: { preload, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true, disableBlinkFeatures: 'Auxclick' },
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  session.defaultSession.setPermissionRequestHandler((_wc, _p, cb) => cb(false));
  void app.whenReady().then(() => win.loadFile('index.html'));
}
`;
const SAFE_HTML = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'"></head><body></body></html>\n`;
const PLANTED = `const { BrowserWindow } = require('electron');\nnew BrowserWindow({ webPreferences: { nodeIntegration: true } });\n`;

function safeApp() {
  const dir = tempDir('kaizen-electronegativity-app-');
  fs.writeFileSync(path.join(dir, 'main.ts'), SAFE_MAIN);
  fs.writeFileSync(path.join(dir, 'index.html'), SAFE_HTML);
  const allow = path.join(tempDir(), 'allow.json');
  fs.writeFileSync(allow, JSON.stringify([{ check: 'PRELOAD_JS_CHECK', file: 'main.ts', reason: 'the preload exposes only invoke and on' }]));
  return { dir, allow };
}

describe('Electronegativity gate', () => {
  it('passes on an allow-listed tree and fails on a planted nodeIntegration window, naming check and file', async () => {
    const { dir, allow } = safeApp();
    const planted = safeApp();
    fs.writeFileSync(path.join(planted.dir, 'insecure.js'), PLANTED);
    // Both scans at once: most of each run is loading the tool's parsers.
    const [ok, bad] = await Promise.all([gate(['--allow', allow, dir]), gate(['--allow', planted.allow, planted.dir])]);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('allowed  PRELOAD_JS_CHECK MEDIUM/FIRM main.ts:4:');
    expect(ok.out).toContain('electronegativity gate: passed');

    expect(bad.code).toBe(1);
    const blocking = bad.err.split('\n').filter((l) => l.includes('BLOCKING'));
    expect(blocking.length).toBeGreaterThan(0);
    // Every blocking finding is the planted window; the allowed preload stays allowed.
    for (const line of blocking) expect(line).toMatch(/ insecure\.js:2:\d+ /);
    expect(bad.err).toMatch(/BLOCKING CONTEXT_ISOLATION_JS_CHECK HIGH\/FIRM insecure\.js:2:/);
    expect(bad.err).toMatch(/BLOCKING SANDBOX_JS_CHECK MEDIUM\/FIRM insecure\.js:2:/);
    expect(bad.err).toContain('electronegativity gate: failed');
    expect(bad.out).toContain('allowed  PRELOAD_JS_CHECK');
  });

  it('refuses an allow entry without a reason, before scanning', async () => {
    const { dir } = safeApp();
    const allow = path.join(tempDir(), 'allow.json');
    fs.writeFileSync(allow, JSON.stringify([{ check: 'PRELOAD_JS_CHECK', file: 'main.ts', reason: ' ' }]));
    const r = await gate(['--allow', allow, dir]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('entry 1 needs a non-empty "reason"');
  });

  it("the project's allow file gives a reason for every entry", () => {
    const list = JSON.parse(fs.readFileSync(path.join(root, '.electronegativity-allow.json'), 'utf8')) as { check: string; file: string; reason: string }[];
    for (const e of list) {
      expect(e.check).toMatch(/^[A-Z_]+_CHECK$/);
      expect(e.file).not.toBe('');
      expect(e.reason.length).toBeGreaterThan(20);
    }
  });
});
