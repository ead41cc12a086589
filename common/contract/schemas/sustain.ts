import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDateTime, ShortText } from './common';
import { DEFAULT_K, describeTest } from '../../domain/spc/runRules';
import type { TestNumber } from '../../domain/spc/runRules';
import { ReviewResult, ReviewRunInput, ReviewScheduleEntry, ReviewScheduleInput } from './reviews';

// Sustain (issue 17): the control plan — who watches each KPI, how often, from which source, what to do on which
// signal and whom to call — and versioned Markdown runbooks. Guardrails (S1) add their own methods elsewhere.

export const CONTROL_FREQUENCIES = ['hourly', 'daily', 'weekly', 'monthly', 'per-release'] as const;
export const ControlFrequency = z.enum(CONTROL_FREQUENCIES);
export type ControlFrequency = z.infer<typeof ControlFrequency>;
export const FREQUENCY_LABELS: Readonly<Record<ControlFrequency, string>> = {
  hourly: 'Hourly',
  daily: 'Daily',
  weekly: 'Weekly',
  monthly: 'Monthly',
  'per-release': 'Every release',
};

export const CONTROL_SOURCES = ['dataset', 'manual'] as const;
export const ControlSource = z.enum(CONTROL_SOURCES);
export type ControlSource = z.infer<typeof ControlSource>;
export const SOURCE_LABELS: Readonly<Record<ControlSource, string>> = { dataset: 'Dataset KPI', manual: 'Manual entry' };

/** What sets a reaction off: a special-cause test on the KPI's control chart, a threshold, or drift (PSI) above a value. */
export const ReactionSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('special-cause'), test: z.number().int().min(1).max(8) }),
  z.object({ kind: z.literal('threshold'), op: z.enum(['above', 'below']), value: z.number().finite() }),
  z.object({ kind: z.literal('drift'), psiAbove: z.number().positive().max(10) }),
]);
export type ReactionSignal = z.infer<typeof ReactionSignal>;
export const SIGNAL_KINDS = ['special-cause', 'threshold', 'drift'] as const;
export const SIGNAL_KIND_LABELS: Readonly<Record<ReactionSignal['kind'], string>> = {
  'special-cause': 'Special-cause test',
  threshold: 'Threshold',
  drift: 'Drift (PSI) above',
};

export const ReactionRow = z.object({ signal: ReactionSignal, action: z.string().trim().min(1, 'say what to do').max(1000) });
export type ReactionRow = z.infer<typeof ReactionRow>;

export const INCIDENT_TYPES = ['data', 'infrastructure', 'algorithmic'] as const;
export const IncidentType = z.enum(INCIDENT_TYPES);
export type IncidentType = z.infer<typeof IncidentType>;
export const INCIDENT_LABELS: Readonly<Record<IncidentType, string>> = { data: 'Data', infrastructure: 'Infrastructure', algorithmic: 'Algorithmic' };

/** Who is called for an incident type, and how fast they answer (hours; 0.25 = 15 minutes). */
export const EscalationRow = z.object({
  incident: IncidentType,
  who: z.string().trim().min(1, 'name who is called').max(200),
  responseHours: z.number().positive().max(24 * 30),
});
export type EscalationRow = z.infer<typeof EscalationRow>;

export const ControlPlanFields = z.object({
  /** A team member of the event. */
  ownerId: Id.nullable(),
  frequency: ControlFrequency,
  sourceKind: ControlSource,
  /** Where a manual value comes from, or a note on the dataset (e.g. "weekly export of the inference log"). */
  sourceNote: ShortText,
  reactions: z.array(ReactionRow).max(20),
  escalations: z.array(EscalationRow).max(10),
  runbookId: Id.nullable(),
});
export type ControlPlanFields = z.infer<typeof ControlPlanFields>;

