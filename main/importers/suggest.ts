import type { ColumnRole } from '../../common/contract/schemas/datasets';
import type { InferredColumn } from './columnTypes';

const ROLE_PATTERNS: readonly [RegExp, ColumnRole][] = [
  [/^(timestamp|time|ts|datetime|date|event_time|created_at|started_at)$/i, 'timestamp'],
  [/(^|_)(request|entity|run|trace|session|user|customer|transaction)_?id$/i, 'entity-id'],
  [/^(stage|step|phase|task)$/i, 'stage'],
  [/^model(_?version)?$/i, 'model-version'],
  [/^(score|probability|prob|prediction_score|risk_score)$/i, 'score'],
  [/^(decision|prediction|predicted(_label)?|y_pred)$/i, 'predicted-label'],
  [/^(label|target|actual|ground_truth|y_true|true_label|outcome)$/i, 'true-label'],
  [/^(region|group|segment|gender|sex|age_band|country|cohort)$/i, 'group'],
  [/^(latency|total_ms|duration(_ms)?|latency_ms|elapsed(_ms)?)$/i, 'latency'],
  [/^(status|state|result|outcome_status)$/i, 'status'],
];

/** A role guessed from the column name (the wizard pre-selects it; the user decides). */
export function suggestRole(c: Pick<InferredColumn, 'source' | 'type'>): ColumnRole | null {
  for (const [re, role] of ROLE_PATTERNS) {
    if (!re.test(c.source)) continue;
    if (role === 'timestamp' && c.type !== 'timestamp') continue;
    return role;
  }
  return null;
}

/** Unit from a name suffix: *_ms → ms, *_s/_sec → s, *_pct → %, *_bytes → bytes. */
export function suggestUnit(name: string): string | null {
  if (/(_|^)ms$/i.test(name)) return 'ms';
  if (/(_s|_sec|_seconds)$/i.test(name)) return 's';
  if (/(_pct|_percent)$/i.test(name)) return '%';
  if (/_bytes$/i.test(name)) return 'bytes';
  return null;
}
