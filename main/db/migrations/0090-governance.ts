import type { Migration } from '../migrate';

/**
 * Governance core: the change log learns which event and which row an entry records (hash version 2 covers
 * that row's content), team members get scrypt passphrases with a persisted wrong-try counter, each event
 * keeps its current facilitator, and controlled change entries are an append-only log of their own.
 *
 * Old change-log rows keep hash_version 1 and verify with the old formula; event_id is filled in for them
 * where the entry says which event it belongs to (event_id is outside their hash, so nothing breaks).
 */
export const migration0090: Migration = {
  version: 90,
  name: '0090-governance',
  up(db) {
    db.exec(`
      ALTER TABLE change_log ADD COLUMN event_id TEXT;
      ALTER TABLE change_log ADD COLUMN record_table TEXT;
      ALTER TABLE change_log ADD COLUMN record_id TEXT;
      ALTER TABLE change_log ADD COLUMN record_json TEXT;
      ALTER TABLE change_log ADD COLUMN hash_version INTEGER NOT NULL DEFAULT 1;
      CREATE INDEX change_log_event ON change_log(event_id, seq);
      CREATE INDEX change_log_record ON change_log(record_table, record_id, seq);

      UPDATE change_log SET event_id = entity_id WHERE entity = 'event';
      UPDATE change_log SET event_id = CASE WHEN json_valid(payload) THEN
          CASE WHEN json_type(payload, '$.eventId') = 'text' THEN json_extract(payload, '$.eventId') END END
        WHERE event_id IS NULL;
      UPDATE change_log SET event_id = (SELECT event_id FROM kpis WHERE kpis.id = change_log.entity_id)
        WHERE event_id IS NULL AND entity = 'kpi';
      UPDATE change_log SET event_id = (SELECT event_id FROM datasets WHERE datasets.id = change_log.entity_id)
        WHERE event_id IS NULL AND entity = 'dataset';
      UPDATE change_log SET event_id = (SELECT event_id FROM analysis_results WHERE analysis_results.id = change_log.entity_id)
        WHERE event_id IS NULL AND entity = 'analysis';
      UPDATE change_log SET event_id = (SELECT event_id FROM vote_sessions WHERE vote_sessions.id = change_log.entity_id)
        WHERE event_id IS NULL AND entity = 'vote-session';

      -- Credentials, not history: the hash is replaced when its owner changes it (with the old one).
      CREATE TABLE member_passphrases (
        member_id TEXT PRIMARY KEY REFERENCES team_members(id) ON DELETE CASCADE,
        salt BLOB NOT NULL,
        hash BLOB NOT NULL,
        n INTEGER NOT NULL,
        r INTEGER NOT NULL,
        p INTEGER NOT NULL,
        keylen INTEGER NOT NULL,
        set_at TEXT NOT NULL
      ) STRICT;

      -- Wrong tries survive a restart, so closing the app does not reset the limit.
      CREATE TABLE passphrase_failures (
        member_id TEXT PRIMARY KEY REFERENCES team_members(id) ON DELETE CASCADE,
        failures INTEGER NOT NULL,
        last_failure_at TEXT NOT NULL,
        locked_until TEXT
      ) STRICT;

      CREATE TABLE event_facilitators (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        member_id TEXT NOT NULL REFERENCES team_members(id) ON DELETE CASCADE,
        chosen_at TEXT NOT NULL
      ) STRICT;

      -- People are kept by id and name without a foreign key: removing a team member never rewrites history.
      CREATE TABLE controlled_changes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        component_kind TEXT NOT NULL CHECK (component_kind IN ('vsm-stage', 'model', 'dataset', 'other')),
        component_id TEXT NOT NULL DEFAULT '',
        component_label TEXT NOT NULL,
        change_type TEXT NOT NULL
          CHECK (change_type IN ('model', 'feature', 'threshold', 'data-source', 'infrastructure', 'process')),
        before_text TEXT NOT NULL DEFAULT '',
        after_text TEXT NOT NULL DEFAULT '',
        reason TEXT NOT NULL,
        link_kind TEXT CHECK (link_kind IN ('action', 'decision', 'kpi')),
        link_id TEXT,
        requester_id TEXT,
        requester_name TEXT NOT NULL,
        approver_id TEXT NOT NULL,
        approver_name TEXT NOT NULL,
        ticket_ref TEXT NOT NULL DEFAULT '',
        planned_date TEXT,
        actual_date TEXT,
        corrects_id TEXT REFERENCES controlled_changes(id),
        recorded_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX controlled_changes_event ON controlled_changes(event_id, seq);

      CREATE TRIGGER controlled_changes_no_update BEFORE UPDATE ON controlled_changes
      BEGIN SELECT RAISE(ABORT, 'Controlled change entries are append-only: record a correction instead.'); END;
      CREATE TRIGGER controlled_changes_no_delete BEFORE DELETE ON controlled_changes
      BEGIN SELECT RAISE(ABORT, 'Controlled change entries are append-only: record a correction instead.'); END;
    `);
  },
};
