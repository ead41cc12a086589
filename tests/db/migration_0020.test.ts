import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0020 } from '../../main/db/migrations/0020-datasets';

function fresh(): Database.Database {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0020]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  db.prepare("INSERT INTO datasets (id, event_id, name, created_at) VALUES ('d', 'e', 'Inference log', 't')").run();
  db.prepare(
    `INSERT INTO dataset_versions (id, dataset_id, version, table_name, mode, own_rows, row_count, rejected_count, sha256, file_name, file_size, columns, imported_at)
     VALUES ('v1', 'd', 1, 'ds_v1', 'full', 3, 3, 1, 'abc', 'a.csv', 10, '[]', 't')`,
  ).run();
  return db;
}

describe('migration 0020-datasets', () => {
  it('creates STRICT tables for datasets, versions, quarantine, lineage and salts; user_version 20', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name LIKE 'dataset%' OR name = 'event_salts' ORDER BY name").all() as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(['dataset_quarantine', 'dataset_uses', 'dataset_versions', 'datasets', 'event_salts']);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('one version number per dataset; mode is full or append', () => {
    const db = fresh();
    const ins = (id: string, version: number, mode: string) =>
      db.prepare(`INSERT INTO dataset_versions (id, dataset_id, version, table_name, mode, own_rows, row_count, rejected_count, sha256, file_name, file_size, columns, imported_at) VALUES (?, 'd', ?, 'ds_x', ?, 0, 0, 0, '', 'f', 0, '[]', 't')`).run(id, version, mode);
    expect(() => ins('v1b', 1, 'full')).toThrow(/UNIQUE/);
    expect(() => ins('v2', 2, 'merge')).toThrow(/CHECK/);
  });

  it('deleting the event cascades to datasets, versions, quarantine, uses and the salt', () => {
    const db = fresh();
    db.prepare("INSERT INTO dataset_quarantine (version_id, line, column_name, value, reason, rule) VALUES ('v1', 3, 'x', '-1', 'below', 'x: min 0')").run();
    db.prepare("INSERT INTO dataset_uses (version_id, used_by, label, at) VALUES ('v1', 'kpi:1', 'KPI', 't')").run();
    db.prepare("INSERT INTO event_salts (event_id, salt) VALUES ('e', 's')").run();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    for (const t of ['datasets', 'dataset_versions', 'dataset_quarantine', 'dataset_uses', 'event_salts']) {
      expect(db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get()).toBe(0);
    }
  });
});
