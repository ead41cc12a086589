import type { Migration } from '../migrate';

/**
 * The workshop as it runs in the room (issue 19).
 *
 * - `agenda_days`: the clock time each day of the agenda starts ("09:00"); a day without a row starts at 09:00.
 *   The day's date comes from the event's start date, so only the time is stored.
 * - `participant_locks`: the laptop is locked on a participant screen (an anonymous round or a secret ballot) until
 *   the facilitator who locked it gives their passphrase. Kept in the store, so a reload or a restart returns to the
 *   locked screen. One lock per event; it names the round or vote it belongs to and the facilitator who can end it.
 */
export const migration0180: Migration = {
  version: 180,
  name: '0180-workshop-clock-lock',
  up(db) {
    db.exec(`
      CREATE TABLE agenda_days (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 60),
        start_time TEXT NOT NULL CHECK (start_time GLOB '[0-2][0-9]:[0-5][0-9]' AND substr(start_time, 1, 2) < '24'),
        PRIMARY KEY (event_id, day)
      ) STRICT;

      CREATE TABLE participant_locks (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('round', 'vote')),
        ref_id TEXT NOT NULL,
        member_id TEXT NOT NULL REFERENCES team_members(id) ON DELETE CASCADE,
        locked_at TEXT NOT NULL
      ) STRICT;
    `);
  },
};
