import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DERIVED_TABLES, STORE_TABLES, schemaMap } from '../../main/services/archive/eventRows';
import { exportArchive } from '../../main/services/archive/exportArchive';
import { importArchive } from '../../main/services/archive/importArchive';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

describe('the archive covers every table of an event', () => {
  const open: TestServices[] = [];
  afterEach(() => {
    for (const s of open.splice(0)) s.close();
  });
  const store = async () => {
    const s = await tempServices();
    open.push(s);
    return s;
  };

  it('every table of the current schema is an event table, a derived index, or a store-wide table with its reason', async () => {
    const s = await store();
    const map = schemaMap(s.db);
    // A migration that adds a table with no foreign key to an event table and no event_id column fails here:
    // give it one, list it in LOGICAL_LINKS / DERIVED_TABLES, or in STORE_TABLES with the reason.
    expect(map.uncovered).toEqual([]);
    const all = (s.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").pluck().all() as string[]).sort();
    const classified = new Set([...map.owned.map((t) => t.name), ...map.derived, ...Object.keys(STORE_TABLES)]);
    expect(all.filter((t) => !classified.has(t))).toEqual([]);
    for (const t of Object.keys(DERIVED_TABLES)) expect(map.owned.map((o) => o.name)).not.toContain(t);
    // The event tables the issue names are all there.
    for (const t of ['events', 'datasets', 'dataset_versions', 'dataset_quarantine', 'analysis_results', 'runbooks', 'runbook_versions', 'review_results', 'decisions', 'signoff_signatures', 'rollback_rehearsals', 'kpi_entries', 'whys_nodes', 'fishbone_causes']) {
      expect(map.owned.map((o) => o.name)).toContain(t);
    }
  });

  it('fails for a table that belongs to no event, and covers one that reaches an event through any key', async () => {
    const s = await store();
    s.db.exec('CREATE TABLE zz_orphans (id TEXT PRIMARY KEY, text TEXT) STRICT');
    s.db.exec('CREATE TABLE zz_idea_notes (id TEXT PRIMARY KEY, idea_id TEXT NOT NULL REFERENCES ideas(id), text TEXT NOT NULL) STRICT');
    const map = schemaMap(s.db);
    expect(map.uncovered).toEqual(['zz_orphans']);
    expect(map.owned.map((t) => t.name)).toContain('zz_idea_notes');
  });

  it('a table a later migration adds is archived and imported without any change to the archive code', async () => {
    const a = await store();
    const b = await store();
    for (const s of [a, b]) s.db.exec('CREATE TABLE zz_idea_notes (id TEXT PRIMARY KEY, idea_id TEXT NOT NULL REFERENCES ideas(id), text TEXT NOT NULL) STRICT');
    const e = await a.call('event-create', { name: 'Notes event' });
    const idea = await a.call('idea-add', { eventId: e.id, idea: { text: 'Cache the feature reads' } });
    a.db.prepare('INSERT INTO zz_idea_notes VALUES (?, ?, ?)').run('6f1c1e1e-0000-4000-8000-000000000001', idea.id, 'A note in a table the archive code has never heard of');
    const file = path.join(tempDir('kaizen-coverage-'), 'notes.kaizen');
    await exportArchive(a.ctx, { eventId: e.id, target: file });
    await importArchive(b.ctx, { file, label: 'notes.kaizen' });
    expect(b.db.prepare('SELECT text FROM zz_idea_notes WHERE idea_id = ?').pluck().get(idea.id)).toBe('A note in a table the archive code has never heard of');
  });
});
