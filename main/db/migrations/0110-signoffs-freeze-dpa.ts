import type { Migration } from '../migrate';

const appendOnly = (table: string, what: string) => `
  CREATE TRIGGER ${table}_no_update BEFORE UPDATE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${what} are append-only: record a new entry instead.'); END;
  CREATE TRIGGER ${table}_no_delete BEFORE DELETE ON ${table}
  BEGIN SELECT RAISE(ABORT, '${what} are append-only: record a new entry instead.'); END;`;

/**
 * Sign-offs (requests and signatures), the change-freeze calendar (windows, withdrawals, overrides), the DPA
 * register, the personal flag of dataset columns, and which personal-data uses already raised a "Review the
 * DPA" action. Governance records are append-only (triggers, as the decision log in 0070); people are kept by
 * id and name without a foreign key so removing a team member never rewrites history. Subjects (controlled
 * changes, model versions) are referenced by id without a foreign key so this migration does not depend on
 * the registry's landing first.
 */
export const migration0110: Migration = {
  version: 110,
  name: '0110-signoffs-freeze-dpa',
  up(db) {
    db.exec(`
      CREATE TABLE signoff_requests (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('change', 'model-version')),
        subject_id TEXT NOT NULL,
        subject_label TEXT NOT NULL,
        required_roles TEXT NOT NULL CHECK (json_valid(required_roles) AND json_type(required_roles) = 'array'),
        statement TEXT NOT NULL,
        conditions TEXT NOT NULL DEFAULT '',
        requester_id TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX signoff_requests_event ON signoff_requests(event_id, seq);
      CREATE INDEX signoff_requests_subject ON signoff_requests(subject_kind, subject_id, seq);

      CREATE TABLE signoff_signatures (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        request_id TEXT NOT NULL REFERENCES signoff_requests(id),
        member_id TEXT NOT NULL,
        member_name TEXT NOT NULL,
        role TEXT NOT NULL,
        decision TEXT NOT NULL CHECK (decision IN ('approve', 'approve-with-conditions', 'reject')),
        comment TEXT NOT NULL DEFAULT '',
        signed_at TEXT NOT NULL,
        UNIQUE (request_id, member_id)
      ) STRICT;

      CREATE TABLE freeze_windows (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        name TEXT NOT NULL,
        reason TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('one-off', 'month-end', 'quarter-end', 'weekday')),
        start_date TEXT,
        end_date TEXT,
        business_days INTEGER CHECK (business_days BETWEEN 1 AND 10),
        weekday INTEGER CHECK (weekday BETWEEN 1 AND 7),
        valid_from TEXT,
        valid_until TEXT,
        created_by TEXT NOT NULL,
        created_at TEXT NOT NULL,
        CHECK (kind <> 'one-off' OR (start_date IS NOT NULL AND end_date IS NOT NULL AND start_date <= end_date)),
        CHECK (kind NOT IN ('month-end', 'quarter-end') OR business_days IS NOT NULL),
        CHECK (kind <> 'weekday' OR weekday IS NOT NULL)
      ) STRICT;
      CREATE INDEX freeze_windows_event ON freeze_windows(event_id, seq);

      CREATE TABLE freeze_withdrawals (
        window_id TEXT PRIMARY KEY REFERENCES freeze_windows(id),
        reason TEXT NOT NULL,
        member_id TEXT NOT NULL,
        member_name TEXT NOT NULL,
        withdrawn_at TEXT NOT NULL
      ) STRICT;

      CREATE TABLE freeze_overrides (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        window_id TEXT NOT NULL REFERENCES freeze_windows(id),
        subject_kind TEXT NOT NULL CHECK (subject_kind IN ('action', 'change', 'promotion', 'other')),
        subject_id TEXT NOT NULL,
        subject_label TEXT NOT NULL,
        date TEXT NOT NULL,
        reason TEXT NOT NULL,
        member_id TEXT NOT NULL,
        member_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX freeze_overrides_event ON freeze_overrides(event_id, seq);
      CREATE INDEX freeze_overrides_subject ON freeze_overrides(subject_kind, subject_id);

      CREATE TABLE dpa_entries (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        event_id TEXT NOT NULL REFERENCES events(id),
        dataset_id TEXT,
        dataset_name TEXT NOT NULL,
        columns TEXT NOT NULL CHECK (json_valid(columns) AND json_type(columns) = 'array'),
        purpose TEXT NOT NULL,
        legal_basis TEXT NOT NULL CHECK (legal_basis IN
          ('consent', 'contract', 'legal-obligation', 'vital-interests', 'public-task', 'legitimate-interests')),
        retention TEXT NOT NULL,
        processor TEXT NOT NULL DEFAULT '',
        corrects_id TEXT REFERENCES dpa_entries(id),
        recorded_by TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX dpa_entries_event ON dpa_entries(event_id, seq);

      -- Column metadata of a dataset (all its versions): marked personal at import or later on the Data page.
      CREATE TABLE dataset_column_flags (
        id TEXT PRIMARY KEY,
        dataset_id TEXT NOT NULL REFERENCES datasets(id) ON DELETE CASCADE,
        column_name TEXT NOT NULL,
        personal INTEGER NOT NULL CHECK (personal IN (0, 1)),
        updated_by TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (dataset_id, column_name)
      ) STRICT;

      -- Each personal-data use (a dataset column, a model version's feature) raises "Review the DPA" once.
      CREATE TABLE dpa_review_triggers (
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        source_kind TEXT NOT NULL CHECK (source_kind IN ('dataset', 'model-version')),
        source_id TEXT NOT NULL,
        column_name TEXT NOT NULL,
        action_id TEXT,
        created_at TEXT NOT NULL,
        PRIMARY KEY (event_id, source_kind, source_id, column_name)
      ) STRICT;
      ${appendOnly('signoff_requests', 'Sign-off requests')}
      ${appendOnly('signoff_signatures', 'Signatures')}
      ${appendOnly('freeze_windows', 'Freeze windows')}
      ${appendOnly('freeze_withdrawals', 'Freeze withdrawals')}
      ${appendOnly('freeze_overrides', 'Freeze overrides')}
      ${appendOnly('dpa_entries', 'DPA register entries')}
    `);
  },
};
