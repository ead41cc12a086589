import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppError } from '../../common/contract/errors';
import type { ControlledChangeFields } from '../../common/contract/schemas/governance';
import { runKaizen } from '../helpers/cli';
import { fixedClock, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
let ana: string;
let ben: string;

beforeAll(async () => {
  s = await tempServices({ clock: fixedClock('2026-11-20T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Fraud = kaizen' })).id;
  ana = (await s.call('team-add', { eventId, member: { name: 'Ana Facilitator', role: 'facilitator' } })).id;
  ben = (await s.call('team-add', { eventId, member: { name: 'Ben Owner', role: 'process-owner' } })).id;
  await s.call('governance-passphrase-set', { memberId: ben, passphrase: 'ben-secret-1' });
});
afterAll(() => s.close());

async function failure(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected a failure');
}

const fields = (over: Partial<ControlledChangeFields> = {}): ControlledChangeFields => ({
  component: { kind: 'other', id: '', label: 'Online feature cache' },
  changeType: 'infrastructure',
  before: 'no cache',
  after: 'read-through cache, TTL 15 min',
  reason: 'Lookups are two thirds of p95',
  link: null,
  requesterId: ana,
  ticketRef: 'OPS-1',
  plannedDate: '2026-11-21',
  actualDate: null,
  ...over,
});

describe('controlled changes', () => {
  it('records a change only with the approver’s passphrase, attributed to the approver, in the list and the log', async () => {
    const wrong = await failure(s.call('governance-change-create', { eventId, fields: fields(), approver: { memberId: ben, passphrase: 'ben-secret-2' } }));
    expect(wrong.message).toMatch(/Wrong passphrase for Ben Owner/);
    const noPass = await failure(s.call('governance-change-create', { eventId, fields: fields(), approver: { memberId: ana, passphrase: 'anything-1' } }));
    expect(noPass.message).toMatch(/Ana Facilitator has no passphrase yet/);
    expect(await s.call('governance-change-list', { eventId })).toEqual([]);

    const c = await s.call('governance-change-create', { eventId, fields: fields(), approver: { memberId: ben, passphrase: 'ben-secret-1' } });
    expect(c).toMatchObject({ requesterName: 'Ana Facilitator', approverName: 'Ben Owner', recordedBy: 'Ben Owner', correctsId: null, correctedById: null, ticketRef: 'OPS-1' });
    expect(await s.call('governance-change-list', { eventId })).toEqual([c]);
    const log = (await s.call('governance-log-list', { eventId })).filter((e) => e.area === 'controlled-change');
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ actor: 'Ben Owner', action: 'record', summary: 'Online feature cache: no cache → read-through cache, TTL 15 min', recordTable: 'controlled_changes', recordId: c.id, hashVersion: 2 });
  });

  it('corrects an entry with a new one that points at it; the original is kept unchanged', async () => {
    const [orig] = await s.call('governance-change-list', { eventId });
    const fix = await s.call('governance-change-create', { eventId, fields: fields({ actualDate: '2026-11-22', reason: 'Went live a day later' }), approver: { memberId: ben, passphrase: 'ben-secret-1' }, correctsId: orig!.id });
    const list = await s.call('governance-change-list', { eventId });
    expect(list.map((c) => [c.id, c.correctsId, c.correctedById, c.actualDate])).toEqual([
      [orig!.id, null, fix.id, null],
      [fix.id, orig!.id, null, '2026-11-22'],
    ]);
    expect(() => s.db.prepare("UPDATE controlled_changes SET reason = 'x'").run()).toThrow(/append-only/);
    expect((await failure(s.call('governance-change-create', { eventId, fields: fields(), approver: { memberId: ben, passphrase: 'ben-secret-1' }, correctsId: 'nope' }))).code).toBe('NOT_FOUND');
  });

  it('checks the requester, the component and the link belong to the event', async () => {
    const other = (await s.call('event-create', { name: 'Other' })).id;
    const d = await s.call('decision-add', { eventId: other, decision: 'Elsewhere' });
    const approver = { memberId: ben, passphrase: 'ben-secret-1' };
    expect((await failure(s.call('governance-change-create', { eventId, fields: fields({ link: { kind: 'decision', id: d.id } }), approver }))).message).toBe(`fields.link: no decision "${d.id}" in this event.`);
    expect((await failure(s.call('governance-change-create', { eventId, fields: fields({ component: { kind: 'dataset', id: 'x', label: 'X' } }), approver }))).message).toMatch(/fields.component: no dataset "x"/);
    expect((await failure(s.call('governance-change-create', { eventId, fields: fields({ requesterId: 'ghost' }), approver }))).message).toMatch(/fields.requesterId/);
    expect((await failure(s.call('governance-change-create', { eventId, fields: fields({ changeType: 'magic' as never }), approver }))).code).toBe('VALIDATION');
    const own = await s.call('decision-add', { eventId, decision: 'Cache it' });
    await expect(s.call('governance-change-create', { eventId, fields: fields({ link: { kind: 'decision', id: own.id } }), approver })).resolves.toMatchObject({ link: { kind: 'decision', id: own.id } });
  });

  it('says the chain is intact with its entry count and head, and names the first broken entry', async () => {
    const ok = await s.call('governance-chain-status', {});
    const count = s.db.prepare('SELECT count(*) FROM change_log').pluck().get() as number;
    const head = s.db.prepare('SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1').pluck().get() as string;
    expect(ok).toMatchObject({ intact: true, entries: count, head, firstBreak: null });
    expect(ok.message).toBe(`chain intact, ${count} entries, head ${head.slice(0, 8)}…`);
  });
});

