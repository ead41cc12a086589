import type { Migration } from '../migrate';

const APPEND_ONLY = [
  ['registry_models', 'Registered models are'],
  ['model_versions', 'Model versions are'],
  ['model_cards', 'Model cards are'],
  ['model_evidence', 'Model evidence is'],
  ['model_stage_changes', 'The stage history is'],
  ['registry_policies', 'The promotion policy is'],
  ['rollback_plans', 'Rollback plans are'],
  ['rollback_rehearsals', 'Rollback rehearsals are'],
] as const;

/**
 * Offline model registry: models, versions (artifact SHA-256, training dataset versions, owner), model-card and
 * evidence revisions, the stage history (every promotion keeps its gates, who promoted and any override), the
 * event's promotion policy, rollback plans and their rehearsals. Every table is append-only (triggers, as for
 * `decisions` in 0070): a version's stage is its latest stage change, a card or plan edit is a new revision, so
 * each row the change log records stays as it was hashed. People are kept by id and name without a foreign key,
 * so removing a team member never rewrites history.
 */
export const migration0100: Migration = {
  version: 100,
  name: '0100-registry',
  up(db) {
    db.exec(`
      CREATE TABLE registry_models (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        name TEXT NOT NULL,
        component TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        UNIQUE (event_id, name)
      ) STRICT;

      CREATE TABLE model_versions (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        model_id TEXT NOT NULL REFERENCES registry_models(id),
        version TEXT NOT NULL,
        artifact_name TEXT,
        artifact_sha256 TEXT CHECK (artifact_sha256 IS NULL OR length(artifact_sha256) = 64),
        artifact_size INTEGER,
        training_dataset_version_ids TEXT NOT NULL DEFAULT '[]',
        owner_id TEXT,
        owner_name TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL,
        UNIQUE (model_id, version)
      ) STRICT;

      CREATE TABLE model_cards (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        version_id TEXT NOT NULL REFERENCES model_versions(id),
        intended_use TEXT NOT NULL,
        assumptions TEXT NOT NULL,
        data_dependencies TEXT NOT NULL,
        features TEXT NOT NULL,
        limitations TEXT NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX model_cards_version ON model_cards(version_id, seq);

      CREATE TABLE model_evidence (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        version_id TEXT NOT NULL REFERENCES model_versions(id),
        metrics TEXT NOT NULL DEFAULT '[]',
        comparison_result_id TEXT,
        fairness_result_id TEXT,
        evaluation_dataset_version_id TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX model_evidence_version ON model_evidence(version_id, seq);

      CREATE TABLE model_stage_changes (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        model_id TEXT NOT NULL REFERENCES registry_models(id),
        version_id TEXT NOT NULL REFERENCES model_versions(id),
        from_stage TEXT CHECK (from_stage IN ('candidate', 'staging', 'production', 'archived')),
        to_stage TEXT NOT NULL CHECK (to_stage IN ('candidate', 'staging', 'production', 'archived')),
        kind TEXT NOT NULL CHECK (kind IN ('register', 'stage', 'promote', 'replaced', 'rollback')),
        at TEXT NOT NULL,
        actor_id TEXT,
        actor_name TEXT NOT NULL,
        reason TEXT NOT NULL DEFAULT '',
        gates TEXT NOT NULL DEFAULT '[]',
        override_reason TEXT,
        override_by_id TEXT,
        override_by_name TEXT,
        rollback_plan_id TEXT
      ) STRICT;
      CREATE INDEX model_stage_changes_model ON model_stage_changes(model_id, seq);
      CREATE INDEX model_stage_changes_version ON model_stage_changes(version_id, seq);

      CREATE TABLE registry_policies (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        dpd_max REAL,
        eod_max REAL,
        rehearsal_max_days INTEGER,
        quality_margin REAL,
        quality_metric TEXT NOT NULL CHECK (quality_metric IN ('precision', 'recall', 'accuracy', 'auc')),
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX registry_policies_event ON registry_policies(event_id, seq);

      CREATE TABLE rollback_plans (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        plan_id TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id),
        model_id TEXT NOT NULL REFERENCES registry_models(id),
        title TEXT NOT NULL,
        component TEXT NOT NULL DEFAULT '',
        target_version_id TEXT NOT NULL REFERENCES model_versions(id),
        steps TEXT NOT NULL,
        owner_id TEXT,
        owner_name TEXT,
        trigger_kpi TEXT NOT NULL,
        trigger_operator TEXT NOT NULL CHECK (trigger_operator IN ('>', '>=', '<', '<=')),
        trigger_value REAL NOT NULL,
        trigger_unit TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX rollback_plans_plan ON rollback_plans(plan_id, seq);
      CREATE INDEX rollback_plans_event ON rollback_plans(event_id, seq);

      CREATE TABLE rollback_rehearsals (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        plan_id TEXT NOT NULL,
        rehearsed_on TEXT NOT NULL,
        duration_minutes REAL NOT NULL CHECK (duration_minutes >= 0),
        notes TEXT NOT NULL DEFAULT '',
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL
      ) STRICT;
      CREATE INDEX rollback_rehearsals_plan ON rollback_rehearsals(plan_id, rehearsed_on);
    `);
    for (const [table, what] of APPEND_ONLY) {
      db.exec(`
        CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
        BEGIN SELECT RAISE(ABORT, '${what} append-only: record a new revision instead.'); END;
        CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
        BEGIN SELECT RAISE(ABORT, '${what} append-only: record a new revision instead.'); END;
      `);
    }
  },
};
