import type { Migration } from '../migrate';

/**
 * Packed numeric columns of dataset tables (issue 15): per version table (`ds_…`), numeric column (its SQL name
 * c0…cN) and chunk of 65,536 consecutive rows (rowid order), the values as little-endian Float64 with NaN for
 * SQL NULL (a STRICT REAL/INTEGER column cannot hold NaN: SQLite stores it as NULL, so nothing is conflated).
 * Written by the import in the same transactions as the rows; a table without packs (a store from before this
 * migration, an archive import) is packed on its first chart open. A derived table: the chart path uses a
 * column's packs only when they cover every row of the table, and falls back to the rows otherwise. Deleting a
 * version row deletes its table's packs (trigger), so a dataset or version deletion leaves none behind.
 */
export const migration0230: Migration = {
  version: 230,
  name: '0230-dataset-column-packs',
  up(db) {
    db.exec(`
      CREATE TABLE dataset_column_packs (
        table_name TEXT NOT NULL,
        column_name TEXT NOT NULL,
        chunk INTEGER NOT NULL,
        rows INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (table_name, column_name, chunk)
      ) WITHOUT ROWID;
      CREATE TRIGGER dataset_column_packs_version_deleted AFTER DELETE ON dataset_versions
      BEGIN
        DELETE FROM dataset_column_packs WHERE table_name = OLD.table_name;
      END;
    `);
  },
};
