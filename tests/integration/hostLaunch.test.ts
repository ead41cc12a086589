import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { browserCommand, openBrowser } from '../../main/cli/openBrowser';
import type { Host } from '../../main/host/server';
import { bundleForNode } from '../helpers/bundle';
import { tempDir } from '../helpers/tempServices';
import { tempHost } from '../helpers/tempHost';
import type { TempHost } from '../helpers/tempHost';

let host: Host;
let env: TempHost;

beforeAll(async () => {
  env = await tempHost({ limits: { launchCodeTtlMs: 300 } });
  ({ host } = env);
});
afterAll(() => env.close());

async function exchange(origin: string, code: string): Promise<{ status: number; body: { ok: boolean; value?: { token: string }; error?: { message: string } } }> {
  const res = await fetch(`${origin}/api/session`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code }) });
  return { status: res.status, body: (await res.json()) as never };
}

async function eventList(origin: string, token: string): Promise<number> {
  const res = await fetch(`${origin}/api/event-list`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: '{}' });
  return res.status;
}

describe('opening the browser without the token on its command line', () => {
  it('hands the opener a one-time code, never the token; the code works once, then it is dead', async () => {
    const launched: string[][] = [];
    expect(openBrowser(host.launchUrl(), (cmd, args) => launched.push([cmd, ...args]), { DISPLAY: ':0' })).toBe(true);
    expect(launched).toHaveLength(1);
    const argv = launched[0]!.join(' ');
    expect(argv).not.toContain(host.token);
    expect(argv).not.toMatch(/token=/);
    const url = new URL(launched[0]!.at(-1)!);
    expect(url.origin).toBe(`http://127.0.0.1:${host.port}`);
    const code = url.searchParams.get('code')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    // The code alone opens nothing.
    expect(await eventList(url.origin, code)).toBe(401);
    const first = await exchange(url.origin, code);
    expect(first).toMatchObject({ status: 200, body: { ok: true, value: { token: host.token } } });
    expect(await eventList(url.origin, first.body.value!.token)).toBe(200);
    // Whoever read the browser's command line after that holds a dead code.
    const second = await exchange(url.origin, code);
    expect(second.status).toBe(401);
    expect(second.body.error!.message).toMatch(/already used or has expired/);
  });

  it('lets an unused code expire', async () => {
    const code = new URL(host.launchUrl()).searchParams.get('code')!;
    await new Promise((r) => setTimeout(r, 400));
    expect((await exchange(`http://127.0.0.1:${host.port}`, code)).status).toBe(401);
    expect((await exchange(`http://127.0.0.1:${host.port}`, 'made-up-code')).status).toBe(401);
  });

  it('uses $BROWSER when set, the platform opener otherwise, and nothing on a Linux without a display', () => {
    expect(browserCommand('http://x/?code=1', { BROWSER: '/opt/b' }, 'linux')).toEqual({ command: '/opt/b', args: ['http://x/?code=1'] });
    expect(browserCommand('http://x/', {}, 'darwin')).toEqual({ command: 'open', args: ['http://x/'] });
    expect(browserCommand('http://x/', {}, 'linux')).toBeNull();
    expect(browserCommand('http://x/', { WAYLAND_DISPLAY: 'w' }, 'linux')).toEqual({ command: 'xdg-open', args: ['http://x/'] });
  });

  it('kaizen serve prints the token URL on stdout but starts the browser with a code that dies after one use', async () => {
    const cli = await bundleForNode('main/cli/index.ts');
    const dataDir = tempDir();
    const record = path.join(tempDir('kaizen-browser-'), 'argv.json');
    const fakeBrowser = path.join(path.dirname(record), 'browser.cjs');
    fs.writeFileSync(fakeBrowser, `#!${process.execPath}\nrequire('fs').writeFileSync(${JSON.stringify(record)}, JSON.stringify(process.argv.slice(1)));\n`, { mode: 0o755 });
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(cli)}).runCli()`, 'kaizen', 'serve', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, BROWSER: fakeBrowser, KAIZEN_RESOURCES_DIR: path.resolve('resources') },
    });
    try {
      const printed = await new Promise<URL>((resolve, reject) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^Kaizen Studio is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]+)$/m.exec(out);
          if (m) resolve(new URL(m[1]!));
        });
        child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
      });
      const token = printed.searchParams.get('token')!;
      for (let i = 0; i < 100 && !fs.existsSync(record); i++) await new Promise((r) => setTimeout(r, 50));
      const argv = JSON.parse(fs.readFileSync(record, 'utf8')) as string[];
      expect(argv.join(' ')).not.toContain(token);
      const opened = new URL(argv.at(-1)!);
      expect(opened.origin).toBe(printed.origin);
      const code = opened.searchParams.get('code')!;
      expect((await exchange(printed.origin, code)).body.value?.token).toBe(token);
      expect((await exchange(printed.origin, code)).status).toBe(401);
      // The printed link keeps working.
      expect(await eventList(printed.origin, token)).toBe(200);
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
