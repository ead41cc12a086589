import type { Migration } from '../migrate';

/**
 * 30/60/90-day reviews (issue 17).
 *
 * - `review_schedule`: when the event's follow-up reviews are due. Seeded from the event's end date (+30, +60,
 *   +90 days) and editable; more can be added. `offset_days` records the offset a seeded row was made with
 *   (NULL for a review added by hand).
 * - `review_results`: one row per **Run review**, append-only (triggers, as runbook versions in 0120): which
 *   dataset versions were used, the numbers, the verdicts per KPI, attendees, notes and next steps — all JSON
 *   checked by the contract. A re-run is a new row; a stored result is never recomputed.
 * - A result keeps its schedule row: a scheduled review with results cannot be removed (RESTRICT).
 */
export const migration0140: Migration = {
  version: 140,
  name: '0140-reviews',
  up(db) {
    db.exec(`
      CREATE TABLE review_schedule (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        due_date TEXT NOT NULL CHECK (due_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        offset_days INTEGER CHECK (offset_days IS NULL OR offset_days >= 0),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_schedule_event ON review_schedule(event_id, due_date);

      CREATE TABLE review_results (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        review_id TEXT NOT NULL REFERENCES review_schedule(id) ON DELETE RESTRICT,
        since TEXT NOT NULL CHECK (since GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        dataset_versions TEXT NOT NULL CHECK (json_valid(dataset_versions) AND json_type(dataset_versions) = 'array'),
        numbers TEXT NOT NULL CHECK (json_valid(numbers) AND json_type(numbers) = 'object'),
        verdicts TEXT NOT NULL CHECK (json_valid(verdicts) AND json_type(verdicts) = 'array'),
        attendees TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(attendees) AND json_type(attendees) = 'array'),
        notes TEXT NOT NULL DEFAULT '',
        next_steps TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(next_steps) AND json_type(next_steps) = 'array'),
        author TEXT NOT NULL,
        created_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX review_results_review ON review_results(review_id, created_at);
      CREATE INDEX review_results_event ON review_results(event_id, created_at);

      CREATE TRIGGER review_results_no_update BEFORE UPDATE ON review_results
      BEGIN SELECT RAISE(ABORT, 'Review results are append-only: run the review again for a new result.'); END;
      CREATE TRIGGER review_results_no_delete BEFORE DELETE ON review_results
      BEGIN SELECT RAISE(ABORT, 'Review results are append-only: run the review again for a new result.'); END;
    `);
  },
};
