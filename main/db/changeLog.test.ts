import { createHash } from 'node:crypto';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { migrate } from './migrate';
import { migrations } from './migrations';
import { appendChange, canonicalJson, checkChain, GENESIS } from './changeLog';

describe('canonicalJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined and writes bytes as hex', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ x: Buffer.from([0xde, 0xad]) })).toBe('{"x":{"hex":"dead"}}');
    expect(canonicalJson({ a: 1, b: 2 })).toBe(canonicalJson({ b: 2, a: 1 }));
  });
});

describe('hash version 2', () => {
  it('is SHA-256 over the previous hash, the canonical entry and the canonical recorded row', () => {
    const db = new Database(':memory:');
    migrate(db, migrations);
    db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES ('e1', 'Fraud', 't', 't')").run();
    db.prepare("INSERT INTO decisions (id, event_id, decision, decided_on, created_at) VALUES ('d1', 'e1', 'Cache', '2026-11-20', 't')").run();
    appendChange(db, '2026-11-20T09:00:00.000Z', { actor: 'Ana', entity: 'decision', entityId: 'd1', action: 'record', reason: 'why', payload: { z: 1, a: 2 }, eventId: 'e1', record: { table: 'decisions', id: 'd1' } });
    const row = db.prepare('SELECT * FROM decisions').get() as Record<string, unknown>;
    const entry = { v: 2, at: '2026-11-20T09:00:00.000Z', actor: 'Ana', eventId: 'e1', entity: 'decision', entityId: 'd1', action: 'record', reason: 'why', payload: { a: 2, z: 1 }, record: { table: 'decisions', id: 'd1' } };
    const expected = createHash('sha256').update([GENESIS, canonicalJson(entry), canonicalJson(row)].join('\u001f')).digest('hex');
    expect(db.prepare('SELECT hash, record_json FROM change_log').get()).toEqual({ hash: expected, record_json: canonicalJson(row) });
    expect(checkChain(db)).toEqual({ entries: 1, head: expected, breaks: [] });
    expect(() => appendChange(db, 't', { actor: 'a', entity: 'x', entityId: 'y', action: 'z', record: { table: 'settings', id: 'k' } })).toThrow(/does not cover table "settings"/);
  });
});
