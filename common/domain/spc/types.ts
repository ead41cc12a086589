import type { TestConfig, TestNumber } from './runRules';

export const CHART_KINDS = ['imr', 'xbar-r', 'xbar-s', 'p', 'np', 'c', 'u', 'ewma', 'cusum'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export const CHART_LABELS: Readonly<Record<ChartKind, string>> = {
  imr: 'I-MR (individuals and moving range)',
  'xbar-r': 'X̄-R (subgroup means and ranges)',
  'xbar-s': 'X̄-S (subgroup means and standard deviations)',
  p: 'P (proportion defective)',
  np: 'NP (number defective)',
  c: 'C (defects per unit, equal area)',
  u: 'U (defects per unit, varying area)',
  ewma: 'EWMA (exponentially weighted moving average)',
  cusum: 'CUSUM (tabular cumulative sum)',
};

/** Labels that fit a narrow select (the full CHART_LABELS go in its title and in chart titles). */
export const CHART_SHORT_LABELS: Readonly<Record<ChartKind, string>> = {
  imr: 'I-MR (individuals)',
  'xbar-r': 'X̄-R (means, ranges)',
  'xbar-s': 'X̄-S (means, SDs)',
  p: 'P (proportion)',
  np: 'NP (number defective)',
  c: 'C (defects, equal area)',
  u: 'U (defects per unit)',
  ewma: 'EWMA',
  cusum: 'CUSUM',
};

/**
 * The plotted statistic of a panel. A CUSUM chart has two panels, `cusum-upper` (C⁺ ≥ 0, detects upward
 * shifts) and `cusum-lower` (C⁻ ≤ 0, plotted below zero as Minitab and qcc draw it), each with CL 0 and
 * limits ±H, so one JSON panel holds one series.
 */
export const PANEL_STATISTICS = ['i', 'mr', 'xbar', 'r', 's', 'p', 'np', 'c', 'u', 'ewma', 'cusum-upper', 'cusum-lower'] as const;
export type PanelStatistic = (typeof PANEL_STATISTICS)[number];

/**
 * One subgroup (one plotted point). Variables charts: `values` are the observations (one for I-MR).
 * Attribute charts: `values` = [count] and `size` = n (items inspected / area of opportunity).
 */
export type Subgroup = Readonly<{
  label: string;
  values: readonly number[];
  size?: number;
  stage?: string;
  /** Epoch ms of the subgroup, when known (for axes and tooltips). */
  time?: number;
}>;

export type ChartSpec = Readonly<{
  chart: ChartKind;
  subgroups: readonly Subgroup[];
  /** Phase I range (1-based, inclusive): limits estimated from these subgroups and held for all. */
  limitsFrom?: Readonly<{ from: number; to: number }>;
  /** Known standard values: centre of the plotted statistic and the process σ. */
  known?: Readonly<{ center?: number; sigma?: number }>;
  tests: TestConfig;
  /** Width of the limits in σ (default 3). */
  nsigmas?: number;
  /** EWMA weight λ (default 0.2). */
  lambda?: number;
  /** CUSUM reference value k in σ units (default 0.5: tuned to detect a 1 σ shift). */
  cusumK?: number;
  /** CUSUM decision interval h in σ units (default 4, as Minitab); replaces `nsigmas` for CUSUM. */
  cusumH?: number;
}>;

export type SpcPoint = {
  index: number;
  subgroup: string;
  value: number;
  center: number;
  ucl: number;
  lcl: number;
  stage: string;
  tests: TestNumber[];
  n: number;
  time?: number;
};

/** `target`: CUSUM only, the stage's target μ0 (the plotted centre is 0). */
export type StageLimits = { name: string; from: number; to: number; center: number; sigma: number; ucl: number | null; lcl: number | null; target?: number };

export type SpcPanel = {
  statistic: PanelStatistic;
  /** Centre of the last stage (the current process). */
  center: number;
  /** Estimated process standard deviation (σ_within, as qcc reports it) of the last stage. */
  sigma: number;
  /** Present when the limits are the same for every point. */
  ucl?: number;
  lcl?: number;
  points: SpcPoint[];
  signals: { test: TestNumber; index: number }[];
  stages: StageLimits[];
  /** Tests applied to this panel (attribute and dispersion panels offer 1–4, EWMA test 1, CUSUM test 1 = beyond ±H). */
  testsApplied: TestNumber[];
  /** CUSUM only: the target μ0 the sums accumulate deviations from (of the last stage). */
  target?: number;
};

/** `nsigmas` is the width of the limits in σ: the decision interval h for CUSUM. */
export type SpcResult = { chart: ChartKind; nsigmas: number; panels: SpcPanel[]; sigmaMethod: string };
