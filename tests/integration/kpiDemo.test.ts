import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { unpackChart } from '../../common/domain/spc/packed';

let s: TestServices;
beforeAll(async () => {
  s = await tempServices();
});
afterAll(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

describe('demo KPIs', () => {
  it('the demo event gets KPIs computed from its imported logs, with the p95 drop after 2026-11-12', async () => {
    const demo = await s.call('demo-create', {});
    const kpis = await s.call('kpi-list', { eventId: demo.id });
    expect(kpis.map((k) => k.name)).toEqual([
      'Inference p95 response time',
      'Feature computation p95',
      'Model AUC',
      'Model precision',
      'Pipeline failure rate',
      'Retraining latency (trigger → deployed)',
    ]);
    for (const k of kpis) expect(k.sourceError, k.name).toBeNull();
    const p95 = kpis[0]!;
    expect(p95.points).toHaveLength(30);
    expect(p95.baselineValue).toBeGreaterThan(400);
    expect(p95.current).toBeLessThan(390);
    // The threshold 415 ms was first crossed on 2026-11-11 and is no longer active.
    expect(p95.alert).toMatchObject({ firstCrossedAt: '2026-11-11', active: false });
    const auc = kpis[2]!;
    expect(auc.alert?.firstCrossedAt).toMatch(/^2026-11-1\d$/);
    const chart = unpackChart(await s.call('spc-chart-get', { kpiId: p95.id }));
    expect(chart.panels[0]!.stages.map((st) => st.name)).toEqual(['Before', 'After caching change']);
    const cmp = await s.call('kpi-compare', { id: p95.id, splitDate: '2026-11-12' });
    expect(cmp.improved).toBe(true);
    expect(cmp.significant).toBe(true);
  });
});
