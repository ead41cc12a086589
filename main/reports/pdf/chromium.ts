import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';

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

/**
 * Runs headless Chromium once on an HTML file in a private temp folder and returns the file it wrote.
 * The page carries a CSP that forbids scripts and every request; the temp folder is always removed.
 */
async function runChromium(html: string, output: 'pdf' | 'png', extraArgs: string[], signal?: AbortSignal): Promise<Buffer> {
  const exe = findChromium();
  if (signal?.aborted) throw new AppError('CANCELLED', 'The export was cancelled; no file was written.');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-report-'));
  try {
    const page = path.join(dir, 'page.html');
    const out = path.join(dir, `out.${output}`);
    fs.writeFileSync(page, html);
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
      const child = spawn(exe, args, { stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-2000)));
      const timer = setTimeout(() => child.kill('SIGKILL'), TIMEOUT_MS);
      const onAbort = () => child.kill('SIGKILL');
      signal?.addEventListener('abort', onAbort, { once: true });
      if (signal?.aborted) onAbort();
      child.on('error', (e) => reject(new AppError('UNSUPPORTED', `Chromium at "${exe}" could not be started: ${e.message}`)));
      child.on('exit', (code) => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (signal?.aborted) reject(new AppError('CANCELLED', 'The export was cancelled; no file was written.'));
        else if (code === 0 && fs.existsSync(out)) resolve();
        else reject(new AppError('INTERNAL', `Chromium did not produce the ${output.toUpperCase()} (exit ${code}). ${stderr.split('\n').filter((l) => !/dbus|bus\.cc/i.test(l)).slice(-3).join(' ')}`.trim()));
      });
    });
    return fs.readFileSync(out);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Prints a self-contained HTML document to PDF; page size, margins and page numbers come from its @page CSS. */
export function chromiumPrintToPdf(html: string, signal?: AbortSignal): Promise<Buffer> {
  return runChromium(html, 'pdf', ['--no-pdf-header-footer'], signal);
}

/** Rasterises an inline SVG at 2× for crisp slides: a page exactly the SVG's size, screenshotted. */
export function chromiumSvgToPng(svgInline: string, size: { width: number; height: number }, signal?: AbortSignal): Promise<Buffer> {
  const html = `<!doctype html><html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'"><style>html,body{margin:0;background:#fff}svg{display:block;width:${size.width}px;height:${size.height}px}</style></head><body>${svgInline}</body></html>`;
  return runChromium(html, 'png', [`--window-size=${size.width},${size.height}`, '--hide-scrollbars', '--force-device-scale-factor=2', '--default-background-color=ffffffff'], signal);
}
