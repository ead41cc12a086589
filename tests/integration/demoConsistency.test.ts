import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEMPLATES_DEFS } from '../../common/domain/vsm/templates';
import type { VsmMetrics } from '../../common/domain/vsm/metrics';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/** Issue 19: the demo event must agree with itself — its A3, its maps, its KPIs and its charter. */
let s: TestServices;
beforeEach(async () => {
  s = await tempServices();
});
afterEach(() => s.close());

const DEMO = path.resolve(__dirname, '..', '..', 'resources', 'demo');

/** Median (type 7) of a column of the shipped inference log over the requests before 12 Nov 2026, read from the CSV itself. */
function csvMedianBefore(column: string): { median: number; n: number } {
  const [head, ...lines] = fs.readFileSync(path.join(DEMO, 'inference-log.csv'), 'utf8').trim().split('\n');
  const cols = head!.split(',');
  const t = cols.indexOf('timestamp');
  const c = cols.indexOf(column);
  const xs = lines.map((l) => l.split(',')).filter((f) => f[t]! < '2026-11-12').map((f) => Number(f[c])).sort((a, b) => a - b);
  const h = (xs.length - 1) / 2;
  return { median: xs[Math.floor(h)]! + (h - Math.floor(h)) * (xs[Math.ceil(h)]! - xs[Math.floor(h)]!), n: xs.length };
}

describe('demo event consistency', () => {
  it("the p95 KPI's target is the charter's objective (p95 at or below 200 ms)", async () => {
    const demo = await s.call('demo-create', {});
    expect(demo.objectives).toContain('p95 response time at or below 200 ms');
    const p95 = (await s.call('kpi-list', { eventId: demo.id })).find((k) => k.name === 'Inference p95 response time')!;
    expect(p95.target).toBe(200);
  });

  it('every objective of the charter has a KPI with the objective as its target, or says why it has none', async () => {
    const demo = await s.call('demo-create', {});
    const kpis = await s.call('kpi-list', { eventId: demo.id });
    const objectives = demo.objectives.split('\n').filter((l) => l.trim());
    expect(objectives).toHaveLength(3);
    for (const line of objectives) {
      const below = /at or below (\d+(?:\.\d+)?) ms/.exec(line);
      const above = /precision at or above (\d+(?:\.\d+)?)/.exec(line);
      if (below) {
        const k = kpis.find((x) => x.name === 'Inference p95 response time')!;
        expect([k.target, k.direction, k.unit]).toEqual([Number(below[1]), 'lower', 'ms']);
      } else if (above) {
        // "No loss of precision": the KPI is the model's daily precision, its target the level before the event.
        const k = kpis.find((x) => x.name === 'Model precision')!;
        expect(k, line).toBeDefined();
        expect([k.target, k.direction, k.sourceError]).toEqual([Number(above[1]), 'higher', null]);
        expect(k.baselineValue!).toBeGreaterThanOrEqual(Number(above[1]));
        expect(k.baselineValue!).toBeLessThan(Number(above[1]) + 0.01);
      } else {
        // Timeout fallbacks: no log of the demo records them, so the objective says where they are counted.
        expect(line).toMatch(/^Timeout fallbacks .*not as a KPI here/);
        const columns = (await s.call('dataset-list', { eventId: demo.id })).flatMap((d) => d.columns.map((c) => c.name));
        expect(columns.some((c) => /timeout|fallback/i.test(c))).toBe(false);
      }
    }
    // The readiness item about agreed KPIs names the same KPIs.
    const checklist = await s.call('checklist-list', { eventId: demo.id });
    expect(checklist.find((c) => c.kind === 'kpis-agreed')?.title).toBe('KPIs agreed with the sponsor: p95 latency, precision');
  });

  it("the current-state map is the target area's scoring path, timed from the inference log, and it is the A3's current condition", async () => {
    const demo = await s.call('demo-create', {});
    expect(demo.targetArea).toBe('inference-latency');
    const maps = await s.call('vsm-list', { eventId: demo.id });
    expect(maps.map((m) => m.kind)).toEqual(['current']);
    const { map, metrics } = await s.call('vsm-get', { mapId: maps[0]!.id });
    expect(map.name).toBe('Scoring path today');
    // Stages from the inference-latency template (the event's target area), none from the out-of-scope retraining pipeline.
    const templateStages = TEMPLATES_DEFS['inference-latency'].stages.map((x) => x.name);
    expect(map.stages.map((x) => x.name)).toEqual(['Feature lookup', 'Pre-processing', 'Model inference', 'Post-processing / rules']);
    for (const st of map.stages) expect(templateStages).toContain(st.name);
    // Each process time is the median of its column over the requests before the caching change.
    const columnOf: Record<string, string> = { 'Feature lookup': 'feature_ms', 'Pre-processing': 'preprocess_ms', 'Model inference': 'model_ms', 'Post-processing / rules': 'postprocess_ms' };
    for (const st of map.stages) {
      const { median, n } = csvMedianBefore(columnOf[st.name]!);
      expect(st.pt, st.name).toEqual({ value: Math.round(median * 10) / 10, unit: 'ms' });
      expect(st.wt).toEqual({ value: 0, unit: 'ms' });
      expect(st.notes).toContain(`median ${columnOf[st.name]} of ${n} requests`);
    }
    const m = metrics as VsmMetrics;
    expect(m.constraint?.name).toBe('Feature lookup');
    expect(map.bursts.map((b) => b.stageId)).toEqual([m.constraint!.stageId]);
    // The sum of the stage medians is close to the p95 KPI's story: around 240 ms per request before the change.
    expect(m.leadTimeMs).toBeGreaterThan(200);
    expect(m.leadTimeMs).toBeLessThan(300);

    const a3 = await s.call('report-a3-get', { eventId: demo.id });
    const cc = a3.fields.currentCondition;
    expect(cc).toContain('Value stream "Scoring path today": lead time ');
    expect(cc).toMatch(/lead time \d+(\.\d+)? ms/);
    expect(cc).toContain('Constraint: Feature lookup');
    expect(cc).toContain('In scope: Online scoring path');
    expect(cc).not.toMatch(/retraining|Data ingestion|Training/i);
  });
});
