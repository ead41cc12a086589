import type { Migration } from '../migrate';

/**
 * The integration checklist (issue 23): formats agreed, versioning policy, SLAs signed, retries, rate limits,
 * monitoring, fallback — each with status, owner, evidence links (JSON) and, for formats, two JSON request samples
 * whose schema diff the app shows. Working notes, not decisions: not in the change log.
 */
export const migration0221: Migration = {
  version: 221,
  name: '0221-ops-checklist',
  up(db) {
    db.exec(`
      CREATE TABLE ops_checklist_items (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('not-started', 'in-progress', 'done', 'not-applicable')),
        owner TEXT NOT NULL DEFAULT '',
        evidence TEXT NOT NULL DEFAULT '[]',
        notes TEXT NOT NULL DEFAULT '',
        sample_before TEXT NOT NULL DEFAULT '',
        sample_after TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ops_checklist_items_event ON ops_checklist_items(event_id, position);
    `);
  },
};
