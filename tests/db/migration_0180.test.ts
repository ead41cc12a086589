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

describe('migration 0180-workshop-clock-lock', () => {
  it('adds day start times (HH:MM only) and one participant lock per event, both removed with the event', () => {
    const db = upTo(170);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
    db.prepare("INSERT INTO team_members (id, event_id, name, role, position) VALUES ('m', 'e', 'Tomás', 'facilitator', 1)").run();
    migrate(db, migrations.filter((m) => m.version <= 180));
    expect(db.pragma('user_version', { simple: true })).toBe(180);
    db.prepare("INSERT INTO agenda_days (event_id, day, start_time) VALUES ('e', 1, '08:30')").run();
    expect(() => db.prepare("INSERT INTO agenda_days (event_id, day, start_time) VALUES ('e', 2, '9am')").run()).toThrow(/CHECK constraint/);
    expect(() => db.prepare("INSERT INTO agenda_days (event_id, day, start_time) VALUES ('e', 3, '25:00')").run()).toThrow(/CHECK constraint/);
    db.prepare("INSERT INTO participant_locks (event_id, kind, ref_id, member_id, locked_at) VALUES ('e', 'round', 'r', 'm', 't')").run();
    expect(() => db.prepare("INSERT INTO participant_locks (event_id, kind, ref_id, member_id, locked_at) VALUES ('e', 'vote', 'v', 'm', 't')").run()).toThrow(/UNIQUE|PRIMARY/);
    expect(() => db.prepare("UPDATE participant_locks SET kind = 'board'").run()).toThrow(/CHECK constraint/);
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    expect(db.prepare('SELECT (SELECT count(*) FROM agenda_days) + (SELECT count(*) FROM participant_locks)').pluck().get()).toBe(0);
  });
});
