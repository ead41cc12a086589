import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { PushEvent } from '../../common/contract/events';
import { fullCheckInBackground } from '../../main/db/backgroundCheck';
import { closeDatabase, lastOpenCheck, openDatabase } from '../../main/db/connection';
import { markerPath } from '../../main/db/openMarker';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';

/** A real store with some events, closed cleanly. */
async function store(): Promise<string> {
  const dir = tempDir();
  const s = await tempServices({ dataDir: dir });
  for (let i = 0; i < 20; i++) await s.call('event-create', { name: `Event ${i}` });
  s.close();
  return path.join(dir, 'kaizen.db');
}

/**
 * Damage that only the full integrity_check sees: one key of an index is changed on disk, so the index no
 * longer matches its table while every page and b-tree stays well-formed (quick_check says ok).
 */
function damageAnIndex(file: string): Buffer {
  const raw = new Database(file);
  raw.exec('CREATE TABLE scratch (k TEXT) STRICT; CREATE INDEX scratch_k ON scratch(k)');
  const ins = raw.prepare('INSERT INTO scratch VALUES (?)');
  for (let i = 0; i < 50; i++) ins.run(`key-${String(i).padStart(4, '0')}`);
  const root = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'scratch_k'").pluck().get() as number;
  const pageSize = raw.pragma('page_size', { simple: true }) as number;
  raw.close();
  const bytes = fs.readFileSync(file);
  const page = bytes.subarray((root - 1) * pageSize, root * pageSize);
  page.write('kez-0025', page.indexOf('key-0025'), 'latin1');
  fs.writeFileSync(file, bytes);
  const probe = new Database(file, { readonly: true });
  expect(probe.pragma('quick_check', { simple: true })).toBe('ok');
  expect(probe.pragma('integrity_check', { simple: true })).toMatch(/missing from index scratch_k/);
  probe.close();
  return bytes;
}

/** A PID that belonged to a process which has exited. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(r.stdout);
}

function writeMarker(file: string, pid: number): string {
  const p = markerPath(file, pid);
  fs.writeFileSync(p, JSON.stringify({ pid, hostname: os.hostname(), bootId: null, startedAt: new Date().toISOString(), nonce: 'x' }));
  return p;
}

const markers = (file: string) => fs.readdirSync(path.dirname(file)).filter((n) => n.startsWith('kaizen.db.open-'));

describe('checks at open', () => {
  it('runs quick_check at an ordinary open, and refuses damage quick_check catches without touching the file', async () => {
    const file = await store();
    const db = await openDatabase(file);
    expect(lastOpenCheck(file)).toEqual({ check: 'quick_check', why: null });
    closeDatabase(db);
    const raw = new Database(file, { readonly: true });
    const root = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'events'").pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const bytes = fs.readFileSync(file);
    // Scribble over the events table's page, keeping the file header: its b-tree page no longer parses.
    bytes.fill(0x5a, (root - 1) * pageSize, (root - 1) * pageSize + 3000);
    fs.writeFileSync(file, bytes);
    const probe = new Database(file, { readonly: true });
    expect(probe.pragma('quick_check', { simple: true })).not.toBe('ok');
    probe.close();
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DB_CORRUPT', message: expect.stringMatching(/failed its integrity check.*left untouched/s) });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('marks the store open per process while it is open and removes the mark on close', async () => {
    const file = await store();
    const a = await openDatabase(file);
    const b = await openDatabase(file);
    expect(markers(file)).toEqual([`kaizen.db.open-${process.pid}`]);
    closeDatabase(a);
    // The second connection of this process still holds the store.
    expect(markers(file)).toEqual([`kaizen.db.open-${process.pid}`]);
    closeDatabase(b);
    expect(markers(file)).toEqual([]);
  });

  it('after an unclean shutdown (the marker of a process that is gone) runs the full check, which refuses index damage', async () => {
    const file = await store();
    const bytes = damageAnIndex(file);
    // Without a marker the quick open lets this through (the background and `kaizen check` catch it) …
    closeDatabase(await openDatabase(file));
    expect(lastOpenCheck(file)?.check).toBe('quick_check');
    fs.writeFileSync(file, bytes);
    // … with the marker of a dead process the full check runs first and the file is not written to.
    const pid = deadPid();
    const marker = writeMarker(file, pid);
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DB_CORRUPT', message: expect.stringMatching(/missing from index scratch_k/) });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
    // The marker stays, so the next open checks in full again.
    expect(fs.existsSync(marker)).toBe(true);
  });

  it('clears the marker of a dead process once the full check passes; leaves a running process alone', async () => {
    const file = await store();
    const dead = writeMarker(file, deadPid());
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 20000)']);
    try {
      const live = writeMarker(file, child.pid!);
      const db = await openDatabase(file);
      expect(lastOpenCheck(file)).toEqual({ check: 'integrity_check', why: expect.stringMatching(/unclean shutdown.*stopped without closing/) });
      expect(fs.existsSync(dead)).toBe(false);
      closeDatabase(db);
      expect(fs.existsSync(live)).toBe(true);
      closeDatabase(await openDatabase(file));
      // Another process still running is no unclean shutdown: a quick open.
      expect(lastOpenCheck(file)?.check).toBe('quick_check');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('`kaizen check` runs the full check and reports index damage the quick open let through', async () => {
    const file = await store();
    damageAnIndex(file);
    const r = await runKaizen('check', '--data-dir', path.dirname(file), '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.out).integrity).toMatch(/missing from index scratch_k/);
  });

  it('the background full check after open warns on the bus and stops every write', async () => {
    const file = await store();
    damageAnIndex(file);
    const errors: string[] = [];
    const s = await tempServices({ dataDir: path.dirname(file), backgroundCheck: true, logger: { error: (m, e) => errors.push(`${m}: ${(e as Error).message}`) } });
    try {
      const warning = await new Promise<PushEvent>((resolve) => s.bus.on((e) => e.name === 'store-warning' && resolve(e)));
      expect(warning.payload).toEqual({ message: expect.stringMatching(/failed its full integrity check \(.*missing from index scratch_k.*\)\. Nothing more will be written/) });
      expect(errors).toHaveLength(1);
      // A window that connects later learns it from app-info (it missed the push).
      expect((await s.call('app-info', {})).storeWarning).toBe((warning.payload as { message: string }).message);
      await expect(s.call('event-create', { name: 'after the warning' })).rejects.toMatchObject({ code: 'READ_ONLY' });
      expect((await s.call('event-list', {})).map((e) => e.name)).not.toContain('after the warning');
    } finally {
      s.close();
    }
  });

  it('the background check runs in a worker with its own read-only connection: ok on a sound store, the damage otherwise', async () => {
    const file = await store();
    expect(await fullCheckInBackground(file).done).toBe('ok');
    damageAnIndex(file);
    expect(await fullCheckInBackground(file).done).toMatch(/missing from index scratch_k/);
  });
});
