import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

/** A linked dataset's link (migration 0200): where its rows are and their fingerprint at linking. */
export type LinkRow = Readonly<{
  datasetId: string;
  versionId: string;
  sourceKind: 'duckdb' | 'clickhouse';
  format: 'parquet' | 'parquet-folder' | 'csv' | 'tsv' | 'jsonl' | 'clickhouse';
  location: string;
  convertedFrom: string | null;
  fingerprint: string;
  fingerprintParts: Record<string, string | number>;
  rowCount: number;
  linkedAt: string;
  checkedAt: string | null;
}>;

type Row = Record<string, unknown>;

const toLink = (r: Row): LinkRow => ({
  datasetId: r.dataset_id as string,
  versionId: r.version_id as string,
  sourceKind: r.source_kind as LinkRow['sourceKind'],
  format: r.format as LinkRow['format'],
  location: r.location as string,
  convertedFrom: (r.converted_from as string | null) ?? null,
  fingerprint: r.fingerprint as string,
  fingerprintParts: parseJson(r.fingerprint_parts as string, {}),
  rowCount: r.row_count as number,
  linkedAt: r.linked_at as string,
  checkedAt: (r.checked_at as string | null) ?? null,
});

export function findLink(db: Db, datasetId: string): LinkRow | null {
  const r = db.prepare('SELECT * FROM dataset_links WHERE dataset_id = ?').get(datasetId) as Row | undefined;
  return r ? toLink(r) : null;
}

export function linksOfEvent(db: Db, eventId: string): LinkRow[] {
  return (db.prepare('SELECT l.* FROM dataset_links l JOIN datasets d ON d.id = l.dataset_id WHERE d.event_id = ?').all(eventId) as Row[]).map(toLink);
}

export function insertLink(db: Db, l: LinkRow): void {
  db.prepare(
    `INSERT INTO dataset_links (dataset_id, version_id, source_kind, format, location, converted_from, fingerprint, fingerprint_parts, row_count, linked_at, checked_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(l.datasetId, l.versionId, l.sourceKind, l.format, l.location, l.convertedFrom, l.fingerprint, JSON.stringify(l.fingerprintParts), l.rowCount, l.linkedAt, l.checkedAt);
}

/** Re-link: the new location/fingerprint/version of an existing link. */
export function updateLink(db: Db, l: LinkRow): void {
  db.prepare(
    `UPDATE dataset_links SET version_id = ?, format = ?, location = ?, converted_from = ?, fingerprint = ?, fingerprint_parts = ?, row_count = ?, linked_at = ?, checked_at = ?
     WHERE dataset_id = ?`,
  ).run(l.versionId, l.format, l.location, l.convertedFrom, l.fingerprint, JSON.stringify(l.fingerprintParts), l.rowCount, l.linkedAt, l.checkedAt, l.datasetId);
}

export function touchLinkChecked(db: Db, datasetId: string, at: string): void {
  db.prepare('UPDATE dataset_links SET checked_at = ? WHERE dataset_id = ?').run(at, datasetId);
}

/** A result computed from a source, with what it came from. */
export type LinkedResultRow = Readonly<{
  datasetId: string;
  key: string;
  fingerprint: string;
  query: string;
  quantileMethod: 'type7' | 'exact-other' | 'approx';
  exact: boolean;
  result: unknown;
  computedAt: string;
}>;

export function saveLinkedResult(db: Db, r: LinkedResultRow): void {
  db.prepare(
    `INSERT INTO linked_results (dataset_id, result_key, fingerprint, query, quantile_method, exact, result, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (dataset_id, result_key) DO UPDATE SET fingerprint = excluded.fingerprint, query = excluded.query, quantile_method = excluded.quantile_method,
       exact = excluded.exact, result = excluded.result, computed_at = excluded.computed_at`,
  ).run(r.datasetId, r.key, r.fingerprint, r.query, r.quantileMethod, r.exact ? 1 : 0, JSON.stringify(r.result), r.computedAt);
}

export function findLinkedResult(db: Db, datasetId: string, key: string): LinkedResultRow | null {
  const r = db.prepare('SELECT * FROM linked_results WHERE dataset_id = ? AND result_key = ?').get(datasetId, key) as Row | undefined;
  if (!r) return null;
  return {
    datasetId: r.dataset_id as string,
    key: r.result_key as string,
    fingerprint: r.fingerprint as string,
    query: r.query as string,
    quantileMethod: r.quantile_method as LinkedResultRow['quantileMethod'],
    exact: r.exact === 1,
    result: parseJson(r.result as string, null),
    computedAt: r.computed_at as string,
  };
}
