import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0080 } from '../../main/db/migrations/0080-reports';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0080]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  return db;
}

describe('migration 0080-reports', () => {
  it('creates STRICT report_a3 and report_settings tables and sets user_version 80', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(80);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'report_%' ORDER BY name").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['report_a3', 'report_settings']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('refuses a paper size other than A3/A4 and a non-boolean BOM flag', () => {
    const db = fresh();
    expect(() => db.prepare("INSERT INTO report_a3 (event_id, paper, updated_at) VALUES ('e', 'Letter', 't')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO report_settings (event_id, bom, updated_at) VALUES ('e', 2, 't')").run()).toThrow(/CHECK/);
  });

  it('deletes an event\'s A3 and report settings with the event', () => {
    const db = fresh();
    db.prepare("INSERT INTO report_a3 (event_id, edited, updated_at) VALUES ('e', '{\"goal\":\"x\"}', 't')").run();
    db.prepare("INSERT INTO report_settings (event_id, sections, updated_at) VALUES ('e', '[\"team\"]', 't')").run();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM report_a3').pluck().get()).toBe(0);
    expect(db.prepare('SELECT count(*) FROM report_settings').pluck().get()).toBe(0);
  });
});
