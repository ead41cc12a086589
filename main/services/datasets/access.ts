import { AppError, notFound } from '../../../common/contract/errors';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import type { ReadContext, ServiceContext } from '../../context';
import * as repo from '../../db/repositories/datasets';
import type { VersionRow } from '../../db/repositories/datasets';
import { requireEvent } from '../lookups';

/**
 * The data-access API other areas build on (SPC, drift, fairness, VSM …): plain functions over the
 * service context. Column values come from one SELECT over the version's typed table(s).
 */

function info(ds: repo.DatasetRow, v: VersionRow): DatasetInfo {
  return {
    id: ds.id,
    eventId: ds.eventId,
    name: ds.name,
    version: v.version,
    versionId: v.id,
    rowCount: v.rowCount,
    columns: v.columns.map((c) => ({ name: c.name, type: c.type, role: c.role, unit: c.unit })),
    importedAt: v.importedAt,
  };
}

/** The dataset's version row (latest when `version` is omitted); NOT_FOUND otherwise. */
export function requireVersion(ctx: ReadContext, datasetId: string, version?: number): { ds: repo.DatasetRow; v: VersionRow } {
  const ds = repo.findDataset(ctx.db, datasetId);
  if (!ds) throw notFound('Dataset', datasetId);
  const v = version === undefined ? repo.latestVersion(ctx.db, datasetId) : repo.findVersion(ctx.db, datasetId, version);
  if (!v) throw new AppError('NOT_FOUND', version === undefined ? `Dataset "${ds.name}" has no versions.` : `Dataset "${ds.name}" has no version ${version}.`, { datasetId, version });
  return { ds, v };
}

/** Every dataset of an event, each at its latest version. */
export function listDatasets(ctx: ServiceContext, eventId: string): DatasetInfo[] {
  requireEvent(ctx, eventId);
  const out: DatasetInfo[] = [];
  for (const ds of repo.listDatasets(ctx.db, eventId)) {
    const v = repo.latestVersion(ctx.db, ds.id);
    if (v) out.push(info(ds, v));
  }
  return out;
}

/** A dataset at a version (latest when omitted): id, name, version, row count, columns with type/role/unit. */
export function getDataset(ctx: ReadContext, datasetId: string, version?: number): DatasetInfo {
  const { ds, v } = requireVersion(ctx, datasetId, version);
  return info(ds, v);
}

/** SQL over all rows of a version: the UNION ALL of its tables (append versions share older rows). */
export function versionSelect(ctx: ReadContext, v: VersionRow, sqlColumns: string[]): string {
  const cols = sqlColumns.length > 0 ? sqlColumns.join(', ') : '1';
  return repo
    .versionTables(ctx.db, v)
    .map((t) => `SELECT ${cols} FROM "${t}"`)
    .join(' UNION ALL ');
}

/**
 * Reads whole columns in row order (one SELECT per column, in one transaction). Timestamps are epoch ms numbers, booleans 0/1,
 * missing values null. Unknown column names are NOT_FOUND (naming the columns that exist).
 */
export function readColumns(ctx: ReadContext, datasetId: string, columns: string[], opts: { version?: number } = {}): Record<string, (number | string | null)[]> {
  const { ds, v } = requireVersion(ctx, datasetId, opts.version);
  const byName = new Map(v.columns.map((c) => [c.name, c]));
  const sqlCols = columns.map((name) => {
    const c = byName.get(name);
    if (!c) throw new AppError('NOT_FOUND', `Dataset "${ds.name}" has no column "${name}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`, { column: name });
    return c.sqlName;
  });
  const out: Record<string, (number | string | null)[]> = {};
  // One plucked SELECT per column returns each column as a flat array in one native call (no per-row arrays,
  // no transpose). The SELECTs scan the same index-free version tables in rowid order, so rows line up; one
  // transaction gives them the same snapshot.
  const arrays = ctx.db.transaction(() => sqlCols.map((c) => ctx.db.prepare(versionSelect(ctx, v, [c])).pluck().all() as (number | string | null)[]))();
  columns.forEach((name, j) => {
    out[name] = arrays[j]!;
  });
  return out;
}

/** Records that something (a chart, a KPI, a report) uses a dataset version, for the Data page's lineage. */
export function recordDatasetUse(ctx: ServiceContext, versionId: string, usedBy: string, label: string): void {
  if (!repo.findVersionById(ctx.db, versionId)) throw notFound('Dataset version', versionId);
  repo.upsertUse(ctx.db, versionId, usedBy, label, ctx.nowIso());
}
