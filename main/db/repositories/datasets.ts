import type { DatasetColumn, ImportWarning, Rule, Violation } from '../../../common/contract/schemas/datasets';
import { AppError } from '../../../common/contract/errors';
import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

export type DatasetRow = Readonly<{ id: string; eventId: string; name: string; rules: Rule[]; createdAt: string }>;

/** A stored column: its display name, type, role, unit and the physical column in the version table. */
export type StoredColumn = DatasetColumn &
  Readonly<{ sqlName: string; source: string; privacy: 'keep' | 'pseudonymise'; dateFormat?: 'iso' | 'epoch-s' | 'epoch-ms' | 'dmy' | 'mdy' | 'ymd' | null }>;

export type VersionRow = Readonly<{
  id: string;
  datasetId: string;
  version: number;
  tableName: string;
  baseVersionId: string | null;
  mode: 'full' | 'append';
  ownRows: number;
  rowCount: number;
  rejectedCount: number;
  sha256: string;
  fileName: string;
  fileSize: number;
  fileMtime: string | null;
  columns: StoredColumn[];
  options: Record<string, unknown>;
  rules: Rule[];
  profile: unknown;
  warnings: ImportWarning[];
  importedAt: string;
}>;

function toDataset(r: Row): DatasetRow {
  return { id: r.id as string, eventId: r.event_id as string, name: r.name as string, rules: parseJson<Rule[]>(r.rules, []), createdAt: r.created_at as string };
}

function toVersion(r: Row): VersionRow {
  return {
    id: r.id as string,
    datasetId: r.dataset_id as string,
    version: r.version as number,
    tableName: r.table_name as string,
    baseVersionId: (r.base_version_id as string | null) ?? null,
    mode: r.mode as 'full' | 'append',
    ownRows: r.own_rows as number,
    rowCount: r.row_count as number,
    rejectedCount: r.rejected_count as number,
    sha256: r.sha256 as string,
    fileName: r.file_name as string,
    fileSize: r.file_size as number,
    fileMtime: (r.file_mtime as string | null) ?? null,
    columns: parseJson<StoredColumn[]>(r.columns, []),
    options: parseJson<Record<string, unknown>>(r.options, {}),
    rules: parseJson<Rule[]>(r.rules, []),
    profile: parseJson<unknown>(r.profile, []),
    warnings: parseJson<ImportWarning[]>(r.warnings, []),
    importedAt: r.imported_at as string,
  };
}

export function insertDataset(db: Db, d: DatasetRow): void {
  db.prepare('INSERT INTO datasets (id, event_id, name, rules, created_at) VALUES (?,?,?,?,?)').run(d.id, d.eventId, d.name, JSON.stringify(d.rules), d.createdAt);
}

export function setDatasetRules(db: Db, id: string, rules: Rule[]): void {
  db.prepare('UPDATE datasets SET rules = ? WHERE id = ?').run(JSON.stringify(rules), id);
}

export function findDataset(db: Db, id: string): DatasetRow | null {
  const r = db.prepare('SELECT * FROM datasets WHERE id = ?').get(id) as Row | undefined;
  return r ? toDataset(r) : null;
}

export function findDatasetByName(db: Db, eventId: string, name: string): DatasetRow | null {
  const r = db.prepare('SELECT * FROM datasets WHERE event_id = ? AND name = ? ORDER BY created_at LIMIT 1').get(eventId, name) as Row | undefined;
  return r ? toDataset(r) : null;
}

export function listDatasets(db: Db, eventId: string): DatasetRow[] {
  return (db.prepare('SELECT * FROM datasets WHERE event_id = ? ORDER BY created_at, rowid').all(eventId) as Row[]).map(toDataset);
}

/** The ids of an event's datasets (their tables are dropped by the caller, which checks each name). */
export function datasetIdsOfEvent(db: Db, eventId: string): string[] {
  return db.prepare('SELECT id FROM datasets WHERE event_id = ?').pluck().all(eventId) as string[];
}

export function deleteDataset(db: Db, id: string): void {
  db.prepare('DELETE FROM datasets WHERE id = ?').run(id);
}

