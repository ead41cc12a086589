import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fixedClock, tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import type { AppError } from '../../common/contract/errors';

let s: TestServices;
let eventId: string;
const people: Record<string, string> = {};
const PASS = { ana: 'ana-facilitates', bo: 'board-member-bo', cy: 'compliance-cy', di: 'sponsor-di-2026' };

async function addPerson(key: keyof typeof PASS, name: string, role: string, passphrase = true) {
  const m = await s.call('team-add', { eventId, member: { name, role } });
  people[key] = m.id;
  if (passphrase) await s.call('governance-passphrase-set', { memberId: m.id, passphrase: PASS[key] });
}
const acting = (key: keyof typeof PASS, passphrase = PASS[key]) => ({ memberId: people[key]!, passphrase });
const fail = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (e) {
    return e as AppError;
  }
  throw new Error('expected the call to fail');
};

async function change() {
  return s.call('governance-change-create', {
    eventId,
    fields: {
      component: { kind: 'other', id: '', label: 'Feature cache' },
      changeType: 'infrastructure',
      before: 'no cache',
      after: 'feature cache, 10 min TTL',
      reason: 'feature_ms is the bottleneck',
      link: null,
      requesterId: people.ana,
      ticketRef: 'OPS-42',
      plannedDate: '2026-11-12',
      actualDate: null,
    },
    approver: acting('ana'),
  });
}

beforeEach(async () => {
  s = await tempServices({ clock: fixedClock('2026-11-20T09:00:00.000Z') });
  eventId = (await s.call('event-create', { name: 'Governance' })).id;
  await addPerson('ana', 'Ana Facilitator', 'facilitator');
  await addPerson('bo', 'Bo Board', 'governance-board');
  await addPerson('cy', 'Cy Compliance', 'compliance-legal');
  await addPerson('di', 'Di Sponsor', 'sponsor');
});
afterEach(() => s.close());

describe('sign-offs on the shared laptop', () => {
  it('two signers sign in turn with their passphrases; the request is approved once every required role approved', async () => {
    const c = await change();
    const q = await s.call('signoff-create', {
      eventId,
      subject: { kind: 'change', id: c.id },
      requiredRoles: ['governance-board', 'compliance-legal'],
      statement: 'Turn on the feature cache in production',
      conditions: 'Roll back if p95 rises above 400 ms',
      requesterId: people.ana,
    });
    expect(q).toMatchObject({ status: 'pending', requestedBy: 'Ana Facilitator', missingRoles: ['governance-board', 'compliance-legal'] });
    expect(q.subjectLabel).toContain('Feature cache');

    const one = await s.call('signoff-sign', { requestId: q.id, acting: acting('bo'), decision: 'approve', comment: 'Looks safe' });
    expect(one).toMatchObject({ status: 'pending', missingRoles: ['compliance-legal'] });
    const two = await s.call('signoff-sign', { requestId: q.id, acting: acting('cy'), decision: 'approve-with-conditions', comment: 'Keep the 90-day retention' });
    expect(two.status).toBe('approved');
    expect(two.signatures.map((x) => [x.name, x.role, x.decision])).toEqual([
      ['Bo Board', 'governance-board', 'approve'],
      ['Cy Compliance', 'compliance-legal', 'approve-with-conditions'],
    ]);
    const status = await s.call('signoff-status', { eventId, subject: { kind: 'change', id: c.id } });
    expect(status).toMatchObject({ status: 'approved', required: ['governance-board', 'compliance-legal'] });
    // The status shows on the change itself.
    expect((await s.call('governance-change-list', { eventId })).map((x) => [x.id, x.signoff])).toEqual([[c.id, 'approved']]);
    // Both signatures are in the hash-chained log, attributed to the signer.
    const log = await s.call('governance-log-list', { eventId });
    expect(log.filter((e) => e.recordTable === 'signoff_signatures').map((e) => e.actor)).toEqual(['Bo Board', 'Cy Compliance']);
  });

  it('a wrong passphrase signs nothing and says so; one signature per person; a role not asked for cannot sign', async () => {
    const c = await change();
    const q = await s.call('signoff-create', { eventId, subject: { kind: 'change', id: c.id }, requiredRoles: ['governance-board', 'compliance-legal'], statement: 'Go', requesterId: people.ana });
    const wrong = await fail(s.call('signoff-sign', { requestId: q.id, acting: acting('bo', 'not-bos-passphrase'), decision: 'approve' }));
    expect(wrong.code).toBe('BAD_INPUT');
    expect(wrong.message).toMatch(/Wrong passphrase for Bo Board/);
    expect((await s.call('signoff-list', { eventId }))[0]!.signatures).toEqual([]);

    await s.call('signoff-sign', { requestId: q.id, acting: acting('bo'), decision: 'approve' });
    const twice = await fail(s.call('signoff-sign', { requestId: q.id, acting: acting('bo'), decision: 'reject' }));
    expect(twice.code).toBe('CONFLICT');
    expect(twice.message).toMatch(/Bo Board has already signed this request .*one signature per person/);

    const sponsor = await fail(s.call('signoff-sign', { requestId: q.id, acting: acting('di'), decision: 'approve' }));
    expect(sponsor.code).toBe('FORBIDDEN');
    expect(sponsor.message).toMatch(/Di Sponsor is Sponsor; this sign-off needs Governance board, Compliance \/ legal/);
    expect((await s.call('signoff-list', { eventId }))[0]!.signatures).toHaveLength(1);
  });

  it('a reject makes the request rejected and closes it; a new request starts over', async () => {
    const c = await change();
    const subject = { kind: 'change', id: c.id } as const;
    const q = await s.call('signoff-create', { eventId, subject, requiredRoles: ['governance-board', 'compliance-legal'], statement: 'Go', requesterId: people.ana });
    const rejected = await s.call('signoff-sign', { requestId: q.id, acting: acting('cy'), decision: 'reject', comment: 'No DPA entry for region' });
    expect(rejected.status).toBe('rejected');
    expect((await s.call('signoff-status', { eventId, subject })).status).toBe('rejected');
    const closed = await fail(s.call('signoff-sign', { requestId: q.id, acting: acting('bo'), decision: 'approve' }));
    expect(closed.message).toMatch(/already rejected: request a new sign-off/);
    await s.call('signoff-create', { eventId, subject, requiredRoles: ['governance-board'], statement: 'Go, with a DPA entry', requesterId: people.ana });
    expect((await s.call('signoff-status', { eventId, subject })).status).toBe('pending');
  });

  it('refuses to ask for a role nobody in the team holds', async () => {
    const c = await change();
    const e = await fail(s.call('signoff-create', { eventId, subject: { kind: 'change', id: c.id }, requiredRoles: ['process-owner'], statement: 'Go', requesterId: people.ana }));
    expect(e.message).toMatch(/Nobody in the team holds the role Process owner/);
  });

  it('a rewritten signature is caught by the chain check, naming the table and row', async () => {
    const c = await change();
    const q = await s.call('signoff-create', { eventId, subject: { kind: 'change', id: c.id }, requiredRoles: ['governance-board'], statement: 'Go', requesterId: people.ana });
    const signed = await s.call('signoff-sign', { requestId: q.id, acting: acting('bo'), decision: 'reject' });
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
    const raw = new Database(path.join(s.dataDir, 'kaizen.db'));
    raw.exec('DROP TRIGGER signoff_signatures_no_update');
    raw.prepare("UPDATE signoff_signatures SET decision = 'approve' WHERE id = ?").run(signed.signatures[0]!.id);
    raw.close();
    const chain = await s.call('governance-chain-status', {});
    expect(chain.intact).toBe(false);
    expect(chain.firstBreak).toMatchObject({ table: 'signoff_signatures', rowId: signed.signatures[0]!.id });
  });
});

