import path from 'node:path';
import type { ColumnSpec } from '../../../common/contract/schemas/datasets';
import type { LifecycleSpecInput } from '../../../common/contract/schemas/lifecycle';
import type { ServiceContext } from '../../context';
import * as lifecycle from '../../db/repositories/lifecycle';
import * as team from '../../db/repositories/team';
import { importDataset } from '../datasets/handlers';
import { runOnDataset } from '../lifecycle/run';
import { findDatasetByName } from '../../db/repositories/datasets';

type Col = [source: string, type: ColumnSpec['type'], role: ColumnSpec['role'], unit: string | null];
const spec = ([source, type, role, unit]: Col): ColumnSpec => ({ source, name: source, type, dateFormat: null, role, unit, privacy: 'keep' });

/** The lifecycle sample logs (scripts/generate-lifecycle-demo.mjs), in resources/demo/lifecycle/. */
export const LIFECYCLE_DEMO_DATASETS: readonly { file: string; name: string; columns: Col[] }[] = [
  { file: 'training-epochs.csv', name: 'Training epochs', columns: [['run_id', 'category', 'entity-id', null], ['epoch', 'integer', null, null], ['val_loss', 'real', null, null], ['gpu_hours', 'real', null, 'h']] },
  { file: 'search-trials.csv', name: 'Search trials', columns: [['strategy', 'category', 'group', null], ['trial', 'integer', null, null], ['val_auc', 'real', null, null], ['gpu_hours', 'real', null, 'h']] },
  {
    file: 'gpu-jobs.csv',
    name: 'GPU jobs',
    columns: [['job_id', 'text', 'entity-id', null], ['team', 'category', 'group', null], ['job_type', 'category', null, null], ['submitted_at', 'timestamp', 'timestamp', null], ['started_at', 'timestamp', null, null], ['ended_at', 'timestamp', null, null], ['gpus', 'integer', null, null]],
  },
  { file: 'load-runs.csv', name: 'Load runs', columns: [['run_id', 'text', 'entity-id', null], ['load_type', 'category', null, null], ['started_at', 'timestamp', 'timestamp', null], ['ended_at', 'timestamp', null, null], ['rows', 'integer', null, 'rows']] },
  {
    file: 'serving-benchmark.csv',
    name: 'Serving benchmark',
    columns: [['variant', 'category', 'model-version', null], ['size_mb', 'real', null, 'MB'], ['memory_mb', 'integer', null, 'MB'], ['cold_start', 'boolean', null, null], ['latency_ms', 'real', 'latency', 'ms'], ['correct', 'integer', null, null]],
  },
  {
    file: 'profiler-trace.json',
    name: 'Profiler trace',
    columns: [['name', 'category', null, null], ['cat', 'category', null, null], ['ph', 'category', null, null], ['ts', 'integer', null, 'µs'], ['dur', 'integer', null, 'µs'], ['pid', 'integer', null, null], ['tid', 'integer', null, null]],
  },
];

/** One saved result per analysis the demo's logs support, two of them pinned to the report. */
export const DEMO_RUNS: readonly { dataset: string; second?: string; spec: LifecycleSpecInput; pinned?: boolean }[] = [
  { dataset: 'Training epochs', spec: { kind: 'early-stopping', run: 'run_id', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 3, minDelta: 0.001, gpuHoursPerEpoch: 'gpu_hours' }, pinned: true },
  { dataset: 'Search trials', spec: { kind: 'search', strategy: 'strategy', trial: 'trial', metric: 'val_auc', mode: 'max', targetShare: 0.99, gpuHours: 'gpu_hours' } },
  { dataset: 'Inference log', spec: { kind: 'threshold', score: 'score', label: 'label', positive: 'fraud', costFp: 5, costFn: 120 } },
  { dataset: 'Pipeline runs', second: 'Inference log', spec: { kind: 'batch-schedule', start: 'started_at', end: 'ended_at', run: 'run_id', traffic: 'timestamp', everyHours: 6 } },
  { dataset: 'Load runs', spec: { kind: 'load-types', type: 'load_type', start: 'started_at', end: 'ended_at', rows: 'rows', from: 'full', to: 'incremental' } },
  { dataset: 'GPU jobs', spec: { kind: 'gpu', team: 'team', jobType: 'job_type', submit: 'submitted_at', start: 'started_at', end: 'ended_at', gpus: 'gpus', capacity: 16, bucket: 'hour' } },
  { dataset: 'Profiler trace', spec: { kind: 'trace', top: 5 } },
  { dataset: 'Serving benchmark', spec: { kind: 'quantization', variant: 'variant', latency: 'latency_ms', size: 'size_mb', accuracy: 'correct', baseline: 'fp32' }, pinned: true },
  { dataset: 'Serving benchmark', spec: { kind: 'cold-start', group: 'memory_mb', latency: 'latency_ms', cold: 'cold_start' } },
];

/** demoExtensions entry (after the data demo): imports the lifecycle sample logs and saves one result per analysis. */
export async function addLifecycleDemo(ctx: ServiceContext, eventId: string): Promise<void> {
  for (const d of LIFECYCLE_DEMO_DATASETS) {
    const file = path.join(ctx.resourcesDir, 'demo', 'lifecycle', d.file);
    await importDataset(
      ctx,
      { eventId, source: { kind: 'path', path: file }, name: d.name, options: { encoding: 'auto' }, columns: d.columns.map(spec), append: false, dryRun: false },
      { file, displayName: d.file },
    );
  }
  // The GPU item of the readiness checklist: the pool the GPU allocation tab measures.
  team.insertItem(ctx.db, ctx.newId(), eventId, {
    kind: 'custom',
    title: 'GPU quota for retraining and hyper-parameter search agreed (shared 16-GPU pool)',
    status: 'in-progress',
    ownerId: null,
    dueDate: null,
    note: 'Lifecycle → GPU allocation shows GPU hours and queue waits per team from the scheduler log.',
    details: {},
  });
  const id = (name: string | undefined) => (name ? findDatasetByName(ctx.db, eventId, name)?.id : undefined);
  for (const run of DEMO_RUNS) {
    const datasetId = id(run.dataset);
    if (!datasetId) continue;
    const out = runOnDataset(ctx, { eventId, datasetId, secondDatasetId: id(run.second), spec: run.spec, save: true });
    if (run.pinned && out.resultId) lifecycle.setPinned(ctx.db, out.resultId, true);
  }
}
