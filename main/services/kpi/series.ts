import { AppError, isAppError } from '../../../common/contract/errors';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { HAS_NUMBER } from '../../../common/contract/schemas/kpi';
import type { DatasetSource, DriftSource, FairnessSource, FeedbackSource, Kpi, KpiPoint, RowCondition } from '../../../common/contract/schemas/kpi';
import { aggregateByBucket, bucketStart } from '../../../common/domain/kpi/aggregate';
import { conditionHolds } from '../../../common/domain/sources/evaluate';
import type { BucketPoint, KpiBucket } from '../../../common/domain/kpi/aggregate';
import type { ReadContext, ServiceContext } from '../../context';
import type { StoredColumn, VersionRow } from '../../db/repositories/datasets';
import * as repo from '../../db/repositories/kpi';
import {
  getDataset,
  readColumns,
  recordDatasetUse,
  requireVersion,
  versionSelect,
} from '../datasets/access';
import { aggregateManyInSql } from './sql';
import { computeDriftPoints, driftSourceLabel } from './driftSeries';
import { computeFairnessPoints, fairnessSourceLabel } from './fairnessSeries';
import { computeFeedbackPoints, feedbackSourceLabel } from './feedbackSeries';

export type Series = Readonly<{
  points: KpiPoint[];
  sourceLabel: string;
  error: string | null;
  version: number | null;
}>;

type Cell = number | string | null;

/** True when a cell meets `column op value`: numbers compare as numbers, everything else as text; a missing cell
 *  satisfies only `!=` (one definition for imported and linked datasets: common/domain/sources/evaluate). */
export const matches: (cell: Cell, c: RowCondition) => boolean = conditionHolds;

export function describeCondition(c: RowCondition): string {
  if (c.op === '>=' && c.value === HAS_NUMBER) return `${c.column} has a value`;
  return `${c.column} ${c.op} ${typeof c.value === 'number' ? c.value : `'${c.value}'`}`;
}

function dateLabel(t: number, bucket: KpiBucket): string {
  const iso = new Date(t).toISOString();
  return bucket === 'hour' ? `${iso.slice(0, 13)}:00Z` : iso.slice(0, 10);
}

/** A bucket as a KPI point; a partly covered first/last bucket keeps its coverage as `partial`. */
function pointOf(b: BucketPoint, bucket: KpiBucket): KpiPoint {
  const p: KpiPoint = { time: b.start, date: dateLabel(b.start, bucket), value: b.value, n: b.n };
  return b.coverage === undefined ? p : { ...p, partial: b.coverage };
}

function manualSeries(ctx: ServiceContext, kpi: Kpi): Series {
  const points = repo.listEntries(ctx.db, kpi.id).map((e) => ({
    time: Date.parse(`${e.date}T00:00:00Z`),
    date: e.date,
    value: e.value,
    n: 1,
    note: e.note,
    entryId: e.id,
  }));
  return { points, sourceLabel: 'Manual entries', error: null, version: null };
}

function sourceLabel(src: DatasetSource): string {
  const stat =
    src.statistic === 'rate' && src.condition
      ? `rate of ${describeCondition(src.condition)}`
      : src.statistic === 'count'
        ? 'row count'
        : `${src.statistic} of ${src.column}`;
  const filters = src.filters?.length
    ? ` where ${src.filters.map(describeCondition).join(' and ')}`
    : '';
  return `${stat} per ${src.bucket}${filters}`;
}

/**
 * The version of what a cached series holds. Part of every cache key, so raising it makes every series cached
 * before recompute once on its next read. 2: points carry `partial` (a partly covered first/last bucket); a cache
 * written before has none, and would show a one-day week as a whole week's status.
 */
export const SERIES_CACHE_VERSION = 2;

/** The cache key of a source definition: the cache version and the definition. */
export function seriesCacheKey(src: DatasetSource | DriftSource | FairnessSource | FeedbackSource): string {
  return `v${SERIES_CACHE_VERSION}:${JSON.stringify(src)}`;
}

