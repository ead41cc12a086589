import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations/index';
import { readPacked, writePacked } from '../../main/db/repositories/columnPacks';

describe('migration 0230-dataset-column-packs', () => {
  it('adds column packs to a store with datasets (packed later, on first chart); deleting a version (or its dataset) deletes its table\'s packs', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 222));
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    db.prepare("INSERT INTO datasets (id, event_id, name, created_at) VALUES ('d', 'e', 'Log', 't')").run();
    const ver = db.prepare(
      "INSERT INTO dataset_versions (id, dataset_id, version, table_name, mode, own_rows, row_count, rejected_count, sha256, file_name, file_size, columns, imported_at) VALUES (?, 'd', ?, ?, 'full', 3, 3, 0, '', 'f', 0, '[]', 't')",
    );
    ver.run('v1', 1, 'ds_v1');
    ver.run('v2', 2, 'ds_v2');
    migrate(db, migrations.filter((m) => m.version <= 230));
    expect(db.pragma('user_version', { simple: true })).toBe(230);
    // Nothing packed by the migration itself: an existing table reads its rows until a chart packs it.
    expect(readPacked(db, 'ds_v1', 'c0', 3)).toBeNull();
    writePacked(db, 'ds_v1', 'c0', new Float64Array([1.5, NaN, -2]));
    writePacked(db, 'ds_v2', 'c0', new Float64Array([4, 5, 6]));
    expect(Array.from(readPacked(db, 'ds_v1', 'c0', 3)!)).toEqual([1.5, NaN, -2]);
    // A count that does not match the table's rows: not used.
    expect(readPacked(db, 'ds_v1', 'c0', 4)).toBeNull();
    db.prepare("DELETE FROM dataset_versions WHERE id = 'v2'").run();
    expect(readPacked(db, 'ds_v2', 'c0', 3)).toBeNull();
    expect(readPacked(db, 'ds_v1', 'c0', 3)).not.toBeNull();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM dataset_column_packs').pluck().get()).toBe(0);
  });
});
