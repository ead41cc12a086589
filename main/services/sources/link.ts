import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { Fingerprint, SourceColumn } from './source';
import type { ServiceContext } from '../../context';
import { findDatasetByName, insertDataset, insertVersion, latestVersion } from '../../db/repositories/datasets';
import type { StoredColumn } from '../../db/repositories/datasets';
import { findLink, insertLink, updateLink } from '../../db/repositories/sources';
import type { LinkRow } from '../../db/repositories/sources';
import { suggestRole, suggestUnit } from '../../importers/suggest';
import { requireEvent } from '../lookups';
import { DAY_PARTITION, convertToDayParquet } from './duckdb/convert';
import { describeLocation, storageType } from './duckdb/duckdbSource';
import { detectFormat, fileFingerprint, parquetFilesUnder, parquetFooter } from './duckdb/files';
import { DuckRunner } from './duckdb/runner';
import { quoteIdent, readerSql } from './duckdb/sql';
import type { BoundColumn, LinkedFormat } from './duckdb/sql';

/**
 * Linking a local file as a dataset: the rows stay in the file; the store gets the dataset, one version (its columns
 * bound to the file's columns — the mapping — with types, roles and units; no ds_ table) and the link (format,
 * location, fingerprint). Everything that can fail (not Parquet, truncated, missing, unreadable, the conversion) runs
 * before anything is written; the three rows go in one transaction.
 */

export type LocalLinkInput = Readonly<{ eventId: string; path: string; name?: string; convertParquet?: boolean }>;

export type LinkResult = {
  datasetId: string;
  versionId: string;
  source: 'duckdb';
  format: LinkedFormat;
  location: string;
  convertedFrom: string | null;
  rows: number;
  columns: SourceColumn[];
  fingerprint: { value: string; parts: Record<string, string | number> };
};

export type LinkOptions = Readonly<{ signal?: AbortSignal; onProgress?: (phase: string, pct: number | null) => void }>;

/** Folder for Parquet made from linked CSV files: inside the data folder, one per dataset. */
export const convertedDir = (dataDir: string, datasetId: string) => path.join(dataDir, 'linked', datasetId.replace(/[^A-Za-z0-9-]/g, ''));

/** Checks the file(s) the way DuckDB would fail on them, with a clearer message first. */
function precheck(format: LinkedFormat, location: string): void {
  if (format === 'parquet') parquetFooter(location);
  if (format === 'parquet-folder') for (const f of parquetFilesUnder(location)) parquetFooter(f);
}

/** Text columns with few distinct values are categories (as the import infers them). */
async function bindColumns(r: DuckRunner, format: LinkedFormat, location: string, described: { physical: string; nativeType: string }[], signal?: AbortSignal): Promise<BoundColumn[]> {
  const cols = described.filter((c) => c.physical !== DAY_PARTITION);
  const text = cols.filter((c) => storageType(c.nativeType) === 'text');
  const distinct = new Map<string, number>();
  if (text.length > 0) {
    const res = await r.query(`SELECT ${text.map((c) => `approx_count_distinct(${quoteIdent(c.physical)})`).join(', ')} FROM (SELECT * FROM ${readerSql(format, location)} LIMIT 200000)`, [], signal);
    text.forEach((c, i) => distinct.set(c.physical, Number(res.rows[0]?.[i] ?? 0)));
  }
  return cols.map((c) => {
    let type = storageType(c.nativeType);
    if (type === 'text' && (distinct.get(c.physical) ?? Infinity) <= 50) type = 'category';
    return { name: c.physical, physical: c.physical, nativeType: c.nativeType, type };
  });
}

/** The stored version columns of a link (sqlName unused: DuckDB binds by position to c0, c1 …; `source` is the physical name). */
export function storedColumns(bound: readonly BoundColumn[]): StoredColumn[] {
  return bound.map((c) => ({
    name: c.name,
    type: c.type,
    role: suggestRole({ source: c.physical, type: c.type }),
    unit: c.type === 'integer' || c.type === 'real' ? suggestUnit(c.physical) : null,
    sqlName: '',
    source: c.physical,
    privacy: 'keep',
    nativeType: c.nativeType,
  }) as StoredColumn);
}

/** The DuckDB binding of a stored linked version (the mapping kept at linking). */
export function boundColumnsOf(columns: readonly StoredColumn[]): BoundColumn[] {
  return columns.map((c) => ({ name: c.name, physical: c.source, type: c.type as BoundColumn['type'], nativeType: (c as StoredColumn & { nativeType?: string }).nativeType ?? 'VARCHAR' }));
}

type Probe = { format: LinkedFormat; location: string; convertedFrom: string | null; bound: BoundColumn[]; rows: number; fingerprint: Fingerprint };

async function probe(ctx: ServiceContext, file: string, datasetId: string, convert: boolean, opts: LinkOptions): Promise<Probe> {
  const abs = path.resolve(file);
  let format = detectFormat(abs);
  precheck(format, abs);
  let location = abs;
  let convertedFrom: string | null = null;
  const r = new DuckRunner();
  try {
    opts.onProgress?.('reading', null);
    let d = await describeLocation(r, format, location, opts.signal);
    if (convert && format !== 'parquet' && format !== 'parquet-folder') {
      const time = d.columns.find((c) => /^TIMESTAMP|^DATE$/i.test(c.nativeType)) ?? d.columns.find((c) => suggestRole({ source: c.physical, type: 'timestamp' }) === 'timestamp') ?? null;
      const out = convertedDir(ctx.dataDir, datasetId);
      await convertToDayParquet(format, location, time, out, { signal: opts.signal, onProgress: (p) => opts.onProgress?.('converting', p) });
      convertedFrom = abs;
      format = 'parquet-folder';
      location = out;
      d = await describeLocation(r, format, location, opts.signal);
    }
    const bound = await bindColumns(r, format, location, d.columns, opts.signal);
    if (bound.length === 0) throw new AppError('BAD_INPUT', `${abs} has no columns to analyse.`);
    return { format, location, convertedFrom, bound, rows: d.rowCount, fingerprint: fileFingerprint(format, location) };
  } catch (e) {
    if (convertedFrom === null && convert) fs.rmSync(convertedDir(ctx.dataDir, datasetId), { recursive: true, force: true });
    throw e;
  } finally {
    await r.close();
  }
}

