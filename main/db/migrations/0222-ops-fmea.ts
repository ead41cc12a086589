import type { Migration } from '../migrate';

/**
 * The FMEA of the AI service (issue 23): failure mode, effect, cause, severity/occurrence/detection 1–10, current
 * controls, fallback, recommended action (and the action it became, unlinked if that action is removed), and the
 * scores after the action. Risk decisions: every change is in the hash-chained change log, position excepted.
 */
export const migration0222: Migration = {
  version: 222,
  name: '0222-ops-fmea',
  up(db) {
    db.exec(`
      CREATE TABLE ops_fmea_rows (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        failure_mode TEXT NOT NULL,
        effect TEXT NOT NULL DEFAULT '',
        cause TEXT NOT NULL DEFAULT '',
        severity INTEGER NOT NULL CHECK (severity BETWEEN 1 AND 10),
        occurrence INTEGER NOT NULL CHECK (occurrence BETWEEN 1 AND 10),
        detection INTEGER NOT NULL CHECK (detection BETWEEN 1 AND 10),
        controls TEXT NOT NULL DEFAULT '',
        fallback TEXT NOT NULL DEFAULT '',
        recommended_action TEXT NOT NULL DEFAULT '',
        action_id TEXT REFERENCES actions(id) ON DELETE SET NULL,
        re_severity INTEGER CHECK (re_severity BETWEEN 1 AND 10),
        re_occurrence INTEGER CHECK (re_occurrence BETWEEN 1 AND 10),
        re_detection INTEGER CHECK (re_detection BETWEEN 1 AND 10),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK ((re_severity IS NULL) = (re_occurrence IS NULL) AND (re_occurrence IS NULL) = (re_detection IS NULL))
      ) STRICT;
      CREATE INDEX ops_fmea_rows_event ON ops_fmea_rows(event_id, position);
    `);
  },
};