/** A dataset KPI whose cached series is stale: everything needed to compute it. */
export type Pending = {
  at: number;
  kpi: Kpi;
  src: DatasetSource;
  label: string;
  key: string;
  info: DatasetInfo;
  v: VersionRow;
  timeCol: string;
  timeStored: StoredColumn | undefined;
  valueStored: StoredColumn | null;
  needValue: boolean;
};

const failed = (label: string, e: unknown): Series => {
  if (isAppError(e)) return { points: [], sourceLabel: label, error: e.message, version: null };
  throw e;
};

/**
 * The KPI's time series. Dataset sources are aggregated from the latest dataset version and cached
 * with that version's id and the source definition, so a new import (or an edited definition) triggers
 * one recompute and every other read is a cache hit. Problems (dataset removed, column gone) come back
 * as `error`, never as a crash, so the board still shows the card.
 */
export function kpiSeries(ctx: ServiceContext, kpi: Kpi): Series {
  return kpiSeriesMany(ctx, [kpi])[0]!;
}

/**
 * The series of several KPIs (an event's board, the report). A series is cached per (dataset version,
 * definition): the KPI's own cache row, else any KPI's row with the same version id and source key, so
 * an unchanged KPI is never recomputed. The stale ones are grouped by (version, time column, bucket,
 * filters) and each group is computed in ONE scan (aggregateManyInSql: p50, p95 and p99 of a column are
 * one GROUP BY, not three); members SQL can't express fall back to JavaScript one by one.
 */
export function kpiSeriesMany(ctx: ServiceContext, kpis: readonly Kpi[]): Series[] {
  const plan = planSeries(ctx, kpis);
  return applySeries(ctx, plan, computePlan(ctx, plan));
}

/** Stale KPIs that share a version, time column, bucket and filters: computed by one scan. */
export type SeriesGroup = Readonly<{ members: Pending[]; unique: Pending[] }>;
/**
 * A stale KPI whose points come from an analysis over its dataset (PSI per bucket, a fairness disparity per bucket),
 * not from a statistic of a column: computed one by one (per source key), in the worker like the groups.
 */
export type DerivedPending = Readonly<{ at: number; kpi: Kpi; src: DriftSource | FairnessSource | FeedbackSource; label: string; key: string; versionId: string; version: number }>;
/** What planSeries found: the series already known (manual, cached, failed), the groups and the derived KPIs still to compute. */
export type SeriesPlan = Readonly<{ out: (Series | undefined)[]; groups: SeriesGroup[]; derived: DerivedPending[] }>;
/** Per source key: the points, or the message of the AppError that stopped it. Plain data (crosses threads). */
export type GroupPoints = Record<string, { points: KpiPoint[] } | { error: string }>;
/** What the recompute hands back for a plan: per group its points, and the derived KPIs' points by source key. */
export type PlanPoints = Readonly<{ groups: GroupPoints[]; derived: GroupPoints }>;
/** The part of a plan the recompute needs (plain data: it is posted to the analysis worker). */
export type PlanWork = Readonly<{ groups: readonly SeriesGroup[]; derived: readonly DerivedPending[] }>;

