import type { Input } from '../../../../common/contract/api';
import type { Window } from '../../../../common/contract/schemas/analysis';
import { HAS_NUMBER } from '../../../../common/contract/schemas/kpi';
import type { DatasetSource, DriftSource, FairnessSource } from '../../../../common/contract/schemas/kpi';

/**
 * What "Turn into a KPI" creates from an analysis result: always a definition on the dataset (a statistic per day, PSI
 * per day against a reference window, a fairness disparity per day), never values copied from the result, so the KPI
 * recomputes on the dataset's latest version when rows are appended. Plain functions: the analysis pages build their
 * button's KPI with them, and the integration tests create KPIs through the same definitions.
 */
export type KpiSuggestion = Readonly<{
  name: string;
  unit: string;
  direction: 'lower' | 'higher';
  source: DatasetSource | DriftSource | FairnessSource;
  alertThreshold?: number;
}>;

/** Latency profile → p95 of the total latency column per day. */
export function latencyKpi(datasetId: string, total: string, timestamp?: string): KpiSuggestion {
  return { name: `p95 ${total}`, unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId, column: total, statistic: 'p95', bucket: 'day', ...(timestamp ? { timeColumn: timestamp } : {}) } };
}

/** Model comparison → p95 latency of the candidate version per day (the rows of that version only). */
export function modelsKpi(datasetId: string, versionColumn: string, latency: string, candidate: string): KpiSuggestion {
  return {
    name: `p95 ${latency} of ${candidate}`,
    unit: 'ms',
    direction: 'lower',
    source: { kind: 'dataset', datasetId, column: latency, statistic: 'p95', bucket: 'day', filters: [{ column: versionColumn, op: '=', value: candidate }] },
  };
}

/**
 * Prediction confidence → the share of predictions below the threshold per bucket: a rate KPI (condition column <
 * threshold) over the rows whose column holds a number, as the confidence analysis counts them.
 */
export function confidenceKpi(input: Pick<Input<'analysis-confidence'>, 'datasetId' | 'column' | 'timestamp' | 'lowThreshold' | 'bucket'>): KpiSuggestion {
  const low = input.lowThreshold ?? 0.6;
  return {
    name: `Low-confidence share (${input.column} < ${low})`,
    unit: 'share of predictions',
    direction: 'lower',
    source: {
      kind: 'dataset',
      datasetId: input.datasetId,
      column: input.column,
      statistic: 'rate',
      bucket: input.bucket ?? 'day',
      timeColumn: input.timestamp,
      filters: [{ column: input.column, op: '>=', value: HAS_NUMBER }],
      condition: { column: input.column, op: '<', value: low },
    },
  };
}

/** A fairness assessment → its gate metric per day on the same columns (between groups, Fairlearn's definition). */
export function fairnessKpi(input: Input<'analysis-fairness'>, metric: FairnessSource['metric'], threshold: number, timestamp: string): KpiSuggestion {
  return {
    name: `${metric.replaceAll('_', ' ')} by ${input.group} (daily)`,
    unit: '',
    direction: metric.endsWith('ratio') ? 'higher' : 'lower',
    alertThreshold: threshold,
    source: {
      kind: 'fairness',
      datasetId: input.datasetId,
      timeColumn: timestamp,
      label: input.label,
      ...(input.prediction ? { prediction: input.prediction } : { score: input.score, threshold: input.threshold }),
      group: input.group,
      posLabel: input.posLabel ?? '1',
      ...(input.predictionPosLabel !== undefined ? { predictionPosLabel: input.predictionPosLabel } : {}),
      metric,
      bucket: 'day',
      minRows: 30,
    },
  };
}

/** PSI of a feature per day against the analysis' reference window. */
export function driftKpi(o: Readonly<{ datasetId: string; feature: string; timestamp: string; reference: Window; binning: DriftSource['binning']; bins?: number; categorical: boolean; threshold: number }>): KpiSuggestion {
  return {
    name: `PSI ${o.feature} (daily)`,
    unit: 'PSI',
    direction: 'lower',
    alertThreshold: o.threshold,
    source: { kind: 'drift', datasetId: o.datasetId, column: o.feature, timeColumn: o.timestamp, reference: o.reference, binning: o.binning, ...(o.bins !== undefined ? { bins: o.bins } : {}), categorical: o.categorical, bucket: 'day', minRows: 20 },
  };
}

/** The kpi-create input for a suggestion. */
export function kpiCreateInput(eventId: string, kpi: KpiSuggestion): Input<'kpi-create'> {
  return { eventId, name: kpi.name, unit: kpi.unit, direction: kpi.direction, source: kpi.source, alertThreshold: kpi.alertThreshold ?? null };
}
