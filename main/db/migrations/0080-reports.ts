import type { Migration } from '../migrate';

/**
 * Reports: the A3 summary's edited fields (fields the team did not edit are filled from the event's data
 * at read time) and each event's report settings (chosen sections, CSV byte-order mark).
 */
export const migration0080: Migration = {
  version: 80,
  name: '0080-reports',
  up(db) {
    db.exec(`
      CREATE TABLE report_a3 (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        edited TEXT NOT NULL DEFAULT '{}',
        paper TEXT NOT NULL DEFAULT 'A3' CHECK (paper IN ('A3', 'A4')),
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE report_settings (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        sections TEXT,
        bom INTEGER NOT NULL DEFAULT 0 CHECK (bom IN (0, 1)),
        updated_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
