import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0100 } from '../../main/db/migrations/0100-registry';

const TABLES = ['model_cards', 'model_evidence', 'model_stage_changes', 'model_versions', 'registry_models', 'registry_policies', 'rollback_plans', 'rollback_rehearsals'];

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0100]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  db.prepare("INSERT INTO registry_models (id, event_id, name, created_at, created_by) VALUES ('m', 'e', 'fraud', 't', 'Tomás')").run();
  db.prepare("INSERT INTO model_versions (id, model_id, version, created_at, created_by) VALUES ('v', 'm', 'fraud-v3.1', 't', 'Tomás')").run();
  return db;
}

describe('migration 0100-registry', () => {
  it('creates the STRICT registry tables', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [migration0010, migration0100])).toEqual({ from: 0, to: 100 });
    const tables = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map(() => '?').join(',')}) ORDER BY name`).all(...TABLES) as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('refuses UPDATE and DELETE on every registry table (append-only history)', () => {
    const db = fresh();
    db.prepare("INSERT INTO model_stage_changes (id, model_id, version_id, to_stage, kind, at, actor_name) VALUES ('s', 'm', 'v', 'production', 'promote', 't', 'Tomás')").run();
    expect(() => db.prepare("UPDATE model_stage_changes SET to_stage = 'archived' WHERE id = 's'").run()).toThrow(/stage history is append-only/);
    expect(() => db.prepare("DELETE FROM model_stage_changes WHERE id = 's'").run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE model_versions SET version = 'x' WHERE id = 'v'").run()).toThrow(/Model versions are append-only/);
    expect(() => db.prepare("DELETE FROM registry_models WHERE id = 'm'").run()).toThrow(/append-only/);
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").pluck().all() as string[];
    for (const t of TABLES) expect(triggers).toEqual(expect.arrayContaining([`${t}_no_update`, `${t}_no_delete`]));
  });

  it('keeps model names unique per event and versions unique per model; checks stages and hashes', () => {
    const db = fresh();
    expect(() => db.prepare("INSERT INTO registry_models (id, event_id, name, created_at, created_by) VALUES ('m2', 'e', 'fraud', 't', 'x')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO model_versions (id, model_id, version, created_at, created_by) VALUES ('v2', 'm', 'fraud-v3.1', 't', 'x')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO model_versions (id, model_id, version, artifact_sha256, created_at, created_by) VALUES ('v3', 'm', 'b', 'abc', 't', 'x')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO model_stage_changes (id, model_id, version_id, to_stage, kind, at, actor_name) VALUES ('s', 'm', 'v', 'live', 'promote', 't', 'x')").run()).toThrow(/CHECK/);
    expect(() => db.prepare("INSERT INTO model_versions (id, model_id, version, created_at, created_by) VALUES ('v4', 'nope', 'c', 't', 'x')").run()).toThrow(/FOREIGN KEY/);
  });
});
