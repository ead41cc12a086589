/**
 * The value-stream map as the domain math sees it: plain types, no schemas. The contract's zod schemas
 * (common/contract/schemas/vsm.ts) describe the same shapes on the wire and are checked against these at
 * compile time, so the two cannot drift apart.
 */

export const TIME_UNITS = ['ms', 's', 'min', 'h', 'd'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

/** A duration as the user typed it: value plus unit. Converted to ms only for computing. */
export type Duration = { value: number; unit: TimeUnit };

/** Where a value came from when it was filled from a pipeline log. */
export type FillSource = {
  /** The value the log gave: milliseconds for PT and WT, percent for %C&A. */
  value: number;
  sampleSize: number;
  datasetId: string;
  datasetName: string;
  version: number;
  percentile: number;
  logStages: string[];
  at: string;
  /** True when the user typed a different value after the fill. */
  overridden: boolean;
};

export type StageFields = {
  name: string;
  /** Process time per item. */
  pt: Duration | null;
  /** Wait / queue time before the stage. */
  wt: Duration | null;
  /** % complete and accurate (first pass). */
  ca: number | null;
  /** Uptime / availability in %. */
  uptime: number | null;
  batchSize: number | null;
  frequency: string;
  ownerId: string | null;
  system: string;
  people: number | null;
  notes: string;
  /** Adjacent stages with the same non-empty group run as parallel branches. */
  parallelGroup: string;
  /** Rework loop: items failing here go back to this earlier stage (or this one) with share reworkShare. */
  reworkToId: string | null;
  reworkShare: number;
  filled: { pt?: FillSource; wt?: FillSource; ca?: FillSource };
};

export type Stage = StageFields & { id: string; mapId: string; position: number };

export type External = { id: string; kind: 'supplier' | 'customer'; name: string; sla: string };

export const MAP_KINDS = ['current', 'future'] as const;

export type MapFields = {
  name: string;
  /** Demand: items per period (for takt). */
  demand: number | null;
  /** Available working time per the same period (for takt). */
  availableTime: Duration | null;
  /** Unit used to show totals (lead time, takt). */
  displayUnit: TimeUnit;
  externals: External[];
  /** How the last fill was made, so a new dataset version can refresh it. */
  fillSettings: { datasetId: string; percentile: number; mapping: Record<string, string | null> } | null;
};

export type Burst = { id: string; mapId: string; stageId: string | null; title: string; notes: string };

export type VsmMap = MapFields & {
  id: string;
  eventId: string;
  kind: (typeof MAP_KINDS)[number];
  basedOnId: string | null;
  createdAt: string;
  updatedAt: string;
  stages: Stage[];
  bursts: Burst[];
};

export const TEMPLATES = ['ai-workflow', 'retraining-latency', 'inference-latency', 'data-pipeline', 'blank'] as const;
export type Template = (typeof TEMPLATES)[number];
