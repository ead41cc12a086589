import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { killGroup, trackRender } from './liveRenders';
import { createRenderQueue } from './renderQueue';
import { CHROMIUM_PID_FILE, makeScratchDir } from './scratch';

/** Where a local Chromium or Chrome usually lives; KAIZEN_CHROMIUM overrides the search entirely. */
export function chromiumCandidates(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string[] {
  if (env.KAIZEN_CHROMIUM) return [env.KAIZEN_CHROMIUM];
  if (platform === 'darwin') {
    return ['/Applications/Chromium.app/Contents/MacOS/Chromium', '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'];
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter((r): r is string => Boolean(r));
    return roots.flatMap((r) => [path.join(r, 'Google', 'Chrome', 'Application', 'chrome.exe'), path.join(r, 'Chromium', 'Application', 'chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable', '/snap/bin/chromium'];
}

/** The first Chromium found, or an UNSUPPORTED error that says where we looked and what to do instead. */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string {
  const candidates = chromiumCandidates(env);
  const found = candidates.find((c) => {
    try {
      return fs.statSync(c).isFile();
    } catch {
      return false;
    }
  });
  if (found) return found;
  const where = env.KAIZEN_CHROMIUM ? `KAIZEN_CHROMIUM points to "${env.KAIZEN_CHROMIUM}", which does not exist` : `looked in ${candidates.join(', ')}`;
  throw new AppError(
    'UNSUPPORTED',
    `PDF and PNG export need a local Chromium or Google Chrome, and none was found (${where}). Install Chromium or set KAIZEN_CHROMIUM to its path, or export HTML and print it from your browser.`,
  );
}

const TIMEOUT_MS = 60_000;

/** At most this many Chromium processes render at once, however many exports are asked for (each takes ~200 MB). */
export const MAX_CONCURRENT_RENDERS = 2;
const queue = createRenderQueue(MAX_CONCURRENT_RENDERS);

/** Renders running and waiting right now. */
export const renderStats = () => queue.stats();

export type RenderOptions = Readonly<{
  signal?: AbortSignal;
  /** Where the scratch folder (page, profile, output) goes: `<dataDir>/tmp` for the services; the system temp otherwise. */
  tmpRoot?: string;
}>;

const cancelled = () => new AppError('CANCELLED', 'The export was cancelled; no file was written.');

/**
 * Runs headless Chromium once on an HTML file in a private scratch folder and returns the file it wrote.
 * The page carries a CSP that forbids scripts and every request. Chromium runs in its own process group, killed
 * whole when the export is cancelled, times out or fails; the scratch folder is always removed (and, if this
 * process is killed, swept at the next start: see scratch.ts).
 */
async function runChromium(html: string, output: 'pdf' | 'png', extraArgs: string[], opts: RenderOptions): Promise<Buffer> {
  const { signal } = opts;
  const exe = findChromium();
  if (signal?.aborted) throw cancelled();
  return queue.run(async () => {
    const dir = makeScratchDir(opts.tmpRoot ?? os.tmpdir(), 'report');
    try {
      const page = path.join(dir, 'page.html');
      const out = path.join(dir, `out.${output}`);
      fs.writeFileSync(page, html, { mode: 0o600 });
      const args = [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--no-default-browser-check',
        '--disable-extensions',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        `--user-data-dir=${path.join(dir, 'profile')}`,
        ...extraArgs,
        output === 'pdf' ? `--print-to-pdf=${out}` : `--screenshot=${out}`,
        `file://${page}`,
      ];
      await new Promise<void>((resolve, reject) => {
        const child = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: process.platform !== 'win32' });
        const pid = child.pid;
        const untrack = pid === undefined ? () => undefined : trackRender(pid, dir);
        if (pid !== undefined) fs.writeFileSync(path.join(dir, CHROMIUM_PID_FILE), String(pid));
        const kill = () => {
          if (pid !== undefined) killGroup(pid);
          else child.kill('SIGKILL');
        };
        let stderr = '';
        child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
        const timer = setTimeout(kill, TIMEOUT_MS);
        signal?.addEventListener('abort', kill, { once: true });
        if (signal?.aborted) kill();
        child.on('error', (e) => {
          untrack();
          reject(new AppError('UNSUPPORTED', `Chromium at "${exe}" could not be started: ${e.message}`));
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', kill);
          // Helpers Chromium left behind (zygote, crash handler) go with their group.
          if (pid !== undefined) killGroup(pid);
          untrack();
          if (signal?.aborted) reject(cancelled());
          else if (code === 0 && fs.existsSync(out)) resolve();
          else reject(new AppError('INTERNAL', `Chromium did not produce the ${output.toUpperCase()} (exit ${code}). ${stderr.split('\n').filter((l) => !/dbus|bus\.cc/i.test(l)).slice(-3).join(' ')}`.trim()));
        });
      });
      return fs.readFileSync(out);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, signal);
}

/** Prints a self-contained HTML document to PDF; page size, margins and page numbers come from its @page CSS. */
export function chromiumPrintToPdf(html: string, opts: RenderOptions = {}): Promise<Buffer> {
  return runChromium(html, 'pdf', ['--no-pdf-header-footer'], opts);
}

/** Rasterises an inline SVG at 2× for crisp slides: a page exactly the SVG's size, screenshotted. */
export function chromiumSvgToPng(svgInline: string, size: { width: number; height: number }, opts: RenderOptions = {}): Promise<Buffer> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>html,body{margin:0;background:#fff}svg{display:block;width:${size.width}px;height:${size.height}px}</style></head><body>${svgInline}</body></html>`;
  return runChromium(html, 'png', [`--window-size=${size.width},${size.height}`, '--hide-scrollbars', '--force-device-scale-factor=2', '--default-background-color=ffffffff'], opts);
}
