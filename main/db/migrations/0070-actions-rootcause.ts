import type { Migration } from '../migrate';

/**
 * Workshop part B: affinity groups, impact/effort placements, 5 Whys, fishbone, parking lot, actions
 * and the append-only decision log. Ideas live in part A's table; group_id and idea_id point at them
 * without a foreign key so either migration can land first.
 */
export const migration0070: Migration = {
  version: 70,
  name: '0070-actions-rootcause',
  up(db) {
    db.exec(`
      CREATE TABLE affinity_groups (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX affinity_groups_event ON affinity_groups(event_id, position);

      CREATE TABLE matrix_placements (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        idea_id TEXT NOT NULL,
        impact REAL NOT NULL CHECK (impact BETWEEN 0 AND 10),
        effort REAL NOT NULL CHECK (effort BETWEEN 0 AND 10),
        source TEXT NOT NULL CHECK (source IN ('score', 'drag')),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (event_id, idea_id)
      ) STRICT;

      CREATE TABLE whys_chains (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        problem TEXT NOT NULL,
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX whys_chains_event ON whys_chains(event_id, position);

      CREATE TABLE whys_nodes (
        id TEXT PRIMARY KEY,
        chain_id TEXT NOT NULL REFERENCES whys_chains(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES whys_nodes(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        is_root_cause INTEGER NOT NULL DEFAULT 0 CHECK (is_root_cause IN (0, 1)),
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX whys_nodes_chain ON whys_nodes(chain_id, position);

      CREATE TABLE fishbones (
        event_id TEXT PRIMARY KEY REFERENCES events(id) ON DELETE CASCADE,
        effect TEXT NOT NULL DEFAULT ''
      ) STRICT;

      CREATE TABLE fishbone_categories (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX fishbone_categories_event ON fishbone_categories(event_id, position);

      CREATE TABLE fishbone_causes (
        id TEXT PRIMARY KEY,
        category_id TEXT NOT NULL REFERENCES fishbone_categories(id) ON DELETE CASCADE,
        parent_id TEXT REFERENCES fishbone_causes(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX fishbone_causes_category ON fishbone_causes(category_id, position);

      CREATE TABLE parking_items (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        text TEXT NOT NULL,
        raised_by TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'open',
        outcome TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX parking_items_event ON parking_items(event_id, position);

      CREATE TABLE actions (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        owner_id TEXT REFERENCES team_members(id) ON DELETE SET NULL,
        due_date TEXT,
        status TEXT NOT NULL DEFAULT 'planned'
          CHECK (status IN ('planned', 'in-progress', 'done', 'verified', 'dropped')),
        effort TEXT CHECK (effort IN ('low', 'medium', 'high')),
        expected_effect TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX actions_event ON actions(event_id, due_date);

      CREATE TABLE action_links (
        action_id TEXT NOT NULL REFERENCES actions(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('idea', 'root-cause', 'vsm-stage', 'kpi', 'burst', 'analysis')),
        target_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        PRIMARY KEY (action_id, kind, target_id)
      ) STRICT;
      CREATE INDEX action_links_target ON action_links(kind, target_id);

      CREATE TABLE decisions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        decision TEXT NOT NULL,
        rationale TEXT NOT NULL DEFAULT '',
        alternatives TEXT NOT NULL DEFAULT '',
        decided_by TEXT NOT NULL DEFAULT '',
        decided_on TEXT NOT NULL,
        action_ids TEXT NOT NULL DEFAULT '[]',
        corrects_id TEXT REFERENCES decisions(id),
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX decisions_event ON decisions(event_id, seq);

      -- The decision log is append-only, whatever code path touches it.
      CREATE TRIGGER decisions_no_update BEFORE UPDATE ON decisions
      BEGIN SELECT RAISE(ABORT, 'The decision log is append-only: record a correction instead.'); END;
      CREATE TRIGGER decisions_no_delete BEFORE DELETE ON decisions
      BEGIN SELECT RAISE(ABORT, 'The decision log is append-only: record a correction instead.'); END;
    `);
  },
};
