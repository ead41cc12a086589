import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AppError } from '../../common/contract/errors';
import { verifyChangeLog } from '../../main/db/changeLog';
import { actorFor, DEMO_SCRYPT_N, SCRYPT, verifyPassphrase } from '../../main/services/governance/people';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** A clock the test moves by hand, to step past a lock-out. */
function manualClock(iso: string) {
  let t = Date.parse(iso);
  return { now: () => new Date(t), advance: (ms: number) => (t += ms) };
}

let s: TestServices | null = null;
function closeServices() {
  s?.close();
  s = null;
}
afterEach(closeServices);

async function setup(dataDir = tempDir(), clock = manualClock('2026-11-20T09:00:00.000Z')) {
  s = await tempServices({ dataDir, clock });
  const eventId = (await s.call('event-create', { name: 'Fraud model kaizen' })).id;
  const ana = (await s.call('team-add', { eventId, member: { name: 'Ana Facilitator', role: 'facilitator' } })).id;
  const ben = (await s.call('team-add', { eventId, member: { name: 'Ben Board', role: 'sponsor' } })).id;
  return { s, eventId, ana, ben, clock, dataDir };
}

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

describe('passphrases', () => {
  it('stores an scrypt hash with the documented parameters and a 16-byte salt per member, never the passphrase', async () => {
    const { s, eventId, ana, ben, dataDir } = await setup();
    await s.call('governance-passphrase-set', { memberId: ana, passphrase: 'correct horse battery' });
    await s.call('governance-passphrase-set', { memberId: ben, passphrase: 'correct horse battery' });
    const rows = s.db.prepare('SELECT * FROM member_passphrases ORDER BY member_id').all() as { salt: Buffer; hash: Buffer; n: number; r: number; p: number; keylen: number }[];
    expect(rows).toHaveLength(2);
    for (const r of rows) {
      expect({ n: r.n, r: r.r, p: r.p, keylen: r.keylen }).toEqual({ n: 2 ** 15, r: 8, p: 1, keylen: 64 });
      expect(r.salt.length).toBe(16);
      expect(r.hash.length).toBe(64);
    }
    expect(SCRYPT).toMatchObject({ N: 32768, r: 8, p: 1, keylen: 64, saltBytes: 16 });
    // Same passphrase, different salts → different hashes.
    expect(rows[0]!.salt.equals(rows[1]!.salt)).toBe(false);
    expect(rows[0]!.hash.equals(rows[1]!.hash)).toBe(false);
    const people = await s.call('governance-people-list', { eventId });
    expect(people.people.map((p) => p.hasPassphrase)).toEqual([true, true]);
    expect(JSON.stringify(people)).not.toContain('correct horse');
    s.db.pragma('wal_checkpoint(TRUNCATE)');
    closeServices();
    for (const f of fs.readdirSync(dataDir)) {
      const bytes = fs.readFileSync(path.join(dataDir, f));
      expect(bytes.includes(Buffer.from('correct horse battery', 'utf8')), f).toBe(false);
      expect(bytes.includes(Buffer.from('correct horse battery', 'utf16le')), f).toBe(false);
    }
  });

  it('verifies the right passphrase and refuses a wrong one, a missing one and a member of another event', async () => {
    const { s, eventId, ana, ben } = await setup();
    expect((await failure(s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'whatever123' } }))).message).toMatch(/Ana Facilitator has no passphrase yet/);
    await s.call('governance-passphrase-set', { memberId: ana, passphrase: 'ana-secret-1' });
    expect(await s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'ana-secret-1' } })).toEqual({ memberId: ana, name: 'Ana Facilitator', role: 'facilitator' });
    const wrong = await failure(s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'ana-secret-2' } }));
    expect(wrong.code).toBe('BAD_INPUT');
    expect(wrong.message).toBe('Wrong passphrase for Ana Facilitator (4 tries left before a pause).');
    const other = (await s.call('event-create', { name: 'Other' })).id;
    expect((await failure(s.call('governance-passphrase-verify', { eventId: other, acting: { memberId: ana, passphrase: 'ana-secret-1' } }))).code).toBe('NOT_FOUND');
    expect((await failure(s.call('governance-passphrase-verify', { eventId, acting: { memberId: ben, passphrase: 'short' } }))).code).toBe('VALIDATION');
  });

  it('a change needs the old passphrase; afterwards only the new one works', async () => {
    const { s, eventId, ana } = await setup();
    await s.call('governance-passphrase-set', { memberId: ana, passphrase: 'first-passphrase' });
    expect((await failure(s.call('governance-passphrase-set', { memberId: ana, passphrase: 'second-passphrase' }))).message).toMatch(/give the current one/);
    expect((await failure(s.call('governance-passphrase-set', { memberId: ana, passphrase: 'second-passphrase', oldPassphrase: 'not-the-first' }))).message).toMatch(/Wrong passphrase/);
    await s.call('governance-passphrase-set', { memberId: ana, passphrase: 'second-passphrase', oldPassphrase: 'first-passphrase' });
    await expect(s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'second-passphrase' } })).resolves.toMatchObject({ memberId: ana });
    expect((await failure(s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'first-passphrase' } }))).message).toMatch(/Wrong passphrase/);
    const log = s.db.prepare("SELECT action, actor, payload FROM change_log WHERE entity = 'passphrase' ORDER BY seq").all();
    expect(log).toEqual([
      { action: 'set', actor: 'Ana Facilitator', payload: '{"member":"Ana Facilitator"}' },
      { action: 'change', actor: 'Ana Facilitator', payload: '{"member":"Ana Facilitator"}' },
    ]);
    expect(verifyChangeLog(s.db)).toBeNull();
  });

  it('locks a person out after 5 wrong tries, even with the right passphrase, across a restart, until the time it names', async () => {
    const clock = manualClock('2026-11-20T09:00:00.000Z');
    const first = await setup(tempDir(), clock);
    const { eventId, ana, dataDir } = first;
    await first.s.call('governance-passphrase-set', { memberId: ana, passphrase: 'ana-secret-1' });
    for (let i = 0; i < 4; i++) {
      expect((await failure(first.s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'guess-number-' + i } }))).details).toMatchObject({ reason: 'wrong-passphrase' });
    }
    const fifth = await failure(first.s.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'guess-number-5' } }));
    expect(fifth.details).toEqual({ reason: 'rate-limited', memberId: ana, retryAt: '2026-11-20T09:05:00.000Z' });
    expect(fifth.message).toBe('Wrong passphrase for Ana Facilitator. After 5 wrong tries, try again after 2026-11-20 09:05 UTC.');
    closeServices();

    // A restart keeps the count: the right passphrase is still refused until 09:05.
    const again = await tempServices({ dataDir, clock });
    s = again;
    const locked = await failure(again.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'ana-secret-1' } }));
    expect(locked.message).toBe('Too many wrong passphrases for Ana Facilitator: try again after 2026-11-20 09:05 UTC.');
    expect((await again.call('governance-people-list', { eventId })).people[0]!.lockedUntil).toBe('2026-11-20T09:05:00.000Z');
    clock.advance(5 * 60_000 + 1000);
    await expect(again.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'ana-secret-1' } })).resolves.toMatchObject({ name: 'Ana Facilitator' });
    // Success resets the counter: one wrong try now leaves 4.
    expect((await failure(again.call('governance-passphrase-verify', { eventId, acting: { memberId: ana, passphrase: 'guess-again' } }))).details).toMatchObject({ triesLeft: 4 });
  });

  it('refuses to check a passphrase inside a transaction (a wrong try must be kept even when the action fails)', async () => {
    const { s, eventId, ana } = await setup();
    await s.call('governance-passphrase-set', { memberId: ana, passphrase: 'ana-secret-1' });
    expect(() => s.db.transaction(() => verifyPassphrase(s.ctx, { eventId, memberId: ana, passphrase: 'ana-secret-1' }))()).toThrow(/before the action opens its transaction/);
  });
});

