import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { headline, runLifecycle, summarizeLifecycle } from '../../../common/domain/lifecycle/run';
import type { LifecycleSpec } from '../../../common/domain/lifecycle/run';
import { logTable } from '../../../common/domain/lifecycle/table';
import type { LogTable } from '../../../common/domain/lifecycle/table';
import { TRACE_COLUMNS } from '../../../common/domain/lifecycle/trace';
import type { ReadContext, ServiceContext } from '../../context';
import * as repo from '../../db/repositories/lifecycle';
import { getDataset, readColumns, recordDatasetUse } from '../datasets/access';
import { requireEvent } from '../lookups';

/** The spec fields that name a column of the (first) log, per analysis. */
const COLUMN_FIELDS: Record<LifecycleSpec['kind'], readonly string[]> = {
  'early-stopping': ['run', 'epoch', 'metric', 'gpuHoursPerEpoch'],
  threshold: ['score', 'label'],
  search: ['strategy', 'trial', 'metric', 'gpuHours'],
  trace: [],
  quantization: ['variant', 'latency', 'size', 'accuracy'],
  gpu: ['team', 'jobType', 'submit', 'start', 'end', 'gpus'],
  'batch-schedule': ['start', 'end', 'stage', 'run'],
  'load-types': ['type', 'duration', 'start', 'end', 'rows'],
  'cold-start': ['group', 'latency', 'cold'],
  anonymisation: [],
};

function datasetOf(ctx: ReadContext, eventId: string, datasetId: string, version?: number): DatasetInfo {
  const ds = getDataset(ctx, datasetId, version);
  if (ds.eventId !== eventId) throw new AppError('NOT_FOUND', `Dataset "${datasetId}" does not belong to this event.`, { datasetId });
  return ds;
}

/** Reads the named columns of a dataset version as a LogTable; a column the dataset lacks is named with what exists. */
function readTable(ctx: ReadContext, ds: DatasetInfo, wanted: readonly string[]): LogTable {
  const names = ds.columns.map((c) => c.name);
  for (const w of wanted) if (!names.includes(w)) throw new AppError('BAD_INPUT', `Dataset "${ds.name}" has no column "${w}" (columns: ${names.join(', ')}).`, { column: w });
  const cols = readColumns(ctx, ds.id, [...new Set(wanted)], { version: ds.version });
  const t = logTable(`Dataset "${ds.name}"`, Object.entries(cols).map(([name, values]) => ({ name, values })));
  return { ...t, rowCount: ds.rowCount };
}

function columnsOf(spec: LifecycleSpec, ds: DatasetInfo): string[] {
  const names = ds.columns.map((c) => c.name);
  if (spec.kind === 'trace') return TRACE_COLUMNS.filter((c) => names.includes(c));
  if (spec.kind === 'anonymisation') return names;
  const s = spec as unknown as Record<string, unknown>;
  return COLUMN_FIELDS[spec.kind].map((f) => s[f]).filter((v): v is string => typeof v === 'string');
}

/** Runs one lifecycle analysis on the event's dataset(s); stores the result when asked. */
export function runOnDataset(ctx: ServiceContext, input: ParsedInput<'lifecycle-run'>): Output<'lifecycle-run'> {
  requireEvent(ctx, input.eventId);
  const spec = input.spec as LifecycleSpec;
  const ds = datasetOf(ctx, input.eventId, input.datasetId, input.version);
  const main = readTable(ctx, ds, columnsOf(spec, ds));
  let second: LogTable | undefined;
  const versionIds = [ds.versionId];
  if (spec.kind === 'batch-schedule' || spec.kind === 'anonymisation') {
    if (!input.secondDatasetId) throw new AppError('VALIDATION', spec.kind === 'batch-schedule' ? 'Choose the traffic log (a dataset with request times).' : 'Choose the original dataset (before anonymising).', { field: 'secondDatasetId' });
    const ds2 = datasetOf(ctx, input.eventId, input.secondDatasetId, input.secondVersion);
    second = readTable(ctx, ds2, spec.kind === 'batch-schedule' ? [spec.traffic] : ds2.columns.map((c) => c.name));
    versionIds.push(ds2.versionId);
  }
  const result = runLifecycle(spec, { main, second });
  const head = headline(spec, result);
  const title = input.title?.trim() || `${head.label} — ${ds.name}`;
  let resultId: string | null = null;
  if (input.save) {
    resultId = ctx.newId();
    const params = { spec, datasetId: input.datasetId, version: ds.version, secondDatasetId: input.secondDatasetId ?? null };
    ctx.db.transaction(() => {
      repo.insertResult(ctx.db, { id: resultId!, eventId: input.eventId, kind: spec.kind, title, params, datasetVersionIds: versionIds, result, createdAt: ctx.nowIso() });
      for (const v of new Set(versionIds)) recordDatasetUse(ctx, v, `lifecycle:${resultId}`, title);
    })();
    ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'lifecycle' });
  }
  return { kind: spec.kind, title, result, headline: head, summary: summarizeLifecycle(spec, result), resultId, datasetVersionIds: versionIds };
}
