import type { KpiTemplate } from '../../../common/contract/schemas/kpi';

/** KPI templates from the seed: the measures AI-process Kaizen events usually agree on. */
export const KPI_TEMPLATES: readonly KpiTemplate[] = [
  { id: 'inference-p95', name: 'Inference p95 response time', unit: 'ms', direction: 'lower', statistic: 'p95', role: 'latency', description: '95th percentile of request latency per day from the inference log.' },
  { id: 'error-rate', name: 'Error rate', unit: 'share', direction: 'lower', statistic: 'rate', role: 'status', description: "Share of requests that failed (status = 'error') per day." },
  { id: 'retraining-latency', name: 'Retraining latency (trigger → deployed)', unit: 'h', direction: 'lower', statistic: 'median', role: null, description: 'Hours from a retraining trigger to the model being deployed.' },
  { id: 'refresh-frequency', name: 'Model refresh frequency', unit: 'refreshes/week', direction: 'higher', statistic: 'count', role: null, description: 'How often models are refreshed in production.' },
  { id: 'drift-lag', name: 'Data drift detection lag', unit: 'h', direction: 'lower', statistic: 'mean', role: null, description: 'Hours from a drift starting to it being detected.' },
  { id: 'etl-runtime', name: 'ETL runtime', unit: 'min', direction: 'lower', statistic: 'mean', role: null, description: 'Minutes per pipeline run.' },
  { id: 'cleaning-cycles', name: 'Data cleaning cycles per model update', unit: 'cycles', direction: 'lower', statistic: 'mean', role: null, description: 'Manual cleaning passes needed before each model update.' },
];
