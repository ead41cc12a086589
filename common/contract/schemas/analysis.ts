import { z } from 'zod';
import { method } from './define';
import { ById, Id, IsoDate } from './common';
import type { DriftReport } from '../../domain/drift/report';
import type { ColumnStats, DatasetDrift } from '../../domain/drift/columnDrift';
import type { PsiBand, PsiResult } from '../../domain/drift/psi';
import type { FairnessGate, FairnessReport } from '../../domain/fairness/fairness';
import type { FairnessIntervals } from '../../domain/fairness/bootstrap';
import type { ThresholdSweep } from '../../domain/fairness/sweep';
import type { GroupLatency, HeatCell, LatencyProfile } from '../../domain/latency/profile';
import type { BatchWhatIf, CacheWhatIf } from '../../domain/latency/cacheBatching';
import type { AutoscalingReport, ColdStartReport } from '../../domain/latency/coldStartScaling';
import type { Difference, ModelSummary } from '../../domain/latency/modelComparison';

export const ANALYSIS_KINDS = ['latency', 'drift', 'drift-series', 'confidence', 'fairness', 'whatif', 'models'] as const;
export const AnalysisKind = z.enum(ANALYSIS_KINDS);
export type AnalysisKind = z.infer<typeof AnalysisKind>;

const Col = z.string().trim().min(1, 'must name a column').max(200);
const Source = { eventId: Id, datasetId: Id, version: z.number().int().positive().optional() };
/**
 * save: store the result (kind, params, dataset versions, result JSON) so it can be pinned to the report.
 * jobId: names the run for 'job-progressed' events and 'job-cancel' (the analysis runs in a worker thread).
 */
const Save = { save: z.boolean().default(false), title: z.string().trim().max(200).optional(), jobId: Id.optional() };
const Saved = z.object({ resultId: z.string().nullable(), datasetVersionIds: z.array(z.string()) });
/** Where a linked dataset's result came from (issue 21): its source, fingerprint and whether quantiles are exact. */
const LinkedFrom = z.object({ kind: z.string(), location: z.string(), fingerprint: z.string(), quantileMethod: z.enum(['type7', 'exact-other', 'approx']), exact: z.boolean() });

/** Which rows form a comparison window: a date range (inclusive, UTC days), a dataset version, or a column value. */
export const Window = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('dates'), column: Col, from: IsoDate, to: IsoDate }),
  z.object({ kind: z.literal('version'), version: z.number().int().positive() }),
  z.object({ kind: z.literal('value'), column: Col, value: z.string().max(500) }),
]);
export type Window = z.infer<typeof Window>;

export const PSI_BINNINGS = ['quantile', 'evidently', 'equal-width'] as const;
const Binning = z.enum(PSI_BINNINGS);
const Bucket = z.enum(['hour', 'day']);

export const FAIRNESS_METRICS = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'] as const;
export const QUALITY_METRICS = ['precision', 'recall', 'accuracy', 'auc'] as const;
/** Bootstrap of a fairness assessment: B resamples (seeded: same seed, same intervals) and the interval level. */
export const FairnessBootstrap = z.object({ resamples: z.number().int().min(100).max(10_000).default(1000), seed: z.number().int().min(0).max(4_294_967_295).default(1), level: z.number().min(0.5).max(0.999).default(0.95) });

export const WhatIfSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('cache'), keys: z.array(Col).min(1).max(5), windowMs: z.number().positive(), cacheLatencyMs: z.number().min(0) }),
  z.object({
    kind: z.literal('batching'),
    batchSize: z.number().int().min(1).max(1024),
    maxWaitMs: z.number().min(0).max(60_000),
    /** Column whose median is one request's service time (e.g. model_ms); the total column when omitted. */
    serviceColumn: Col.optional(),
    marginalCost: z.number().min(0).max(1).default(0.2),
  }),
  z.object({ kind: z.literal('cold-start'), idleGapSeconds: z.number().positive() }),
  z.object({
    kind: z.literal('autoscaling'),
    perReplicaRps: z.number().positive(),
    targetUtilisation: z.number().gt(0).max(1),
    min: z.number().int().min(1).max(1000),
    max: z.number().int().min(1).max(1000),
    scaleUpAt: z.number().gt(0).max(1),
    delayMin: z.number().int().min(0).max(120),
  }),
]);
export type WhatIfSpec = z.infer<typeof WhatIfSpec>;