export function insertVersion(db: Db, v: Omit<VersionRow, 'profile'> & { profile: unknown }): void {
  db.prepare(
    `INSERT INTO dataset_versions (id, dataset_id, version, table_name, base_version_id, mode, own_rows, row_count, rejected_count,
      sha256, file_name, file_size, file_mtime, columns, options, rules, profile, warnings, imported_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    v.id, v.datasetId, v.version, v.tableName, v.baseVersionId, v.mode, v.ownRows, v.rowCount, v.rejectedCount,
    v.sha256, v.fileName, v.fileSize, v.fileMtime, JSON.stringify(v.columns), JSON.stringify(v.options), JSON.stringify(v.rules),
    JSON.stringify(v.profile), JSON.stringify(v.warnings), v.importedAt,
  );
}

export function latestVersion(db: Db, datasetId: string): VersionRow | null {
  const r = db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version DESC LIMIT 1').get(datasetId) as Row | undefined;
  return r ? toVersion(r) : null;
}

export function findVersion(db: Db, datasetId: string, version: number): VersionRow | null {
  const r = db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? AND version = ?').get(datasetId, version) as Row | undefined;
  return r ? toVersion(r) : null;
}

export function findVersionById(db: Db, id: string): VersionRow | null {
  const r = db.prepare('SELECT * FROM dataset_versions WHERE id = ?').get(id) as Row | undefined;
  return r ? toVersion(r) : null;
}

export function findVersionBySha(db: Db, datasetId: string, sha256: string): VersionRow | null {
  const r = db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? AND sha256 = ? ORDER BY version DESC LIMIT 1').get(datasetId, sha256) as Row | undefined;
  return r ? toVersion(r) : null;
}

export function listVersions(db: Db, datasetId: string): VersionRow[] {
  return (db.prepare('SELECT * FROM dataset_versions WHERE dataset_id = ? ORDER BY version').all(datasetId) as Row[]).map(toVersion);
}

/** The tables holding a version's rows, oldest first: an append version stores only its new rows. */
export function versionTables(db: Db, v: VersionRow): string[] {
  if (v.tableName === '') {
    // A linked dataset (migration 0200): its rows stay in the file or engine; code that reads tables can't use it.
    throw new AppError('UNSUPPORTED', `This dataset is linked (its rows stay in ${v.fileName}); this view reads imported datasets only. KPIs and their control charts read linked datasets; import the file to use this view.`);
  }
  const tables: string[] = [v.tableName];
  let base = v.baseVersionId;
  while (base) {
    const b = findVersionById(db, base);
    if (!b) break;
    tables.unshift(b.tableName);
    base = b.baseVersionId;
  }
  return tables;
}

/** Every table any version of the dataset owns (for deletion). */
export function datasetTables(db: Db, datasetId: string): string[] {
  return db.prepare("SELECT table_name FROM dataset_versions WHERE dataset_id = ? AND table_name != ''").pluck().all(datasetId) as string[];
}

export function insertViolations(db: Db, versionId: string, rows: readonly Violation[]): void {
  const stmt = db.prepare('INSERT INTO dataset_quarantine (version_id, line, column_name, value, reason, rule) VALUES (?,?,?,?,?,?)');
  for (const v of rows) stmt.run(versionId, v.line, v.column, v.value, v.reason, v.rule);
}

export function quarantineSummary(db: Db, versionId: string, limit: number): { total: number; byReason: { reason: string; count: number }[]; rows: Violation[] } {
  const total = db.prepare('SELECT COUNT(*) FROM dataset_quarantine WHERE version_id = ?').pluck().get(versionId) as number;
  const byReason = db
    .prepare('SELECT rule AS reason, COUNT(*) AS count FROM dataset_quarantine WHERE version_id = ? GROUP BY rule ORDER BY count DESC')
    .all(versionId) as { reason: string; count: number }[];
  const rows = (db.prepare('SELECT * FROM dataset_quarantine WHERE version_id = ? ORDER BY rowid LIMIT ?').all(versionId, limit) as Row[]).map((r) => ({
    line: r.line as number,
    column: r.column_name as string,
    value: (r.value as string | null) ?? null,
    reason: r.reason as string,
    rule: r.rule as string,
  }));
  return { total, byReason, rows };
}

export function upsertUse(db: Db, versionId: string, usedBy: string, label: string, at: string): void {
  db.prepare(
    'INSERT INTO dataset_uses (version_id, used_by, label, at) VALUES (?,?,?,?) ON CONFLICT (version_id, used_by) DO UPDATE SET label = excluded.label, at = excluded.at',
  ).run(versionId, usedBy, label, at);
}

export function listUses(db: Db, versionId: string): { usedBy: string; label: string; at: string }[] {
  return (db.prepare('SELECT used_by, label, at FROM dataset_uses WHERE version_id = ? ORDER BY at').all(versionId) as Row[]).map((r) => ({
    usedBy: r.used_by as string,
    label: r.label as string,
    at: r.at as string,
  }));
}

/** The event's pseudonymisation salt, created on first use (random, never shown). */
export function eventSalt(db: Db, eventId: string, fresh: () => string): string {
  const s = db.prepare('SELECT salt FROM event_salts WHERE event_id = ?').pluck().get(eventId) as string | undefined;
  if (s) return s;
  const salt = fresh();
  db.prepare('INSERT INTO event_salts (event_id, salt) VALUES (?,?)').run(eventId, salt);
  return salt;
}
