import type { Migration } from '../migrate';

/**
 * Lifecycle analytics (issue 22). `lifecycle_results`: stored lifecycle analyses (kind, params, the dataset
 * version(s) read, result JSON, pinned to the report) — a table of their own because `analysis_results.kind` is
 * held to the AI-analysis kinds by a CHECK of a landed migration. `dvc_outputs`: the outputs a `dvc.lock` or `.dvc`
 * file lists (path, md5 as DVC records it, size), with the SHA-256 of the file when it was found beside the lock
 * file or in the DVC cache, so an imported dataset version with that content is linked to it.
 */
export const migration0210: Migration = {
  version: 210,
  name: '0210-lifecycle',
  up(db) {
    db.exec(`
      CREATE TABLE lifecycle_results (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('batch-schedule', 'load-types', 'early-stopping', 'search', 'threshold', 'gpu', 'trace', 'quantization', 'cold-start', 'anonymisation')),
        title TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        dataset_version_ids TEXT NOT NULL DEFAULT '[]',
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
      ) STRICT;
      CREATE INDEX lifecycle_results_event ON lifecycle_results(event_id, created_at);
      CREATE TABLE dvc_outputs (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        source_file TEXT NOT NULL,
        stage TEXT,
        path TEXT NOT NULL,
        md5 TEXT NOT NULL,
        size INTEGER,
        sha256 TEXT,
        registered_at TEXT NOT NULL,
        UNIQUE (event_id, path, md5)
      ) STRICT;
      CREATE INDEX dvc_outputs_sha ON dvc_outputs(sha256);
    `);
  },
};
