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

describe('migration 0210-lifecycle', () => {
  it('adds lifecycle results (known kinds only) and DVC outputs (one per path and md5), removed with the event', () => {
    const db = upTo(200);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    migrate(db, migrations.filter((m) => m.version <= 210));
    expect(db.pragma('user_version', { simple: true })).toBe(210);
    db.prepare("INSERT INTO lifecycle_results (id, event_id, kind, title, result, created_at) VALUES ('r', 'e', 'early-stopping', 't', '{}', 't')").run();
    expect(() => db.prepare("INSERT INTO lifecycle_results (id, event_id, kind, title, result, created_at) VALUES ('r2', 'e', 'forecast', 't', '{}', 't')").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("UPDATE lifecycle_results SET pinned = 2").run()).toThrow(/CHECK constraint/);
    const dvc = db.prepare("INSERT INTO dvc_outputs (id, event_id, source_file, stage, path, md5, size, sha256, registered_at) VALUES (?, 'e', 'dvc.lock', 'prepare', 'data/a.csv', 'abc', 1, NULL, 't')");
    dvc.run('d1');
    expect(() => dvc.run('d2')).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT (SELECT count(*) FROM lifecycle_results) + (SELECT count(*) FROM dvc_outputs)').pluck().get()).toBe(0);
  });
});
