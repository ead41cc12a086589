import type { Migration } from '../migrate';

/**
 * The SLA register (issue 23): per upstream provider or own endpoint, the metric (availability, p95 latency, data
 * arrival), target and window, whether it is signed, and where compliance is computed from (`source`: a dataset's
 * columns as JSON, null when the team only records the agreement). A register row is a decision: every change is in
 * the hash-chained change log (main/db/chainedTables.ts), position excepted.
 */
export const migration0220: Migration = {
  version: 220,
  name: '0220-ops-sla-register',
  up(db) {
    db.exec(`
      CREATE TABLE ops_sla_entries (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('provider', 'endpoint')),
        subject TEXT NOT NULL,
        metric TEXT NOT NULL CHECK (metric IN ('availability', 'p95', 'arrival')),
        target REAL NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        sla_window TEXT NOT NULL CHECK (sla_window IN ('day', 'week')),
        signed INTEGER NOT NULL DEFAULT 0 CHECK (signed IN (0, 1)),
        owner TEXT NOT NULL DEFAULT '',
        notes TEXT NOT NULL DEFAULT '',
        source TEXT,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ops_sla_entries_event ON ops_sla_entries(event_id, position);
    `);
  },
};
