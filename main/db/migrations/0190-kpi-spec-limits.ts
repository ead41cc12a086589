import type { Migration } from '../migrate';

/**
 * Spec limits on the KPI (issue 20): the lower and upper specification limits that capability is computed
 * against, in one place for the KPI page and the report (before, the page pre-filled USL with the target and the
 * report used the alert threshold). Both optional; when both are set, USL > LSL (checked by the service).
 */
export const migration0190: Migration = {
  version: 190,
  name: '0190-kpi-spec-limits',
  up(db) {
    db.exec(`
      ALTER TABLE kpis ADD COLUMN lsl REAL;
      ALTER TABLE kpis ADD COLUMN usl REAL;
    `);
  },
};
