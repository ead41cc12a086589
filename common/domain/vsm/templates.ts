import type { Template } from './types';

export type TemplateDef = Readonly<{
  label: string;
  description: string;
  stages: readonly Readonly<{ name: string; system: string }>[];
  supplier: string;
  customer: string;
}>;

/**
 * Starting maps. Stage names only, with the usual tool: the numbers come from the team or from the logs,
 * never from the template, so an untouched template shows "missing" rather than invented times.
 */
export const TEMPLATES_DEFS: Readonly<Record<Template, TemplateDef>> = {
  'ai-workflow': {
    label: 'AI workflow (data to decision)',
    description: 'The end-to-end path from data ingestion to the decision the model drives.',
    stages: [
      { name: 'Data ingestion', system: 'ETL / streaming' },
      { name: 'Validation', system: 'Data quality checks' },
      { name: 'Feature engineering', system: 'Feature store' },
      { name: 'Training', system: 'Training cluster' },
      { name: 'Evaluation', system: 'Evaluation suite' },
      { name: 'Approval / registry', system: 'Model registry' },
      { name: 'Deployment', system: 'CI/CD' },
      { name: 'Inference', system: 'Serving' },
      { name: 'Decision output', system: 'Decision system' },
    ],
    supplier: 'Upstream data provider',
    customer: 'Downstream decision system',
  },
  'retraining-latency': {
    label: 'Model retraining latency',
    description: 'From the moment retraining is needed to the new model serving traffic.',
    stages: [
      { name: 'Retraining trigger', system: 'Drift monitor' },
      { name: 'Data extraction', system: 'Warehouse' },
      { name: 'Validation', system: 'Data quality checks' },
      { name: 'Feature engineering', system: 'Feature store' },
      { name: 'Training', system: 'Training cluster' },
      { name: 'Evaluation', system: 'Evaluation suite' },
      { name: 'Approval / registry', system: 'Model registry' },
      { name: 'Canary deployment', system: 'CI/CD' },
      { name: 'Full rollout', system: 'Serving' },
    ],
    supplier: 'Monitoring / drift alerts',
    customer: 'Production serving',
  },
  'inference-latency': {
    label: 'Inference latency',
    description: 'One request through the serving path, in milliseconds.',
    stages: [
      { name: 'Request received', system: 'API gateway' },
      { name: 'Authentication', system: 'Auth service' },
      { name: 'Feature lookup', system: 'Online feature store' },
      { name: 'Pre-processing', system: 'Serving container' },
      { name: 'Model inference', system: 'Model server' },
      { name: 'Post-processing / rules', system: 'Rules engine' },
      { name: 'Decision output', system: 'Decision API' },
    ],
    supplier: 'Calling application',
    customer: 'Downstream decision system',
  },
  'data-pipeline': {
    label: 'Data pipeline efficiency',
    description: 'From source extract to data available to consumers.',
    stages: [
      { name: 'Source extract', system: 'Connectors' },
      { name: 'Landing / raw storage', system: 'Object store' },
      { name: 'Schema validation', system: 'Data contracts' },
      { name: 'Cleansing', system: 'Spark / SQL' },
      { name: 'Transformation / joins', system: 'dbt / Spark' },
      { name: 'Quality checks', system: 'Data quality checks' },
      { name: 'Publish', system: 'Feature store / warehouse' },
    ],
    supplier: 'Upstream data provider',
    customer: 'Data consumers (training, BI)',
  },
  blank: { label: 'Blank map', description: 'Start with no stages.', stages: [], supplier: '', customer: '' },
};
