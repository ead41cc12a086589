import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChain } from '../../main/db/changeLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
}, 120_000);
afterAll(() => s.close());

describe("the demo event's control plan and runbooks", () => {
  it('has an owned control-plan row for every KPI, with reactions and escalations where the KPI can signal', async () => {
    const [plan, kpis] = await Promise.all([s.call('control-list', { eventId }), s.call('kpi-list', { eventId })]);
    expect(plan.map((c) => c.kpiName)).toEqual(kpis.map((k) => k.name));
    expect(plan.every((c) => c.ownerName !== null)).toBe(true);
    const p95 = plan.find((c) => c.kpiName === 'Inference p95 response time')!;
    expect(p95).toMatchObject({ ownerName: 'Luis García', frequency: 'daily', sourceKind: 'dataset', runbookTitle: 'Rollback — feature-store caching change' });
    expect(p95.reactions.map((r) => r.signal.kind)).toEqual(['special-cause', 'threshold', 'drift']);
    expect(p95.escalations.map((e) => e.incident)).toEqual(['infrastructure', 'data']);
    expect(plan.find((c) => c.kpiName.startsWith('Retraining latency'))).toMatchObject({ sourceKind: 'manual', frequency: 'per-release' });
  });

  it('has two runbooks, the monitoring one with a history to diff, and an intact change log', async () => {
    const runbooks = await s.call('runbook-list', { eventId });
    expect(runbooks.map((r) => [r.kind, r.latestVersion])).toEqual([
      ['monitoring', 2],
      ['rollback', 1],
    ]);
    const diff = await s.call('runbook-diff', { id: runbooks[0]!.id, from: 1, to: 2 });
    expect(diff.removed).toBe(0);
    expect(diff.lines.filter((l) => l.kind === 'added').map((l) => l.text)).toContain('## Dashboards');
    expect(checkChain(s.db).breaks).toEqual([]);
  });
});
