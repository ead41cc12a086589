import type { Migration } from '../migrate';

/** Events with their charter, team, readiness checklist, the governance change log and settings. */
export const migration0010: Migration = {
  version: 10,
  name: '0010-initial-schema',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        problem_statement TEXT NOT NULL DEFAULT '',
        scope_in TEXT NOT NULL DEFAULT '',
        scope_out TEXT NOT NULL DEFAULT '',
        objectives TEXT NOT NULL DEFAULT '',
        target_area TEXT NOT NULL DEFAULT 'inference-latency',
        target_area_other TEXT NOT NULL DEFAULT '',
        start_date TEXT,
        end_date TEXT,
        location TEXT NOT NULL DEFAULT '',
        sponsor TEXT NOT NULL DEFAULT '',
        facilitator TEXT NOT NULL DEFAULT '',
        is_demo INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        last_opened_at TEXT,
        deleted_at TEXT
      ) STRICT;
      CREATE INDEX events_live ON events(deleted_at, updated_at);

      CREATE TABLE team_members (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT NOT NULL,
        data_access TEXT NOT NULL DEFAULT '[]',
        process_stages TEXT NOT NULL DEFAULT '[]',
        can_modify_staging INTEGER NOT NULL DEFAULT 0,
        notes TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX team_members_event ON team_members(event_id, position);

      CREATE TABLE checklist_items (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open',
        owner_id TEXT REFERENCES team_members(id) ON DELETE SET NULL,
        due_date TEXT,
        note TEXT NOT NULL DEFAULT '',
        details TEXT NOT NULL DEFAULT '{}',
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX checklist_items_event ON checklist_items(event_id, position);

      CREATE TABLE change_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        actor TEXT NOT NULL,
        entity TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        action TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL DEFAULT '{}',
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL
      ) STRICT;

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
      ) STRICT;
    `);
  },
};
