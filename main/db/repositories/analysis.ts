import type { AnalysisKind, AnalysisResult } from '../../../common/contract/schemas/analysis';
import type { Db } from '../connection';
import { bool, parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

function toResult(r: Row): AnalysisResult {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    kind: r.kind as AnalysisKind,
    title: r.title as string,
    params: parseJson<Record<string, unknown>>(r.params, {}),
    datasetVersionIds: parseJson<string[]>(r.dataset_version_ids, []),
    result: parseJson<unknown>(r.result, null),
    createdAt: r.created_at as string,
    pinned: bool(r.pinned),
  };
}

export type NewResult = Readonly<{
  id: string;
  eventId: string;
  kind: AnalysisKind;
  title: string;
  params: unknown;
  datasetVersionIds: readonly string[];
  result: unknown;
  createdAt: string;
  pinned?: boolean;
}>;

export function insertResult(db: Db, r: NewResult): void {
  db.prepare(
    `INSERT INTO analysis_results (id, event_id, kind, title, params, dataset_version_ids, result, created_at, pinned)
     VALUES (@id, @eventId, @kind, @title, @params, @versions, @result, @createdAt, @pinned)`,
  ).run({
    id: r.id,
    eventId: r.eventId,
    kind: r.kind,
    title: r.title,
    params: JSON.stringify(r.params ?? {}),
    versions: JSON.stringify(r.datasetVersionIds),
    result: JSON.stringify(r.result),
    createdAt: r.createdAt,
    pinned: r.pinned ? 1 : 0,
  });
}

export function findResult(db: Db, id: string): AnalysisResult | undefined {
  const r = db.prepare('SELECT * FROM analysis_results WHERE id = ?').get(id) as Row | undefined;
  return r ? toResult(r) : undefined;
}

export function listResults(db: Db, eventId: string, pinnedOnly: boolean): AnalysisResult[] {
  const sql = `SELECT * FROM analysis_results WHERE event_id = ?${pinnedOnly ? ' AND pinned = 1' : ''} ORDER BY created_at DESC, rowid DESC`;
  return (db.prepare(sql).all(eventId) as Row[]).map(toResult);
}

export function setPinned(db: Db, id: string, pinned: boolean): void {
  db.prepare('UPDATE analysis_results SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, id);
}

export function deleteResult(db: Db, id: string): void {
  db.prepare('DELETE FROM analysis_results WHERE id = ?').run(id);
}
