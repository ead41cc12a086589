import { z } from 'zod';
import { method } from './define';
import { Id } from './common';
import { ChartSettings, RowCondition } from './kpi';
import { KPI_BUCKETS } from '../../domain/kpi/aggregate';
import { CHART_KINDS, PANEL_STATISTICS } from '../../domain/spc/types';
import { WITHIN_METHODS } from '../../domain/spc/capability';
import type { PackedPanel } from '../../domain/spc/packed';

const Num = z.number().nullable();

/** The most points one chart may hold (each panel's columns are sized for it): 10,000,000. */
export const MAX_CHART_POINTS = 10_000_000;
/** Base64 of `n` values of `bytes` bytes each. */
const b64 = (bytes: number) => z.string().max(Math.ceil((MAX_CHART_POINTS * bytes) / 3) * 4).regex(/^[A-Za-z0-9+/]*={0,2}$/);

/**
 * One panel, packed (common/domain/spc/packed.ts): point columns as base64 of little-endian Float64/Int32
 * arrays, limits as runs, signals as (point, test) pairs. `unpackPanel` gives one object per point.
 */
export const SpcPanelSchema = z.object({
  statistic: z.enum(PANEL_STATISTICS),
  center: z.number(),
  sigma: Num,
  ucl: Num.optional(),
  lcl: Num.optional(),
  stages: z.array(z.object({ name: z.string(), from: z.number().int(), to: z.number().int(), center: z.number(), sigma: Num, ucl: Num, lcl: Num })),
  testsApplied: z.array(z.number().int()),
  total: z.number().int().min(0),
  count: z.number().int().min(0),
  decimated: z.boolean(),
  index: b64(4),
  value: b64(8),
  n: z.union([b64(8), z.number()]),
  time: b64(8).optional(),
  labels: z.array(z.string()).max(MAX_CHART_POINTS).nullable(),
  limits: z.object({ at: b64(4), center: b64(8), ucl: b64(8), lcl: b64(8) }),
  signals: b64(8),
}) satisfies z.ZodType<PackedPanel>;
export type SpcPanelOut = z.infer<typeof SpcPanelSchema>;

/**
 * What part of the chart to send: `width` pixels → at most the min/max (and first/last) point of each pixel
 * column plus every point with a signal; `range` (1-based point numbers, inclusive) → only those points, at
 * full resolution when they fit in 2 per pixel. Signals always cover the whole chart.
 */
export const ChartView = z.object({
  width: z.number().int().min(50).max(20_000).optional(),
  range: z.object({ from: z.number().int().min(1), to: z.number().int().min(1) }).refine((r) => r.to >= r.from, { message: 'The range ends before it starts.' }).optional(),
});
export type ChartView = z.infer<typeof ChartView>;

/** What every control chart answer holds, whatever it was drawn from (a KPI series or a dataset column). */
export const SpcChartBase = z.object({
  title: z.string(),
  unit: z.string(),
  chart: z.enum(CHART_KINDS),
  nsigmas: z.number(),
  sigmaMethod: z.string(),
  panels: z.array(SpcPanelSchema),
  /** Plain-words explanation of every test applied, with its K. */
  testDescriptions: z.array(z.object({ test: z.number().int(), text: z.string() })),
});
export type SpcChartBase = z.infer<typeof SpcChartBase>;

export const SpcChartOut = SpcChartBase.extend({ kpiId: Id, settings: ChartSettings });
export type SpcChartOut = z.infer<typeof SpcChartOut>;

const ColumnName = z.string().min(1).max(200);

/**
 * How a dataset column's rows become plotted points: one row per point, consecutive rows cut into
 * subgroups of `size`, rows grouped by the value of a column, or rows grouped by UTC time bucket of a
 * timestamp column (the dataset's timestamp-role column when `column` is omitted).
 */
export const DatasetSubgrouping = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({ kind: z.literal('size'), size: z.number().int().min(1).max(100_000) }),
  z.object({ kind: z.literal('column'), column: ColumnName }),
  z.object({ kind: z.literal('time'), column: ColumnName.optional(), bucket: z.enum(KPI_BUCKETS) }),
]);
export type DatasetSubgrouping = z.infer<typeof DatasetSubgrouping>;

/**
 * A control chart of one column of an imported dataset. Chart type, stage split dates, Phase I range,
 * tests, K, σ width and λ mean what they mean in a KPI's chart settings; `stageColumn` instead takes each
 * subgroup's stage from a column (its first row), like `kaizen spc --stage`.
 */
