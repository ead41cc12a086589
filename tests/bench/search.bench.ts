// Search across events (issue 18): the demo event copied 200 times (its charter, 5 Whys, fishbone, ideas, actions,
// decisions and lessons, each copy written through the tables so the triggers index it), then `knowledge-search`
// through dispatch against the bare FTS5 query it wraps. Prints figures; asserts nothing.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import type { Db } from '../../main/db/connection';
import { report } from './benchUtil';

const COPIES = 200;
const QUERIES = ['batch', 'feature store', 'latency budget', 'cache', 'retrain', 'p95 lookups', 'shadow traffic', 'cpu limit'];

type Col = { name: string };

/** Copies every row of `table` that belongs to the event (by `where`), suffixing ids and remapping `remap` columns. */
function copyRows(db: Db, table: string, where: string, suffix: string, eventId: string, remap: readonly string[], nulls: readonly string[] = []): void {
  const cols = (db.prepare(`PRAGMA table_info("${table}")`).all() as Col[]).map((c) => c.name).filter((c) => c !== 'seq');
  const exprs = cols.map((c) => {
    if (c === 'event_id') return `'${eventId}'`;
    if (c === 'id' || remap.includes(c)) return `${c} || '${suffix}'`;
    if (nulls.includes(c)) return 'NULL';
    return c;
  });
  db.prepare(`INSERT INTO "${table}" (${cols.join(', ')}) SELECT ${exprs.join(', ')} FROM "${table}" WHERE ${where}`).run();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-search-'));
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  const d = s.dispatch;
  const demo = await invoke(d, 'demo-create', {});
  await invoke(d, 'lesson-add', { eventId: demo.id, kind: 'worked', text: 'Shadow traffic caught the regression before users did' });
  const db = s.db;
  const src = demo.id;
  let t0 = performance.now();
  db.transaction(() => {
    for (let i = 1; i <= COPIES; i++) {
      const suffix = `-c${i}`;
      const ev = `${src}${suffix}`;
      db.prepare(
        `INSERT INTO events (id, name, problem_statement, scope_in, scope_out, objectives, target_area, target_area_other, start_date, end_date, location, sponsor, facilitator, is_demo, created_at, updated_at, archived_at)
         SELECT id || ?, name || ' (copy ' || ? || ')', problem_statement, scope_in, scope_out, objectives, target_area, target_area_other, start_date, end_date, location, sponsor, facilitator, 0, created_at, updated_at, CASE WHEN ? % 2 = 0 THEN created_at END FROM events WHERE id = ?`,
      ).run(suffix, i, i, src);
      copyRows(db, 'ideas', `event_id = '${src}'`, suffix, ev, ['group_id'], ['group_id']);
      copyRows(db, 'actions', `event_id = '${src}'`, suffix, ev, [], ['owner_id']);
      copyRows(db, 'decisions', `event_id = '${src}'`, suffix, ev, [], ['corrects_id']);
      copyRows(db, 'lessons', `event_id = '${src}'`, suffix, ev, []);
      copyRows(db, 'whys_chains', `event_id = '${src}'`, suffix, ev, []);
      copyRows(db, 'whys_nodes', `chain_id IN (SELECT id FROM whys_chains WHERE event_id = '${src}')`, suffix, ev, ['chain_id', 'parent_id']);
      copyRows(db, 'fishbone_categories', `event_id = '${src}'`, suffix, ev, []);
      copyRows(db, 'fishbone_causes', `category_id IN (SELECT id FROM fishbone_categories WHERE event_id = '${src}')`, suffix, ev, ['category_id', 'parent_id']);
    }
  })();
  const copyMs = performance.now() - t0;
  const docs = db.prepare('SELECT count(*) FROM search_docs').pluck().get() as number;
  const events = db.prepare('SELECT count(*) FROM events').pluck().get() as number;
  report(`search store: ${events} events, ${docs} indexed items (copies written through the index triggers)`, copyMs, 'ms');

  const bare = db.prepare('SELECT rowid, snippet(search_fts, -1, char(2), char(3), \'…\', 14) AS s, bm25(search_fts, 2.0, 1.0) AS r FROM search_fts WHERE search_fts MATCH ? ORDER BY r LIMIT 30');
  const ours: number[] = [];
  const raw: number[] = [];
  let hits = 0;
  // Interleaved rounds: the service (validation, safe query, join to events, count, snippets split) vs the bare query.
  for (let round = 0; round < 7; round++) {
    for (const q of QUERIES) {
      const match = q.split(' ').map((w) => `"${w}"*`).join(' ');
      t0 = performance.now();
      bare.all(match);
      raw.push(performance.now() - t0);
      t0 = performance.now();
      const r = await invoke(d, 'knowledge-search', { query: q, limit: 30 });
      ours.push(performance.now() - t0);
      hits += r.total;
    }
  }
  const oursMs = median(ours);
  const rawMs = median(raw);
  console.log(`  ${hits / 7} matches per round of ${QUERIES.length} queries`);
  report('knowledge-search through dispatch (30 best, snippets, total), median', oursMs, 'ms', '< 50 ms');
  report('bare FTS5 MATCH + bm25 + snippet, LIMIT 30, median', rawMs, 'ms');
  report('knowledge-search / bare FTS5', oursMs / rawMs, '×');

  const other = await invoke(d, 'event-create', { name: 'Checkout latency' });
  const sim: number[] = [];
  for (let i = 0; i < 7; i++) {
    t0 = performance.now();
    await invoke(d, 'knowledge-similar', { eventId: other.id, text: 'Batch the feature reads per request to cut p95 latency', limit: 5 });
    sim.push(performance.now() - t0);
  }
  report('knowledge-similar (top 5 with evidence), median', median(sim), 'ms', '< 200 ms');

  t0 = performance.now();
  db.prepare("INSERT INTO search_fts (search_fts) VALUES ('rebuild')").run();
  report(`rebuild the FTS index from search_docs (${docs} items)`, performance.now() - t0, 'ms');
  const idea = db.prepare('SELECT id FROM ideas LIMIT 1').pluck().get() as string;
  const upd: number[] = [];
  for (let i = 0; i < 20; i++) {
    t0 = performance.now();
    await invoke(d, 'idea-update', { id: idea, patch: { text: `Pre-warm the cache, take ${i}` } });
    upd.push(performance.now() - t0);
  }
  report('idea-update with the index trigger, median', median(upd), 'ms');
  s.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
