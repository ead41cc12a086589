import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCK_FILE, acquireDataDirLock } from '../../main/dataDirLock';
import type { LockOwner } from '../../main/dataDirLock';
import { bundleForNode } from '../helpers/bundle';
import { tempDir } from '../helpers/tempServices';

let cli: string;
const running: ChildProcessWithoutNullStreams[] = [];

beforeAll(async () => {
  cli = await bundleForNode('main/cli/index.ts');
});
afterAll(async () => {
  for (const c of running) {
    if (c.exitCode === null && c.signalCode === null) {
      c.kill('SIGKILL');
      await new Promise((r) => c.once('exit', r));
    }
  }
});

const env = () => ({ ...process.env, KAIZEN_RESOURCES_DIR: path.resolve('resources') });

/** `kaizen serve --no-open --port 0 --data-dir D` as a real process; resolves once it prints its URL. */
async function serve(dataDir: string): Promise<ChildProcessWithoutNullStreams> {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(cli)}).runCli()`, 'kaizen', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], { env: env() });
  running.push(child);
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('running at')) resolve();
    });
    child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
  });
  return child;
}

/** Runs a CLI command to completion. */
function kaizen(...argv: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(cli)}).runCli()`, 'kaizen', ...argv], { env: env(), encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const exited = (c: ChildProcessWithoutNullStreams) => new Promise<number | null>((r) => (c.exitCode !== null ? r(c.exitCode) : c.once('exit', (code) => r(code))));

describe('one long-running Kaizen Studio per data folder', () => {
  it('a second kaizen serve names the process holding the folder and exits 2; short commands still work', async () => {
    const dataDir = tempDir();
    const first = await serve(dataDir);
    const lock = JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8')) as LockOwner;
    expect(lock).toMatchObject({ pid: first.pid, hostname: os.hostname(), app: 'kaizen serve' });

    const second = kaizen('serve', '--no-open', '--port', '0', '--data-dir', dataDir);
    expect(second.code).toBe(2);
    expect(second.err).toContain(`Kaizen Studio is already running on this data folder (process ${first.pid}, started ${lock.startedAt})`);
    expect(second.err).toContain(dataDir);
    expect(second.err).not.toMatch(/at .*\.(ts|js|cjs):\d+/);

    // The CLI's short commands do not take the lock: they work next to the running host.
    const check = kaizen('check', '--data-dir', dataDir, '--json');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ integrity: 'ok' });

    // A clean stop removes the lock; the folder can be served again.
    first.kill('SIGTERM');
    expect(await exited(first)).toBe(0);
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    const again = await serve(dataDir);
    again.kill('SIGTERM');
    expect(await exited(again)).toBe(0);
  });

  it('takes over the lock of a killed serve (its PID is gone)', async () => {
    const dataDir = tempDir();
    const killed = await serve(dataDir);
    killed.kill('SIGKILL');
    await exited(killed);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: killed.pid });
    const next = await serve(dataDir);
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: next.pid });
    next.kill('SIGTERM');
    expect(await exited(next)).toBe(0);
  });

  it('takes over a lock written before the last boot, even when its PID is alive again', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, LOCK_FILE);
    const base = { hostname: os.hostname(), startedAt: '2020-01-01T00:00:00.000Z', app: 'desktop', nonce: 'old' };
    // PID 1 is always alive; only the boot tells this lock is stale.
    fs.writeFileSync(file, JSON.stringify({ ...base, pid: 1, bootId: 'another-boot', bootedAt: Date.now() - 10 * 86_400_000 }));
    const lock = acquireDataDirLock(dataDir, 'test');
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: process.pid, app: 'test' });
    lock.release();
    expect(fs.existsSync(file)).toBe(false);
  });

  it('refuses a live lock (this boot, PID alive) and one from another computer, naming them', () => {
    const dataDir = tempDir();
    const file = path.join(dataDir, LOCK_FILE);
    const mine = acquireDataDirLock(dataDir, 'test');
    const live = fs.readFileSync(file, 'utf8');
    mine.release();
    // Same boot, a PID that is alive (the test runner's parent): held.
    fs.writeFileSync(file, live.replace(`"pid": ${process.pid}`, `"pid": ${process.ppid}`).replace(/"nonce": "[^"]+"/, '"nonce": "other"'));
    expect(() => acquireDataDirLock(dataDir, 'test')).toThrow(new RegExp(`already running on this data folder \\(process ${process.ppid}, started`));
    fs.writeFileSync(file, JSON.stringify({ pid: 4242, hostname: 'meeting-room-pc', bootId: null, bootedAt: 0, startedAt: '2026-01-01T09:00:00.000Z', app: 'desktop', nonce: 'x' }));
    expect(() => acquireDataDirLock(dataDir, 'test')).toThrow(/process 4242 on the computer "meeting-room-pc".*delete .*kaizen\.lock/);
  });

  it('lets exactly one of several processes racing for a stale lock win', async () => {
    const dataDir = tempDir();
    fs.writeFileSync(path.join(dataDir, LOCK_FILE), JSON.stringify({ pid: 999_999, hostname: os.hostname(), bootId: null, bootedAt: 0, startedAt: 'x', app: 'dead', nonce: 'dead' }));
    const racers = Array.from({ length: 4 }, () => spawn(process.execPath, ['-e', `require(${JSON.stringify(cli)}).runCli()`, 'kaizen', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], { env: env() }));
    running.push(...racers);
    const started = racers.map(
      (c) =>
        new Promise<boolean>((resolve) => {
          c.stdout.on('data', (d: Buffer) => d.toString().includes('running at') && resolve(true));
          c.on('exit', () => resolve(false));
        }),
    );
    const results = await Promise.all(started);
    expect(results.filter(Boolean)).toHaveLength(1);
    const winner = racers[results.indexOf(true)]!;
    expect(JSON.parse(fs.readFileSync(path.join(dataDir, LOCK_FILE), 'utf8'))).toMatchObject({ pid: winner.pid });
    for (const [i, c] of racers.entries()) if (!results[i]) expect(c.exitCode).toBe(2);
    winner.kill('SIGTERM');
    await exited(winner);
  });
});
