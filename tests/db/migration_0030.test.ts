import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0030 } from '../../main/db/migrations/0030-kpis';

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0030]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  return db;
}

const insertKpi = "INSERT INTO kpis (id, event_id, name, direction, source, position, created_at, updated_at) VALUES (?, 'e', 'p95', ?, '{\"kind\":\"manual\"}', 1, 't', 't')";

describe('migration 0030-kpis', () => {
  it('creates STRICT kpi tables and sets user_version 30', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(30);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'kpi%' ORDER BY name").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['kpi_entries', 'kpi_series_cache', 'kpis']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });
  it('rejects an unknown direction and cascades deletes to entries and cache', () => {
    const db = fresh();
    expect(() => db.prepare(insertKpi).run('bad', 'sideways')).toThrow(/CHECK/);
    db.prepare(insertKpi).run('k', 'lower');
    db.prepare("INSERT INTO kpi_entries (id, kpi_id, date, value, created_at) VALUES ('x', 'k', '2026-11-01', 3.5, 't')").run();
    db.prepare("INSERT INTO kpi_series_cache (kpi_id, version_id, source_key, points, computed_at) VALUES ('k', 'v', 's', '[]', 't')").run();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT COUNT(*) FROM kpi_entries').pluck().get()).toBe(0);
    expect(db.prepare('SELECT COUNT(*) FROM kpi_series_cache').pluck().get()).toBe(0);
  });
});
