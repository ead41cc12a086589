import Database from 'better-sqlite3';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, closeDatabase } from '../../main/db/connection';
import { latestVersion } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { tempDir, tempServices } from '../helpers/tempServices';

const LATEST = latestVersion(migrations);

describe('opening the store', () => {
  it('creates kaizen.db in the data folder with WAL and foreign keys on', async () => {
    const s = await tempServices();
    expect(fs.existsSync(path.join(s.dataDir, 'kaizen.db'))).toBe(true);
    expect(s.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(s.db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(s.db.pragma('user_version', { simple: true })).toBe(LATEST);
    s.close();
  });

  it("gives a new store 32 KiB pages and keeps an existing store's page size", async () => {
    const s = await tempServices();
    expect(s.db.pragma('page_size', { simple: true })).toBe(32_768);
    s.close();
    const dir = tempDir();
    const file = path.join(dir, 'old.db');
    const old = new Database(file);
    old.pragma('journal_mode = WAL');
    old.exec('CREATE TABLE t (x)');
    old.close();
    const db = await openDatabase(file);
    expect(db.pragma('page_size', { simple: true })).toBe(4096);
    expect(db.pragma('user_version', { simple: true })).toBe(LATEST);
    closeDatabase(db);
  });

  it('refuses a database written by a newer app and leaves it byte-for-byte untouched', async () => {
    const file = path.join(tempDir(), 'kaizen.db');
    const raw = new Database(file);
    raw.exec('CREATE TABLE future (x INTEGER) STRICT');
    raw.pragma(`user_version = ${LATEST + 1000}`);
    raw.close();
    const before = fs.readFileSync(file);
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DB_NEWER', message: expect.stringMatching(/newer Kaizen Studio/) });
    expect(fs.readFileSync(file).equals(before)).toBe(true);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['kaizen.db']);
  });

  it('refuses a file that is not SQLite with a clear message and never overwrites it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kaizen.db');
    const junk = Buffer.from('these are my meeting notes, definitely not a database\n'.repeat(20));
    fs.writeFileSync(file, junk);
    await expect(tempServices({ dataDir: dir })).rejects.toMatchObject({
      code: 'DB_CORRUPT',
      message: expect.stringMatching(/is not an SQLite database.*left untouched.*another data folder/s),
    });
    expect(fs.readFileSync(file).equals(junk)).toBe(true);
  });

  it('refuses a damaged SQLite file (integrity check) without touching it', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kaizen.db');
    const s = await tempServices({ dataDir: dir });
    for (let i = 0; i < 300; i++) await s.call('event-create', { name: `Event ${i}`, problemStatement: 'x'.repeat(400) });
    const pageSize = s.db.pragma('page_size', { simple: true }) as number;
    const root = s.db.prepare("SELECT rootpage FROM sqlite_schema WHERE name = 'events'").pluck().get() as number;
    s.close();
    const bytes = fs.readFileSync(file);
    // Scribble over the events table's root page, keeping the header so it still looks like SQLite.
    bytes.fill(0x5a, (root - 1) * pageSize, root * pageSize);
    fs.writeFileSync(file, bytes);
    await expect(openDatabase(file)).rejects.toMatchObject({ code: 'DB_CORRUPT' });
    expect(fs.readFileSync(file).equals(bytes)).toBe(true);
  });

  it('takes a backup copy before migrating an older database', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'kaizen.db');
    const old = new Database(file);
    migration0010.up(old);
    old.pragma('user_version = 10');
    old.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e1', 'Kept', 't', 't')").run();
    old.close();
    const db = await openDatabase(file, { now: () => new Date('2026-11-27T10:00:00Z') });
    const backups = fs.readdirSync(dir).filter((f) => f.startsWith('kaizen.db.bak-v10-'));
    if (LATEST > 10) {
      expect(backups).toHaveLength(1);
      const copy = new Database(path.join(dir, backups[0]!), { readonly: true });
      expect(copy.pragma('user_version', { simple: true })).toBe(10);
      expect(copy.prepare('SELECT name FROM events').pluck().get()).toBe('Kept');
      copy.close();
    } else {
      expect(backups).toHaveLength(0);
    }
    expect(db.prepare('SELECT name FROM events').pluck().get()).toBe('Kept');
    closeDatabase(db);
  });
});