const columnsOut = (bound: readonly BoundColumn[]): SourceColumn[] => bound.map((c) => ({ name: c.name, type: c.type, nativeType: c.nativeType }));

/** Links a local file (or folder of Parquet) to the event as a new dataset. CONFLICT when the name is taken. */
export async function linkLocalFile(ctx: ServiceContext, input: LocalLinkInput, opts: LinkOptions = {}): Promise<LinkResult> {
  requireEvent(ctx, input.eventId);
  const abs = path.resolve(input.path);
  const name = (input.name ?? path.basename(abs).replace(/\.(parquet|pq|csv|tsv|tab|jsonl|ndjson)$/i, '')).trim();
  if (!name) throw new AppError('BAD_INPUT', 'A linked dataset needs a name (--name).');
  if (findDatasetByName(ctx.db, input.eventId, name)) throw new AppError('CONFLICT', `This event already has a dataset named "${name}"; choose another name (--name).`, { name });
  const datasetId = ctx.newId();
  const p = await probe(ctx, abs, datasetId, input.convertParquet === true, opts);
  if (opts.signal?.aborted) throw new AppError('CANCELLED', 'Linking was cancelled; nothing was saved.');
  const versionId = ctx.newId();
  const now = ctx.nowIso();
  const st = fs.statSync(p.convertedFrom ?? p.location);
  try {
    ctx.db.transaction(() => {
      if (findDatasetByName(ctx.db, input.eventId, name)) throw new AppError('CONFLICT', `This event already has a dataset named "${name}"; choose another name (--name).`, { name });
      insertDataset(ctx.db, { id: datasetId, eventId: input.eventId, name, rules: [], createdAt: now });
      insertVersion(ctx.db, {
        id: versionId, datasetId, version: 1, tableName: '', baseVersionId: null, mode: 'full', ownRows: p.rows, rowCount: p.rows, rejectedCount: 0,
        sha256: crypto.createHash('sha256').update(p.fingerprint.value).digest('hex'),
        fileName: path.basename(p.convertedFrom ?? p.location), fileSize: st.isDirectory() ? Number(p.fingerprint.parts.size ?? 0) : st.size, fileMtime: st.mtime.toISOString(),
        columns: storedColumns(p.bound), options: { linked: 'duckdb', format: p.format }, rules: [], profile: [], warnings: [], importedAt: now,
      });
      insertLink(ctx.db, { datasetId, versionId, sourceKind: 'duckdb', format: p.format, location: p.location, convertedFrom: p.convertedFrom, fingerprint: p.fingerprint.value, fingerprintParts: p.fingerprint.parts, rowCount: p.rows, linkedAt: now, checkedAt: now });
    })();
  } catch (e) {
    if (p.convertedFrom) fs.rmSync(p.location, { recursive: true, force: true });
    throw e;
  }
  return { datasetId, versionId, source: 'duckdb', format: p.format, location: p.location, convertedFrom: p.convertedFrom, rows: p.rows, columns: columnsOut(p.bound), fingerprint: { value: p.fingerprint.value, parts: { ...p.fingerprint.parts } } };
}

/**
 * Re-link after the file changed (or moved: a new path): a new version with the file's columns now, the link's new
 * fingerprint. Results computed before stay in linked_results with the fingerprint they came from.
 */
export async function relinkLocalFile(ctx: ServiceContext, datasetId: string, newPath?: string, opts: LinkOptions = {}): Promise<LinkResult> {
  const link = findLink(ctx.db, datasetId);
  if (!link || link.sourceKind !== 'duckdb') throw new AppError('BAD_INPUT', 'Only a dataset linked to a local file can be re-linked to one.');
  const old = latestVersion(ctx.db, datasetId)!;
  // A link made by converting a CSV converts it again (into a new folder); otherwise the file is read as it is now.
  const file = newPath ?? link.convertedFrom ?? link.location;
  const p = await probe(ctx, file, `${datasetId}-v${old.version + 1}`, link.convertedFrom !== null, opts);
  const versionId = ctx.newId();
  const now = ctx.nowIso();
  ctx.db.transaction(() => {
    insertVersion(ctx.db, {
      ...old, id: versionId, version: old.version + 1, ownRows: p.rows, rowCount: p.rows,
      sha256: crypto.createHash('sha256').update(p.fingerprint.value).digest('hex'),
      columns: storedColumns(p.bound).map((c) => {
        const was = old.columns.find((o) => o.source === c.source);
        return was ? { ...c, role: was.role, unit: was.unit, type: c.type } : c;
      }),
      importedAt: now,
    });
    const next: LinkRow = { ...link, versionId, format: p.format, location: p.location, convertedFrom: p.convertedFrom ?? link.convertedFrom, fingerprint: p.fingerprint.value, fingerprintParts: p.fingerprint.parts, rowCount: p.rows, linkedAt: now, checkedAt: now };
    updateLink(ctx.db, next);
  })();
  return { datasetId, versionId, source: 'duckdb', format: p.format, location: p.location, convertedFrom: p.convertedFrom, rows: p.rows, columns: columnsOut(p.bound), fingerprint: { value: p.fingerprint.value, parts: { ...p.fingerprint.parts } } };
}
