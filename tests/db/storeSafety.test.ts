import { spawn } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { verifyChangeLog } from '../../main/db/changeLog';
import { closeDatabase, openDatabase } from '../../main/db/connection';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { writeFileAtomic } from '../../main/reports/atomicWrite';
import { createDemoEvent, demoExtensions } from '../../main/services/demo/createDemo';
import type { DemoExtension } from '../../main/services/demo/createDemo';
import { importDataset } from '../../main/services/datasets/handlers';
import { bundleForNode } from '../helpers/bundle';
import { tempDir, tempServices } from '../helpers/tempServices';

/** An old (schema 10) store of about `megabytes`, so opening it migrates and takes a backup first. */
function oldStore(megabytes: number): string {
  const file = path.join(tempDir(), 'kaizen.db');
  const old = new Database(file);
  migration0010.up(old);
  old.pragma('user_version = 10');
  const insert = old.prepare('INSERT INTO events (id, name, problem_statement, created_at, updated_at) VALUES (?, ?, ?, ?, ?)');
  old.transaction(() => {
    for (let i = 0; i < megabytes * 100; i++) insert.run(`e${i}`, `Event ${i}`, 'p'.repeat(10_000), 't', 't');
  })();
  old.close();
  return file;
}

const finalBackups = (dir: string) => fs.readdirSync(dir).filter((n) => /^kaizen\.db\.bak-v10-[^.]+$/.test(n));
const partialBackups = (dir: string) => fs.readdirSync(dir).filter((n) => n.includes('.partial'));

describe('the backup taken before migrating', () => {
  it('is never left half-written under its final name when the process is killed mid-copy; the next open removes the partial', async () => {
    const file = oldStore(40);
    const dir = path.dirname(file);
    const script = await bundleForNode('tests/fixtures/store/migrateKilled.ts');
    const child = spawn(process.execPath, [script, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    await new Promise((resolve) => child.on('exit', resolve));
    expect(err).toBe('');
    expect(out).toMatch(/^copying kaizen\.db\.bak-v10-.+\.partial$/m);
    expect(child.signalCode).toBe('SIGKILL');
    // Killed mid-copy: the partial copy is there, nothing carries a backup's final name, the store is untouched.
    expect(partialBackups(dir).length).toBeGreaterThan(0);
    expect(finalBackups(dir)).toEqual([]);

    const db = await openDatabase(file, { now: () => new Date('2026-12-01T10:00:00Z') });
    expect(db.prepare('SELECT count(*) FROM events').pluck().get()).toBe(4000);
    closeDatabase(db);
    expect(partialBackups(dir)).toEqual([]);
    const backups = finalBackups(dir);
    expect(backups).toEqual(['kaizen.db.bak-v10-2026-12-01T10-00-00-000Z']);
    const copy = new Database(path.join(dir, backups[0]!), { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.pragma('user_version', { simple: true })).toBe(10);
    expect(copy.prepare('SELECT count(*) FROM events').pluck().get()).toBe(4000);
    copy.close();
  });
});

describe('deleted data and durability settings', () => {
  it('overwrites a removed team member: the name is in neither kaizen.db nor its WAL afterwards', async () => {
    const s = await tempServices();
    const e = await s.call('event-create', { name: 'Workshop' });
    const name = 'Quillfeather Zyxwvut-7f3a9c';
    const m = await s.call('team-add', { eventId: e.id, member: { name, role: 'participant' } });
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    const file = path.join(s.dataDir, 'kaizen.db');
    expect(fs.readFileSync(file).includes(name)).toBe(true);
    await s.call('team-remove', { id: m.id });
    s.close();
    for (const f of [file, `${file}-wal`]) {
      if (fs.existsSync(f)) expect(fs.readFileSync(f).includes(name), f).toBe(false);
    }
  });

  it('opens the event store with secure_delete on and synchronous=FULL', async () => {
    const s = await tempServices();
    expect(s.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(s.db.pragma('synchronous', { simple: true })).toBe(2);
    s.close();
  });

  it('flushes the folder after an atomic rename (writeFileAtomic: reports, the window state)', () => {
    const dir = tempDir();
    const target = path.join(dir, 'report.html');
    // Which path each fsync flushed: the path most recently opened under that descriptor.
    const byFd = new Map<number, string>();
    const synced: string[] = [];
    const realOpen = fs.openSync;
    const realFsync = fs.fsyncSync;
    const open = vi.spyOn(fs, 'openSync').mockImplementation(((...args: Parameters<typeof fs.openSync>) => {
      const fd = realOpen(...args);
      byFd.set(fd, String(args[0]));
      return fd;
    }) as typeof fs.openSync);
    const fsync = vi.spyOn(fs, 'fsyncSync').mockImplementation((fd: number) => {
      synced.push(byFd.get(fd) ?? '?');
      realFsync(fd);
    });
    try {
      writeFileAtomic(target, Buffer.from('<html>'));
    } finally {
      open.mockRestore();
      fsync.mockRestore();
    }
    expect(fs.readFileSync(target, 'utf8')).toBe('<html>');
    // The temporary file first, then the folder, after the rename.
    expect(synced).toHaveLength(2);
    expect(synced[0]).toMatch(/\.report\.html\.[0-9a-f]+\.partial$/);
    expect(synced[1]).toBe(dir);
  });
});

describe('creating the demo', () => {
  const original = [...demoExtensions];
  afterEach(() => {
    demoExtensions.splice(0, demoExtensions.length, ...original);
  });

  it('is all or nothing: a failing step removes the event, its team and the datasets already imported', async () => {
    const s = await tempServices({ resourcesDir: path.resolve('resources') });
    const kept = await s.call('event-create', { name: 'Kept' });
    const importRuns: DemoExtension = async (ctx, eventId) => {
      const file = path.join(ctx.resourcesDir, 'demo', 'pipeline-runs.csv');
      await importDataset(
        ctx,
        { eventId, source: { kind: 'path', path: file }, name: 'Pipeline runs', options: { encoding: 'auto' }, append: false, dryRun: false },
        { file, displayName: 'pipeline-runs.csv' },
      );
    };
    const fail: DemoExtension = (ctx) => {
      // The step got as far as the datasets: one is imported, as its own committed transaction.
      expect(ctx.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'ds_%'").pluck().get()).toBe(1);
      throw new Error('the disk refused the KPI demo');
    };
    demoExtensions.splice(0, demoExtensions.length, importRuns, fail);
    await expect(createDemoEvent(s.ctx)).rejects.toThrow('the disk refused the KPI demo');
    expect(s.db.prepare('SELECT id FROM events').pluck().all()).toEqual([kept.id]);
    for (const table of ['team_members', 'checklist_items', 'datasets', 'dataset_versions']) {
      expect(s.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get(), table).toBe(0);
    }
    expect(s.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'ds_%'").pluck().get()).toBe(0);
    expect(s.db.prepare('SELECT entity, action FROM change_log ORDER BY seq').all()).toEqual([
      { entity: 'dataset', action: 'import' },
      { entity: 'event', action: 'discard' },
    ]);
    expect(verifyChangeLog(s.db)).toBeNull();
    expect(s.db.pragma('secure_delete', { simple: true })).toBe(1);
    expect(s.db.pragma('foreign_key_check')).toEqual([]);
    s.close();
  });
});
