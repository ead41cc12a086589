import { AppError } from '../../../common/contract/errors';
import type { AnalysisKind, Window } from '../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import type { ReadContext, ServiceContext } from '../../context';
import * as repo from '../../db/repositories/analysis';
import { getDataset, readColumns, recordDatasetUse } from '../datasets/access';
import { requireEvent } from '../lookups';

export type Cell = number | string | null;

/**
 * What an analysis computed, ready to save on the main thread: `result` is what is stored (and returned, with
 * resultId and datasetVersionIds added). Plain data, so it crosses from the worker thread as it is.
 */
export type Computed<R> = Readonly<{ kind: AnalysisKind; title: string; versionIds: string[]; result: R }>;

/** Steps of a long analysis done so far (job-progressed events; in its worker, a message to the main thread). */
export type Progress = (done: number, total: number, message: string) => void;
export type Columns = Record<string, Cell[]>;

/** The dataset (at a version) checked to belong to the event. */
export function datasetFor(ctx: ReadContext, eventId: string, datasetId: string, version?: number): DatasetInfo {
  requireEvent(ctx, eventId);
  const ds = getDataset(ctx, datasetId, version);
  if (ds.eventId !== eventId) throw new AppError('NOT_FOUND', `Dataset "${datasetId}" does not belong to this event.`, { datasetId });
  return ds;
}

/** Reads columns once each (duplicates removed); unknown columns are NOT_FOUND naming what exists. */
export function load(ctx: ReadContext, ds: DatasetInfo, columns: readonly (string | undefined)[]): Columns {
  const unique = [...new Set(columns.filter((c): c is string => !!c))];
  return readColumns(ctx, ds.id, unique, { version: ds.version });
}

const DAY = 86_400_000;

/** Start of the UTC day of an ISO date (YYYY-MM-DD). */
export function dayStart(iso: string): number {
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (!Number.isFinite(t)) throw new AppError('VALIDATION', `"${iso}" is not a calendar date.`);
  return t;
}

function cellMatches(v: Cell, value: string): boolean {
  if (v === null) return false;
  if (typeof v === 'number') return value.trim() !== '' && Number(value) === v;
  return v === value;
}

/** Row indexes of a window: dates are inclusive whole UTC days on a timestamp column; value compares text or numbers. */
export function windowRows(cols: Columns, w: Window, rowCount: number): number[] {
  const out: number[] = [];
  if (w.kind === 'version') {
    for (let i = 0; i < rowCount; i++) out.push(i);
    return out;
  }
  const col = cols[w.column];
  if (!col) throw new AppError('BAD_INPUT', `Window column "${w.column}" was not read.`);
  if (w.kind === 'dates') {
    const from = dayStart(w.from);
    const to = dayStart(w.to) + DAY;
    if (to <= from) throw new AppError('VALIDATION', `The window ends (${w.to}) before it starts (${w.from}).`);
    col.forEach((v, i) => {
      if (typeof v === 'number' && v >= from && v < to) out.push(i);
    });
    return out;
  }
  col.forEach((v, i) => {
    if (cellMatches(v, w.value)) out.push(i);
  });
  return out;
}

/** Columns restricted to the given rows. */
export function subset(cols: Columns, rows: readonly number[]): Columns {
  const out: Columns = {};
  for (const [k, v] of Object.entries(cols)) out[k] = rows.map((i) => v[i]!);
  return out;
}

/** Numbers of a column (nulls and non-numbers dropped) as a Float64Array. */
export function numbers(col: readonly Cell[]): Float64Array {
  const out = new Float64Array(col.length);
  let n = 0;
  for (const v of col) if (typeof v === 'number' && Number.isFinite(v)) out[n++] = v;
  return out.subarray(0, n);
}

export function isNumericType(ds: DatasetInfo, column: string): boolean {
  const c = ds.columns.find((x) => x.name === column);
  return !!c && ['integer', 'real', 'timestamp', 'boolean'].includes(c.type);
}

/** Stores a result when asked, records the dataset use, and returns its id (null when not saved). */
export function maybeSave(
  ctx: ServiceContext,
  input: { save: boolean; title?: string; eventId: string },
  kind: AnalysisKind,
  defaultTitle: string,
  params: unknown,
  versionIds: readonly string[],
  result: unknown,
): string | null {
  if (!input.save) return null;
  const id = ctx.newId();
  const title = input.title?.trim() || defaultTitle;
  ctx.db.transaction(() => {
    repo.insertResult(ctx.db, { id, eventId: input.eventId, kind, title, params, datasetVersionIds: versionIds, result, createdAt: ctx.nowIso() });
    for (const v of new Set(versionIds)) recordDatasetUse(ctx, v, `analysis:${id}`, title);
  })();
  ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'analysis' });
  return id;
}

/** Drops the params that only steer saving and the job (its id names the run, not the analysis). */
export function paramsOf<T extends { save: boolean; title?: string; jobId?: string }>(input: T): Omit<T, 'save' | 'title' | 'jobId'> {
  const { save: _s, title: _t, jobId: _j, ...rest } = input;
  return rest;
}

export function utcDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function bucketStart(ms: number, bucket: 'hour' | 'day'): number {
  const size = bucket === 'hour' ? 3_600_000 : DAY;
  return Math.floor(ms / size) * size;
}
