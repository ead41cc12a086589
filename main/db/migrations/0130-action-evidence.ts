import type { Migration } from '../migrate';

/**
 * Evidence-gated verification of actions.
 *
 * - `done_date`: the day the action was finished (set when it becomes done; editable). The KPI's evidence is split
 *   at this date: limits and the "before" sample from the points before it, the "after" sample from the points after.
 * - `verification`: how the action became verified, as JSON checked by the contract (by evidence, with the numbers,
 *   or by an override with its reason, which is also in the change log). NULL while not verified.
 * - The expected effect's KPI and its size stay in the `expected_effect` JSON (the contract adds `kpiId`).
 */
export const migration0130: Migration = {
  version: 130,
  name: '0130-action-evidence',
  up(db) {
    db.exec(`
      ALTER TABLE actions ADD COLUMN done_date TEXT CHECK (done_date IS NULL OR done_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]');
      ALTER TABLE actions ADD COLUMN verification TEXT CHECK (verification IS NULL OR json_type(verification) = 'object');
      UPDATE actions SET done_date = substr(updated_at, 1, 10) WHERE status IN ('done', 'verified');
    `);
  },
};
