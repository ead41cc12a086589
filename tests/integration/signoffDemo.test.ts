import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
}, 120_000);
afterAll(() => s.close());

describe('the demo event\'s sign-offs, freeze calendar and DPA register', () => {
  it('fraud-v3.2 carries the governance-board and compliance sign-offs, recorded before its promotion, whose gates pass', async () => {
    const [fraud] = await s.call('registry-list', { eventId });
    const v32 = fraud!.versions.find((v) => v.version === 'fraud-v3.2')!;
    expect(v32.stage).toBe('production');
    const status = await s.call('signoff-status', { eventId, subject: { kind: 'model-version', id: v32.id } });
    expect(status.status).toBe('approved');
    expect(status.signatures.map((x) => [x.name, x.role, x.decision])).toEqual([
      ['Grace Mensah', 'governance-board', 'approve'],
      ['Hannah Cole', 'compliance-legal', 'approve-with-conditions'],
    ]);
    for (const sig of status.signatures) expect(sig.at < '2026-11-21').toBe(true);
    // region is marked personal and flagged sensitive: the rules require exactly these two roles.
    expect((await s.call('signoff-required', { eventId, subject: { kind: 'model-version', id: v32.id } })).roles).toEqual(['governance-board', 'compliance-legal']);
    const promotion = fraud!.history.find((h) => h.versionId === v32.id && h.to === 'production')!;
    expect(promotion.at.slice(0, 10)).toBe('2026-11-21');
    expect(promotion.gates.find((g) => g.name === 'signoffs')?.status).toBe('pass');
    expect(promotion.gates.find((g) => g.name === 'freeze')?.status).toBe('pass');
  });

  it('has a month-end close window that misses the 21 November promotion, a DPA entry for region and its closed review', async () => {
    const [w] = await s.call('freeze-list', { eventId });
    expect(w).toMatchObject({ name: 'Month-end close', description: 'last 3 business days of each month', withdrawn: null });
    const nov = await s.call('freeze-month', { eventId, month: '2026-11' });
    expect(nov.filter((d) => d.windows.length > 0).map((d) => d.date)).toEqual(['2026-11-26', '2026-11-27', '2026-11-30']);
    expect(await s.call('freeze-at', { eventId, date: '2026-11-21' })).toBeNull();

    const [dpa] = await s.call('dpa-list', { eventId });
    expect(dpa).toMatchObject({ datasetName: 'Inference log', columns: ['region'], legalBasis: 'legitimate-interests', recordedBy: 'Hannah Cole' });
    const log = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!;
    expect((await s.call('dpa-personal-list', { datasetId: log.id })).filter((f) => f.personal).map((f) => f.column)).toEqual(['region']);
    const team = await s.call('team-list', { eventId });
    const review = (await s.call('action-list', { eventId })).filter((a) => a.title.startsWith('Review the DPA'));
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ status: 'done', ownerId: team.members.find((m) => m.name === 'Hannah Cole')!.id });
    expect((await s.call('governance-chain-status', {})).intact).toBe(true);
  });
});