/** One column's drift. `stats` (Wasserstein, χ², Jensen–Shannon, Evidently's test) is absent from results stored before issue 20. */
export type DriftFeature = DriftReport & { band: PsiBand; detail: PsiResult; missing: number; stats?: ColumnStats };
export type SeriesPoint = { start: number; date: string; n: number; psi: number | null };
export type ConfidencePoint = { start: number; date: string; n: number; p10: number | null; p50: number | null; p90: number | null; lowShare: number | null };

export const AnalysisResult = z.object({
  id: Id,
  eventId: Id,
  kind: AnalysisKind,
  title: z.string(),
  params: z.record(z.string(), z.unknown()),
  datasetVersionIds: z.array(z.string()),
  result: z.unknown(),
  createdAt: z.string(),
  pinned: z.boolean(),
});
export type AnalysisResult = z.infer<typeof AnalysisResult>;

export const analysisMethods = {
  /** Stage percentiles and Pareto shares, optionally by a column and by time bucket, and the p95 heatmap. */
  'analysis-latency': method(
    z.object({ ...Source, stages: z.array(Col).min(1).max(20), total: Col.optional(), timestamp: Col.optional(), groupBy: Col.optional(), bucket: Bucket.optional(), utcOffsetMinutes: z.number().int().min(-840).max(840).default(0), ...Save }),
    Saved.extend({ rowCount: z.number(), profile: z.custom<LatencyProfile>(), byGroup: z.custom<GroupLatency[] | null>(), byTime: z.custom<GroupLatency[] | null>(), heatmap: z.custom<HeatCell[] | null>(), linked: LinkedFrom.optional() }),
  ),
  'analysis-whatif': method(
    z.object({ ...Source, timestamp: Col, total: Col, spec: WhatIfSpec, ...Save }),
    Saved.extend({ kind: z.string(), result: z.custom<CacheWhatIf | BatchWhatIf | ColdStartReport | AutoscalingReport>() }),
  ),
  /**
   * PSI (bins shown), KS and Wasserstein (numbers), χ² and Jensen–Shannon (categories) per feature between two
   * windows, each with Evidently's default test and verdict, sorted by PSI, largest first. allColumns: every column
   * of the dataset (features ignored; time, id and free-text columns skipped with the reason). datasetDrift: share of
   * columns whose Evidently test says drift, against driftShare (Evidently's default 0.5).
   */
  'analysis-drift': method(
    z.object({ ...Source, reference: Window, current: Window, features: z.array(Col).max(50).default([]), allColumns: z.boolean().default(false), categorical: z.array(Col).max(50).default([]), binning: Binning.default('quantile'), bins: z.number().int().min(2).max(100).optional(), threshold: z.number().positive().default(0.2), driftShare: z.number().gt(0).max(1).default(0.5), ...Save }),
    Saved.extend({ referenceRows: z.number(), currentRows: z.number(), features: z.custom<DriftFeature[]>(), errors: z.array(z.object({ column: z.string(), message: z.string() })), skipped: z.array(z.object({ column: z.string(), reason: z.string() })), datasetDrift: z.custom<DatasetDrift>() }),
  ),
  /** PSI per time bucket against the reference window; first bucket over threshold and the detection lag. */
  'analysis-drift-series': method(
    z.object({ ...Source, feature: Col, categorical: z.boolean().default(false), timestamp: Col, reference: Window, bucket: Bucket.default('day'), binning: Binning.default('quantile'), bins: z.number().int().min(2).max(100).optional(), threshold: z.number().positive().default(0.2), minRows: z.number().int().min(1).max(100_000).default(20), flaggedAt: IsoDate.optional(), ...Save }),
    Saved.extend({ points: z.custom<SeriesPoint[]>(), firstOver: z.custom<SeriesPoint | null>(), flaggedAt: z.string().nullable(), lagDays: z.number().nullable(), threshold: z.number() }),
  ),
  /** Prediction confidence over time: p10/p50/p90 and the share below a low-confidence threshold. */
  'analysis-confidence': method(
    z.object({ ...Source, column: Col, timestamp: Col, bucket: Bucket.default('day'), lowThreshold: z.number().default(0.6), ...Save }),
    Saved.extend({ points: z.custom<ConfidencePoint[]>(), overall: z.object({ n: z.number(), lowShare: z.number().nullable(), p50: z.number().nullable() }), lowThreshold: z.number() }),
  ),
  /**
   * Per-group rates and Fairlearn disparities; with a gate, pass/fail is recorded (with date and dataset version) when saved.
   * group2: a second group column, groups are "A × B" (intersectional). bootstrap: seeded percentile intervals,
   * stratified by group. sweep: selection rate and TPR per group against the threshold (needs `score`; 51 steps = SWEEP_STEPS).
   */
  'analysis-fairness': method(
    z.object({
      ...Source, window: Window.optional(), label: Col, prediction: Col.optional(), score: Col.optional(), threshold: z.number().optional(), group: Col, group2: Col.optional(),
      posLabel: z.string().max(200).default('1'), predictionPosLabel: z.string().max(200).optional(), gate: z.object({ metric: z.enum(FAIRNESS_METRICS), threshold: z.number() }).optional(),
      bootstrap: FairnessBootstrap.optional(), sweep: z.object({ steps: z.number().int().min(2).max(201).default(51) }).optional(), ...Save,
    }),
    Saved.extend({ report: z.custom<FairnessReport>(), gate: z.custom<FairnessGate | null>(), skipped: z.number(), datasetVersion: z.number(), recordedAt: z.string().nullable(), intervals: z.custom<FairnessIntervals | null>().optional(), sweep: z.custom<ThresholdSweep | null>().optional(), linked: LinkedFrom.optional() }),
  ),
  /** The most frequent values of one column (count, most frequent first), for choosing a positive label; numbers included. */
  'analysis-column-values': method(
    z.object({ datasetId: Id, version: z.number().int().positive().optional(), column: Col, limit: z.number().int().min(1).max(100).default(20) }),
    z.object({ values: z.array(z.object({ value: z.string(), count: z.number().int() })), more: z.boolean() }),
  ),
  /** Latency and quality by model version; candidate − baseline with intervals and a plain-words verdict. */
  'analysis-models': method(
    z.object({ ...Source, versionColumn: Col, latency: Col, label: Col.optional(), prediction: Col.optional(), score: Col.optional(), threshold: z.number().optional(), posLabel: z.string().max(200).default('1'), predictionPosLabel: z.string().max(200).optional(), baseline: z.string().max(200).optional(), candidate: z.string().max(200).optional(), metric: z.enum(QUALITY_METRICS).default('precision'), reason: z.string().max(2000).default(''), ...Save }),
    Saved.extend({ versions: z.custom<ModelSummary[]>(), baseline: z.string(), candidate: z.string(), differences: z.custom<Difference[]>(), verdict: z.string(), metric: z.string(), reason: z.string() }),
  ),
  'analysis-result-list': method(z.object({ eventId: Id, pinnedOnly: z.boolean().default(false) }), z.array(AnalysisResult)),
  'analysis-result-pin': method(z.object({ id: Id, pinned: z.boolean() }), AnalysisResult),
  'analysis-result-delete': method(ById, AnalysisResult),
} as const;
