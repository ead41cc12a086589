import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..', '..');

/** Runs `npm start` (scripts/start.mjs) until the URL line appears, then stops it with SIGTERM. */
async function start(args: string[]): Promise<{ out: string; code: number | null }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-start-'));
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'start.mjs'), ...args, '--no-open', '--port', '0', '--data-dir', dataDir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const onData = (d: Buffer) => {
    out += d.toString();
    if (/running at http:\/\/127\.0\.0\.1:\d+\/\?token=/.test(out)) child.kill('SIGTERM');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { out, code };
}

describe('npm start', () => {
  it('says in one line that Electron is unavailable and starts browser mode instead', async () => {
    const { out } = await start([]);
    const lines = out.trim().split('\n');
    expect(lines.filter((l) => l.includes('Electron')).length).toBe(1);
    expect(out).toContain('starting browser mode instead');
    expect(out).toMatch(/Kaizen Studio is running at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
  });

  it('--browser forces browser mode without mentioning Electron', async () => {
    const { out } = await start(['--browser']);
    expect(out).not.toContain('Electron');
    expect(out).toMatch(/Kaizen Studio is running at http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
  });
});
