import type { Lesson, LessonKind, SearchKind } from '../../../common/contract/schemas/knowledge';
import type { Db } from '../connection';

type Row = Record<string, unknown>;

const toLesson = (r: Row): Lesson => ({
  id: r.id as string,
  eventId: r.event_id as string,
  kind: r.kind as LessonKind,
  text: r.text as string,
  position: r.position as number,
  createdAt: r.created_at as string,
  updatedAt: r.updated_at as string,
});

export function listLessons(db: Db, eventId: string): Lesson[] {
  return (db.prepare('SELECT * FROM lessons WHERE event_id = ? ORDER BY kind, position, created_at').all(eventId) as Row[]).map(toLesson);
}

export function findLesson(db: Db, id: string): Lesson | undefined {
  const r = db.prepare('SELECT * FROM lessons WHERE id = ?').get(id) as Row | undefined;
  return r ? toLesson(r) : undefined;
}

export function nextLessonPosition(db: Db, eventId: string, kind: LessonKind): number {
  return db.prepare('SELECT COALESCE(MAX(position) + 1, 0) FROM lessons WHERE event_id = ? AND kind = ?').pluck().get(eventId, kind) as number;
}

export function insertLesson(db: Db, l: Omit<Lesson, 'updatedAt'> & { updatedAt?: string }): void {
  db.prepare('INSERT INTO lessons (id, event_id, kind, text, position, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    l.id, l.eventId, l.kind, l.text, l.position, l.createdAt, l.updatedAt ?? l.createdAt,
  );
}

export function updateLesson(db: Db, id: string, at: string, patch: { kind?: LessonKind; text?: string }): void {
  db.prepare('UPDATE lessons SET kind = COALESCE(?, kind), text = COALESCE(?, text), updated_at = ? WHERE id = ?').run(patch.kind ?? null, patch.text ?? null, at, id);
}

export function deleteLesson(db: Db, id: string): void {
  db.prepare('DELETE FROM lessons WHERE id = ?').run(id);
}

export type SearchRow = Readonly<{
  kind: SearchKind;
  itemId: string;
  eventId: string;
  eventName: string;
  archivedAt: string | null;
  title: string;
  snippet: string;
  score: number;
}>;

/** Marks around a match in `snippet()`: control characters that never occur in typed text. */
export const HIT_OPEN = '\u0002';
export const HIT_CLOSE = '\u0003';

/**
 * FTS5 search ranked by bm25 (title weighted 2, body 1; lower is better), over events that are not deleted.
 * `match` must already be a safe FTS5 expression (see knowledge/ftsQuery.ts).
 */
export function searchDocs(
  db: Db,
  match: string,
  opts: { limit: number; kinds?: readonly SearchKind[]; excludeEventId?: string; tokens?: number },
): { total: number; rows: SearchRow[] } {
  const where = ['search_fts MATCH @match', 'e.deleted_at IS NULL'];
  const params: Record<string, unknown> = { match, limit: opts.limit, tokens: opts.tokens ?? 14 };
  if (opts.kinds && opts.kinds.length > 0) {
    where.push(`d.kind IN (${opts.kinds.map((_, i) => `@k${i}`).join(', ')})`);
    opts.kinds.forEach((k, i) => (params[`k${i}`] = k));
  }
  if (opts.excludeEventId) {
    where.push('d.event_id <> @exclude');
    params.exclude = opts.excludeEventId;
  }
  const from = `FROM search_fts JOIN search_docs d ON d.rowid = search_fts.rowid JOIN events e ON e.id = d.event_id WHERE ${where.join(' AND ')}`;
  const rows = db
    .prepare(
      `SELECT d.kind, d.item_id AS itemId, d.event_id AS eventId, e.name AS eventName, e.archived_at AS archivedAt, d.title,
         snippet(search_fts, -1, char(2), char(3), '…', @tokens) AS snippet, bm25(search_fts, 2.0, 1.0) AS score
       ${from} ORDER BY score LIMIT @limit`,
    )
    .all(params) as SearchRow[];
  const total = rows.length < opts.limit ? rows.length : (db.prepare(`SELECT count(*) ${from}`).pluck().get(params) as number);
  return { total, rows };
}
