import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0040 } from '../../main/db/migrations/0040-vsm';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0040]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  db.prepare("INSERT INTO vsm_maps (id, event_id, name, kind, created_at, updated_at) VALUES ('m', 'e', 'Current', 'current', 't', 't')").run();
  return db;
}

describe('migration 0040-vsm', () => {
  it('creates STRICT map, stage and burst tables and sets user_version 40', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(40);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'vsm_%' ORDER BY name").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['vsm_bursts', 'vsm_maps', 'vsm_stages']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('refuses a bad unit, a %C&A above 100 and a rework share of 1', () => {
    const db = fresh();
    const ins = (cols: string, vals: string) => db.prepare(`INSERT INTO vsm_stages (id, map_id, position, name, ${cols}) VALUES ('s', 'm', 0, 'x', ${vals})`).run();
    expect(() => ins('pt_value, pt_unit', "1, 'weeks'")).toThrow(/CHECK/);
    expect(() => ins('ca', '120')).toThrow(/CHECK/);
    expect(() => ins('rework_share', '1')).toThrow(/CHECK/);
    expect(() => ins('pt_value', "'fast'")).toThrow(/cannot store TEXT/);
  });

  it('cascades an event delete and keeps a burst when its stage goes', () => {
    const db = fresh();
    db.prepare("INSERT INTO vsm_stages (id, map_id, position, name) VALUES ('s', 'm', 0, 'Training')").run();
    db.prepare("INSERT INTO vsm_bursts (id, map_id, stage_id, title, position) VALUES ('b', 'm', 's', 'Cache features', 1)").run();
    db.prepare("DELETE FROM vsm_stages WHERE id = 's'").run();
    expect(db.prepare("SELECT stage_id FROM vsm_bursts WHERE id = 'b'").pluck().get()).toBeNull();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT COUNT(*) FROM vsm_maps').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM vsm_bursts').pluck().get()).toBe(0);
  });
});
