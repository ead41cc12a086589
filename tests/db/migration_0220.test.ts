import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations/index';

function upTo(version: number) {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, migrations.filter((m) => m.version <= version));
  return db;
}

describe('migration 0220-ops-sla-register', () => {
  it('adds SLA register rows (provider/endpoint, availability/p95/arrival, day/week), removed with their event', () => {
    const db = upTo(200);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    migrate(db, migrations.filter((m) => m.version <= 220));
    expect(db.pragma('user_version', { simple: true })).toBe(220);
    const ins = db.prepare("INSERT INTO ops_sla_entries (id, event_id, subject_kind, subject, metric, target, sla_window, position, created_at, updated_at) VALUES (?, 'e', ?, 'Feature store', ?, 0.999, ?, 1, 't', 't')");
    ins.run('s1', 'provider', 'availability', 'day');
    expect(() => ins.run('s2', 'vendor', 'availability', 'day')).toThrow(/CHECK constraint/);
    expect(() => ins.run('s3', 'provider', 'uptime', 'day')).toThrow(/CHECK constraint/);
    expect(() => ins.run('s4', 'provider', 'p95', 'month')).toThrow(/CHECK constraint/);
    expect(db.prepare("SELECT signed, owner, source FROM ops_sla_entries WHERE id = 's1'").get()).toEqual({ signed: 0, owner: '', source: null });
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM ops_sla_entries').pluck().get()).toBe(0);
  });
});

describe('migration 0221-ops-checklist', () => {
  it('adds checklist items with a status from the list, removed with their event', () => {
    const db = upTo(220);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    migrate(db, migrations.filter((m) => m.version <= 221));
    const ins = db.prepare("INSERT INTO ops_checklist_items (id, event_id, title, status, position, created_at, updated_at) VALUES (?, 'e', 'Rate limits', ?, 1, 't', 't')");
    ins.run('c1', 'in-progress');
    expect(() => ins.run('c2', 'maybe')).toThrow(/CHECK constraint/);
    expect(db.prepare("SELECT evidence FROM ops_checklist_items WHERE id = 'c1'").pluck().get()).toBe('[]');
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM ops_checklist_items').pluck().get()).toBe(0);
  });
});

describe('migration 0222-ops-fmea', () => {
  it('adds FMEA rows: scores 1–10, re-scores all or none, the action link cleared when the action goes', () => {
    const db = upTo(221);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    migrate(db, migrations.filter((m) => m.version <= 222));
    expect(db.pragma('user_version', { simple: true })).toBe(222);
    db.prepare("INSERT INTO actions (id, event_id, title, status, created_at, updated_at) VALUES ('a', 'e', 'Add a timeout', 'planned', 't', 't')").run();
    const ins = db.prepare("INSERT INTO ops_fmea_rows (id, event_id, failure_mode, severity, occurrence, detection, action_id, re_severity, re_occurrence, re_detection, position, created_at, updated_at) VALUES (?, 'e', 'Model timeout', ?, 5, 4, ?, ?, ?, ?, 1, 't', 't')");
    ins.run('f1', 8, 'a', 8, 2, 3);
    expect(() => ins.run('f2', 11, null, null, null, null)).toThrow(/CHECK constraint/);
    expect(() => ins.run('f3', 0, null, null, null, null)).toThrow(/CHECK constraint/);
    expect(() => ins.run('f4', 8, null, 8, null, null)).toThrow(/CHECK constraint/);
    db.prepare("DELETE FROM actions WHERE id = 'a'").run();
    expect(db.prepare("SELECT action_id FROM ops_fmea_rows WHERE id = 'f1'").pluck().get()).toBeNull();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT count(*) FROM ops_fmea_rows').pluck().get()).toBe(0);
  });
});
