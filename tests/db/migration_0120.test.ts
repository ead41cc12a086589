import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations/index';

const TABLES = ['control_plan_items', 'runbook_versions', 'runbooks'];

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= 120));
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  db.prepare(
    `INSERT INTO kpis (id, event_id, name, unit, direction, source, position, created_at, updated_at)
     VALUES ('k', 'e', 'p95 latency', 'ms', 'lower', '{"kind":"manual"}', 0, 't', 't')`,
  ).run();
  db.prepare("INSERT INTO runbooks (id, event_id, kind, created_at) VALUES ('r', 'e', 'rollback', 't')").run();
  return db;
}

const item = (db: Database.Database, id: string, over: Record<string, unknown> = {}) =>
  db
    .prepare(
      `INSERT INTO control_plan_items (id, event_id, kpi_id, owner_id, frequency, source_kind, reactions, escalations, runbook_id, position, created_at, updated_at)
       VALUES (@id, 'e', @kpi, NULL, @frequency, 'manual', @reactions, '[]', @runbook, 0, 't', 't')`,
    )
    .run({ id, kpi: 'k', frequency: 'daily', reactions: '[]', runbook: 'r', ...over });

describe('migration 0120-control-plan-runbooks', () => {
  it('creates STRICT tables for the control plan, runbooks and their versions', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(120);
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map(() => '?').join(',')}) ORDER BY name`)
      .all(...TABLES) as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('keeps one control-plan row per KPI, with a known frequency and JSON arrays for reactions', () => {
    const db = fresh();
    item(db, 'c1');
    expect(() => item(db, 'c2')).toThrow(/UNIQUE/);
    db.prepare("DELETE FROM control_plan_items WHERE id = 'c1'").run();
    expect(() => item(db, 'c3', { frequency: 'sometimes' })).toThrow(/CHECK constraint/);
    expect(() => item(db, 'c4', { reactions: '{"signal":1}' })).toThrow(/CHECK constraint/);
    expect(() => item(db, 'c5', { runbook: 'nope' })).toThrow(/FOREIGN KEY/);
  });

  it('drops the control-plan row with its KPI', () => {
    const db = fresh();
    item(db, 'c1');
    db.prepare("DELETE FROM kpis WHERE id = 'k'").run();
    expect(db.prepare('SELECT count(*) FROM control_plan_items').pluck().get()).toBe(0);
  });

  it('keeps runbook versions append-only and numbered once per runbook', () => {
    const db = fresh();
    const add = db.prepare("INSERT INTO runbook_versions (id, runbook_id, version, title, body, author, created_at) VALUES (?, 'r', ?, 'Rollback', '# Steps', 'Ana', 't')");
    add.run('v1', 1);
    expect(() => add.run('v2', 1)).toThrow(/UNIQUE/);
    expect(() => db.prepare("UPDATE runbook_versions SET body = 'x' WHERE id = 'v1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM runbook_versions WHERE id = 'v1'").run()).toThrow(/append-only/);
    expect(db.prepare("SELECT body FROM runbook_versions WHERE id = 'v1'").pluck().get()).toBe('# Steps');
  });
});
