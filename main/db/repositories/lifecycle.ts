import type { DvcOutput, LifecycleKind, LifecycleStored } from '../../../common/contract/schemas/lifecycle';
import type { Db } from '../connection';
import { bool, parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

function toResult(r: Row): LifecycleStored {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    kind: r.kind as LifecycleKind,
    title: r.title as string,
    params: parseJson<Record<string, unknown>>(r.params, {}),
    datasetVersionIds: parseJson<string[]>(r.dataset_version_ids, []),
    result: parseJson<unknown>(r.result, null),
    createdAt: r.created_at as string,
    pinned: bool(r.pinned),
  };
}

export function insertResult(db: Db, r: Omit<LifecycleStored, 'pinned'>): void {
  db.prepare(
    `INSERT INTO lifecycle_results (id, event_id, kind, title, params, dataset_version_ids, result, created_at)
     VALUES (@id, @eventId, @kind, @title, @params, @versions, @result, @createdAt)`,
  ).run({ id: r.id, eventId: r.eventId, kind: r.kind, title: r.title, params: JSON.stringify(r.params), versions: JSON.stringify(r.datasetVersionIds), result: JSON.stringify(r.result), createdAt: r.createdAt });
}

export function findResult(db: Db, id: string): LifecycleStored | undefined {
  const r = db.prepare('SELECT * FROM lifecycle_results WHERE id = ?').get(id) as Row | undefined;
  return r ? toResult(r) : undefined;
}

export function listResults(db: Db, eventId: string, pinnedOnly: boolean): LifecycleStored[] {
  const sql = `SELECT * FROM lifecycle_results WHERE event_id = ?${pinnedOnly ? ' AND pinned = 1' : ''} ORDER BY created_at DESC, rowid DESC`;
  return (db.prepare(sql).all(eventId) as Row[]).map(toResult);
}

export function setPinned(db: Db, id: string, pinned: boolean): void {
  db.prepare('UPDATE lifecycle_results SET pinned = ? WHERE id = ?').run(pinned ? 1 : 0, id);
}

export function deleteResult(db: Db, id: string): void {
  db.prepare('DELETE FROM lifecycle_results WHERE id = ?').run(id);
}

export type NewDvcOutput = Readonly<{ id: string; eventId: string; sourceFile: string; stage: string | null; path: string; md5: string; size: number | null; sha256: string | null; registeredAt: string }>;

/** Registers an output; the same path and md5 registered again keeps the first row (and fills a missing sha256). */
export function upsertDvcOutput(db: Db, o: NewDvcOutput): void {
  db.prepare(
    `INSERT INTO dvc_outputs (id, event_id, source_file, stage, path, md5, size, sha256, registered_at)
     VALUES (@id, @eventId, @sourceFile, @stage, @path, @md5, @size, @sha256, @registeredAt)
     ON CONFLICT (event_id, path, md5) DO UPDATE SET sha256 = COALESCE(dvc_outputs.sha256, excluded.sha256)`,
  ).run(o);
}

/**
 * The event's DVC outputs, each with the dataset versions of the same event whose imported file has the same
 * content (SHA-256 of the bytes), found at read time so a file imported after registering is linked too.
 */
export function listDvcOutputs(db: Db, eventId: string): DvcOutput[] {
  const rows = db.prepare('SELECT * FROM dvc_outputs WHERE event_id = ? ORDER BY source_file, stage, path').all(eventId) as Row[];
  const linked = db.prepare(
    `SELECT v.id AS versionId, d.id AS datasetId, d.name AS datasetName, v.version AS version, v.file_name AS fileName
     FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.event_id = ? AND v.sha256 = ? ORDER BY d.name, v.version`,
  );
  return rows.map((r) => ({
    id: r.id as string,
    sourceFile: r.source_file as string,
    stage: (r.stage as string | null) ?? null,
    path: r.path as string,
    md5: r.md5 as string,
    size: (r.size as number | null) ?? null,
    sha256: (r.sha256 as string | null) ?? null,
    registeredAt: r.registered_at as string,
    linked: r.sha256 ? (linked.all(eventId, r.sha256) as DvcOutput['linked'][number][]) : [],
  }));
}
