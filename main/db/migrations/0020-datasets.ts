import type { Migration } from '../migrate';

/**
 * Imported datasets: one row per dataset, one per version (each version's rows live in their own typed
 * table named `ds_<versionId>`, created by the importer, never named from user text), quarantined rule
 * violations, lineage ("what uses each version") and the per-event pseudonymisation salt.
 */
export const migration0020: Migration = {
  version: 20,
  name: '0020-datasets',
  up(db) {
    db.exec(`
      CREATE TABLE datasets (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        rules TEXT NOT NULL DEFAULT '[]',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX datasets_event ON datasets(event_id, created_at);

      CREATE TABLE dataset_versions (
        id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        version INTEGER NOT NULL,
        table_name TEXT NOT NULL,
        base_version_id TEXT REFERENCES dataset_versions(id),
        mode TEXT NOT NULL CHECK (mode IN ('full', 'append')),
        own_rows INTEGER NOT NULL,
        row_count INTEGER NOT NULL,
        rejected_count INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_size INTEGER NOT NULL,
        file_mtime TEXT,
        columns TEXT NOT NULL,
        options TEXT NOT NULL DEFAULT '{}',
        rules TEXT NOT NULL DEFAULT '[]',
        profile TEXT NOT NULL DEFAULT '[]',
        warnings TEXT NOT NULL DEFAULT '[]',
        imported_at TEXT NOT NULL,
        UNIQUE (dataset_id, version)
      ) STRICT;

      CREATE TABLE dataset_quarantine (
        version_id TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        line INTEGER NOT NULL,
        column_name TEXT NOT NULL,
        value TEXT,
        reason TEXT NOT NULL,
        rule TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dataset_quarantine_version ON dataset_quarantine(version_id, line);

      CREATE TABLE dataset_uses (
        version_id TEXT NOT NULL REFERENCES dataset_versions(id) ON DELETE CASCADE,
        used_by TEXT NOT NULL,
        label TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (version_id, used_by)
      ) STRICT;

      CREATE TABLE event_salts (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        salt TEXT NOT NULL
      ) STRICT;
    `);
  },
};
