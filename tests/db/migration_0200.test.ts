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

describe('migration 0200-linked-datasets', () => {
  it('stores one link per dataset and its results, refuses unknown kinds, and goes with the dataset', () => {
    const db = upTo(180);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    db.prepare("INSERT INTO datasets (id, event_id, name, created_at) VALUES ('d', 'e', 'log', 't')").run();
    db.prepare(
      `INSERT INTO dataset_versions (id, dataset_id, version, table_name, mode, own_rows, row_count, rejected_count, sha256, file_name, file_size, columns, imported_at)
       VALUES ('v', 'd', 1, '', 'full', 0, 10, 0, 'x', 'log.parquet', 1, '[]', 't')`,
    ).run();
    migrate(db, migrations.filter((m) => m.version <= 200));
    expect(db.pragma('user_version', { simple: true })).toBe(200);
    const link = db.prepare(
      "INSERT INTO dataset_links (dataset_id, version_id, source_kind, format, location, fingerprint, row_count, linked_at) VALUES ('d', 'v', ?, ?, '/data/log.parquet', 'f', 10, 't')",
    );
    expect(() => link.run('sqlite', 'parquet')).toThrow(/CHECK constraint/);
    expect(() => link.run('duckdb', 'xlsx')).toThrow(/CHECK constraint/);
    link.run('duckdb', 'parquet');
    expect(() => link.run('duckdb', 'parquet')).toThrow(/UNIQUE|PRIMARY/);
    const result = db.prepare(
      "INSERT INTO linked_results (dataset_id, result_key, fingerprint, query, quantile_method, exact, result, computed_at) VALUES ('d', ?, 'f', 'SELECT 1', ?, 1, '{}', 't')",
    );
    result.run('kpi:k', 'type7');
    expect(() => result.run('kpi:j', 'nearest')).toThrow(/CHECK constraint/);
    db.prepare("DELETE FROM datasets WHERE id = 'd'").run();
    expect(db.prepare('SELECT (SELECT count(*) FROM dataset_links) + (SELECT count(*) FROM linked_results)').pluck().get()).toBe(0);
  });
});
