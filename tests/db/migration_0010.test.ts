import Database from 'better-sqlite3';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { tempDir } from '../helpers/tempServices';

describe('migration 0010-initial-schema', () => {
  it('creates STRICT tables for events, team, checklist, change log and settings, and sets user_version 10', () => {
    const db = new Database(path.join(tempDir(), 'm.db'));
    db.pragma('foreign_keys = ON');
    expect(migrate(db, [migration0010])).toEqual({ from: 0, to: 10 });
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['change_log', 'checklist_items', 'events', 'settings', 'team_members']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
    db.close();
  });

  it('rejects a value of the wrong type (STRICT) and cascades deletes to the team', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, [migration0010]);
    expect(() =>
      db.prepare("INSERT INTO events (id, name, created_at, updated_at, is_demo) VALUES ('e', 'n', 't', 't', 'yes')").run(),
    ).toThrow(/cannot store TEXT value in INTEGER column/);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    db.prepare("INSERT INTO team_members (id, event_id, name, role, position) VALUES ('m', 'e', 'Ann', 'sponsor', 1)").run();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM team_members').pluck().get()).toBe(0);
  });

  it('is not applied twice', () => {
    const db = new Database(':memory:');
    migrate(db, [migration0010]);
    expect(migrate(db, [migration0010])).toEqual({ from: 10, to: 10 });
  });
});
