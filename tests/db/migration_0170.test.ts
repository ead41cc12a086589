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

const search = (db: Database.Database, q: string) =>
  db.prepare('SELECT d.kind, d.item_id FROM search_fts f JOIN search_docs d ON d.rowid = f.rowid WHERE search_fts MATCH ? ORDER BY d.kind, d.item_id').all(q);

describe('migration 0170-knowledge', () => {
  it('indexes what an existing store already holds, then keeps the index current through triggers', () => {
    const db = upTo(140);
    db.prepare("INSERT INTO events (id, name, problem_statement, created_at, updated_at) VALUES ('e', 'Latency kaizen', 'Feature store lookups are slow', 't', 't')").run();
    db.prepare("INSERT INTO ideas (id, event_id, text, author, position, created_at) VALUES ('i1', 'e', 'Cache embeddings near the model', '', 0, 't')").run();
    db.prepare("INSERT INTO whys_chains (id, event_id, problem, position, created_at) VALUES ('c', 'e', 'Retraining takes nine hours', 0, 't')").run();
    db.prepare("INSERT INTO whys_nodes (id, chain_id, parent_id, text, is_root_cause, position) VALUES ('n', 'c', NULL, 'Full table scans of the warehouse', 1, 0)").run();
    migrate(db, migrations.filter((m) => m.version <= 170));
    expect(db.pragma('user_version', { simple: true })).toBe(170);
    expect(search(db, 'embed*')).toEqual([{ kind: 'idea', item_id: 'i1' }]);
    expect(search(db, 'warehouse')).toEqual([{ kind: 'why', item_id: 'n' }]);
    expect(search(db, 'lookups')).toEqual([{ kind: 'charter', item_id: 'e' }]);

    db.prepare("UPDATE ideas SET text = 'Batch the feature lookups' WHERE id = 'i1'").run();
    expect(search(db, 'embed*')).toEqual([]);
    expect(search(db, 'batch')).toEqual([{ kind: 'idea', item_id: 'i1' }]);
    db.prepare("DELETE FROM ideas WHERE id = 'i1'").run();
    expect(search(db, 'batch')).toEqual([]);
    // The FTS index agrees with its content table after the writes.
    expect(() => db.prepare("INSERT INTO search_fts (search_fts, rank) VALUES ('integrity-check', 1)").run()).not.toThrow();

    db.prepare("INSERT INTO lessons (id, event_id, kind, text, position, created_at, updated_at) VALUES ('l', 'e', 'worked', 'Shadow traffic before the switch', 0, 't', 't')").run();
    expect(search(db, 'shadow')).toEqual([{ kind: 'lesson', item_id: 'l' }]);
    expect(() => db.prepare("INSERT INTO lessons (id, event_id, kind, text, position, created_at, updated_at) VALUES ('x', 'e', 'maybe', 'y', 0, 't', 't')").run()).toThrow(/CHECK/);
    expect(db.prepare("SELECT archived_at FROM events WHERE id = 'e'").pluck().get()).toBeNull();

    // Removing an event removes its documents (cascade), and the index with them.
    db.prepare("DELETE FROM lessons").run();
    db.prepare("DELETE FROM whys_nodes").run();
    db.prepare("DELETE FROM whys_chains").run();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM search_docs').pluck().get()).toBe(0);
    expect(search(db, 'lookups')).toEqual([]);
  });
});
