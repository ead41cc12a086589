import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDate, LongText } from './common';
import { FAIRNESS_METRICS, Window } from './analysis';
import { KPI_BUCKETS, KPI_STATISTICS } from '../../domain/kpi/aggregate';
import { CHART_KINDS } from '../../domain/spc/types';
import { RULE_PRESETS } from '../../domain/spc/runRules';

/** A calendar date that exists (2026-13-01 and 2026-02-30 are rejected). */
const Day = IsoDate.refine((d) => {
  const t = Date.parse(`${d}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().startsWith(d);
}, 'must be a real calendar date');

const Name = z.string().trim().min(1, 'must not be empty').max(200);
const FilterOp = z.enum(['=', '!=', '>', '>=', '<', '<=']);
/** A row condition such as `endpoint = '/score'` or `status = 'failed'`. */
export const RowCondition = z.object({ column: z.string().min(1).max(200), op: FilterOp, value: z.union([z.string().max(500), z.number()]) });
export type RowCondition = z.infer<typeof RowCondition>;
/** A filter `column >= HAS_NUMBER` keeps the rows whose cell holds a number (the KPI board says "column has a value"). */
export const HAS_NUMBER = -Number.MAX_VALUE;

export const DatasetSource = z.object({
  kind: z.literal('dataset'),
  datasetId: Id,
  /** Column aggregated (ignored for count and rate). */
  column: z.string().min(1).max(200),
  statistic: z.enum(KPI_STATISTICS),
  bucket: z.enum(KPI_BUCKETS),
  /** Timestamp column; the dataset's timestamp-role (or first timestamp) column when omitted. */
  timeColumn: z.string().min(1).max(200).optional(),
  filters: z.array(RowCondition).max(20).optional(),
  /** For statistic 'rate': the share of rows meeting this condition. */
  condition: RowCondition.optional(),
});
export type DatasetSource = z.infer<typeof DatasetSource>;
/**
 * PSI of a column per bucket against a reference window of the same dataset (the Analysis page's "PSI over time"),
 * recomputed from the dataset's latest version like any dataset KPI ("Turn into a KPI" on a drift series).
 */
export const DriftSource = z.object({
  kind: z.literal('drift'),
  datasetId: Id,
  column: z.string().min(1).max(200),
  timeColumn: z.string().min(1).max(200),
  /** Reference window (the drift analysis's): dates of a column, an earlier dataset version, or a column's value. */
  reference: Window,
  binning: z.enum(['quantile', 'evidently', 'equal-width']),
  /** Number of bins for 'equal-width' (the analysis's default when omitted). */
  bins: z.number().int().min(2).max(100).optional(),
  categorical: z.boolean(),
  bucket: z.enum(['hour', 'day']),
  /** Buckets with fewer rows have no point. */
  minRows: z.number().int().min(1).max(100_000),
});
export type DriftSource = z.infer<typeof DriftSource>;
/**
 * A Fairlearn disparity (demographic parity or equalized odds, difference or ratio, between groups) per bucket of a
 * predictions dataset ("Turn into a KPI" on a fairness result), recomputed from the dataset's latest version like any
 * dataset KPI. Predicted positive: the prediction column equals its positive value, or score ≥ threshold.
 */
export const FairnessSource = z.object({
  kind: z.literal('fairness'),
  datasetId: Id,
  timeColumn: z.string().min(1).max(200),
  label: z.string().min(1).max(200),
  /** The predicted-label column; or `score` with `threshold`. */
  prediction: z.string().min(1).max(200).optional(),
  score: z.string().min(1).max(200).optional(),
  threshold: z.number().finite().optional(),
  group: z.string().min(1).max(200),
  /** Positive value of the label (and of the prediction unless `predictionPosLabel`). */
  posLabel: z.string().max(200),
  predictionPosLabel: z.string().max(200).optional(),
  metric: z.enum(FAIRNESS_METRICS),
  bucket: z.enum(['hour', 'day']),
  /** Buckets with fewer rows (with label, prediction and group) have no point. */
  minRows: z.number().int().min(1).max(100_000),
});
export type FairnessSource = z.infer<typeof FairnessSource>;
/**
 * A feedback-loop KPI (issue 23): users' corrections (a second dataset) joined to the inference log (`datasetId`) by
 * prediction id, per UTC day of the prediction: the share of predictions corrected, or the label delay p50/p95 in
 * hours (main/services/kpi/feedbackSeries.ts; the same join as `ops-feedback`). Recomputed when either dataset gets a
 * new version.
 */
export const FeedbackSource = z.object({
  kind: z.literal('feedback'),
  datasetId: Id,
  correctionsDatasetId: Id,
  /** Corrections: prediction id, time and label columns. */
  id: z.string().min(1).max(200),
  time: z.string().min(1).max(200),
  label: z.string().min(1).max(200),
  /** Inference log: prediction id (default: the same name) and time columns; the predicted label when logged. */
  inferenceId: z.string().min(1).max(200).optional(),
  inferenceTime: z.string().min(1).max(200),
  predicted: z.string().min(1).max(200).optional(),
  metric: z.enum(['correction_rate', 'label_delay_p50_h', 'label_delay_p95_h']),
  /** Points per UTC day of the prediction. */
  bucket: z.literal('day'),
});
export type FeedbackSource = z.infer<typeof FeedbackSource>;
export const KpiSource = z.discriminatedUnion('kind', [z.object({ kind: z.literal('manual') }), DatasetSource, DriftSource, FairnessSource, FeedbackSource]);
export type KpiSource = z.infer<typeof KpiSource>;

const TestK = z.object({ 1: z.number().positive(), 2: z.number().int().positive(), 3: z.number().int().min(2), 4: z.number().int().min(2), 5: z.number().int().positive(), 6: z.number().int().positive(), 7: z.number().int().positive(), 8: z.number().int().positive() });

/** How the KPI's control chart is drawn: chart type, stages (split dates), Phase I range, tests. */
export const ChartSettings = z.object({
  chart: z.enum(CHART_KINDS).default('imr'),
  /** Stage boundaries: each starts a new stage with its own limits (first stage is named `firstStage`). */
  stages: z.array(z.object({ date: Day, name: z.string().trim().min(1).max(100) })).max(20).default([]),
  firstStage: z.string().trim().min(1).max(100).default('Before'),
  /** Phase I: limits from points A..B (1-based), held for all later points. */
  limitsFrom: z.object({ from: z.number().int().min(1), to: z.number().int().min(1) }).nullable().default(null),
  preset: z.enum([...RULE_PRESETS, 'custom']).default('nelson'),
  tests: z.array(z.number().int().min(1).max(8)).default([1, 2, 3, 4, 5, 6, 7, 8]),
  k: TestK.default({ 1: 3, 2: 9, 3: 6, 4: 14, 5: 2, 6: 4, 7: 15, 8: 8 }),
  nsigmas: z.number().positive().max(6).default(3),
  /** EWMA weight λ; the EWMA limits are at ± `nsigmas` (L) σ of the EWMA. */
  lambda: z.number().gt(0).max(1).default(0.2),
  /**
   * Historical (known) parameters, Minitab's "historical mean / σ": used instead of estimating them from the data
   * (each stage, or the Phase I range). `knownMean` is the centre line of the plotted statistic (the process mean;
   * p̄ for P, n·p̄ for NP, c̄ for C, ū for U); `knownSigma` the process σ (I-MR, X̄-R, X̄-S, EWMA, CUSUM only).
   */
  knownMean: z.number().finite().nullable().default(null),
  knownSigma: z.number().positive().finite().nullable().default(null),
  /** CUSUM reference value k and decision interval h, in σ units (Minitab's defaults). */
  cusumK: z.number().min(0).max(5).default(0.5),
  cusumH: z.number().positive().max(20).default(4),
  /** Count a partly covered first/last bucket in the current value and status (off by default: a week with one day of data is not the week). */
  countPartial: z.boolean().default(false),
});
export type ChartSettings = z.infer<typeof ChartSettings>;

export const KpiFields = z.object({
  name: Name,
  unit: z.string().trim().max(40),
  direction: z.enum(['lower', 'higher']),
  source: KpiSource,
  baseline: z.number().nullable(),
  /** Baseline period; when `baseline` is null, the baseline is the mean of the series over it. */
  baselineFrom: Day.nullable(),
  baselineTo: Day.nullable(),
  target: z.number().nullable(),
  alertThreshold: z.number().nullable(),
  /** Spec limits (lower/upper specification limit): what capability is computed against, on the KPI page and in the report. */
  lsl: z.number().finite().nullable(),
  usl: z.number().finite().nullable(),
  ownerId: Id.nullable(),
  notes: LongText,
  chart: ChartSettings,
});
export type KpiFields = z.infer<typeof KpiFields>;

export const Kpi = KpiFields.extend({ id: Id, eventId: Id, position: z.number().int(), createdAt: z.string(), updatedAt: z.string() });
export type Kpi = z.infer<typeof Kpi>;

/**
 * `partial`: the first or last bucket of a dataset KPI that its data covers only partly (a week with one day of data),
 * as the share of the bucket's time covered (common/domain/kpi/aggregate: bucketCoverage). Flagged on the board and
 * left out of the current value, progress, status and alert unless the KPI's chart settings count partial buckets.
 */
export const KpiPoint = z.object({ time: z.number(), date: z.string(), value: z.number(), n: z.number().int(), note: z.string().optional(), entryId: Id.optional(), partial: z.number().min(0).max(1).optional() });
export type KpiPoint = z.infer<typeof KpiPoint>;

export const KpiStatusSchema = z.enum(['on-track', 'at-risk', 'off-track', 'no-target']);

/** A KPI with its series and everything the board card shows. */
export const KpiSummary = Kpi.extend({
  points: z.array(KpiPoint),
  current: z.number().nullable(),
  currentDate: z.string().nullable(),
  baselineValue: z.number().nullable(),
  progress: z.number().nullable(),
  status: KpiStatusSchema,
  alert: z.object({ firstCrossedAt: z.string(), active: z.boolean(), lastValue: z.number() }).nullable(),
  /** Signals on the latest stage of the control chart (test numbers and 1-based point indices). */
  signals: z.array(z.object({ test: z.number().int(), index: z.number().int(), date: z.string() })),
  /**
   * Every point with a signal on any panel of the chart (I and MR, X̄ and R/S, both CUSUM sums), all stages: one row
   * per point with the tests per panel (common/domain/spc/signalPoints). The board's count, the KPI page's signal list
   * and the report's signal table are these rows. `latest`: the point is in the chart's latest stage.
   */
  signalPoints: z.array(z.object({ index: z.number().int(), date: z.string(), latest: z.boolean(), panels: z.array(z.object({ statistic: z.string(), tests: z.array(z.number().int()) })) })).default([]),
  sourceLabel: z.string(),
  /** Why the series could not be computed (dataset removed, column renamed …), shown on the card. */
  sourceError: z.string().nullable(),
  datasetVersion: z.number().int().nullable(),
});
export type KpiSummary = z.infer<typeof KpiSummary>;

export const KpiTemplate = z.object({ id: z.string(), name: z.string(), unit: z.string(), direction: z.enum(['lower', 'higher']), description: z.string(), statistic: z.enum(KPI_STATISTICS).nullable(), role: z.string().nullable() });
export type KpiTemplate = z.infer<typeof KpiTemplate>;

const KpiCreate = z.object({
  eventId: Id,
  id: Id.optional(),
  name: Name,
  unit: z.string().trim().max(40).default(''),
  direction: z.enum(['lower', 'higher']),
  source: KpiSource,
  baseline: z.number().nullable().optional(),
  baselineFrom: IsoDate.nullable().optional(),
  baselineTo: IsoDate.nullable().optional(),
  target: z.number().nullable().optional(),
  alertThreshold: z.number().nullable().optional(),
  lsl: z.number().finite().nullable().optional(),
  usl: z.number().finite().nullable().optional(),
  ownerId: Id.nullable().optional(),
  notes: LongText.optional(),
  chart: ChartSettings.partial().optional(),
});

export const KpiEntry = z.object({ id: Id, kpiId: Id, date: IsoDate, value: z.number(), note: z.string() });
export type KpiEntry = z.infer<typeof KpiEntry>;

export const BeforeAfterSchema = z.object({
  splitDate: IsoDate,
  nBefore: z.number().int(),
  nAfter: z.number().int(),
  meanBefore: z.number(),
  meanAfter: z.number(),
  difference: z.number(),
  percentChange: z.number().nullable(),
  welch: z.object({ t: z.number(), df: z.number(), p: z.number(), diff: z.number(), ciLow: z.number(), ciHigh: z.number() }),
  mannWhitney: z.object({ u: z.number(), z: z.number(), p: z.number() }),
  improved: z.boolean(),
  significant: z.boolean(),
  verdict: z.string(),
});

export const kpiMethods = {
  'kpi-list': method(ByEvent, z.array(KpiSummary)),
  'kpi-get': method(ById, KpiSummary),
  'kpi-create': method(KpiCreate, Kpi),
  'kpi-update': method(z.object({ id: Id, patch: KpiFields.partial() }), Kpi),
  'kpi-delete': method(ById, Kpi),
  'kpi-templates': method(z.object({}).default({}), z.array(KpiTemplate)),
  'kpi-entry-add': method(z.object({ kpiId: Id, id: Id.optional(), date: Day, value: z.number().finite(), note: z.string().max(2000).default('') }), KpiEntry),
  'kpi-entry-remove': method(ById, KpiEntry),
  'kpi-compare': method(z.object({ id: Id, splitDate: Day }), BeforeAfterSchema),
} as const;
