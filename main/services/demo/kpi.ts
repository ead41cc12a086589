import type { ServiceContext } from '../../context';
import * as datasets from '../../db/repositories/datasets';
import { ChartSettings } from '../../../common/contract/schemas/kpi';
import { addEntry, createKpi } from '../kpi/handlers';

/**
 * demoExtensions entry (runs after the sample logs are imported): the demo event's KPIs. The p95 chart
 * is staged at the countermeasure date 2026-11-12; AUC carries the retraining alert threshold from the seed.
 * The charter's objectives each have their KPI with the objective as its target (p95 ≤ 200 ms, precision ≥ 0.77);
 * its third (timeout fallbacks) is counted by the payment gateway, which the sample logs do not cover.
 */
export function addKpiDemo(ctx: ServiceContext, eventId: string): void {
  const byName = (name: string) => datasets.listDatasets(ctx.db, eventId).find((d) => d.name === name)?.id;
  const inference = byName('Inference log');
  const performance = byName('Model performance');
  const pipeline = byName('Pipeline runs');
  const after = ChartSettings.parse({ stages: [{ date: '2026-11-12', name: 'After caching change' }], firstStage: 'Before' });
  if (inference) {
    createKpi(ctx, { eventId, name: 'Inference p95 response time', unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId: inference, column: 'total_ms', statistic: 'p95', bucket: 'day' }, baselineFrom: '2026-11-01', baselineTo: '2026-11-11', target: 200, alertThreshold: 415, usl: 250, notes: 'All endpoints. Target = the charter objective (p95 at or below 200 ms at peak); 250 ms is the SLA with the payment gateway (the USL). The feature-store caching change went live on 12 November.', chart: after });
    createKpi(ctx, { eventId, name: 'Feature computation p95', unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId: inference, column: 'feature_ms', statistic: 'p95', bucket: 'day', filters: [{ column: 'endpoint', op: '=', value: '/score' }] }, baselineFrom: '2026-11-01', baselineTo: '2026-11-11', target: null, alertThreshold: null, chart: after });
  }
  if (performance) {
    createKpi(ctx, { eventId, name: 'Model AUC', unit: 'AUC', direction: 'higher', source: { kind: 'dataset', datasetId: performance, column: 'auc', statistic: 'mean', bucket: 'day' }, baseline: 0.91, target: 0.92, alertThreshold: 0.88, notes: 'Below 0.88 triggers a retraining alert (seed threshold for model performance degradation).' });
    // The charter's second objective: no loss of precision at the operating threshold (0.77 = its mean before the event).
    createKpi(ctx, { eventId, name: 'Model precision', unit: 'precision', direction: 'higher', source: { kind: 'dataset', datasetId: performance, column: 'precision', statistic: 'mean', bucket: 'day' }, baselineFrom: '2026-11-01', baselineTo: '2026-11-11', target: 0.77, alertThreshold: null, notes: 'At the current operating threshold. Target = the charter objective: no loss of precision (its mean from 1 to 11 November was 0.777).' });
  }
  if (pipeline) {
    createKpi(ctx, { eventId, name: 'Pipeline failure rate', unit: 'share of runs', direction: 'lower', source: { kind: 'dataset', datasetId: pipeline, column: 'status', statistic: 'rate', bucket: 'week', condition: { column: 'status', op: '=', value: 'failed' } }, target: 0.02, alertThreshold: 0.1 });
  }
  const manual = createKpi(ctx, { eventId, name: 'Retraining latency (trigger → deployed)', unit: 'h', direction: 'lower', source: { kind: 'manual' }, baseline: 52, target: 24, alertThreshold: 72, notes: 'Entered by the ML engineer after each retraining.' });
  const entries: [string, number][] = [['2026-10-06', 55], ['2026-10-13', 49], ['2026-10-20', 58], ['2026-10-27', 50], ['2026-11-03', 47], ['2026-11-10', 52], ['2026-11-17', 31], ['2026-11-24', 28]];
  for (const [date, value] of entries) addEntry(ctx, { kpiId: manual.id, date, value, note: '' });
}
