import type { Migration } from '../migrate';

/**
 * Analysis results (drift, fairness, latency, what-ifs, model comparison) kept so they can be pinned to the
 * report and audited: the kind, the parameters, the dataset version(s) used, the result JSON, when, and a
 * pinned flag. Fairness gate outcomes are also written to the hash-chained change log.
 */
export const migration0050: Migration = {
  version: 50,
  name: '0050-analysis',
  up(db) {
    db.exec(`
      CREATE TABLE analysis_results (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('latency', 'drift', 'drift-series', 'confidence', 'fairness', 'whatif', 'models')),
        title TEXT NOT NULL,
        params TEXT NOT NULL DEFAULT '{}',
        dataset_version_ids TEXT NOT NULL DEFAULT '[]',
        result TEXT NOT NULL,
        created_at TEXT NOT NULL,
        pinned INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1))
      ) STRICT;
      CREATE INDEX analysis_results_event ON analysis_results(event_id, created_at);
    `);
  },
};
