import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations/index';

const TABLES = [
  'dataset_column_flags',
  'dpa_entries',
  'dpa_review_triggers',
  'freeze_overrides',
  'freeze_windows',
  'freeze_withdrawals',
  'signoff_requests',
  'signoff_signatures',
];

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= 110));
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  return db;
}

const request = (db: Database.Database, id: string) =>
  db
    .prepare(
      `INSERT INTO signoff_requests (id, event_id, subject_kind, subject_id, subject_label, required_roles, statement, requester_id, requester_name, created_at)
       VALUES (?, 'e', 'change', 'c1', 'Feature cache', '["governance-board"]', 'Go live', 'm1', 'Ana', 't')`,
    )
    .run(id);

describe('migration 0110-signoffs-freeze-dpa', () => {
  it('creates STRICT tables for sign-offs, freeze windows and the DPA register', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(110);
    const tables = db
      .prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (${TABLES.map(() => '?').join(',')}) ORDER BY name`)
      .all(...TABLES) as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(TABLES);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('keeps sign-offs, freeze windows, overrides and DPA entries append-only', () => {
    const db = fresh();
    request(db, 'q1');
    db.prepare(
      "INSERT INTO signoff_signatures (id, request_id, member_id, member_name, role, decision, signed_at) VALUES ('s1', 'q1', 'm2', 'Bo', 'governance-board', 'approve', 't')",
    ).run();
    db.prepare("INSERT INTO freeze_windows (id, event_id, name, reason, kind, business_days, created_by, created_at) VALUES ('w1', 'e', 'Month-end', 'close', 'month-end', 3, 'Ana', 't')").run();
    db.prepare(
      `INSERT INTO dpa_entries (id, event_id, dataset_name, columns, purpose, legal_basis, retention, recorded_by, created_at)
       VALUES ('d1', 'e', 'Inference log', '["region"]', 'fairness checks', 'legitimate-interests', '90 days', 'Ana', 't')`,
    ).run();
    for (const [table, key] of [['signoff_requests', 'q1'], ['signoff_signatures', 's1'], ['freeze_windows', 'w1'], ['dpa_entries', 'd1']] as const) {
      expect(() => db.prepare(`UPDATE ${table} SET created_by = created_by WHERE id = ?`).run(key)).toThrow(/append-only|no such column/);
      expect(() => db.prepare(`DELETE FROM ${table} WHERE id = ?`).run(key)).toThrow(/append-only/);
    }
    expect(() => db.prepare("UPDATE signoff_signatures SET decision = 'reject' WHERE id = 's1'").run()).toThrow(/append-only/);
    expect(db.prepare("SELECT decision FROM signoff_signatures WHERE id = 's1'").pluck().get()).toBe('approve');
  });

  it('allows one signature per person per request, and only the three decisions', () => {
    const db = fresh();
    request(db, 'q1');
    const sign = db.prepare("INSERT INTO signoff_signatures (id, request_id, member_id, member_name, role, decision, signed_at) VALUES (?, 'q1', 'm2', 'Bo', 'governance-board', ?, 't')");
    sign.run('s1', 'approve');
    expect(() => sign.run('s2', 'approve')).toThrow(/UNIQUE/);
    expect(() =>
      db.prepare("INSERT INTO signoff_signatures (id, request_id, member_id, member_name, role, decision, signed_at) VALUES ('s3', 'q1', 'm3', 'Cy', 'sponsor', 'maybe', 't')").run(),
    ).toThrow(/CHECK constraint/);
  });

  it('refuses a freeze rule without its parameters, an inverted one-off, and a legal basis outside GDPR Art. 6', () => {
    const db = fresh();
    const win = db.prepare("INSERT INTO freeze_windows (id, event_id, name, reason, kind, start_date, end_date, business_days, created_by, created_at) VALUES (?, 'e', 'n', 'r', ?, ?, ?, ?, 'A', 't')");
    expect(() => win.run('a', 'month-end', null, null, null)).toThrow(/CHECK constraint/);
    expect(() => win.run('b', 'one-off', '2026-11-30', '2026-11-01', null)).toThrow(/CHECK constraint/);
    expect(() => win.run('c', 'month-end', null, null, 11)).toThrow(/CHECK constraint/);
    win.run('d', 'one-off', '2026-11-01', '2026-11-02', null);
    expect(() =>
      db.prepare("INSERT INTO dpa_entries (id, event_id, dataset_name, columns, purpose, legal_basis, retention, recorded_by, created_at) VALUES ('x', 'e', 'd', '[]', 'p', 'because', 'r', 'A', 't')").run(),
    ).toThrow(/CHECK constraint/);
  });

  it('drops the personal flags of a deleted dataset with it', () => {
    const db = fresh();
    db.prepare("INSERT INTO datasets (id, event_id, name, created_at) VALUES ('ds', 'e', 'Inference log', 't')").run();
    db.prepare("INSERT INTO dataset_column_flags (id, dataset_id, column_name, personal, updated_by, updated_at) VALUES ('f', 'ds', 'region', 1, 'A', 't')").run();
    db.prepare("DELETE FROM datasets WHERE id = 'ds'").run();
    expect(db.prepare('SELECT count(*) FROM dataset_column_flags').pluck().get()).toBe(0);
  });
});
