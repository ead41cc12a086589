import type { Method } from './api';

/**
 * Which contract methods only read. Everything NOT listed here counts as a change, so a new method is guarded
 * on archived events by default (main/services/knowledge/guard.ts); tests/integration/archivedGuard.test.ts walks
 * every method and fails when a change cannot be tied to an event and is not listed in UNSCOPED_WRITES.
 */
export const READ_METHODS: ReadonlySet<string> = new Set<string>([
  'app-info', 'dialog-open-file', 'dialog-save-file',
  // Opening an archived event only records when it was last opened (Home's order), not its content.
  'event-list', 'event-get', 'event-open',
  'team-list', 'checklist-list', 'vsm-list', 'vsm-get', 'vsm-fill-preview',
  'dataset-list', 'dataset-get', 'dataset-versions', 'dataset-profile', 'dataset-rows', 'dataset-quarantine', 'dataset-preview',
  'report-sections', 'report-export', 'report-download', 'report-a3-get',
  'agenda-list', 'agenda-days', 'lock-get', 'lock-active', 'timer-get', 'idea-list', 'round-list', 'round-get', 'vote-list', 'vote-get',
  'affinity-group-list', 'matrix-list', 'whys-list', 'fishbone-get', 'rootcause-list',
  'action-list', 'action-evidence', 'parking-list', 'decision-list',
  'kpi-list', 'kpi-get', 'kpi-templates', 'kpi-compare', 'spc-chart-get', 'spc-dataset-chart', 'spc-capability',
  'analysis-result-list', 'analysis-column-values',
  'governance-people-list', 'governance-passphrase-verify', 'governance-facilitator-get', 'governance-components',
  'governance-change-list', 'governance-log-list', 'governance-chain-status', 'governance-log-export',
  'registry-list', 'registry-gates', 'registry-policy-get', 'registry-plan-list',
  'signoff-list', 'signoff-status', 'signoff-required',
  'freeze-list', 'freeze-at', 'freeze-month', 'freeze-override-list', 'dpa-list', 'dpa-personal-list',
  'control-list', 'runbook-templates', 'runbook-list', 'runbook-get', 'runbook-versions', 'runbook-diff',
  'sustain-calendar', 'review-list', 'review-get',
  'lesson-list', 'knowledge-search', 'knowledge-similar',
  // The .kaizen archive (main/services/archive): exporting an event reads it, archived or not.
  'archive-export', 'archive-download', 'archive-download-chunk',
  // Room mode (main/room): what the facilitator sees of it, and what a phone reads.
  'room-interfaces', 'room-status', 'room-view',
  // Display settings (theme, locale) on this machine.
  'settings-get',
  // Integration and operations (main/services/ops): the gateway analyses and what-ifs read a dataset; the schema diff reads its input.
  'ops-gateway', 'ops-rate-limit', 'ops-retry', 'ops-feedback', 'ops-schema-diff', 'ops-fmea-templates',
  // Linked datasets (main/services/sources): a link's details and the files the allowed folders offer.
  'source-info', 'source-link-candidates',
]);

/** Analyses change nothing unless asked to save their result; a dry-run import writes nothing. */
const WRITES_WHEN: Partial<Record<Method, (input: Record<string, unknown>) => boolean>> = {
  'analysis-latency': (i) => i.save === true,
  'analysis-whatif': (i) => i.save === true,
  'analysis-drift': (i) => i.save === true,
  'analysis-drift-series': (i) => i.save === true,
  'analysis-confidence': (i) => i.save === true,
  'analysis-fairness': (i) => i.save === true,
  'analysis-models': (i) => i.save === true,
  'lifecycle-run': (i) => i.save === true,
  'dataset-import': (i) => i.dryRun !== true,
};

/** Changes that belong to no existing event, with why they cannot touch an archived one. */
export const UNSCOPED_WRITES: Readonly<Record<string, string>> = {
  'job-cancel': 'stops a running job; a job on an archived event could not have started',
  'event-create': 'makes a new event',
  'demo-create': 'makes a new demo event',
  'dataset-upload-begin': 'a file upload belongs to no event until dataset-import, which is guarded',
  'dataset-upload-chunk': 'part of an upload (above)',
  'dataset-upload-discard': 'part of an upload (above)',
  'registry-artifact-upload-begin': 'an artifact upload belongs to no event until registry-version-create, which is guarded',
  'registry-artifact-upload-chunk': 'part of an upload (above)',
  'archive-upload-begin': 'an archive upload belongs to no event until archive-import',
  'archive-upload-chunk': 'part of an upload (above)',
  'archive-upload-discard': 'part of an upload (above)',
  'archive-import': 'adds an event from a .kaizen file (as a copy, or replacing one only when asked); the ids are in the file, not the input',
  'settings-set': 'the theme and locale of this machine\'s screens (store-wide settings table), no event\'s data',
  'room-stop': 'closes the room listener; stores nothing (participant tokens live in memory only)',
  'room-remove': 'ends one phone\'s in-memory room session; stores nothing',
  'clickhouse-password-set': 'a ClickHouse user\'s password for this machine\'s OS keychain, no event\'s data (never in the store)',
  'clickhouse-password-forget': 'removes that password from the keychain',
};

/**
 * Changes allowed on an archived event: archiving and reopening themselves; deleting it (with confirmation, checked
 * by the guard) and its undo; duplicating it (the copy is a new, open event; the archived one is only read).
 */
export const ALLOWED_ON_ARCHIVED: ReadonlySet<Method> = new Set<Method>(['event-archive', 'event-reopen', 'event-delete', 'event-restore', 'event-duplicate']);

/** Input fields that name an item only to read it (a copy's source), never to change it. */
export const SOURCE_FIELDS: ReadonlySet<string> = new Set(['copyFromId']);

/** A method named '<area>-list' or '<area>-get' only reads, even before it is listed above. */
const READ_SUFFIX = /-(list|get)$/;

/** True when this call would change stored data. */
export function isWriteCall(method: Method, input: unknown): boolean {
  if (READ_METHODS.has(method) || READ_SUFFIX.test(method)) return false;
  const when = WRITES_WHEN[method];
  return when ? when(typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {}) : true;
}
