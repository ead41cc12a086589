/**
 * The tables whose rows the change log's hash covers (hash version 2). One registry: `appendChange` refuses a
 * `record` naming a table not listed here, and `kaizen check` re-reads each recorded row through it. A table
 * name only ever comes from this list, never from user text.
 *
 * - `key`: the column that identifies a row (the `record.id` an entry carries).
 * - `columns`: the governance-relevant columns covered, when a row has others the app may change without a
 *   log entry (a KPI's notes, a result's pin); absent = every column.
 * - `deletable`: the app may delete such a row without a log entry (so a missing row is not tampering).
 *
 * Governance areas add their tables here with one line each.
 */
export type ChainedTable = Readonly<{ key: string; columns?: readonly string[]; deletable?: boolean }>;

export const CHAINED_TABLES: Readonly<Record<string, ChainedTable>> = {
  decisions: { key: 'id' },
  kpis: { key: 'id', columns: ['id', 'event_id', 'baseline', 'target', 'alert_threshold'] },
  analysis_results: { key: 'id', columns: ['id', 'event_id', 'kind', 'params', 'dataset_version_ids', 'result', 'created_at'], deletable: true },
  controlled_changes: { key: 'id' },
  event_facilitators: { key: 'event_id', deletable: true },
  signoff_requests: { key: 'id' },
  signoff_signatures: { key: 'id' },
  freeze_windows: { key: 'id' },
  freeze_withdrawals: { key: 'window_id' },
  freeze_overrides: { key: 'id' },
  dpa_entries: { key: 'id' },
  dataset_column_flags: { key: 'id', deletable: true },
  registry_models: { key: 'id' },
  model_versions: { key: 'id' },
  model_cards: { key: 'id' },
  model_evidence: { key: 'id' },
  model_stage_changes: { key: 'id' },
  registry_policies: { key: 'id' },
  rollback_plans: { key: 'id' },
  rollback_rehearsals: { key: 'id' },
  control_plan_items: { key: 'id', deletable: true },
  runbooks: { key: 'id' },
  runbook_versions: { key: 'id' },
  actions: { key: 'id', columns: ['id', 'event_id', 'verification'], deletable: true },
  review_schedule: { key: 'id', deletable: true },
  review_results: { key: 'id' },
  ops_sla_entries: { key: 'id', columns: ['id', 'event_id', 'subject_kind', 'subject', 'metric', 'target', 'unit', 'sla_window', 'signed', 'owner', 'notes', 'source', 'created_at', 'updated_at'], deletable: true },
  ops_fmea_rows: { key: 'id', columns: ['id', 'event_id', 'failure_mode', 'effect', 'cause', 'severity', 'occurrence', 'detection', 'controls', 'fallback', 'recommended_action', 're_severity', 're_occurrence', 're_detection', 'created_at', 'updated_at'], deletable: true },
};

export function chainedTable(table: string): ChainedTable {
  const t = Object.prototype.hasOwnProperty.call(CHAINED_TABLES, table) ? CHAINED_TABLES[table] : undefined;
  if (!t) throw new Error(`The change log does not cover table "${table}": add it to CHAINED_TABLES in main/db/chainedTables.ts.`);
  return t;
}
