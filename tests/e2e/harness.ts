import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeEach, expect } from 'vitest';
import { chromium } from 'playwright-core';
import type { Browser, BrowserContext, Page } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export type AppUnderTest = Readonly<{
  url: string;
  origin: string;
  token: string;
  dataDir: string;
  server: ChildProcess;
  stop: () => Promise<void>;
}>;

/**
 * Starts browser mode (`kaizen serve`) on a fresh data folder, as a user would. Needs `npm run build`.
 * `open: true` lets serve start a browser ($BROWSER in env) instead of passing --no-open.
 */
export async function startApp(opts: { dataDir?: string; env?: NodeJS.ProcessEnv; open?: boolean } = {}): Promise<AppUnderTest> {
  const dataDir = opts.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-e2e-'));
  const flags = opts.open ? [] : ['--no-open'];
  const server = spawn(process.execPath, [path.join(ROOT, 'bin', 'kaizen.cjs'), 'serve', ...flags, '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    env: { ...process.env, ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`kaizen serve did not start: ${stderr}`)), 30_000);
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    server.on('exit', (code) => reject(new Error(`kaizen serve exited with ${code}: ${stderr}`)));
  });
  const u = new URL(url);
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const done = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await done;
  };
  return { url, origin: u.origin, token: u.searchParams.get('token')!, dataDir, server, stop };
}

let browser: Browser | null = null;

export async function launchBrowser(): Promise<Browser> {
  if (browser) return browser;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

export async function closeBrowser(): Promise<void> {
  await browser?.close();
  browser = null;
}

/** A fresh page (own context) at 1280×720, the projector size, with page errors collected. */
export async function newPage(viewport = { width: 1280, height: 720 }): Promise<{ page: Page; context: BrowserContext; errors: string[] }> {
  const b = await launchBrowser();
  // en-GB: the app formats dates and numbers in the browser's locale (renderer/src/format); tests read en-GB text.
  const context = await b.newContext({ viewport, acceptDownloads: true, locale: 'en-GB' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, context, errors };
}

export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  const file = path.join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

/** Calls the contract over HTTP as the page does (for setting up data quickly). */
export async function api<T = unknown>(app: AppUnderTest, method: string, input: unknown): Promise<T> {
  const res = await fetch(`${app.origin}/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${app.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; value?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
  return body.value as T;
}

/**
 * Sends a local file the way the page does (browser mode takes no paths): upload-begin, base64 chunks, and
 * returns the import source to pass to dataset-preview / dataset-import.
 */
export async function uploadSource(app: AppUnderTest, file: string): Promise<{ kind: 'upload'; uploadId: string }> {
  const bytes = fs.readFileSync(file);
  const begin = await api<{ uploadId: string; chunkBytes: number }>(app, 'dataset-upload-begin', { fileName: path.basename(file), size: bytes.length });
  for (let offset = 0; offset < bytes.length; offset += begin.chunkBytes) {
    const data = bytes.subarray(offset, offset + begin.chunkBytes).toString('base64');
    await api(app, 'dataset-upload-chunk', { uploadId: begin.uploadId, offset, data });
  }
  return { kind: 'upload', uploadId: begin.uploadId };
}

/**
 * Registers the usual hooks: a fresh `kaizen serve` on its own data folder and a fresh 1280×720 page for each
 * test, both stopped afterwards; any uncaught page error fails the test. `bind` receives them.
 */
export function freshAppPerTest(bind: (app: AppUnderTest, page: Page) => void | Promise<void>): void {
  let app: AppUnderTest | null = null;
  let context: BrowserContext | null = null;
  let errors: string[] = [];
  beforeEach(async () => {
    app = await startApp();
    const fresh = await newPage();
    context = fresh.context;
    errors = fresh.errors;
    await bind(app, fresh.page);
  });
  afterEach(async () => {
    await context?.close();
    await app?.stop();
    expect(errors).toEqual([]);
  });
  afterAll(closeBrowser);
}

/** Serious and critical axe-core accessibility violations on the current page, as "rule (count)". */
export async function axeViolations(p: Page): Promise<string[]> {
  await p.evaluate(fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));
  const result = await p.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, o: object) => Promise<{ violations: { id: string; impact: string; nodes: unknown[] }[] }> } }).axe;
    return axe.run(document, { resultTypes: ['violations'] });
  });
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id} (${v.nodes.length})`);
}

/** The id of the demo event created on first launch. */
export async function demoEventId(app: AppUnderTest): Promise<string> {
  const list = await api<{ id: string; isDemo: boolean }[]>(app, 'event-list', {});
  return list.find((e) => e.isDemo)!.id;
}
