import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0070 } from '../../main/db/migrations/0070-actions-rootcause';

const TABLES = [
  'action_links',
  'actions',
  'affinity_groups',
  'decisions',
  'fishbone_categories',
  'fishbone_causes',
  'fishbones',
  'matrix_placements',
  'parking_items',
  'whys_chains',
  'whys_nodes',
];

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0070]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  return db;
}

const addDecision = (db: Database.Database, id: string) =>
  db
    .prepare("INSERT INTO decisions (id, event_id, decision, decided_on, created_at) VALUES (?, 'e', 'Use a cache', '2026-11-20', 't')")
    .run(id);

describe('migration 0070-actions-rootcause', () => {
  it('creates STRICT tables for groups, matrix, whys, fishbone, parking, actions and decisions', () => {
    const db = new Database(':memory:');
    expect(migrate(db, [migration0010, migration0070])).toEqual({ from: 0, to: 70 });
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (" + TABLES.map(() => '?').join(',') + ') ORDER BY name').all(...TABLES) as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('refuses to update or delete a decision (append-only log)', () => {
    const db = fresh();
    addDecision(db, 'd1');
    expect(() => db.prepare("UPDATE decisions SET decision = 'x' WHERE id = 'd1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM decisions WHERE id = 'd1'").run()).toThrow(/append-only/);
    expect(db.prepare('SELECT decision FROM decisions').pluck().get()).toBe('Use a cache');
  });

  it('rejects an unknown action status and matrix scores outside 0–10', () => {
    const db = fresh();
    expect(() =>
      db.prepare("INSERT INTO actions (id, event_id, title, status, created_at, updated_at) VALUES ('a', 'e', 't', 'maybe', 't', 't')").run(),
    ).toThrow(/CHECK constraint/);
    expect(() =>
      db.prepare("INSERT INTO matrix_placements (event_id, idea_id, impact, effort, source, updated_at) VALUES ('e', 'i', 11, 2, 'drag', 't')").run(),
    ).toThrow(/CHECK constraint/);
  });

  it('cascades a removed why to its sub-answers and clears an action owner when the member goes', () => {
    const db = fresh();
    db.prepare("INSERT INTO whys_chains (id, event_id, problem, position, created_at) VALUES ('c', 'e', 'p', 1, 't')").run();
    db.prepare("INSERT INTO whys_nodes (id, chain_id, parent_id, text, position) VALUES ('n1', 'c', NULL, 'a', 1), ('n2', 'c', 'n1', 'b', 2)").run();
    db.prepare("DELETE FROM whys_nodes WHERE id = 'n1'").run();
    expect(db.prepare('SELECT count(*) FROM whys_nodes').pluck().get()).toBe(0);
    db.prepare("INSERT INTO team_members (id, event_id, name, role, position) VALUES ('m', 'e', 'Ann', 'sponsor', 1)").run();
    db.prepare("INSERT INTO actions (id, event_id, title, owner_id, created_at, updated_at) VALUES ('a', 'e', 't', 'm', 't', 't')").run();
    db.prepare("DELETE FROM team_members WHERE id = 'm'").run();
    expect(db.prepare("SELECT owner_id FROM actions WHERE id = 'a'").pluck().get()).toBeNull();
  });
});
