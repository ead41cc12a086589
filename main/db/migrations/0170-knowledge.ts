import type { Migration } from '../migrate';

/**
 * Archived events, lessons learned and the knowledge base across events (issue 18).
 *
 * - `events.archived_at`: an archived event is read-only (enforced in dispatch, main/services/knowledge/guard.ts).
 * - `lessons`: a short list per event — what worked, what did not, what to do next time.
 * - `search_docs` + `search_fts`: one searchable document per charter, 5 Whys problem and node, fishbone cause,
 *   idea, action (with its expected effect and verification), decision (with rationale), lesson and review result.
 *   `search_fts` is an FTS5 index over `search_docs` (external content), kept current by triggers.
 *
 * Why triggers and not the write paths: every path that writes these tables — the handlers, undo, the demo, an
 * imported archive, a cascade from a deleted event — then keeps the index current without knowing it exists, and a
 * write that rolls back rolls its index change back with it. The definitions below are frozen with this migration
 * (a later change to what is indexed is a new migration that drops and recreates the triggers and rebuilds).
 */

type Source = Readonly<{
  table: string;
  kind: string;
  /** Expressions over the row alias `r` (NEW in triggers, the table in the rebuild). */
  itemId: string;
  eventId: string;
  title: string;
  body: string;
  /** Columns whose update re-indexes the row (all when absent). */
  columns?: readonly string[];
}>;

const texts = (json: string, where: string) => `COALESCE((SELECT group_concat(j.value, ' ') FROM json_tree(${json}) j WHERE j.type = 'text' AND ${where}), '')`;

const SOURCES: readonly Source[] = [
  {
    table: 'events',
    kind: 'charter',
    itemId: 'r.id',
    eventId: 'r.id',
    title: 'r.name',
    body: `r.problem_statement || ' ' || r.scope_in || ' ' || r.scope_out || ' ' || r.objectives || ' ' || r.target_area_other`,
    columns: ['name', 'problem_statement', 'scope_in', 'scope_out', 'objectives', 'target_area_other'],
  },
  { table: 'whys_chains', kind: 'whys-problem', itemId: 'r.id', eventId: 'r.event_id', title: `'5 Whys problem'`, body: 'r.problem' },
  {
    table: 'whys_nodes',
    kind: 'why',
    itemId: 'r.id',
    eventId: '(SELECT c.event_id FROM whys_chains c WHERE c.id = r.chain_id)',
    title: `CASE WHEN r.is_root_cause THEN 'Root cause' ELSE 'Why' END`,
    body: 'r.text',
  },
  {
    table: 'fishbone_causes',
    kind: 'cause',
    itemId: 'r.id',
    eventId: '(SELECT c.event_id FROM fishbone_categories c WHERE c.id = r.category_id)',
    title: `COALESCE((SELECT c.name FROM fishbone_categories c WHERE c.id = r.category_id), 'Cause')`,
    body: 'r.text',
  },
  { table: 'ideas', kind: 'idea', itemId: 'r.id', eventId: 'r.event_id', title: `'Idea'`, body: 'r.text', columns: ['text'] },
  {
    table: 'actions',
    kind: 'action',
    itemId: 'r.id',
    eventId: 'r.event_id',
    title: 'r.title',
    body: `r.description || ' ' || ${texts('COALESCE(r.expected_effect, \'{}\')', "j.key IN ('kpi', 'unit')")} || ' ' ||
      ${texts('COALESCE(r.verification, \'{}\')', "j.key IN ('reason', 'message', 'actual', 'expected')")}`,
    columns: ['title', 'description', 'expected_effect', 'verification'],
  },
  { table: 'decisions', kind: 'decision', itemId: 'r.id', eventId: 'r.event_id', title: 'r.decision', body: `r.rationale || ' ' || r.alternatives` },
  { table: 'lessons', kind: 'lesson', itemId: 'r.id', eventId: 'r.event_id', title: 'r.kind', body: 'r.text', columns: ['kind', 'text'] },
  {
    table: 'review_results',
    kind: 'review',
    itemId: 'r.id',
    eventId: 'r.event_id',
    title: `COALESCE((SELECT s.title FROM review_schedule s WHERE s.id = r.review_id), 'Review')`,
    body: `r.notes || ' ' || ${texts('r.next_steps', '1')} || ' ' || ${texts('r.verdicts', "(j.key IN ('name', 'verdict') OR j.path LIKE '%.evidence')")}`,
  },
];

const upsert = (s: Source, alias: string, from: string) => {
  const e = (x: string) => x.replace(/\br\./g, `${alias}.`);
  return `INSERT INTO search_docs (kind, item_id, event_id, title, body)
    SELECT '${s.kind}', ${e(s.itemId)}, ${e(s.eventId)}, ${e(s.title)}, ${e(s.body)} ${from}
    WHERE ${e(s.eventId)} IS NOT NULL
    ON CONFLICT (kind, item_id) DO UPDATE SET event_id = excluded.event_id, title = excluded.title, body = excluded.body`;
};

export const migration0170: Migration = {
  version: 170,
  name: '0170-knowledge',
  up(db) {
    db.exec(`
      ALTER TABLE events ADD COLUMN archived_at TEXT;

      CREATE TABLE lessons (
        id TEXT PRIMARY KEY,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('worked', 'did-not-work', 'next-time')),
        text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
        position INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      ) STRICT;
      CREATE INDEX lessons_event ON lessons(event_id, kind, position);

      CREATE TABLE search_docs (
        rowid INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        item_id TEXT NOT NULL,
        event_id TEXT NOT NULL REFERENCES events(id) ON DELETE CASCADE,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        UNIQUE (kind, item_id)
      ) STRICT;
      CREATE INDEX search_docs_event ON search_docs(event_id);

      CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content = 'search_docs', content_rowid = 'rowid', tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
      );
      CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
        INSERT INTO search_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END;
      CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
      END;
      CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
        INSERT INTO search_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
      END;
    `);
    for (const s of SOURCES) {
      const of = s.columns ? ` OF ${s.columns.join(', ')}` : '';
      db.exec(`
        CREATE TRIGGER ${s.table}_search_ai AFTER INSERT ON ${s.table} BEGIN ${upsert(s, 'new', '')}; END;
        CREATE TRIGGER ${s.table}_search_au AFTER UPDATE${of} ON ${s.table} BEGIN ${upsert(s, 'new', '')}; END;
        CREATE TRIGGER ${s.table}_search_ad AFTER DELETE ON ${s.table} BEGIN
          DELETE FROM search_docs WHERE kind = '${s.kind}' AND item_id = ${s.itemId.replace(/\br\./g, 'old.')};
        END;
      `);
      // Rebuild from the tables: everything already in the store is searchable at once.
      db.exec(upsert(s, s.table, `FROM ${s.table}`));
    }
  },
};