export const ControlPlanItem = ControlPlanFields.extend({
  id: Id,
  eventId: Id,
  kpiId: Id,
  kpiName: z.string(),
  kpiUnit: z.string(),
  /** The KPI's own source: what the row's "dataset KPI" refers to. */
  kpiSource: z.enum(['dataset', 'manual']),
  /** The owner's name; null when there is no owner or the member was removed (ownerId kept). */
  ownerName: z.string().nullable(),
  runbookTitle: z.string().nullable(),
  position: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ControlPlanItem = z.infer<typeof ControlPlanItem>;

export const RUNBOOK_KINDS = ['monitoring', 'incident-response', 'rollback'] as const;
export const RunbookKind = z.enum(RUNBOOK_KINDS);
export type RunbookKind = z.infer<typeof RunbookKind>;
export const RUNBOOK_KIND_LABELS: Readonly<Record<RunbookKind, string>> = {
  monitoring: 'Monitoring',
  'incident-response': 'Incident response',
  rollback: 'Rollback',
};

export const RUNBOOK_MAX_CHARS = 100_000;
const RunbookTitle = z.string().trim().min(1, 'must not be empty').max(300);
const RunbookBody = z.string().max(RUNBOOK_MAX_CHARS, `a runbook holds at most ${RUNBOOK_MAX_CHARS.toLocaleString('en')} characters`);
const VersionNo = z.number().int().min(1);

export const RunbookVersionInfo = z.object({
  id: Id,
  runbookId: Id,
  version: z.number().int(),
  title: z.string(),
  note: z.string(),
  /** The version whose text this one restored, if it was a restore. */
  restoredFrom: z.number().int().nullable(),
  author: z.string(),
  createdAt: IsoDateTime,
  lines: z.number().int(),
});
export type RunbookVersionInfo = z.infer<typeof RunbookVersionInfo>;
export const RunbookVersion = RunbookVersionInfo.extend({ body: z.string() });
export type RunbookVersion = z.infer<typeof RunbookVersion>;

export const Runbook = z.object({
  id: Id,
  eventId: Id,
  kind: RunbookKind,
  title: z.string(),
  latestVersion: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** KPIs whose control-plan row links this runbook. */
  linkedKpis: z.array(z.string()),
});
export type Runbook = z.infer<typeof Runbook>;

export const RunbookWithVersion = z.object({ runbook: Runbook, version: RunbookVersion });
export type RunbookWithVersion = z.infer<typeof RunbookWithVersion>;

export const RunbookTemplate = z.object({ kind: RunbookKind, title: z.string(), body: z.string() });
export type RunbookTemplate = z.infer<typeof RunbookTemplate>;

export const DiffLine = z.object({
  kind: z.enum(['same', 'added', 'removed']),
  text: z.string(),
  /** 1-based line number in the older / newer version (null where the line is not in it). */
  oldLine: z.number().int().nullable(),
  newLine: z.number().int().nullable(),
});
export type DiffLine = z.infer<typeof DiffLine>;
export const RunbookDiff = z.object({
  runbookId: Id,
  from: RunbookVersionInfo,
  to: RunbookVersionInfo,
  lines: z.array(DiffLine),
  added: z.number().int(),
  removed: z.number().int(),
});
export type RunbookDiff = z.infer<typeof RunbookDiff>;

/** The eight special-cause tests in a few words (Minitab's default K), for table cells on a projector. */
export const TEST_SHORT_NAMES: Readonly<Record<TestNumber, string>> = {
  1: 'a point beyond 3 σ',
  2: '9 in a row on one side',
  3: '6 in a row rising or falling',
  4: '14 alternating up and down',
  5: '2 of 3 beyond 2 σ, same side',
  6: '4 of 5 beyond 1 σ, same side',
  7: '15 in a row within 1 σ',
  8: '8 in a row beyond 1 σ, either side',
};

/**
 * "Test 1: a point more than 3 σ from the centre line", "Value above 250 ms", "Drift: PSI above 0.2": a
 * reaction's signal in words; `short` gives "Test 1: a point beyond 3 σ" for narrow cells.
 */
export function describeSignal(s: ReactionSignal, unit = '', short = false): string {
  const u = unit ? ` ${unit}` : '';
  switch (s.kind) {
    case 'special-cause':
      return short ? `Test ${s.test}: ${TEST_SHORT_NAMES[s.test as TestNumber]}` : describeTest(s.test as TestNumber, DEFAULT_K[s.test as TestNumber]);
    case 'threshold':
      return `Value ${s.op} ${s.value}${u}`;
    case 'drift':
      return `Drift: PSI above ${s.psiAbove}`;
  }
}

/** "15 min", "4 h", "2 days": a response time in words. */
export function describeResponse(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} min`;
  if (hours >= 48 && hours % 24 === 0) return `${hours / 24} days`;
  return `${Number(hours.toFixed(2))} h`;
}

export const sustainMethods = {
  /** The event's control plan, in KPI order: one row per KPI that has one. */
  'control-list': method(ByEvent, z.array(ControlPlanItem)),
  /** Adds the KPI's row (one per KPI); defaults: daily, the KPI's own source, no reactions yet. Logged. */
  'control-create': method(
    z.object({ eventId: Id, kpiId: Id, id: Id.optional(), fields: ControlPlanFields.partial().optional(), position: z.number().int().optional() }),
    ControlPlanItem,
  ),
  /** Logged in the change log with the row. */
  'control-update': method(z.object({ id: Id, patch: ControlPlanFields.partial() }), ControlPlanItem),
  /** Returns the removed row; undo re-creates it with `control-create`, the same id and fields. Logged. */
  'control-remove': method(ById, ControlPlanItem),
  'runbook-templates': method(z.object({}), z.array(RunbookTemplate)),
  'runbook-list': method(ByEvent, z.array(Runbook)),
  /** A new runbook from its kind's template (or the title and body given): version 1. */
  'runbook-create': method(
    z.object({ eventId: Id, id: Id.optional(), kind: RunbookKind, title: RunbookTitle.optional(), body: RunbookBody.optional() }),
    RunbookWithVersion,
  ),
  /** The latest version, or the one asked for. */
  'runbook-get': method(z.object({ id: Id, version: VersionNo.optional() }), RunbookWithVersion),
  /** Every version, newest first (no bodies). */
  'runbook-versions': method(ById, z.array(RunbookVersionInfo)),
  /**
   * Saves a new version. `baseVersion` is the version the editor started from: when someone saved in between,
   * the call fails with CONFLICT (nothing is overwritten). Saving the same title and text again makes no version.
   */
  'runbook-save': method(
    z.object({ id: Id, baseVersion: VersionNo, title: RunbookTitle, body: RunbookBody, note: ShortText.optional() }),
    RunbookWithVersion.extend({ created: z.boolean() }),
  ),
  /** A line diff from version `from` to version `to`. */
  'runbook-diff': method(z.object({ id: Id, from: VersionNo, to: VersionNo }), RunbookDiff),
  /** Restores an older version's title and text as a new version (history is never rewritten). */
  'runbook-restore': method(z.object({ id: Id, version: VersionNo, note: ShortText.optional() }), RunbookWithVersion),
  /** The event's dates, action due dates, freeze windows (and reviews) as an ICS file (RFC 5545) to download. */
  'sustain-calendar': method(ByEvent, z.object({ fileName: z.string(), mimeType: z.literal('text/calendar'), content: z.string() })),
  /** The event's review schedule (due, overdue, done) and its stored results, newest first. */
  'review-list': method(ByEvent, z.object({ schedule: z.array(ReviewScheduleEntry), results: z.array(ReviewResult) })),
  /** Sets the schedule (see ReviewScheduleInput); logged. */
  'review-schedule-set': method(ReviewScheduleInput, z.array(ReviewScheduleEntry)),
  /** Runs the review on the datasets' latest versions and stores a new result (never overwrites one). */
  'review-run': method(ReviewRunInput, ReviewResult),
  /** A stored result as it was run. */
  'review-get': method(ById, ReviewResult),
} as const;
