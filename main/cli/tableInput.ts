import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../common/contract/errors';
import { DB_FILE } from '../createServices';
import { latestVersion } from '../db/migrate';
import { migrations } from '../db/migrations';
import type { LinkRow } from '../db/repositories/sources';
import { findLink } from '../db/repositories/sources';
import type { VersionRow } from '../db/repositories/datasets';
import { readColumns, requireVersion } from '../services/datasets/access';
import { fileFingerprint } from '../services/sources/duckdb/files';
import { DuckRunner } from '../services/sources/duckdb/runner';
import { viewSql } from '../services/sources/duckdb/sql';
import { boundColumnsOf } from '../services/sources/link';
import { changedSince } from '../services/sources/open';
import { readTableFile } from '../importers/readTableFile';
import type { ColumnType, TableData } from '../importers/readTableFile';
import { UsageError } from './command';

/**
 * The analysis CLIs' table input: `--input FILE` (readTableFile) or `--dataset ID --data-dir DIR [--version N]`, a
 * dataset of a store opened read-only (nothing is written: no migration, no lineage, no "checked" time). An imported
 * dataset yields its stored rows; a dataset linked to local files (DuckDB) yields the source's rows in file order,
 * up to LINKED_ROW_LIMIT rows (the analyses hold every value in memory); a ClickHouse-linked dataset is refused.
 */

/** Rows of a linked dataset the CLI reads into memory at most. */
export const LINKED_ROW_LIMIT = 5_000_000;

export type TableFlags = Readonly<{ file?: string; dataset?: string; version?: string; dataDir?: string }>;

/** The option definitions to spread into a command's parse() for `--dataset ID --data-dir DIR [--version N]`. */
export const DATASET_OPTIONS = { dataset: { type: 'string' }, version: { type: 'string' }, 'data-dir': { type: 'string' } } as const;

