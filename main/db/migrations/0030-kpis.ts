import type { Migration } from '../migrate';

/**
 * KPIs: definition (source as JSON: manual or a dataset aggregation), baseline/target/alert threshold,
 * control-chart settings (JSON), manual entries, and a cache of the computed series keyed by the dataset
 * version it was computed from (recomputed when a new version arrives or the definition changes).
 */
export const migration0030: Migration = {
  version: 30,
  name: '0030-kpis',
  up(db) {
    db.exec(`
      CREATE TABLE kpis (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        unit TEXT NOT NULL DEFAULT '',
        direction TEXT NOT NULL CHECK (direction IN ('lower', 'higher')),
        source TEXT NOT NULL,
        baseline REAL,
        baseline_from TEXT,
        baseline_to TEXT,
        target REAL,
        alert_threshold REAL,
        owner_id TEXT REFERENCES team_members(id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        chart TEXT NOT NULL DEFAULT '{}',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kpis_event ON kpis(event_id, position);

      CREATE TABLE kpi_entries (
        id TEXT PRIMARY KEY,
        kpi_id TEXT NOT NULL REFERENCES kpis(id) ON DELETE CASCADE,
        date TEXT NOT NULL,
        value REAL NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX kpi_entries_kpi ON kpi_entries(kpi_id, date);

      CREATE TABLE kpi_series_cache (
        kpi_id TEXT PRIMARY KEY REFERENCES kpis(id) ON DELETE CASCADE,
        version_id TEXT NOT NULL,
        source_key TEXT NOT NULL,
        points TEXT NOT NULL,
        computed_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
