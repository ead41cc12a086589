import { z } from 'zod';
import { method } from './define';
import { Id } from './common';
import { ChartSettings } from './kpi';
import { CHART_KINDS, PANEL_STATISTICS } from '../../domain/spc/types';
import { WITHIN_METHODS } from '../../domain/spc/capability';

const Num = z.number().nullable();

export const SpcPointSchema = z.object({
  index: z.number().int(),
  subgroup: z.string(),
  value: z.number(),
  center: z.number(),
  ucl: Num,
  lcl: Num,
  stage: z.string(),
  tests: z.array(z.number().int()),
  n: z.number(),
  time: z.number().optional(),
});

export const SpcPanelSchema = z.object({
  statistic: z.enum(PANEL_STATISTICS),
  center: z.number(),
  sigma: Num,
  ucl: Num.optional(),
  lcl: Num.optional(),
  points: z.array(SpcPointSchema),
  signals: z.array(z.object({ test: z.number().int(), index: z.number().int() })),
  stages: z.array(z.object({ name: z.string(), from: z.number().int(), to: z.number().int(), center: z.number(), sigma: Num, ucl: Num, lcl: Num })),
  testsApplied: z.array(z.number().int()),
});
export type SpcPanelOut = z.infer<typeof SpcPanelSchema>;

export const SpcChartOut = z.object({
  kpiId: Id,
  title: z.string(),
  unit: z.string(),
  chart: z.enum(CHART_KINDS),
  nsigmas: z.number(),
  sigmaMethod: z.string(),
  settings: ChartSettings,
  panels: z.array(SpcPanelSchema),
  /** Plain-words explanation of every test applied, with its K. */
  testDescriptions: z.array(z.object({ test: z.number().int(), text: z.string() })),
});
export type SpcChartOut = z.infer<typeof SpcChartOut>;

export const CapabilityOut = z.object({
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
  values: z.array(z.number()),
  lsl: Num,
  usl: Num,
  target: Num,
});
export type CapabilityOut = z.infer<typeof CapabilityOut>;

export const spcMethods = {
  /** The KPI's control chart with its saved settings, or with `settings` as a preview (not saved). */
  'spc-chart-get': method(z.object({ kpiId: Id, settings: ChartSettings.partial().optional() }), SpcChartOut),
  'spc-capability': method(
    z.object({ kpiId: Id, lsl: z.number().nullable().default(null), usl: z.number().nullable().default(null), target: z.number().nullable().default(null), withinMethod: z.enum(WITHIN_METHODS).default('rbar') }),
    CapabilityOut,
  ),
} as const;
