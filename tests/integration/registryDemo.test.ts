import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChangeLog } from '../../main/db/changeLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The demo's registry tells the story from the demo's own data.

let s: TestServices;
let eventId: string;
beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
}, 120_000);
afterAll(() => s.close());

describe('demo registry', () => {
  it('has fraud-v3.1 before and fraud-v3.2 in production since 2026-11-21, promoted by Jonas Weber with its gates', async () => {
    const [model] = await s.call('registry-list', { eventId });
    expect(model!.name).toBe('fraud');
    expect(model!.versions.map((v) => [v.version, v.stage])).toEqual([['fraud-v3.1', 'archived'], ['fraud-v3.2', 'production']]);
    expect(model!.production.map((p) => [p.version, p.from.slice(0, 10), p.to?.slice(0, 10) ?? null, p.promotedBy])).toEqual([
      ['fraud-v3.1', '2026-10-02', '2026-11-21', 'Jonas Weber'],
      ['fraud-v3.2', '2026-11-21', null, 'Jonas Weber'],
    ]);
    const promo = model!.history.find((h) => h.kind === 'promote' && h.version === 'fraud-v3.2')!;
    expect(promo.gates.map((g) => g.name)).toEqual(['fairness', 'signoffs', 'freeze', 'rollback-plan', 'quality']);
    // Computed from the inference log: fraud-v3.2 by region, and against fraud-v3.1.
    expect(promo.gates.find((g) => g.name === 'fairness')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^Demographic parity difference 0\.0\d\d ≤ 0\.020, equalized odds difference 0\.0\d\d ≤ 0\.050 \(Inference log v1/) });
    expect(promo.gates.find((g) => g.name === 'quality')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^precision 0\.9\d\d \(fraud-v3\.2\) vs 0\.4\d\d \(fraud-v3\.1, in production\)/) });
    expect(promo.gates.find((g) => g.name === 'rollback-plan')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/rehearsed 2026-11-12 \(9 days before 2026-11-21, 18 min\)/) });
    expect(promo.gates.find((g) => g.name === 'freeze')!.status).toBe('pass');
    // The two sign-offs of 20 November (the sign-off demo) make every gate pass: no override.
    expect(promo.gates.find((g) => g.name === 'signoffs')).toMatchObject({ status: 'pass', detail: expect.stringMatching(/^Signed: .*governance-board.*2026-11-20.*compliance-legal/) });
    expect(promo.override).toBeNull();
    expect(model!.versions[1]!.card?.features.find((f) => f.name === 'region')).toMatchObject({ sensitive: true });
  });

  it('has the rollback plan to fraud-v3.1 rehearsed in the event week, and a policy set before the results', async () => {
    const plans = await s.call('registry-plan-list', { eventId });
    expect(plans.map((p) => [p.targetVersion, p.lastRehearsal?.date, p.ownerName])).toEqual([['fraud-v3.1', '2026-11-12', 'Luis García']]);
    const { current } = await s.call('registry-policy-get', { eventId });
    expect(current).toMatchObject({ dpdMax: 0.02, eodMax: 0.05, rehearsalMaxDays: 14, setAt: '2026-11-10T10:30:00.000Z' });
    expect(verifyChangeLog(s.db)).toBeNull();
  });
});