/** On the main thread: manual series, cache hits (copied to the KPI's own cache row) and the stale groups. */
export function planSeries(ctx: ServiceContext, kpis: readonly Kpi[]): SeriesPlan {
  const out: Series[] = new Array<Series>(kpis.length);
  const pending: Pending[] = [];
  const derived: DerivedPending[] = [];
  kpis.forEach((kpi, at) => {
    const src = kpi.source;
    if (src.kind === 'manual') {
      out[at] = manualSeries(ctx, kpi);
      return;
    }
    let label = src.kind === 'drift' ? driftSourceLabel(src) : src.kind === 'fairness' ? fairnessSourceLabel(src) : src.kind === 'feedback' ? feedbackSourceLabel(src) : sourceLabel(src);
    try {
      const info = getDataset(ctx, src.datasetId);
      label = `${info.name} v${info.version}: ${label}`;
      // A feedback KPI also reads its corrections dataset: its version is part of the key, so new corrections recompute.
      const key = src.kind === 'feedback' ? `${seriesCacheKey(src)}:${getDataset(ctx, src.correctionsDatasetId).versionId}` : seriesCacheKey(src);
      const own = repo.readCache(ctx.db, kpi.id);
      const cached =
        own && own.versionId === info.versionId && own.sourceKey === key
          ? own
          : repo.findCacheBySource(ctx.db, info.versionId, key);
      if (cached) {
        if (cached !== own) writeSeries(ctx, kpi, info.versionId, key, cached.points);
        out[at] = {
          points: JSON.parse(cached.points) as KpiPoint[],
          sourceLabel: label,
          error: null,
          version: info.version,
        };
        return;
      }
      if (src.kind === 'drift' || src.kind === 'fairness' || src.kind === 'feedback') {
        derived.push({ at, kpi, src, label, key, versionId: info.versionId, version: info.version });
        return;
      }
      const timeCol = timeColumnOf(info, src);
      if (src.statistic === 'rate' && !src.condition)
        throw new AppError('BAD_INPUT', "A rate KPI needs a condition, e.g. status = 'failed'.");
      const needValue = src.statistic !== 'count' && src.statistic !== 'rate';
      const { v } = requireVersion(ctx, src.datasetId);
      const stored = (name: string) => v.columns.find((c) => c.name === name);
      if (needValue && !stored(src.column)) {
        throw new AppError(
          'NOT_FOUND',
          `Dataset "${info.name}" has no column "${src.column}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`,
          { column: src.column },
        );
      }
      pending.push({
        at,
        kpi,
        src,
        label,
        key,
        info,
        v,
        timeCol,
        timeStored: stored(timeCol),
        valueStored: needValue ? stored(src.column)! : null,
        needValue,
      });
    } catch (e) {
      out[at] = failed(label, e);
    }
  });
  // Fast path: each group's aggregation as one GROUP BY in SQLite; JavaScript only for filters SQL can't express the same way.
  const groups = new Map<string, Pending[]>();
  for (const p of pending) {
    const g = `${p.info.versionId}\u0000${p.timeCol}\u0000${p.src.bucket}\u0000${JSON.stringify(p.src.filters ?? [])}`;
    const list = groups.get(g);
    if (list) list.push(p);
    else groups.set(g, [p]);
  }
  return { out, groups: [...groups.values()].map((members) => ({ members, unique: [...new Map(members.map((p) => [p.key, p])).values()] })), derived };
}

/**
 * Everything stale in a plan: the groups (computeSeries) and the derived KPIs, each distinct source once (the drift
 * series, the fairness counts per bucket). Read-only: runs in the analysis worker thread (kpi-list), or in-process.
 */
export function computePlan(ctx: ReadContext, work: PlanWork, progress?: (done: number, total: number) => void): PlanPoints {
  const unique = [...new Map(work.derived.map((d) => [d.key, d])).values()];
  const total = work.groups.length + unique.length;
  const groups = computeSeries(ctx, work.groups, progress && ((done) => progress(done, total)));
  const derived: GroupPoints = {};
  unique.forEach((d, i) => {
    try {
      derived[d.key] = { points: d.src.kind === 'drift' ? computeDriftPoints(ctx, d.kpi.eventId, d.src) : d.src.kind === 'feedback' ? computeFeedbackPoints(ctx, d.src) : computeFairnessPoints(ctx, d.src) };
    } catch (e) {
      if (!isAppError(e)) throw e;
      derived[d.key] = { error: e.message };
    }
    progress?.(work.groups.length + i + 1, total);
  });
  return { groups, derived };
}