function versionNumber(value: string | undefined, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} must be a version number 1, 2, … (got "${value}").`);
  return n;
}

/** Opens `<dir>/kaizen.db` read-only; a missing folder or store, or a store of another schema, is a clear message. */
export function openStoreReadOnly(dir: string): Database.Database {
  const abs = path.resolve(dir);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isDirectory()) throw new UsageError(`--data-dir ${abs} is not a folder (no Kaizen Studio data there).`);
  const file = path.join(abs, DB_FILE);
  if (!fs.existsSync(file)) throw new UsageError(`--data-dir ${abs} holds no Kaizen Studio store (${DB_FILE} is missing): give the folder the app or kaizen import uses.`);
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    db.pragma('query_only = ON');
  } catch (e) {
    throw new AppError('BAD_INPUT', `The store ${file} could not be opened: ${(e as Error).message}`, { file });
  }
  const version = db.pragma('user_version', { simple: true }) as number;
  const known = latestVersion(migrations);
  if (version !== known) {
    db.close();
    throw new AppError(
      version > known ? 'DB_NEWER' : 'BAD_INPUT',
      version > known
        ? `The store ${file} was written by a newer Kaizen Studio (schema ${version}; this one knows up to ${known}): update kaizen.`
        : `The store ${file} has schema ${version} and needs migrating to ${known} first: open it once with the app or run kaizen check --data-dir ${abs}.`,
      { file, version },
    );
  }
  return db;
}

/** Same value shape as readTableFile: booleans as booleans, timestamps as epoch ms, missing as null. */
function typed(type: ColumnType, values: readonly unknown[]): (number | string | boolean | null)[] {
  return values.map((x) => {
    if (x === null || x === undefined) return null;
    if (type === 'boolean') return Number(x) !== 0;
    if (type === 'integer' || type === 'real' || type === 'timestamp') return typeof x === 'number' ? x : Number(x);
    return String(x);
  });
}

function pickColumns(v: VersionRow, wanted: readonly string[] | undefined): VersionRow['columns'] {
  if (!wanted) return v.columns;
  const set = new Set(wanted);
  // Unknown names are left to the command, which names the columns that exist (as with a file).
  return v.columns.filter((c) => set.has(c.name));
}

async function readLinked(link: LinkRow, v: VersionRow, name: string, cols: VersionRow['columns']): Promise<TableData['columns']> {
  if (link.sourceKind !== 'duckdb') {
    throw new AppError(
      'UNSUPPORTED',
      `Dataset "${name}" is linked to ClickHouse (${link.location}); the analysis CLIs read every row into memory and do not pull a whole ClickHouse table. Export the columns you need to a file and use --input FILE, or import a sample of the table.`,
      { datasetId: link.datasetId },
    );
  }
  if (link.versionId !== v.id) throw new AppError('BAD_INPUT', `Version ${v.version} of "${name}" was linked to a source as it was then; only the latest version can be read (re-linked on ${link.linkedAt.slice(0, 10)}).`);
  if (link.rowCount > LINKED_ROW_LIMIT) {
    throw new AppError(
      'UNSUPPORTED',
      `Dataset "${name}" is linked to ${link.rowCount.toLocaleString('en-US')} rows (${link.location}); the analysis CLIs read at most ${LINKED_ROW_LIMIT.toLocaleString('en-US')} rows of a linked dataset into memory. Write the rows you need (a time range, a sample) to a file and use --input FILE, or use a KPI on the dataset (KPIs aggregate in the source).`,
      { datasetId: link.datasetId, rows: link.rowCount },
    );
  }
  const format = link.format as Exclude<LinkRow['format'], 'clickhouse'>;
  if (!fs.existsSync(link.location)) throw new AppError('NOT_FOUND', `The linked file ${link.location} of "${name}" is missing (moved, renamed or deleted?). Put it back, or re-link the dataset.`, { path: link.location });
  if (fileFingerprint(format, link.location).value !== link.fingerprint) throw changedSince(link, name);
  const all = boundColumnsOf(v.columns);
  const index = new Map(all.map((c, i) => [c.name, i]));
  const r = new DuckRunner();
  try {
    await r.query(viewSql({ format, location: link.location, columns: all }));
    if (cols.length === 0) return [];
    // A plain scan keeps the file's row order (DuckDB preserves insertion order), as reading the file does.
    const res = await r.query(`SELECT ${cols.map((c) => `c${index.get(c.name)!}`).join(', ')} FROM src`);
    return cols.map((c, j) => ({ name: c.name, type: c.type as ColumnType, values: typed(c.type as ColumnType, res.rows.map((row) => row[j])) }));
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('BAD_INPUT', `DuckDB could not read ${link.location} (dataset "${name}"): ${(e as Error).message.split('\n')[0]}`, { path: link.location });
  } finally {
    await r.close();
  }
}

/** A stored dataset as a table: `columns` limits what is read (all when omitted). */
export async function readDatasetTable(dataDir: string, datasetId: string, opts: { version?: number; columns?: readonly string[] } = {}): Promise<TableData> {
  const db = openStoreReadOnly(dataDir);
  try {
    const ctx = { db };
    const { ds, v } = requireVersion(ctx, datasetId, opts.version);
    const cols = pickColumns(v, opts.columns);
    const link = findLink(db, datasetId);
    const columns = link
      ? await readLinked(link, v, ds.name, cols)
      : (() => {
          const read = readColumns(ctx, datasetId, cols.map((c) => c.name), { version: v.version });
          return cols.map((c) => ({ name: c.name, type: c.type as ColumnType, values: typed(c.type as ColumnType, read[c.name]!) }));
        })();
    const rowCount = columns[0]?.values.length ?? (link ? link.rowCount : v.rowCount);
    return { fileName: `dataset "${ds.name}" v${v.version}`, rowCount, columns };
  } finally {
    db.close();
  }
}

/**
 * `--input FILE` or `--dataset ID --data-dir DIR [--version N]` (exactly one). `inputFlag` names the file flag in
 * messages; `columns` are the ones the command reads (all when omitted).
 */
export async function readTableInput(flags: TableFlags, opts: { inputFlag?: string; datasetFlag?: string; versionFlag?: string; columns?: readonly string[] } = {}): Promise<TableData> {
  const inputFlag = opts.inputFlag ?? '--input';
  const datasetFlag = opts.datasetFlag ?? '--dataset';
  const versionFlag = opts.versionFlag ?? '--version';
  if (flags.file !== undefined && flags.dataset !== undefined) throw new UsageError(`Give ${inputFlag} FILE or ${datasetFlag} ID --data-dir DIR, not both.`);
  if (flags.dataset !== undefined) {
    if (flags.dataset === '') throw new UsageError(`${datasetFlag} needs a dataset id.`);
    if (flags.dataDir === undefined || flags.dataDir === '') throw new UsageError(`${datasetFlag} reads a stored dataset: give --data-dir DIR (the folder holding ${DB_FILE}).`);
    return readDatasetTable(flags.dataDir, flags.dataset, { version: versionNumber(flags.version, versionFlag), columns: opts.columns });
  }
  if (flags.version !== undefined) throw new UsageError(`${versionFlag} picks a version of ${datasetFlag} ID; it does not apply to ${inputFlag}.`);
  if (flags.file === undefined || flags.file === '') throw new UsageError(`${inputFlag} is required (a FILE; or ${datasetFlag} ID --data-dir DIR for a stored dataset).`);
  return readTableFile(flags.file);
}
