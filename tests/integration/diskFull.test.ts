import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { LOCK_FILE, acquireDataDirLock } from '../../main/dataDirLock';
import { verifyChangeLog } from '../../main/db/changeLog';
import { openDatabase } from '../../main/db/connection';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { bundleForNode } from '../helpers/bundle';
import { tempServices } from '../helpers/tempServices';
import { fillDisk, isRoot, leaveFree, mountTmpfs, unmount } from '../helpers/tmpfs';

const RESOURCES = path.resolve('resources');
const FULL = (folder: string) => `The disk holding ${folder} is full; free space and try again — nothing was lost`;

async function cli(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

// A small tmpfs is a disk we may fill: mounting one needs root (as in CI). An empty store is about 6 MB
// (one 32 KiB page per table and index).
describe.skipIf(!isRoot)('a full disk (tmpfs; needs root to mount)', () => {
  // A fresh small disk for each test; unmounted after it, whatever happened.
  let mnt = '';
  beforeEach(() => {
    mnt = mountTmpfs(16);
  });
  afterEach(() => {
    if (mnt) unmount(mnt);
    mnt = '';
  });

  it('answers DISK_FULL to every write, keeps what was saved, and still reads (events, check)', async () => {
    const dataDir = path.join(mnt, 'full');
    const filler = path.join(mnt, 'filler-1');
    const s = await tempServices({ dataDir, resourcesDir: RESOURCES });
    const saved = await s.call('event-create', { name: 'Saved before the disk filled', problemStatement: 'p95 latency' });
    await s.call('team-add', { eventId: saved.id, member: { name: 'Ada Lovelace', role: 'facilitator' } });
    s.close();
    fillDisk(filler);

    // The store opens on the full disk (nothing to write for that) and every read works.
    const full = await tempServices({ dataDir, resourcesDir: RESOURCES });
    expect((await full.call('event-list', {})).map((e) => e.name)).toEqual(['Saved before the disk filled']);
    expect((await full.call('team-list', { eventId: saved.id })).members.map((m) => m.name)).toEqual(['Ada Lovelace']);
    for (const [method, input] of [
      ['event-create', { name: 'Too late' }],
      ['event-update', { id: saved.id, patch: { problemStatement: 'x'.repeat(19_000) } }],
      ['team-add', { eventId: saved.id, member: { name: 'Grace Hopper', role: 'participant' } }],
      ['demo-create', {}],
    ] as const) {
      const r = await full.dispatch(method, input);
      expect(r, method).toEqual({ ok: false, error: { code: 'DISK_FULL', message: FULL(dataDir), details: { folder: dataDir } } });
    }
    full.close();

    // The CLI on the still-full disk: reading commands answer, writing ones say DISK_FULL with exit 2.
    const events = await cli(['events', '--data-dir', dataDir]);
    expect(events.err).toBe('');
    expect(events.code).toBe(0);
    expect(events.out).toContain('Saved before the disk filled');
    const check = await cli(['check', '--data-dir', dataDir, '--json']);
    expect(check.err).toBe('');
    expect(check.code).toBe(0);
    expect(JSON.parse(check.out)).toMatchObject({ integrity: 'ok', changeLogBrokenAt: null, events: 1 });
    const demo = await cli(['events', '--demo', '--data-dir', dataDir]);
    expect(demo).toEqual({ code: 2, out: '', err: `kaizen: ${FULL(dataDir)}` });

    // The real binary: one line on stderr and exit 2, never exit 70 with a stack trace.
    const bundle = await bundleForNode('main/cli/index.ts');
    const child = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(bundle)}).runCli()`, 'kaizen', 'events', '--demo', '--data-dir', dataDir], {
      encoding: 'utf8',
      env: { ...process.env, KAIZEN_RESOURCES_DIR: RESOURCES },
    });
    expect(child.stderr.trim()).toBe(`kaizen: ${FULL(dataDir)}`);
    expect(child.status).toBe(2);

    // Space again: nothing was lost and writing works.
    fs.rmSync(filler);
    const after = await tempServices({ dataDir, resourcesDir: RESOURCES });
    expect(after.db.pragma('integrity_check', { simple: true })).toBe('ok');
    await after.call('event-create', { name: 'After freeing space' });
    expect((await after.call('event-list', {})).map((e) => e.name).sort()).toEqual(['After freeing space', 'Saved before the disk filled']);
    after.close();
  });

  it('kaizen serve and the app still start on a full disk: the data-folder lock gives way, leaving no empty lock behind', async () => {
    const dataDir = path.join(mnt, 'locked');
    const s = await tempServices({ dataDir, resourcesDir: RESOURCES });
    await s.call('event-create', { name: 'Readable on a full disk' });
    s.close();
    fillDisk(path.join(mnt, 'filler-lock'));
    const lock = acquireDataDirLock(dataDir, 'kaizen serve');
    expect(lock.unwritable).toBe('the disk is full');
    expect(fs.existsSync(path.join(dataDir, LOCK_FILE))).toBe(false);
    // The store still opens for reading behind it.
    const full = await tempServices({ dataDir, resourcesDir: RESOURCES });
    expect((await full.call('event-list', {})).map((e) => e.name)).toEqual(['Readable on a full disk']);
    full.close();
    lock.release();
  });

  it('creates the demo all or nothing: a disk that fills during the sample-log import leaves no partial event', async () => {
    const dataDir = path.join(mnt, 'demo');
    const filler = path.join(mnt, 'filler-2');
    const s = await tempServices({ dataDir, resourcesDir: RESOURCES });
    const kept = await s.call('event-create', { name: 'Kept' });
    s.close();
    fillDisk(filler);
    // Room for the demo's 2 MiB reserve, the charter, team and checklist — not for the 5.6 MB inference log.
    leaveFree(filler, 3 * 1024 * 1024);
    const t = await tempServices({ dataDir, resourcesDir: RESOURCES });
    const r = await t.dispatch('demo-create', {});
    expect(r).toMatchObject({ ok: false, error: { code: 'DISK_FULL', message: FULL(dataDir) } });
    const db = t.db;
    expect(db.prepare('SELECT id, name FROM events').all()).toEqual([{ id: kept.id, name: 'Kept' }]);
    expect(db.prepare('SELECT count(*) FROM team_members').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM datasets').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM dataset_versions').pluck().get()).toBe(0);
    // The charter and team had been written (then removed): the change log says so.
    expect(db.prepare("SELECT entity, action FROM change_log WHERE action = 'discard'").all()).toEqual([{ entity: 'event', action: 'discard' }]);
    expect(fs.existsSync(path.join(dataDir, 'demo-reserve.tmp'))).toBe(false);
    t.close();
    fs.rmSync(filler);
    // With space again, the store is whole: no table of the failed import is left (the importer drops one it
    // could not drop on the full disk at the next start), the change log chain is intact.
    const again = await tempServices({ dataDir, resourcesDir: RESOURCES });
    expect(again.db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(again.db.prepare("SELECT count(*) FROM sqlite_schema WHERE name LIKE 'ds_%'").pluck().get()).toBe(0);
    expect(verifyChangeLog(again.db)).toBeNull();
    expect((await again.call('event-list', {})).map((e) => e.name)).toEqual(['Kept']);
    again.close();
  });

  it('refuses to migrate on a full disk without leaving a backup or touching the store', async () => {
    const dataDir = path.join(mnt, 'old');
    const filler = path.join(mnt, 'filler-3');
    fs.mkdirSync(dataDir);
    const file = path.join(dataDir, 'kaizen.db');
    const old = new Database(file);
    migration0010.up(old);
    old.pragma('user_version = 10');
    old.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e1', 'Kept', 't', 't')").run();
    old.close();
    const before = fs.readFileSync(file);
    fillDisk(filler);
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DISK_FULL', message: FULL(dataDir) });
    expect(fs.readdirSync(dataDir).filter((f) => f.includes('.bak-'))).toEqual([]);
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    fs.rmSync(filler);
  });
});