export const DatasetChartInput = ChartSettings.extend({
  view: ChartView.optional(),
  datasetId: Id,
  /** Dataset version; the latest when omitted. */
  version: z.number().int().min(1).optional(),
  /** The column plotted (observations; for attribute charts the count per row). */
  value: ColumnName,
  subgrouping: DatasetSubgrouping.default({ kind: 'none' }),
  /** Attribute charts (P, NP, U): items inspected or area of opportunity per row. */
  size: ColumnName.optional(),
  stageColumn: ColumnName.optional(),
  /** Rows kept: every condition must hold (e.g. endpoint = '/score'). */
  filters: z.array(RowCondition).max(20).default([]),
}).refine((i) => !(i.stageColumn && i.stages.length > 0), { message: 'Use either a stage column or stage split dates, not both.', path: ['stageColumn'] });
export type DatasetChartInput = z.infer<typeof DatasetChartInput>;

export const SpcDatasetChartOut = SpcChartBase.extend({
  datasetId: Id,
  datasetName: z.string(),
  version: z.number().int(),
  /** Where the points come from, in words ("Inference log v1: total_ms, subgroups per day (UTC) of timestamp"). */
  source: z.string(),
  /** Rows of the version, rows left out by the filters, rows left out for a missing value, rows plotted. */
  rows: z.object({ total: z.number().int(), filtered: z.number().int(), missing: z.number().int(), used: z.number().int() }),
});
export type SpcDatasetChartOut = z.infer<typeof SpcDatasetChartOut>;

const CapabilityIndices = z.object({
  n: z.number().int(),
  mean: z.number(),
  sigma_within: z.number(),
  sigma_within_method: z.string(),
  sigma_overall: z.number(),
  cp: Num,
  cpl: Num,
  cpu: Num,
  cpk: Num,
  cpm: Num,
  pp: Num,
  ppl: Num,
  ppu: Num,
  ppk: Num,
  ppm_observed: z.number(),
  ppm_expected: z.number(),
  ppm_expected_overall: z.number(),
});

export const CAPABILITY_METHODS = ['normal', 'boxcox', 'percentile'] as const;

/**
 * Capability of one stage of the KPI series against the KPI's spec limits (its `lsl`/`usl` fields), with the
 * chart's signals in that stage (a process out of control is not called capable), the Anderson–Darling normality
 * test and probability plot, and, when asked, Box-Cox or percentile (non-normal) indices.
 */
export const CapabilityOut = CapabilityIndices.extend({
  values: z.array(z.number()),
  lsl: Num,
  usl: Num,
  target: Num,
  /** The stage computed (points `from`–`to` of the chart, 1-based) and every stage of the chart. */
  stage: z.object({ name: z.string(), from: z.number().int(), to: z.number().int(), names: z.array(z.string()) }),
  /** Points of the stage with signals on any panel of the KPI's chart (its saved settings). */
  signals: z.array(z.object({ index: z.number().int(), date: z.string(), tests: z.array(z.number().int()) })),
  inControl: z.boolean(),
  normality: z.object({ a2: z.number(), a2Adjusted: z.number(), p: z.number(), plot: z.array(z.object({ value: z.number(), z: z.number() })), line: z.object({ mean: z.number(), sd: z.number() }) }).nullable(),
  method: z.enum(CAPABILITY_METHODS),
  boxCox: z.object({ lambda: z.number(), roundedLambda: z.number(), lambdaGiven: z.boolean(), lsl: Num, usl: Num, dropped: z.array(z.string()), indices: CapabilityIndices }).nullable(),
  percentile: z.object({ p00135: z.number(), p50: z.number(), p99865: z.number(), pp: Num, ppl: Num, ppu: Num, ppk: Num, warning: z.string().nullable() }).nullable(),
  /** Warnings in words (out of control, not normal, few values, a limit Box-Cox cannot transform). */
  warnings: z.array(z.string()),
  /** One sentence: capable, not capable, or not judged (and why). */
  verdict: z.string(),
});
export type CapabilityOut = z.infer<typeof CapabilityOut>;

export const spcMethods = {
  /** The KPI's control chart with its saved settings, or with `settings` as a preview (not saved). */
  'spc-chart-get': method(z.object({ kpiId: Id, settings: ChartSettings.partial().optional(), view: ChartView.optional() }), SpcChartOut),
  /** A control chart straight from a dataset column (nothing saved; the dataset's lineage records the use). */
  'spc-dataset-chart': method(DatasetChartInput, SpcDatasetChartOut),
  /**
   * Capability of the KPI against its spec limits (the KPI's lsl/usl: set them on the KPI). `stage`: a stage name
   * of the KPI's chart (default the last stage); `method`: normal theory, Box-Cox (λ optimal unless given) or the
   * percentile method.
   */
  'spc-capability': method(
    z.object({
      kpiId: Id,
      stage: z.string().max(100).nullable().default(null),
      target: z.number().nullable().default(null),
      withinMethod: z.enum(WITHIN_METHODS).default('rbar'),
      method: z.enum(CAPABILITY_METHODS).default('normal'),
      lambda: z.number().min(-5).max(5).nullable().default(null),
    }),
    CapabilityOut,
  ),
} as const;
