import crypto from 'node:crypto';
import { AppError } from '../../../../common/contract/errors';
import type { ServiceContext } from '../../../context';
import { findDatasetByName, insertDataset, insertVersion, latestVersion } from '../../../db/repositories/datasets';
import type { StoredColumn, VersionRow } from '../../../db/repositories/datasets';
import { findLink, insertLink, updateLink } from '../../../db/repositories/sources';
import { suggestRole, suggestUnit } from '../../../importers/suggest';
import { envSecretStore, requireSecret } from '../../../secretStore';
import type { SecretStore } from '../../../secretStore';
import { requireEvent } from '../../lookups';
import type { Fingerprint, Source, SourceColumn } from '../source';
import { describeServer, formatClickHouseUrl, parseClickHouseUrl, secretKey } from './config';
import type { ClickHouseConfig } from './config';
import { createClickHouseSource } from './source';

/**
 * Linking a ClickHouse table as a dataset (`kaizen link clickhouse://user@host:port/db/table`, the Data page):
 * the table is described and fingerprinted first (every server round trip before anything is written), then the
 * dataset, its version (columns bound to the table's columns; no ds_ table) and the link go in ONE transaction —
 * a server that refuses or goes away leaves nothing behind. The password is read from the secret store when the
 * first query needs it; the stored location is the URL with the user and never a password.
 */

export type ClickHouseLinkInput = Readonly<{ eventId: string; url: string; name?: string }>;

/** The same shape as a local file's link result (sources/link.ts LinkResult), so `kaizen link` prints either alike. */
export type ClickHouseLinkResult = Readonly<{
  datasetId: string;
  versionId: string;
  source: 'clickhouse';
  format: 'clickhouse';
  /** clickhouse://user@host:port/database/table — never a password. */
  location: string;
  convertedFrom: null;
  rows: number;
  columns: readonly SourceColumn[];
  fingerprint: Fingerprint;
}>;

/** The secret store a service uses: the desktop app's keychain, else environment variables. */
export const secretsOf = (ctx: Pick<ServiceContext, 'platform'>): SecretStore => ctx.platform.secrets ?? envSecretStore();

/** The password of this server's user, asked from the store when a query first needs it. */
export function passwordFor(secrets: SecretStore, config: ClickHouseConfig): () => Promise<string> {
  return () => requireSecret(secrets, secretKey(config), `ClickHouse at ${describeServer(config)} (user "${config.user}")`);
}

/** The columns of a version as ClickHouse bindings (logical name → the table's column). */
const bindings = (v: Pick<VersionRow, 'columns'>) => v.columns.map((c) => ({ name: c.name, source: c.source }));

/** A Source over a linked ClickHouse dataset's table (its stored location and column mapping). */
export function clickHouseSourceForLink(ctx: Pick<ServiceContext, 'platform'>, location: string, v: Pick<VersionRow, 'columns'>): Source {
  const config = parseClickHouseUrl(location);
  const time = v.columns.find((c) => c.role === 'timestamp' && c.type === 'timestamp') ?? v.columns.find((c) => c.type === 'timestamp');
  return createClickHouseSource({ config, password: passwordFor(secretsOf(ctx), config), columns: bindings(v), timeColumn: time?.name });
}

/** Describes and fingerprints the table (no writes): what a link would store. */
export async function probeClickHouse(
  secrets: SecretStore,
  url: string,
  signal?: AbortSignal,
): Promise<{ config: ClickHouseConfig; location: string; columns: readonly SourceColumn[]; rows: number; fingerprint: Fingerprint }> {
  const config = parseClickHouseUrl(url);
  const source = createClickHouseSource({ config, password: passwordFor(secrets, config) });
  try {
    const schema = await source.schema(signal);
    if (schema.columns.length === 0) {
      throw new AppError('BAD_INPUT', `The ClickHouse table ${config.database}.${config.table} has no column an analysis can read (numbers, dates, text).`);
    }
    const fingerprint = await source.fingerprint(signal);
    return { config, location: formatClickHouseUrl(config), columns: schema.columns, rows: schema.rowCount, fingerprint };
  } finally {
    await source.close();
  }
}

/**
 * As a local file's link stores them (sources/link.ts storedColumns): role and unit guessed from the name, the engine's
 * type kept beside, `source` the table's column (the mapping), no sqlName (no ds_ table).
 */
