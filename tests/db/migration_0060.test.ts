import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from '../../main/db/migrate';
import { migration0010 } from '../../main/db/migrations/0010-initial-schema';
import { migration0060 } from '../../main/db/migrations/0060-workshop';

const WORKSHOP_TABLES = ['agenda_sessions', 'ballots', 'ideas', 'input_rounds', 'round_entries', 'timers', 'vote_sessions'];

function fresh() {
  const db = new Database(':memory:');
  db.pragma('foreign_keys = ON');
  migrate(db, [migration0010, migration0060]);
  db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e', 'n', 't', 't')").run();
  return db;
}

describe('migration 0060-workshop', () => {
  it('creates the STRICT workshop tables and sets user_version 60', () => {
    const db = fresh();
    expect(db.pragma('user_version', { simple: true })).toBe(60);
    const tables = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (" + WORKSHOP_TABLES.map(() => '?').join(',') + ') ORDER BY name').all(...WORKSHOP_TABLES) as { name: string; sql: string }[];
    expect(tables.map((t) => t.name)).toEqual(WORKSHOP_TABLES);
    for (const t of tables) expect(t.sql).toMatch(/\)\s*STRICT$/);
  });

  it('keeps ideas.group_id free of a foreign key (affinity groups live in a later migration)', () => {
    const db = fresh();
    db.prepare("INSERT INTO ideas (id, event_id, text, group_id, position, created_at) VALUES ('i', 'e', 'x', 'no-such-group', 1, 't')").run();
    expect(db.prepare('SELECT group_id FROM ideas').pluck().get()).toBe('no-such-group');
  });

  it('refuses one voter casting two ballots in one session and a wrong-typed timer', () => {
    const db = fresh();
    db.prepare("INSERT INTO vote_sessions (id, event_id, title, dots_per_voter, voters, candidates, created_at) VALUES ('v', 'e', 't', 3, '[]', '[]', 't')").run();
    db.prepare("INSERT INTO ballots (session_id, voter_index, dots, cast_at) VALUES ('v', 0, '{}', 't')").run();
    expect(() => db.prepare("INSERT INTO ballots (session_id, voter_index, dots, cast_at) VALUES ('v', 0, '{}', 't')").run()).toThrow(/UNIQUE/);
    expect(() => db.prepare("INSERT INTO timers (event_id, duration_ms, updated_at) VALUES ('e', 'five', 't')").run()).toThrow(/cannot store TEXT/);
  });

  it('cascades an event delete to every workshop table', () => {
    const db = fresh();
    db.prepare("INSERT INTO agenda_sessions (id, event_id, position, title) VALUES ('a', 'e', 1, 'Kick-off')").run();
    db.prepare("INSERT INTO input_rounds (id, event_id, prompt, created_at) VALUES ('r', 'e', 'p', 't')").run();
    db.prepare("INSERT INTO round_entries (id, round_id, participant, text, created_at) VALUES ('x', 'r', 1, 'secret', 't')").run();
    db.prepare("DELETE FROM events WHERE id = 'e'").run();
    for (const t of ['agenda_sessions', 'input_rounds', 'round_entries']) expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(0);
  });
});
