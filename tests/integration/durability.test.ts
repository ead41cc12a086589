import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundleForNode } from '../helpers/bundle';
import { tempDir, tempServices } from '../helpers/tempServices';

describe('crash safety', () => {
  it('keeps every committed change after a SIGKILL mid-write, and the file passes integrity_check', async () => {
    const script = await bundleForNode('tests/fixtures/crash/eventWriter.ts');
    for (const killAfter of [5, 40, 120]) {
      const dataDir = tempDir();
      const child = spawn(process.execPath, [script, dataDir, path.resolve('resources')], { stdio: ['ignore', 'pipe', 'pipe'] });
      let lastCommitted = -1;
      let err = '';
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          for (const m of d.toString().matchAll(/committed (\d+)/g)) lastCommitted = Number(m[1]);
          if (lastCommitted >= killAfter && child.exitCode === null && !child.killed) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve());
        child.on('error', reject);
      });
      expect(err).toBe('');
      expect(child.signalCode).toBe('SIGKILL');
      const s = await tempServices({ dataDir });
      expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const names = new Set((await s.call('event-list', {})).map((e) => e.name));
      for (let i = 0; i <= lastCommitted; i++) expect(names.has(`Event ${i}`)).toBe(true);
      s.close();
    }
  });
});

describe('browser-mode host killed with SIGKILL', () => {
  it('restarts with every acknowledged change intact', async () => {
    const cli = await bundleForNode('main/cli/index.ts');
    const dataDir = tempDir();
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(cli)}).runCli()`, 'kaizen', 'serve', '--no-open', '--port', '0', '--data-dir', dataDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, KAIZEN_RESOURCES_DIR: path.resolve('resources') },
    });
    const url = await new Promise<URL>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /running at (\S+)/.exec(out);
        if (m) resolve(new URL(m[1]!));
      });
      child.on('exit', (c) => reject(new Error(`serve exited ${c}`)));
    });
    const token = url.searchParams.get('token')!;
    const acknowledged: string[] = [];
    for (let i = 0; i < 25; i++) {
      const res = await fetch(`${url.origin}/api/event-create`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ name: `Acked ${i}` }),
      });
      if (((await res.json()) as { ok: boolean }).ok) acknowledged.push(`Acked ${i}`);
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const s = await tempServices({ dataDir });
    expect(s.db.pragma('integrity_check', { simple: true })).toBe('ok');
    const names = (await s.call('event-list', {})).map((e) => e.name);
    for (const n of acknowledged) expect(names).toContain(n);
    expect(acknowledged).toHaveLength(25);
    s.close();
  });
});
