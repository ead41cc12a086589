import { z } from 'zod';
import { Id, IsoDate, IsoDateTime, LongText, ShortText } from './common';

// 30/60/90-day reviews (issue 17): the schedule (due dates from the event's end date, editable) and the stored
// results of **Run review** (append-only). Methods are listed in sustain.ts.

/** The offsets (days after the event's end date) the schedule is seeded with. */
export const REVIEW_OFFSETS = [30, 60, 90] as const;

export const ReviewScheduleItem = z.object({
  id: Id,
  eventId: Id,
  title: z.string().trim().min(1).max(200),
  dueDate: IsoDate,
  /** The days after the event's end date a seeded review was made with; null for one added by hand. */
  offsetDays: z.number().int().min(0).nullable(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type ReviewScheduleItem = z.infer<typeof ReviewScheduleItem>;

export const ReviewScheduleEntry = ReviewScheduleItem.extend({
  /** How many results are stored for it, and when the newest was run. */
  results: z.number().int().min(0),
  lastRunAt: IsoDateTime.nullable(),
  /** done: has a result; overdue: due before today without one; due: otherwise. */
  status: z.enum(['due', 'overdue', 'done']),
});
export type ReviewScheduleEntry = z.infer<typeof ReviewScheduleEntry>;

export const REVIEW_VERDICTS = ['sustained', 'improved-further', 'degraded', 'not-enough-data'] as const;
export const ReviewVerdict = z.enum(REVIEW_VERDICTS);
export type ReviewVerdict = z.infer<typeof ReviewVerdict>;
export const VERDICT_LABELS: Readonly<Record<ReviewVerdict, string>> = {
  sustained: 'Sustained',
  'improved-further': 'Improved further',
  degraded: 'Degraded',
  'not-enough-data': 'Not enough data',
};

/** One check of the new points against the held limits (the guardrails' check lines). */
export const ReviewCheck = z.object({
  name: z.string(),
  kind: z.string(),
  status: z.enum(['pass', 'fail', 'no-data']),
  value: z.number().nullable(),
  limit: z.number().nullable(),
  detail: z.string(),
});

export const ReviewKpiResult = z.object({
  kpiId: Id,
  name: z.string(),
  unit: z.string(),
  direction: z.enum(['lower', 'higher']),
  verdict: ReviewVerdict,
  /** The evidence in plain words, one sentence a line. */
  evidence: z.array(z.string()),
  datasetId: Id.nullable(),
  /** Points of the follow-up (after `since`), and how many a verdict needs. */
  newPoints: z.number().int().min(0),
  needed: z.number().int().min(0),
  /** The held limits (Phase II) the new points were charted against; null when none could be held. */
  limits: z
    .object({ chart: z.string(), stage: z.string(), from: z.string(), to: z.string(), points: z.number().int(), center: z.number(), sigma: z.number(), ucl: z.number().nullable(), lcl: z.number().nullable() })
    .nullable(),
  checks: z.array(ReviewCheck),
  beforeAfter: z
    .object({ nBefore: z.number().int(), nAfter: z.number().int(), meanBefore: z.number(), meanAfter: z.number(), welchP: z.number(), mannWhitneyP: z.number(), improved: z.boolean(), significant: z.boolean(), verdict: z.string() })
    .nullable(),
  /**
   * The event's pre-event stage (the KPI chart's first stage, e.g. "Before"): its points and mean, for the line
   * "follow-up mean vs the level before the event". Null when the chart has no stages or the KPI had no verdict.
   */
  baseline: z.object({ stage: z.string(), from: z.string(), to: z.string(), points: z.number().int(), mean: z.number() }).nullable().default(null),
  /**
   * Share of the event's gain the follow-up kept: (before mean − follow-up mean) / (before mean − held stage mean),
   * e.g. 0.92 = "92 % of the event's gain retained"; above 1 = better than the event left it; below 0 = worse than
   * before the event. Null when there is no pre-event stage, no follow-up verdict or the event made no gain.
   */
  gainRetained: z.number().nullable().default(null),
});
export type ReviewKpiResult = z.infer<typeof ReviewKpiResult>;

export const ReviewDrift = z.object({
  column: z.string(),
  dataset: z.string(),
  reference: z.string(),
  psi: z.number().nullable(),
  threshold: z.number(),
  status: z.enum(['pass', 'fail', 'no-data']),
  detail: z.string(),
});
export type ReviewDrift = z.infer<typeof ReviewDrift>;

/**
 * One fairness gate re-run on the follow-up rows: a stored fairness analysis of the event recomputed on the rows
 * since `since`, against the governance policy's limit (dpdMax / eodMax) when set, else the analysis' own gate.
 * `no-data`: the rows cannot decide (too few groups, the positive label never occurs, no threshold …), see detail.
 */
export const ReviewFairness = z.object({
  name: z.string(),
  dataset: z.string(),
  group: z.string(),
  metric: z.string(),
  value: z.number().nullable(),
  limit: z.number().nullable(),
  status: z.enum(['pass', 'fail', 'no-data']),
  detail: z.string(),
});
export type ReviewFairness = z.infer<typeof ReviewFairness>;

export const ReviewAction = z.object({ id: Id, title: z.string(), status: z.string(), dueDate: IsoDate.nullable(), overdue: z.boolean() });

export const ReviewNumbers = z.object({
  drift: z.array(ReviewDrift),
  actions: z.object({ open: z.array(ReviewAction), overdue: z.number().int().min(0) }),
  /** Fairness gates re-run on the follow-up rows (results stored before this existed parse as []). */
  fairness: z.array(ReviewFairness).default([]),
});

export const ReviewDatasetVersion = z.object({ datasetId: Id, name: z.string(), version: z.number().int().positive(), versionId: Id });

export const ReviewResult = z.object({
  id: Id,
  eventId: Id,
  reviewId: Id,
  /** The first day counted as follow-up data. */
  since: IsoDate,
  datasetVersions: z.array(ReviewDatasetVersion),
  numbers: ReviewNumbers,
  verdicts: z.array(ReviewKpiResult),
  attendees: z.array(z.string().trim().min(1).max(200)).max(100),
  notes: LongText,
  nextSteps: z.array(z.string().trim().min(1).max(500)).max(100),
  /** The actions the next steps became (planned, in the event), in the order of `nextSteps`. */
  nextStepActionIds: z.array(Id).default([]),
  author: z.string(),
  createdAt: IsoDateTime,
});
export type ReviewResult = z.infer<typeof ReviewResult>;

export const ReviewScheduleInput = z.object({
  eventId: Id,
  /**
   * The whole schedule: rows with an id are edited, rows without one are added, stored rows not listed are removed
   * (refused for a review that has results). Omitted: seeds +30/+60/+90 days from the event's end date when the
   * event has no schedule yet.
   */
  items: z.array(z.object({ id: Id.optional(), title: z.string().trim().min(1).max(200), dueDate: IsoDate })).max(50).optional(),
});

export const ReviewRunInput = z.object({
  reviewId: Id,
  /** The first day of follow-up data; default: the day after the event's data (the dataset's last full import). */
  since: IsoDate.optional(),
  attendees: z.array(z.string().trim().min(1).max(200)).max(100).default([]),
  notes: LongText.default(''),
  nextSteps: z.array(z.string().trim().min(1).max(500)).max(100).default([]),
  title: ShortText.optional(),
});