/**
 * The stale groups' points, each group in ONE scan (aggregateManyInSql: p50, p95 and p99 of a column are one
 * scan, not three); members SQL can't express fall back to JavaScript one by one. Read-only: the KPI recompute
 * runs this in the analysis worker thread (kpi-list), or in-process.
 */
export function computeSeries(ctx: ReadContext, groups: readonly SeriesGroup[], progress?: (done: number, total: number) => void): GroupPoints[] {
  return groups.map(({ members, unique }, gi) => {
    const first = members[0]!;
    const inSql = first.timeStored
      ? aggregateManyInSql(
          ctx,
          { v: first.v, timeCol: first.timeStored, bucket: first.src.bucket, filters: first.src.filters ?? [] },
          unique.map((p) => ({ statistic: p.src.statistic, valueCol: p.valueStored, condition: p.src.condition })),
        )
      : unique.map(() => null);
    const byKey: GroupPoints = {};
    unique.forEach((p, i) => {
      const sqlPoints = inSql[i];
      try {
        byKey[p.key] = {
          points: sqlPoints
            ? sqlPoints.map((b) => pointOf(b, p.src.bucket))
            : aggregateInJs(ctx, p.src, p.timeCol, p.needValue),
        };
      } catch (e) {
        if (!isAppError(e)) throw e;
        byKey[p.key] = { error: e.message };
      }
    });
    progress?.(gi + 1, groups.length);
    return byKey;
  });
}

/** On the main thread: writes each computed series to the cache and fills in the plan's answers. */
export function applySeries(ctx: ServiceContext, plan: SeriesPlan, computed: PlanPoints): Series[] {
  const out = [...plan.out];
  for (const d of plan.derived) {
    const r = computed.derived[d.key]!;
    if ('error' in r) {
      out[d.at] = { points: [], sourceLabel: d.label, error: r.error, version: null };
      continue;
    }
    writeSeries(ctx, d.kpi, d.versionId, d.key, JSON.stringify(r.points));
    out[d.at] = { points: r.points, sourceLabel: d.label, error: null, version: d.version };
  }
  plan.groups.forEach(({ members }, gi) => {
    const byKey = computed.groups[gi]!;
    for (const p of members) {
      const r = byKey[p.key]!;
      if ('error' in r) {
        out[p.at] = { points: [], sourceLabel: p.label, error: r.error, version: null };
        continue;
      }
      writeSeries(ctx, p.kpi, p.info.versionId, p.key, JSON.stringify(r.points));
      out[p.at] = { points: r.points, sourceLabel: p.label, error: null, version: p.info.version };
    }
  });
  return out as Series[];
}

/** Caches a KPI's series for (version, definition) and records that the KPI uses the version. */
function writeSeries(ctx: ServiceContext, kpi: Kpi, versionId: string, sourceKey: string, points: string): void {
  ctx.db.transaction(() => {
    repo.writeCache(ctx.db, kpi.id, { versionId, sourceKey, points }, ctx.nowIso());
    recordDatasetUse(ctx, versionId, `kpi:${kpi.id}`, `KPI: ${kpi.name}`);
  })();
}

/** The same aggregation over columns read into JavaScript (aggregateByBucket), for any filter. */
function aggregateInJs(
  ctx: ReadContext,
  src: DatasetSource,
  timeCol: string,
  needValue: boolean,
): KpiPoint[] {
  const { t, value } = readNumeric(ctx, src.datasetId, timeCol, needValue ? src.column : null);
  const n = t.length;
  const textCols = [
    ...new Set([
      ...(src.filters ?? []).map((f) => f.column),
      ...(src.condition ? [src.condition.column] : []),
    ]),
  ];
  const data = textCols.length > 0 ? readColumns(ctx, src.datasetId, textCols) : {};
  let include: Uint8Array | undefined;
  if (src.filters?.length) {
    include = new Uint8Array(n).fill(1);
    for (const f of src.filters) {
      const col = data[f.column]!;
      for (let i = 0; i < n; i++) if (include[i] && !matches(col[i]!, f)) include[i] = 0;
    }
  }
  let condition: Uint8Array | undefined;
  if (src.condition) {
    const col = data[src.condition.column]!;
    condition = new Uint8Array(n);
    for (let i = 0; i < n; i++) condition[i] = matches(col[i]!, src.condition) ? 1 : 0;
  }
  return aggregateByBucket(t, value, src.statistic, src.bucket, include, condition, { markPartial: true }).map((p) => pointOf(p, src.bucket));
}