describe('required sign-offs for personal and sensitive features', () => {
  async function importLog() {
    const dir = tempDir('kaizen-signoff-files-');
    const file = path.join(dir, 'inference-log.csv');
    fs.writeFileSync(file, 'request_id,region,score\nr1,EU,0.2\nr2,APAC,0.9\nr3,EU,0.4\n');
    return s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Inference log', personal: ['region'] });
  }
  async function version(features: { name: string; personal?: boolean; sensitive?: boolean }[], trainingDatasetVersionIds: string[] = []) {
    const m = await s.call('registry-model-create', { eventId, name: `fraud-${features.length}-${trainingDatasetVersionIds.length}` });
    return s.call('registry-version-create', { modelId: m.id, version: 'v1', trainingDatasetVersionIds, card: { features } });
  }

  it('a feature that is a column marked personal at import needs the governance board and compliance', async () => {
    const imp = await importLog();
    const v = await version([{ name: 'score' }, { name: 'region' }], [imp.versionId!]);
    const req = await s.call('signoff-required', { eventId, subject: { kind: 'model-version', id: v.id } });
    expect(req.roles).toEqual(['governance-board', 'compliance-legal']);
    expect(req.reasons.join(' ')).toMatch(/personal column region/);
    // Asking the sponsor only still requires both: the rule adds them.
    const q = await s.call('signoff-create', { eventId, subject: { kind: 'model-version', id: v.id }, requiredRoles: ['sponsor'], statement: 'Promote', requesterId: people.ana });
    expect(q.requiredRoles).toEqual(['sponsor', 'governance-board', 'compliance-legal']);
    await s.call('signoff-sign', { requestId: q.id, acting: acting('di'), decision: 'approve' });
    expect((await s.call('signoff-status', { eventId, subject: { kind: 'model-version', id: v.id } })).status).toBe('pending');
  });

  it('a feature flagged sensitive in the model card needs them too; plain features need none', async () => {
    const sensitive = await version([{ name: 'age_band', sensitive: true }]);
    expect((await s.call('signoff-required', { eventId, subject: { kind: 'model-version', id: sensitive.id } })).roles).toEqual(['governance-board', 'compliance-legal']);
    const plain = await version([{ name: 'amount' }, { name: 'merchant_risk' }]);
    expect(await s.call('signoff-required', { eventId, subject: { kind: 'model-version', id: plain.id } })).toEqual({ roles: [], reasons: [] });
    expect((await s.call('signoff-status', { eventId, subject: { kind: 'model-version', id: plain.id } })).status).toBe('none');
  });
});
