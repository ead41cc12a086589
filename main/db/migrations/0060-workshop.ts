import type { Migration } from '../migrate';

/**
 * Workshop facilitation: the multi-day agenda, the facilitation timer (one per event, stored as
 * started_at + remaining so it survives a restart), brainstorm ideas, pass-the-laptop anonymous input
 * rounds and secret dot-voting sessions with their ballots.
 * ideas.group_id belongs to the affinity groups of migration 0070 and deliberately has no foreign key.
 */
export const migration0060: Migration = {
  version: 60,
  name: '0060-workshop',
  up(db) {
    db.exec(`
      CREATE TABLE agenda_sessions (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        day INTEGER NOT NULL DEFAULT 1 CHECK (day >= 1),
        position INTEGER NOT NULL,
        title TEXT NOT NULL,
        activity TEXT NOT NULL DEFAULT 'review',
        planned_minutes INTEGER NOT NULL DEFAULT 30 CHECK (planned_minutes >= 0),
        owner_id TEXT REFERENCES team_members(id) ON DELETE SET NULL,
        notes TEXT NOT NULL DEFAULT '',
        actual_start TEXT,
        actual_end TEXT
      ) STRICT;
      CREATE INDEX agenda_sessions_event ON agenda_sessions(event_id, day, position);

      CREATE TABLE timers (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        current_session_id TEXT REFERENCES agenda_sessions(id) ON DELETE SET NULL,
        state TEXT NOT NULL DEFAULT 'idle' CHECK (state IN ('idle', 'running', 'paused')),
        duration_ms INTEGER NOT NULL DEFAULT 0 CHECK (duration_ms >= 0),
        remaining_ms INTEGER NOT NULL DEFAULT 0,
        started_at TEXT,
        sound INTEGER NOT NULL DEFAULT 1,
        updated_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE ideas (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        author TEXT,
        category TEXT NOT NULL DEFAULT '',
        stage_ref TEXT,
        kpi_ref TEXT,
        group_id TEXT,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX ideas_event ON ideas(event_id, position);

      CREATE TABLE input_rounds (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        prompt TEXT NOT NULL,
        category TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        participant INTEGER NOT NULL DEFAULT 1 CHECK (participant >= 1),
        phase TEXT NOT NULL DEFAULT 'handover' CHECK (phase IN ('handover', 'entering')),
        created_at TEXT NOT NULL,
        closed_at TEXT
      ) STRICT;
      CREATE INDEX input_rounds_event ON input_rounds(event_id, created_at);

      CREATE TABLE round_entries (
        id TEXT PRIMARY KEY,
        round_id TEXT NOT NULL REFERENCES input_rounds(id) ON DELETE CASCADE,
        participant INTEGER NOT NULL,
        text TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX round_entries_round ON round_entries(round_id, participant);

      CREATE TABLE vote_sessions (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        dots_per_voter INTEGER NOT NULL CHECK (dots_per_voter >= 1),
        max_per_idea INTEGER CHECK (max_per_idea IS NULL OR max_per_idea >= 1),
        voters TEXT NOT NULL,
        candidates TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'revealed')),
        current_voter INTEGER,
        draft TEXT NOT NULL DEFAULT '{}',
        created_at TEXT NOT NULL,
        revealed_at TEXT
      ) STRICT;
      CREATE INDEX vote_sessions_event ON vote_sessions(event_id, created_at);

      CREATE TABLE ballots (
        session_id TEXT NOT NULL REFERENCES vote_sessions(id) ON DELETE CASCADE,
        voter_index INTEGER NOT NULL,
        dots TEXT NOT NULL,
        cast_at TEXT NOT NULL,
        PRIMARY KEY (session_id, voter_index)
      ) STRICT;
    `);
  },
};
