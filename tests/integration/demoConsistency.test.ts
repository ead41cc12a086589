import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** Issue 19: the demo event must agree with itself — its A3, its maps, its KPIs and its charter. */
let s: TestServices;
beforeEach(async () => {
  s = await tempServices();
});
afterEach(() => s.close());

describe('demo event consistency', () => {
  it("the p95 KPI's target is the charter's objective (p95 at or below 200 ms)", async () => {
    const demo = await s.call('demo-create', {});
    expect(demo.objectives).toContain('p95 response time at or below 200 ms');
    const p95 = (await s.call('kpi-list', { eventId: demo.id })).find((k) => k.name === 'Inference p95 response time')!;
    expect(p95.target).toBe(200);
  });
});
