import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations';
import { appendChange, verifyChangeLog } from '../../main/db/changeLog';

const before = migrations.filter((m) => m.version < 90);

/** A store at version 80 with old-style (hash version 1) entries, as an older app wrote them. */
function oldStore() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, before);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e1', 'Fraud', 't', 't')").run();
  db.prepare("INSERT INTO decisions (id, event_id, decision, decided_on, created_at) VALUES ('d1', 'e1', 'Cache features', '2026-11-20', 't')").run();
  // The formula of hash version 1, exactly as before 0090.
  let prev = '0'.repeat(64);
  const rows = [
    ['2026-11-20T09:00:00Z', 'local user', 'event', 'e1', 'restore', '', '{"name":"Fraud"}'],
    ['2026-11-20T09:01:00Z', 'local user', 'decision', 'd1', 'record', 'why', '{"eventId":"e1","decision":"Cache features"}'],
  ];
  for (const r of rows) {
    const hash = createHash('sha256').update([prev, ...r].join('\u001f')).digest('hex');
    db.prepare('INSERT INTO change_log (at, actor, entity, entity_id, action, reason, payload, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?)').run(...r, prev, hash);
    prev = hash;
  }
  return db;
}

describe('migration 0090-governance', () => {
  it('adds the governance tables (STRICT) and keeps old change-log entries verifying, with their event filled in', () => {
    const db = oldStore();
    expect(verifyChangeLog(db)).toBeNull();
    expect(migrate(db, migrations.filter((m) => m.version <= 90))).toEqual({ from: 80, to: 90 });
    const names = ['controlled_changes', 'event_facilitators', 'member_passphrases', 'passphrase_failures'];
    for (const n of names) expect(db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(n)).toMatch(/\)\s*STRICT$/);
    expect(db.prepare('SELECT seq, event_id, hash_version, record_table FROM change_log ORDER BY seq').all()).toEqual([
      { seq: 1, event_id: 'e1', hash_version: 1, record_table: null },
      { seq: 2, event_id: 'e1', hash_version: 1, record_table: null },
    ]);
    expect(verifyChangeLog(db)).toBeNull();
    // New entries (version 2) chain on from the old head and cover the recorded row.
    appendChange(db, '2026-11-21T10:00:00Z', { actor: 'Ana', entity: 'decision', entityId: 'd1', action: 'note', eventId: 'e1', record: { table: 'decisions', id: 'd1' } });
    expect(db.prepare('SELECT hash_version, record_json IS NOT NULL AS has FROM change_log WHERE seq = 3').get()).toEqual({ hash_version: 2, has: 1 });
    expect(verifyChangeLog(db)).toBeNull();
    // An old entry edited afterwards is still caught with the old formula.
    db.prepare("UPDATE change_log SET reason = 'forged' WHERE seq = 2").run();
    expect(verifyChangeLog(db)).toBe(2);
  });

  it('keeps controlled change entries append-only', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    migrate(db, migrations.filter((m) => m.version <= 90));
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e1', 'Fraud', 't', 't')").run();
    db.prepare(
      "INSERT INTO controlled_changes (id, event_id, component_kind, component_label, change_type, reason, requester_name, approver_id, approver_name, recorded_by, created_at) VALUES ('c1', 'e1', 'other', 'Feature cache', 'infrastructure', 'p95', 'Ana', 'm1', 'Ben', 'Ben', 't')",
    ).run();
    expect(() => db.prepare("UPDATE controlled_changes SET reason = 'x' WHERE id = 'c1'").run()).toThrow(/append-only/);
    expect(() => db.prepare("DELETE FROM controlled_changes WHERE id = 'c1'").run()).toThrow(/append-only/);
    expect(() =>
      db.prepare(
        "INSERT INTO controlled_changes (id, event_id, component_kind, component_label, change_type, reason, requester_name, approver_id, approver_name, recorded_by, created_at) VALUES ('c2', 'e1', 'other', 'x', 'magic', 'r', 'a', 'm', 'b', 'b', 't')",
      ).run(),
    ).toThrow(/CHECK/);
  });
});