/**
 * Reads the time and value columns into Float64Arrays (NaN for missing or non-numeric cells) without
 * materialising per-row arrays: the hot path of a 1,000,000-row recompute.
 */
function readNumeric(
  ctx: ReadContext,
  datasetId: string,
  timeCol: string,
  valueCol: string | null,
): { t: Float64Array; value: Float64Array | null } {
  const { ds, v } = requireVersion(ctx, datasetId);
  const sql = (name: string) => {
    const c = v.columns.find((x) => x.name === name);
    if (!c)
      throw new AppError(
        'NOT_FOUND',
        `Dataset "${ds.name}" has no column "${name}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`,
        { column: name },
      );
    return c.sqlName;
  };
  // One plucked SELECT per column returns a flat array in a single native call (no per-row arrays).
  // Both SELECTs scan the same version tables in the same (rowid) order, so rows line up.
  const column = (name: string): Float64Array => {
    const raw = ctx.db
      .prepare(versionSelect(ctx, v, [sql(name)]))
      .pluck()
      .all() as unknown[];
    const out = new Float64Array(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const x = raw[i];
      out[i] = typeof x === 'number' ? x : NaN;
    }
    return out;
  };
  return { t: column(timeCol), value: valueCol ? column(valueCol) : null };
}

/** The column a dataset KPI buckets by: its own, else the dataset's timestamp-role, else first timestamp column. */
function timeColumnOf(info: DatasetInfo, src: DatasetSource): string {
  const timeCol =
    src.timeColumn ??
    info.columns.find((c) => c.role === 'timestamp')?.name ??
    info.columns.find((c) => c.type === 'timestamp')?.name;
  if (!timeCol)
    throw new AppError('BAD_INPUT', `Dataset "${info.name}" has no timestamp column to bucket by.`);
  return timeCol;
}

/** Raw values per bucket (after filters), for X̄-R/X̄-S charts of a dataset KPI. */
export function bucketValues(
  ctx: ServiceContext,
  kpi: Kpi,
): { date: string; time: number; values: number[] }[] {
  const src = kpi.source;
  if (src.kind !== 'dataset' || src.statistic === 'count' || src.statistic === 'rate') {
    throw new AppError(
      'BAD_INPUT',
      'X̄-R and X̄-S charts need a dataset KPI over a numeric column (the observations in each bucket form a subgroup).',
    );
  }
  const info = getDataset(ctx, src.datasetId);
  const timeCol = timeColumnOf(info, src);
  const cols = [...new Set([timeCol, src.column, ...(src.filters ?? []).map((f) => f.column)])];
  const data = readColumns(ctx, src.datasetId, cols);
  const groups = new Map<number, number[]>();
  const times = data[timeCol]!;
  const vals = data[src.column]!;
  for (let i = 0; i < times.length; i++) {
    const tv = times[i];
    const v = vals[i];
    if (typeof tv !== 'number' || typeof v !== 'number') continue;
    if (src.filters && !src.filters.every((f) => matches(data[f.column]![i]!, f))) continue;
    const start = bucketStart(tv, src.bucket);
    const g = groups.get(start);
    if (g) g.push(v);
    else groups.set(start, [v]);
  }
  return [...groups]
    .sort((a, b) => a[0] - b[0])
    .map(([time, values]) => ({
      time,
      date: dateLabel(time, src.bucket),
      values,
    }));
}
