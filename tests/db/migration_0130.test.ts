import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations/index';

function upTo(version: number) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= version));
  return db;
}

const insert = (db: Database.Database, id: string, status: string, updatedAt: string) =>
  db
    .prepare("INSERT INTO actions (id, event_id, title, status, created_at, updated_at) VALUES (?, 'e', 'Cache scores', ?, '2026-11-01T09:00:00Z', ?)")
    .run(id, status, updatedAt);

describe('migration 0130-action-evidence', () => {
  it('adds the done date and the verification record, dating actions already done by their last update', () => {
    const db = upTo(120);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    insert(db, 'a-done', 'done', '2026-11-12T15:30:00Z');
    insert(db, 'a-open', 'planned', '2026-11-13T10:00:00Z');
    migrate(db, migrations.filter((m) => m.version <= 130));
    expect(db.pragma('user_version', { simple: true })).toBe(130);
    const rows = db.prepare('SELECT id, done_date, verification FROM actions ORDER BY id').all();
    expect(rows).toEqual([
      { id: 'a-done', done_date: '2026-11-12', verification: null },
      { id: 'a-open', done_date: null, verification: null },
    ]);
  });

  it('rejects a done date that is not YYYY-MM-DD and a verification that is not a JSON object', () => {
    const db = upTo(130);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    insert(db, 'a', 'done', 't');
    expect(() => db.prepare("UPDATE actions SET done_date = '12 Nov' WHERE id = 'a'").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE actions SET verification = '[1]' WHERE id = 'a'").run()).toThrow(/CHECK constraint/);
    db.prepare(`UPDATE actions SET done_date = '2026-11-12', verification = '{"by":"override"}' WHERE id = 'a'`).run();
    expect(db.prepare("SELECT done_date FROM actions WHERE id = 'a'").pluck().get()).toBe('2026-11-12');
  });
});