describe('auditor export', () => {
  it('exports CSV with hashes and formulas neutralised, and JSON with the chain head', async () => {
    await s.call('governance-change-create', { eventId, fields: fields({ component: { kind: 'other', id: '', label: '=SUM(A1)' }, before: '=HYPERLINK("http://x")', after: '+1' }), approver: { memberId: ben, passphrase: 'ben-secret-1' } });
    const log = await s.call('governance-log-list', { eventId });
    const csv = await s.call('governance-log-export', { eventId, format: 'csv' });
    expect(csv).toMatchObject({ fileName: 'Fraud-kaizen-change-log.csv', mimeType: 'text/csv' });
    const lines = csv.content.trimEnd().split('\r\n');
    expect(lines[0]).toBe('Seq,Time (UTC),Actor,Area,Entity id,Action,What,Reason,Payload (JSON),Recorded table,Recorded row,Hash version,Previous hash,Hash');
    expect(lines.length).toBe(log.length + 1);
    for (const e of log) expect(csv.content).toContain(e.hash);
    // A cell that would start with "=" gets a leading quote: shown as text, never evaluated.
    expect(csv.content).toContain(`,'=SUM(A1): =HYPERLINK(""http://x"") → +1,`.replace(/^,/, ',"').replace(/,$/, '",'));
    expect(csv.content).not.toMatch(/(^|,)"?[=+@-]/m);

    const json = await s.call('governance-log-export', { eventId, format: 'json' });
    const doc = JSON.parse(json.content) as { event: { name: string }; chain: { intact: boolean; head: string }; entries: { seq: number; hash: string }[] };
    expect(doc.event.name).toBe('Fraud = kaizen');
    expect(doc.chain.intact).toBe(true);
    expect(doc.entries.map((e) => e.hash)).toEqual(log.map((e) => e.hash));
  });

  it('prints the log from the CLI: JSON by default, CSV on request, exit 2 on a bad format or event', async () => {
    const dataDir = s.dataDir;
    const json = await runKaizen('changelog', '--event', eventId, '--data-dir', dataDir);
    expect(json.code, json.err).toBe(0);
    const doc = JSON.parse(json.out) as { entries: { area: string; actor: string }[] };
    expect(doc.entries.filter((e) => e.area === 'controlled-change').every((e) => e.actor === 'Ben Owner')).toBe(true);
    const csv = await runKaizen('changelog', '--event', eventId, '--format', 'csv', '--data-dir', dataDir);
    expect(csv.code).toBe(0);
    expect(csv.out.split('\n')[0]).toMatch(/^Seq,Time \(UTC\),Actor/);
    const bad = await runKaizen('changelog', '--event', eventId, '--format', 'xml', '--data-dir', dataDir);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format must be csv or json/);
    const missing = await runKaizen('changelog', '--event', 'nope', '--data-dir', dataDir);
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/Event "nope" was not found/);
  });
});

describe('demo governance', () => {
  it('has a facilitator, passphrases for the team and the feature-cache and promotion changes (with a correction)', async () => {
    const demo = (await s.call('demo-create', {})).id;
    const people = await s.call('governance-people-list', { eventId: demo });
    expect(people.facilitator).toMatchObject({ name: 'Tomás Okafor', source: 'chosen' });
    expect(people.people.every((p) => p.hasPassphrase)).toBe(true);
    const tomas = people.people.find((p) => p.name === 'Tomás Okafor')!;
    await expect(s.call('governance-passphrase-verify', { eventId: demo, acting: { memberId: tomas.id, passphrase: 'demo-tomas' } })).resolves.toMatchObject({ name: 'Tomás Okafor' });
    const changes = await s.call('governance-change-list', { eventId: demo });
    expect(changes.map((c) => [c.ticketRef, c.changeType, c.actualDate])).toEqual([
      ['OPS-4821', 'infrastructure', '2026-11-12'],
      ['OPS-4821', 'infrastructure', '2026-11-13'],
      ['CHG-1107', 'model', '2026-11-21'],
    ]);
    expect(changes[1]!.correctsId).toBe(changes[0]!.id);
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
  }, 120_000);
});
