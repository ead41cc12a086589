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

/** The words of a column name: `latency_total_ms`, `latency-total-ms`, `LatencyTotalMs` and `latency total ms` alike. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

const LATENCY_WORDS = new Set(['latency', 'duration', 'elapsed', 'rtt', 'ttfb']);
const TIME_UNIT_WORDS = new Set(['ms', 'msec', 'millis', 'milliseconds', 's', 'sec', 'secs', 'seconds', 'us', 'micros']);
const NOT_DURATION = new Set(['timestamp', 'epoch', 'ts', 'at', 'date', 'created', 'updated']);

/**
 * Whole names first (the patterns above); then, for numeric columns, by their words: a latency word anywhere
 * (`latency_total_ms`, `p95_latency`, `inferenceDurationSec`), or "response/processing/wait/queue time" with a time
 * unit (`response_time_ms`) — never a timestamp (`created_at_ms`, `epoch_ms`).
 */
export function suggestRole(c: Pick<InferredColumn, 'source' | 'type'>): ColumnRole | null {
  for (const [re, role] of ROLE_PATTERNS) {
    if (!re.test(c.source)) continue;
    if (role === 'timestamp' && c.type !== 'timestamp') continue;
    return role;
  }
  if (c.type !== 'integer' && c.type !== 'real') return null;
  const words = nameWords(c.source);
  if (words.some((w) => NOT_DURATION.has(w))) return null;
  if (words.some((w) => LATENCY_WORDS.has(w))) return 'latency';
  const timed = words.includes('time') && words.some((w) => w === 'response' || w === 'processing' || w === 'wait' || w === 'queue' || w === 'inference' || w === 'total');
  if (timed || (words.includes('total') && words.some((w) => TIME_UNIT_WORDS.has(w)))) return 'latency';
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
