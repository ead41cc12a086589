import { AppError } from '../../../common/contract/errors';
import type { AggregateQuery, AggregateResult } from '../../../common/domain/sources/queryTree';
import type { ServiceContext } from '../../context';
import { findLinkedResult, findLink, saveLinkedResult, touchLinkChecked } from '../../db/repositories/sources';
import type { LinkRow } from '../../db/repositories/sources';
import type { VersionRow } from '../../db/repositories/datasets';
import { requireVersion } from '../datasets/access';
import { clickHouseSourceForLink } from './clickhouse/link';
import { createDuckSource } from './duckdb/duckdbSource';
import { fileFingerprint } from './duckdb/files';
import { boundColumnsOf } from './link';
import type { Source, SourceProvenance } from './source';
import { createSqliteSource } from './sqlite/sqliteSource';

/**
 * The Source a dataset's rows are read through: its link's engine (DuckDB over local files, ClickHouse) or, for an
 * imported dataset, the SQLite table. A linked source is checked against the fingerprint stored at linking before
 * any query: a changed file is refused with a clear "re-link" message (results computed before are kept).
 */

export type OpenedSource = Readonly<{ source: Source; link: LinkRow | null; fingerprint: string; v: VersionRow; datasetName: string }>;

export const changedSince = (link: LinkRow, datasetName: string) =>
  new AppError(
    'CONFLICT',
    `The linked source of "${datasetName}" (${link.location}) changed since it was linked on ${link.linkedAt.slice(0, 10)}: its rows may differ from the ones earlier results were computed from. Those results are kept; re-link the dataset to read it as it is now (Data page: Re-link, or kaizen link --relink).`,
    { datasetId: link.datasetId, reLink: true, location: link.location },
  );

/** Whether a dataset is linked (rows outside the store). */
export function isLinked(ctx: Pick<ServiceContext, 'db'>, datasetId: string): boolean {
  return findLink(ctx.db, datasetId) !== null;
}

export async function openDatasetSource(ctx: ServiceContext, datasetId: string, opts: { version?: number; signal?: AbortSignal } = {}): Promise<OpenedSource> {
  const { ds, v } = requireVersion(ctx, datasetId, opts.version);
  const link = findLink(ctx.db, datasetId);
  if (!link) return { source: createSqliteSource(ctx, v, ds.name), link: null, fingerprint: v.sha256, v, datasetName: ds.name };
  if (link.versionId !== v.id) {
    throw new AppError('BAD_INPUT', `Version ${v.version} of "${ds.name}" was linked to a source as it was then; only the latest version can be read (re-linked on ${link.linkedAt.slice(0, 10)}).`);
  }
  let source: Source;
  if (link.sourceKind === 'duckdb') {
    const now = fileFingerprint(link.format as Exclude<LinkRow['format'], 'clickhouse'>, link.location);
    if (now.value !== link.fingerprint) throw changedSince(link, ds.name);
    source = createDuckSource({ format: link.format as Exclude<LinkRow['format'], 'clickhouse'>, location: link.location, columns: boundColumnsOf(v.columns) }, { rowCount: link.rowCount });
  } else {
    source = clickHouseSourceForLink(ctx, link.location, v);
    const now = await source.fingerprint(opts.signal);
    if (now.value !== link.fingerprint) {
      await source.close();
      throw changedSince(link, ds.name);
    }
  }
  touchLinkChecked(ctx.db, datasetId, ctx.nowIso());
  return { source, link, fingerprint: link.fingerprint, v, datasetName: ds.name };
}

export function provenanceOf(o: OpenedSource, r: Pick<AggregateResult, 'queryText' | 'quantileMethod'>): SourceProvenance {
  return { kind: o.source.kind, location: o.source.location, fingerprint: o.fingerprint, queryText: r.queryText, quantileMethod: r.quantileMethod, exact: r.quantileMethod !== 'approx' };
}

/**
 * Runs an aggregate on a dataset's source and records it (linked datasets) under `key` with its source, fingerprint,
 * query and exactness. When the source changed since linking, the CONFLICT carries the last recorded result.
 */
export async function aggregateDataset(
  ctx: ServiceContext,
  datasetId: string,
  key: string,
  q: AggregateQuery,
  signal?: AbortSignal,
): Promise<{ result: AggregateResult; provenance: SourceProvenance }> {
  let opened: OpenedSource;
  try {
    opened = await openDatasetSource(ctx, datasetId, { signal });
  } catch (e) {
    if (e instanceof AppError && e.code === 'CONFLICT') {
      const kept = findLinkedResult(ctx.db, datasetId, key);
      if (kept) throw new AppError('CONFLICT', e.message, { ...(e.details as object), kept: { computedAt: kept.computedAt, fingerprint: kept.fingerprint, exact: kept.exact } });
    }
    throw e;
  }
  try {
    const result = await opened.source.aggregate(q, signal);
    const provenance = provenanceOf(opened, result);
    if (opened.link) {
      saveLinkedResult(ctx.db, { datasetId, key, fingerprint: opened.fingerprint, query: result.queryText, quantileMethod: result.quantileMethod, exact: provenance.exact, result, computedAt: ctx.nowIso() });
    }
    return { result, provenance };
  } finally {
    await opened.source.close();
  }
}
