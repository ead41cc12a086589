import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0050 } from '../../main/db/migrations/0050-analysis';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0050]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  return db;
}
const insert = (db: Database.Database, kind: string, pinned = 0) =>
  db.prepare("INSERT INTO analysis_results (id, event_id, kind, title, result, created_at, pinned) VALUES (?, 'e', ?, 't', '{}', 't', ?)").run(`${kind}-${pinned}`, kind, pinned);

describe('migration 0050-analysis', () => {
  it('creates a STRICT analysis_results table and sets user_version 50', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(50);
    const sql = db.prepare("SELECT sql FROM sqlite_master WHERE name = 'analysis_results'").pluck().get() as string;
    expect(sql).toMatch(/\)\s*STRICT$/);
  });
  it('accepts the known kinds and refuses others and non-boolean pinned flags', () => {
    const db = fresh();
    for (const k of ['latency', 'drift', 'drift-series', 'confidence', 'fairness', 'whatif', 'models']) insert(db, k);
    expect(() => insert(db, 'astrology')).toThrow(/CHECK/);
    expect(() => insert(db, 'drift', 2)).toThrow(/CHECK/);
  });
  it('deletes an event\'s results with the event', () => {
    const db = fresh();
    insert(db, 'drift', 1);
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM analysis_results').pluck().get()).toBe(0);
  });
});
