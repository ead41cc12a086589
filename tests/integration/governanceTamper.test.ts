import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAINED_TABLES } from '../../main/db/chainedTables';
import { runKaizen } from '../helpers/cli';
import { tempDir, tempServices } from '../helpers/tempServices';

/**
 * "The chain covers content": for every table the change log records rows of, rewrite one recorded row on a
 * separate connection after dropping the table's triggers (as someone with the file and sqlite3 could) and
 * `kaizen check` must exit 1 naming the table, the row and the entry. The fixture is the demo event (every
 * governance area adds its demo there) plus a KPI whose target is changed and a saved fairness gate.
 */
let fixture: string;
let recorded: { table: string; id: string; seq: number }[];

beforeAll(async () => {
  fixture = tempDir('kaizen-tamper-');
  const s = await tempServices({ dataDir: fixture });
  const eventId = (await s.call('demo-create', {})).id;
  const kpi = await s.call('kpi-create', { eventId, name: 'Manual review rate', unit: '%', direction: 'lower', source: { kind: 'manual' }, target: 4 });
  await s.call('kpi-update', { id: kpi.id, patch: { target: 3.5 } });
  const datasetId = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id;
  await s.call('analysis-fairness', {
    eventId, datasetId, label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag',
    gate: { metric: 'demographic_parity_difference', threshold: 0.02 }, save: true,
  });
  s.close();
  const db = new Database(path.join(fixture, 'kaizen.db'), { readonly: true });
  // The latest entry of each recorded row that still exists: the one `kaizen check` compares with.
  recorded = db
    .prepare(
      `SELECT record_table AS "table", record_id AS id, MAX(seq) AS seq FROM change_log
       WHERE record_table IS NOT NULL GROUP BY record_table, record_id HAVING record_json IS NOT NULL ORDER BY record_table, seq`,
    )
    .all() as { table: string; id: string; seq: number }[];
  db.close();
}, 180_000);

function copyStore(): string {
  const dir = tempDir('kaizen-tamper-case-');
  for (const f of fs.readdirSync(fixture)) if (f.startsWith('kaizen.db')) fs.copyFileSync(path.join(fixture, f), path.join(dir, f));
  return dir;
}

/** Rewrites one covered column of the row behind the app's back; returns the column it changed. */
function rewrite(dir: string, table: string, id: string): string {
  const db = new Database(path.join(dir, 'kaizen.db'));
  try {
    const triggers = db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ?").pluck().all(table) as string[];
    for (const t of triggers) db.exec(`DROP TRIGGER "${t}"`);
    const spec = CHAINED_TABLES[table]!;
    const info = db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; type: string }[];
    const columns = info.filter((c) => c.name !== spec.key && (!spec.columns || spec.columns.includes(c.name)));
    const row = db.prepare(`SELECT * FROM "${table}" WHERE "${spec.key}" = ?`).get(id) as Record<string, unknown>;
    for (const c of columns) {
      const v = row[c.name];
      const next = typeof v === 'number' ? v + 1 : typeof v === 'string' ? `${v} (edited)` : c.type === 'TEXT' ? 'edited' : 1;
      try {
        if (db.prepare(`UPDATE "${table}" SET "${c.name}" = ? WHERE "${spec.key}" = ?`).run(next, id).changes === 1) return c.name;
      } catch {
        // a CHECK or foreign key refuses this value: try the next column
      }
    }
    throw new Error(`could not rewrite any covered column of ${table} ${id}`);
  } finally {
    db.close();
  }
}

afterAll(() => fs.rmSync(fixture, { recursive: true, force: true }));

describe('kaizen check covers the rows the change log records', () => {
  it('records rows of every core governance table in the demo', () => {
    const tables = new Set(recorded.map((r) => r.table));
    for (const t of ['decisions', 'kpis', 'analysis_results', 'controlled_changes', 'event_facilitators']) expect(tables, t).toContain(t);
    for (const t of tables) expect(Object.keys(CHAINED_TABLES)).toContain(t);
  });

  it('passes an untouched store', async () => {
    const r = await runKaizen('check', '--data-dir', copyStore(), '--json');
    expect(r.code, r.out + r.err).toBe(0);
    const out = JSON.parse(r.out) as { changeLogBrokenAt: number | null; changeLog: { entries: number; breaks: unknown[] } };
    expect(out.changeLogBrokenAt).toBeNull();
    expect(out.changeLog.breaks).toEqual([]);
  });

  it('fails naming the table, the row and the entry when any recorded row is rewritten', async () => {
    // One case per table (the newest recorded row of each), so a table added to CHAINED_TABLES is covered here.
    const byTable = new Map(recorded.map((r) => [r.table, r]));
    expect(byTable.size).toBeGreaterThanOrEqual(5);
    for (const { table, id, seq } of byTable.values()) {
      const dir = copyStore();
      const column = rewrite(dir, table, id);
      const r = await runKaizen('check', '--data-dir', dir);
      expect(r.code, `${table}.${column}`).toBe(1);
      expect(r.out).toContain(`entry ${seq}: Row ${id} of table ${table} was changed after change-log entry ${seq} recorded it.`);
    }
  }, 240_000);

  it('fails when a decision is deleted after dropping its append-only trigger', async () => {
    const d = recorded.find((r) => r.table === 'decisions')!;
    const dir = copyStore();
    const db = new Database(path.join(dir, 'kaizen.db'));
    db.exec('DROP TRIGGER decisions_no_delete');
    db.pragma('foreign_keys = OFF');
    db.prepare('DELETE FROM decisions WHERE id = ?').run(d.id);
    db.close();
    const r = await runKaizen('check', '--data-dir', dir, '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.out) as { changeLog: { breaks: { seq: number; kind: string; table: string; rowId: string }[] } };
    expect(out.changeLog.breaks).toContainEqual(expect.objectContaining({ seq: d.seq, kind: 'row-missing', table: 'decisions', rowId: d.id }));
  });

  it('fails when a log entry is edited or its stored copy of the row is rewritten to match', async () => {
    const d = [...recorded].reverse().find((r) => r.table === 'kpis')!; // the KPI whose target changed
    const dir = copyStore();
    rewrite(dir, 'kpis', d.id);
    // Re-copy the rewritten row into the entry, as a forger would: now the entry's own hash breaks.
    const db = new Database(path.join(dir, 'kaizen.db'));
    const row = db.prepare('SELECT id, event_id, baseline, target, alert_threshold FROM kpis WHERE id = ?').get(d.id) as Record<string, unknown>;
    const json = JSON.stringify(Object.fromEntries(Object.keys(row).sort().map((k) => [k, row[k]])));
    db.prepare('UPDATE change_log SET record_json = ? WHERE seq = ?').run(json, d.seq);
    db.close();
    const r = await runKaizen('check', '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.out).toContain(`change log broken at ${d.seq}`);
    expect(r.out).toContain(`Change-log entry ${d.seq} (kpi update) does not match its hash`);
  });
});