function storedColumns(cols: readonly SourceColumn[]): StoredColumn[] {
  return cols.map(
    (c) =>
      ({
        name: c.name,
        type: c.type,
        role: suggestRole({ source: c.name, type: c.type }),
        unit: c.type === 'integer' || c.type === 'real' ? suggestUnit(c.name) : null,
        sqlName: '',
        source: c.name,
        privacy: 'keep',
        nativeType: c.nativeType,
      }) as StoredColumn,
  );
}

/** Links `url`'s table to the event as a new dataset (see above). CONFLICT when the event has a dataset of that name. */
export async function linkClickHouse(ctx: ServiceContext, input: ClickHouseLinkInput, signal?: AbortSignal): Promise<ClickHouseLinkResult> {
  requireEvent(ctx, input.eventId);
  const probe = await probeClickHouse(secretsOf(ctx), input.url, signal);
  const name = (input.name ?? probe.config.table).trim();
  if (!name) throw new AppError('BAD_INPUT', 'A linked dataset needs a name.');
  if (signal?.aborted) throw new AppError('CANCELLED', 'Linking was cancelled; nothing was saved.');
  const datasetId = ctx.newId();
  const versionId = ctx.newId();
  const now = ctx.nowIso();
  const columns = storedColumns(probe.columns);
  ctx.db.transaction(() => {
    if (findDatasetByName(ctx.db, input.eventId, name)) {
      throw new AppError('CONFLICT', `This event already has a dataset named "${name}"; choose another name (--name).`, { name });
    }
    insertDataset(ctx.db, { id: datasetId, eventId: input.eventId, name, rules: [], createdAt: now });
    insertVersion(ctx.db, {
      id: versionId,
      datasetId,
      version: 1,
      tableName: '',
      baseVersionId: null,
      mode: 'full',
      ownRows: probe.rows,
      rowCount: probe.rows,
      rejectedCount: 0,
      sha256: crypto.createHash('sha256').update(probe.fingerprint.value).digest('hex'),
      fileName: probe.location,
      fileSize: 0,
      fileMtime: null,
      columns,
      options: { linked: 'clickhouse' },
      rules: [],
      profile: [],
      warnings: [],
      importedAt: now,
    });
    insertLink(ctx.db, {
      datasetId,
      versionId,
      sourceKind: 'clickhouse',
      format: 'clickhouse',
      location: probe.location,
      convertedFrom: null,
      fingerprint: probe.fingerprint.value,
      fingerprintParts: probe.fingerprint.parts,
      rowCount: probe.rows,
      linkedAt: now,
      checkedAt: now,
    });
  })();
  return { datasetId, versionId, source: 'clickhouse', format: 'clickhouse', location: probe.location, convertedFrom: null, rows: probe.rows, columns: probe.columns, fingerprint: probe.fingerprint };
}

/**
 * Re-link after the table changed (rows added, columns altered): a new version with the table's columns now (roles
 * and units chosen before kept by column) and the link's new row count and fingerprint, in one transaction after the
 * server answered. Results computed before stay in linked_results with the fingerprint they came from.
 */
export async function relinkClickHouse(ctx: ServiceContext, datasetId: string, signal?: AbortSignal): Promise<ClickHouseLinkResult> {
  const link = findLink(ctx.db, datasetId);
  if (!link || link.sourceKind !== 'clickhouse') throw new AppError('BAD_INPUT', 'Only a dataset linked to a ClickHouse table can be re-linked to it.');
  const old = latestVersion(ctx.db, datasetId)!;
  const probe = await probeClickHouse(secretsOf(ctx), link.location, signal);
  if (signal?.aborted) throw new AppError('CANCELLED', 'Re-linking was cancelled; nothing was saved.');
  const versionId = ctx.newId();
  const now = ctx.nowIso();
  const columns = storedColumns(probe.columns).map((c) => {
    const was = old.columns.find((o) => o.source === c.source);
    return was ? { ...c, role: was.role, unit: was.unit } : c;
  });
  ctx.db.transaction(() => {
    insertVersion(ctx.db, {
      ...old,
      id: versionId,
      version: old.version + 1,
      ownRows: probe.rows,
      rowCount: probe.rows,
      sha256: crypto.createHash('sha256').update(probe.fingerprint.value).digest('hex'),
      columns,
      importedAt: now,
    });
    updateLink(ctx.db, { ...link, versionId, fingerprint: probe.fingerprint.value, fingerprintParts: probe.fingerprint.parts, rowCount: probe.rows, linkedAt: now, checkedAt: now });
  })();
  return { datasetId, versionId, source: 'clickhouse', format: 'clickhouse', location: probe.location, convertedFrom: null, rows: probe.rows, columns: probe.columns, fingerprint: probe.fingerprint };
}
