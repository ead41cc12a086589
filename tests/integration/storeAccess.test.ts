import { spawnSync } from 'node:child_process';
import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../main/cli/index';
import { bundleForNode } from '../helpers/bundle';
import { tempDir, tempServices } from '../helpers/tempServices';
import { isRoot, mountTmpfs, remount, unmount } from '../helpers/tmpfs';

const NOBODY = 65534;
const cannotWrite = (folder: string, reason: string) =>
  `Kaizen Studio cannot write to ${folder} (${reason}). Nothing was changed: make the folder writable or choose another data folder (--data-dir or KAIZEN_DATA_DIR).`;

describe('a busy store', () => {
  it('answers BUSY to a write while another connection holds the store, and the same call succeeds once it is released', async () => {
    const s = await tempServices();
    const held = await s.call('event-create', { name: 'Held' });
    const other = new Database(path.join(s.dataDir, 'kaizen.db'));
    try {
      s.db.pragma('busy_timeout = 100');
      other.exec('BEGIN IMMEDIATE');
      other.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('held', 'Held by the other writer', 't', 't')").run();
      const busy = await s.dispatch('event-create', { name: 'During the long write' });
      expect(busy).toEqual({
        ok: false,
        error: {
          code: 'BUSY',
          message: 'The store is busy with another program or window — try again in a moment; nothing was lost',
          details: { with: 'another program or window' },
        },
      });
      // While this process runs an import, the message says so.
      const job = s.ctx.jobs.start('job-1', 'import');
      const during = await s.dispatch('team-add', { eventId: held.id, member: { name: 'Ada' } });
      expect(during).toMatchObject({ ok: false, error: { code: 'BUSY', message: 'The store is busy with an import — try again in a moment; nothing was lost' } });
      job.finish(true);
      other.exec('COMMIT');
      const ok = await s.dispatch('event-create', { name: 'During the long write' });
      expect(ok).toMatchObject({ ok: true, value: { name: 'During the long write' } });
      expect((await s.call('event-list', {})).map((e) => e.name).sort()).toEqual(['During the long write', 'Held', 'Held by the other writer']);
    } finally {
      other.close();
      s.close();
    }
  });
});

// Root ignores permission bits, so a read-only folder is a tmpfs remounted read-only (mounting needs root).
describe.skipIf(!isRoot)('a read-only data folder (tmpfs remounted read-only; needs root)', () => {
  let mnt = '';
  afterEach(() => {
    if (mnt) unmount(mnt);
    mnt = '';
  });

  it('says the folder cannot be written — for the store, for a folder it cannot create, and in the CLI', async () => {
    mnt = mountTmpfs(16);
    const dataDir = path.join(mnt, 'data');
    const s = await tempServices({ dataDir });
    await s.call('event-create', { name: 'Saved earlier' });
    s.close();
    const before = fs.readFileSync(path.join(dataDir, 'kaizen.db'));
    remount(mnt, 'ro');

    await expect(tempServices({ dataDir })).rejects.toMatchObject({ code: 'READ_ONLY', message: cannotWrite(dataDir, 'read-only') });
    const missing = path.join(mnt, 'new', 'data');
    await expect(tempServices({ dataDir: missing })).rejects.toMatchObject({ code: 'READ_ONLY', message: cannotWrite(missing, 'read-only') });

    const err: string[] = [];
    const exit = await main(['check', '--data-dir', dataDir], { out: () => undefined, err: (t) => err.push(t) });
    expect({ exit, err }).toEqual({ exit: 2, err: [`kaizen: ${cannotWrite(dataDir, 'read-only')}`] });
    expect(fs.readFileSync(path.join(dataDir, 'kaizen.db')).equals(before)).toBe(true);
  });
});

// Permission bits need a user they apply to: a child process that drops root for `nobody`.
describe.skipIf(!isRoot)('a data folder another user owns (child process as nobody; needs root to switch user)', () => {
  let script = '';
  beforeAll(async () => {
    script = await bundleForNode('tests/fixtures/store/openAs.ts');
  });

  function openAsNobody(dataDir: string): { open: { ok: boolean; code?: string; message?: string }; check: { exit: number; err: string } } {
    const r = spawnSync(process.execPath, [script, dataDir, String(NOBODY)], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    return JSON.parse(r.stdout) as ReturnType<typeof openAsNobody>;
  }

  /** A store root made, in a folder only root may write (mode 0755). */
  async function rootsStore(): Promise<string> {
    const base = tempDir();
    fs.chmodSync(base, 0o755);
    const dataDir = path.join(base, 'data');
    const s = await tempServices({ dataDir });
    await s.call('event-create', { name: "Root's event" });
    s.close();
    fs.chmodSync(dataDir, 0o755);
    return dataDir;
  }

  it('the folder is not writable: READ_ONLY (permission denied), not "could not be read as a database"', async () => {
    const dataDir = await rootsStore();
    const r = openAsNobody(dataDir);
    expect(r.open).toEqual({ ok: false, code: 'READ_ONLY', message: cannotWrite(dataDir, 'permission denied') });
    expect(r.check).toEqual({ exit: 2, err: `kaizen: ${cannotWrite(dataDir, 'permission denied')}` });
  });

  it('kaizen.db is read-only (chmod 444) in a folder the user owns', async () => {
    const dataDir = await rootsStore();
    fs.chownSync(dataDir, NOBODY, NOBODY);
    fs.chmodSync(path.join(dataDir, 'kaizen.db'), 0o444);
    const r = openAsNobody(dataDir);
    expect(r.open).toEqual({ ok: false, code: 'READ_ONLY', message: cannotWrite(dataDir, 'permission denied') });
    expect(r.check.exit).toBe(2);
  });

  it('the folder cannot be created (its parent is not writable)', async () => {
    const base = tempDir();
    fs.chmodSync(base, 0o755);
    const dataDir = path.join(base, 'kaizen', 'data');
    const r = openAsNobody(dataDir);
    expect(r.open).toEqual({ ok: false, code: 'READ_ONLY', message: cannotWrite(dataDir, 'permission denied') });
    expect(fs.existsSync(path.join(base, 'kaizen'))).toBe(false);
  });
});
