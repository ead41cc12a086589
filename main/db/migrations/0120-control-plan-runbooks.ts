import type { Migration } from '../migrate';

/**
 * Sustaining the gains: the control plan (one row per KPI: owner, measurement frequency, data source,
 * reaction plan, escalation path, linked runbook) and versioned Markdown runbooks.
 *
 * - Reaction and escalation rows are small JSON arrays checked by the contract; SQLite checks only that they
 *   are arrays.
 * - The owner is a team member kept by id without a foreign key, so removing a member never rewrites a
 *   control-plan row behind the change log's back (the page shows "removed member").
 * - Runbook versions are append-only (triggers, as the decision log in 0070): a save, a restore, an
 *   edit is always a new version; the runbook row itself holds only what never changes (event, kind).
 */
export const migration0120: Migration = {
  version: 120,
  name: '0120-control-plan-runbooks',
  up(db) {
    db.exec(`
      CREATE TABLE runbooks (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('monitoring', 'incident-response', 'rollback')),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX runbooks_event ON runbooks(event_id, created_at);

      CREATE TABLE runbook_versions (
        id TEXT PRIMARY KEY,
        runbook_id TEXT NOT NULL REFERENCES runbooks(id) ON DELETE CASCADE,
        version INTEGER NOT NULL CHECK (version >= 1),
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
        body TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        restored_from INTEGER,
        author TEXT NOT NULL,
        created_at TEXT NOT NULL,
        UNIQUE (runbook_id, version)
      ) STRICT;

      CREATE TABLE control_plan_items (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kpi_id TEXT NOT NULL UNIQUE REFERENCES kpis(id) ON DELETE CASCADE,
        owner_id TEXT,
        frequency TEXT NOT NULL CHECK (frequency IN ('hourly', 'daily', 'weekly', 'monthly', 'per-release')),
        source_kind TEXT NOT NULL CHECK (source_kind IN ('dataset', 'manual')),
        source_note TEXT NOT NULL DEFAULT '',
        reactions TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(reactions) AND json_type(reactions) = 'array'),
        escalations TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(escalations) AND json_type(escalations) = 'array'),
        runbook_id TEXT REFERENCES runbooks(id),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX control_plan_items_event ON control_plan_items(event_id, position);

      CREATE TRIGGER runbook_versions_no_update BEFORE UPDATE ON runbook_versions
      BEGIN SELECT RAISE(ABORT, 'Runbook versions are append-only: save a new version instead.'); END;
      CREATE TRIGGER runbook_versions_no_delete BEFORE DELETE ON runbook_versions
      BEGIN SELECT RAISE(ABORT, 'Runbook versions are append-only: save a new version instead.'); END;
    `);
  },
};
