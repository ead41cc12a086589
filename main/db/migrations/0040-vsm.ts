import type { Migration } from '../migrate';

/**
 * Value-stream maps: a map per state (current / future) of an event, its stages in order, and kaizen bursts
 * pinned to stages (their ids are what actions link to). Suppliers/customers and the last fill settings are
 * small lists kept as JSON on the map.
 */
export const migration0040: Migration = {
  version: 40,
  name: '0040-vsm',
  up(db) {
    db.exec(`
      CREATE TABLE vsm_maps (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('current', 'future')),
        based_on_id TEXT REFERENCES vsm_maps(id) ON DELETE SET NULL,
        demand REAL CHECK (demand IS NULL OR demand > 0),
        available_value REAL CHECK (available_value IS NULL OR available_value >= 0),
        available_unit TEXT CHECK (available_unit IS NULL OR available_unit IN ('ms', 's', 'min', 'h', 'd')),
        display_unit TEXT NOT NULL DEFAULT 'h' CHECK (display_unit IN ('ms', 's', 'min', 'h', 'd')),
        externals TEXT NOT NULL DEFAULT '[]',
        fill_settings TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX vsm_maps_event ON vsm_maps(event_id, created_at);

      CREATE TABLE vsm_stages (
        id TEXT PRIMARY KEY,
        map_id TEXT NOT NULL REFERENCES vsm_maps(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,
        name TEXT NOT NULL,
        pt_value REAL CHECK (pt_value IS NULL OR pt_value >= 0),
        pt_unit TEXT CHECK (pt_unit IS NULL OR pt_unit IN ('ms', 's', 'min', 'h', 'd')),
        wt_value REAL CHECK (wt_value IS NULL OR wt_value >= 0),
        wt_unit TEXT CHECK (wt_unit IS NULL OR wt_unit IN ('ms', 's', 'min', 'h', 'd')),
        ca REAL CHECK (ca IS NULL OR (ca >= 0 AND ca <= 100)),
        uptime REAL CHECK (uptime IS NULL OR (uptime >= 0 AND uptime <= 100)),
        batch_size INTEGER,
        frequency TEXT NOT NULL DEFAULT '',
        owner_id TEXT REFERENCES team_members(id) ON DELETE SET NULL,
        system TEXT NOT NULL DEFAULT '',
        people INTEGER,
        notes TEXT NOT NULL DEFAULT '',
        parallel_group TEXT NOT NULL DEFAULT '',
        rework_to_id TEXT,
        rework_share REAL NOT NULL DEFAULT 0 CHECK (rework_share >= 0 AND rework_share < 1),
        filled TEXT NOT NULL DEFAULT '{}'
      ) STRICT;
      CREATE INDEX vsm_stages_map ON vsm_stages(map_id, position);

      CREATE TABLE vsm_bursts (
        id TEXT PRIMARY KEY,
        map_id TEXT NOT NULL REFERENCES vsm_maps(id) ON DELETE CASCADE,
        stage_id TEXT REFERENCES vsm_stages(id) ON DELETE SET NULL,
        title TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX vsm_bursts_map ON vsm_bursts(map_id, position);
    `);
  },
};
