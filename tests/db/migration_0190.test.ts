import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migrations } from '../../main/db/migrations';

describe('migration 0190-kpi-spec-limits', () => {
  it('adds nullable REAL lsl/usl to kpis; an existing KPI keeps its data with no spec limits', () => {
    const db = new Database(':memory:');
    db.pragma('foreign_keys = ON');
    const before = migrations.filter((m) => m.version < 190);
    migrate(db, before);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    db.prepare("INSERT INTO kpis (id, event_id, name, direction, source, target, position, created_at, updated_at) VALUES ('k', 'e', 'p95', 'lower', '{\"kind\":\"manual\"}', 200, 1, 't', 't')").run();
    migrate(db, migrations.filter((m) => m.version <= 190));
    expect(db.pragma('user_version', { simple: true })).toBe(190);
    expect(db.prepare("SELECT target, lsl, usl FROM kpis WHERE id = 'k'").get()).toEqual({ target: 200, lsl: null, usl: null });
    db.prepare("UPDATE kpis SET lsl = 1.5, usl = 250 WHERE id = 'k'").run();
    expect(db.prepare("SELECT lsl, usl FROM kpis WHERE id = 'k'").get()).toEqual({ lsl: 1.5, usl: 250 });
    // STRICT: a spec limit is a number, never text.
    expect(() => db.prepare("UPDATE kpis SET usl = 'high' WHERE id = 'k'").run()).toThrow(/cannot store TEXT value in REAL column/);
  });
});