describe('current facilitator', () => {
  it('defaults to the first facilitator of the team, switches with the passphrase and attributes entries to them', async () => {
    const { s, eventId, ana, ben } = await setup();
    expect(await s.call('governance-facilitator-get', { eventId })).toEqual({ memberId: ana, name: 'Ana Facilitator', source: 'role' });
    expect(actorFor(s.ctx, eventId)).toBe('Ana Facilitator');
    await s.call('decision-add', { eventId, decision: 'Cache features' });
    await s.call('governance-passphrase-set', { memberId: ben, passphrase: 'ben-secret-1' });
    expect((await failure(s.call('governance-facilitator-update', { eventId, memberId: ben }))).message).toMatch(/Ben Board has a passphrase/);
    expect((await failure(s.call('governance-facilitator-update', { eventId, memberId: ben, passphrase: 'ben-wrong-1' }))).message).toMatch(/Wrong passphrase/);
    expect(await s.call('governance-facilitator-update', { eventId, memberId: ben, passphrase: 'ben-secret-1' })).toEqual({ memberId: ben, name: 'Ben Board', source: 'chosen' });
    await s.call('decision-add', { eventId, decision: 'Roll back on p95 > 400 ms' });
    const log = s.db.prepare("SELECT entity, action, actor FROM change_log WHERE event_id = ? AND entity IN ('decision', 'facilitator') ORDER BY seq").all(eventId);
    expect(log).toEqual([
      { entity: 'decision', action: 'record', actor: 'Ana Facilitator' },
      { entity: 'facilitator', action: 'switch', actor: 'Ben Board' },
      { entity: 'decision', action: 'record', actor: 'Ben Board' },
    ]);
    // Switching to someone without a passphrase needs none.
    await expect(s.call('governance-facilitator-update', { eventId, memberId: ana })).resolves.toMatchObject({ name: 'Ana Facilitator' });
    expect(verifyChangeLog(s.db)).toBeNull();
  });

  it('falls back to the local user when the team has no facilitator', async () => {
    s = await tempServices();
    const eventId = (await s.call('event-create', { name: 'No team' })).id;
    expect(await s.call('governance-facilitator-get', { eventId })).toEqual({ memberId: null, name: 'local user', source: 'fallback' });
  });
});

describe('the demo team', () => {
  it('has its published demo passphrases at the cheap demo cost; a passphrase a person changes gets the full cost', async () => {
    s = await tempServices({});
    const demo = await s.call('demo-create', {});
    const rows = s.db.prepare('SELECT p.member_id AS id, m.name, p.n FROM member_passphrases p JOIN team_members m ON m.id = p.member_id WHERE m.event_id = ?').all(demo.id) as Array<{ id: string; name: string; n: number }>;
    expect(rows.length).toBeGreaterThan(5);
    expect(new Set(rows.map((r) => r.n))).toEqual(new Set([DEMO_SCRYPT_N]));
    const tomas = rows.find((r) => r.name.startsWith('Tom'))!;
    await s.call('governance-passphrase-set', { memberId: tomas.id, passphrase: 'a private one, at last', oldPassphrase: 'demo-tomas' });
    expect(s.db.prepare('SELECT n FROM member_passphrases WHERE member_id = ?').pluck().get(tomas.id)).toBe(SCRYPT.N);
    expect(() => verifyPassphrase(s!.ctx, { eventId: demo.id, memberId: tomas.id, passphrase: 'a private one, at last' })).not.toThrow();
  });
});
