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

const schedule = (db: Database.Database, id: string, due = '2026-12-13') =>
  db.prepare("INSERT INTO review_schedule (id, event_id, title, due_date, offset_days, created_at, updated_at) VALUES (?, 'e', '30-day review', ?, 30, 't', 't')").run(id, due);
const result = (db: Database.Database, id: string, reviewId: string, verdicts = '[]') =>
  db
    .prepare("INSERT INTO review_results (id, event_id, review_id, since, dataset_versions, numbers, verdicts, author, created_at) VALUES (?, 'e', ?, '2026-12-01', '[]', '{}', ?, 'Priya', 't')")
    .run(id, reviewId, verdicts);

describe('migration 0140-reviews', () => {
  it('adds the review schedule and append-only review results on an existing store', () => {
    const db = upTo(130);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    migrate(db, migrations.filter((m) => m.version <= 140));
    expect(db.pragma('user_version', { simple: true })).toBe(140);
    schedule(db, 'r30');
    result(db, 'res1', 'r30', '[{"kpi":"p95","verdict":"sustained"}]');
    expect(db.prepare('SELECT review_id, attendees, notes, next_steps FROM review_results').get()).toEqual({ review_id: 'r30', attendees: '[]', notes: '', next_steps: '[]' });
    expect(() => db.prepare("UPDATE review_results SET notes = 'changed' WHERE id = 'res1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM review_results WHERE id = 'res1'").run()).toThrow(/append-only/);
    // The schedule row a result belongs to cannot go; one without results can be moved or removed.
    expect(() => db.prepare("DELETE FROM review_schedule WHERE id = 'r30'").run()).toThrow(/FOREIGN KEY/);
    schedule(db, 'r60', '2027-01-12');
    db.prepare("UPDATE review_schedule SET due_date = '2027-01-15' WHERE id = 'r60'").run();
    db.prepare("DELETE FROM review_schedule WHERE id = 'r60'").run();
  });

  it('rejects a due date that is not YYYY-MM-DD and result fields that are not the JSON kinds expected', () => {
    const db = upTo(140);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    expect(() => schedule(db, 'bad', '13 Dec')).toThrow(/CHECK constraint/);
    schedule(db, 'r30');
    expect(() => result(db, 'x', 'r30', '{}')).toThrow(/CHECK constraint/);
    expect(() => result(db, 'y', 'missing')).toThrow(/FOREIGN KEY/);
  });
});
