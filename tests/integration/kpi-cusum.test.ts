import fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ChartSettings } from '../../common/contract/schemas/kpi';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { unpackChart } from '../../common/domain/spc/packed';

let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Retraining kaizen' })).id;
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

describe('KPI chart settings: CUSUM', () => {
  it('settings saved before CUSUM existed still parse, with Minitab defaults k = 0.5, h = 4', () => {
    const old = { chart: 'ewma', stages: [], firstStage: 'Before', limitsFrom: null, preset: 'nelson', tests: [1, 2], k: { 1: 3, 2: 9, 3: 6, 4: 14, 5: 2, 6: 4, 7: 15, 8: 8 }, nsigmas: 3, lambda: 0.2 };
    const parsed = ChartSettings.parse(old);
    expect([parsed.cusumK, parsed.cusumH]).toEqual([0.5, 4]);
    expect(() => ChartSettings.parse({ ...old, cusumH: 0 })).toThrow();
  });

  it('a manual KPI charted as CUSUM with Phase I points 1–8 and a saved plan: upper/lower panels, ±H, lower-side signals and the CUSUM test text', async () => {
    const kpi = await s.call('kpi-create', { eventId, name: 'Retraining latency', unit: 'h', direction: 'lower', source: { kind: 'manual' } });
    const vals = [50, 47, 52, 49, 51, 46, 53, 48, 45, 44, 46, 43, 44, 45, 42, 44];
    for (let i = 0; i < vals.length; i++) await s.call('kpi-entry-add', { kpiId: kpi.id, date: `2026-11-${String(i + 1).padStart(2, '0')}`, value: vals[i] });
    const saved = await s.call('kpi-update', { id: kpi.id, patch: { chart: { ...kpi.chart, chart: 'cusum', limitsFrom: { from: 1, to: 8 }, cusumK: 0.5, cusumH: 5 } } });
    expect(saved.chart.cusumH).toBe(5);
    const c = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id }));
    expect(c.chart).toBe('cusum');
    expect(c.title).toBe('Retraining latency: CUSUM (tabular cumulative sum)');
    expect(c.nsigmas).toBe(5);
    expect(c.sigmaMethod).toBe('σ = MR̄/d2(2) = MR̄/1.128; target μ0 = mean of points 1–8; K = 0.5 σ, H = 5 σ');
    const [up, low] = c.panels;
    expect([up!.statistic, low!.statistic]).toEqual(['cusum-upper', 'cusum-lower']);
    const mrBar = (3 + 5 + 3 + 2 + 5 + 7 + 5) / 7;
    const sigma = mrBar / 1.1283791670955126;
    expect(up!.sigma).toBeCloseTo(sigma, 10);
    expect(up!.ucl).toBeCloseTo(5 * sigma, 10);
    expect(low!.lcl).toBeCloseTo(-5 * sigma, 10);
    expect(up!.signals).toEqual([]);
    expect(low!.signals.length).toBeGreaterThan(0);
    expect(low!.signals[0]!.index).toBeGreaterThan(8);
    expect(c.testDescriptions).toEqual([{ test: 1, text: expect.stringMatching(/^Test 1 \(CUSUM\): .*±H = 5 σ/) }]);
    // The board's signal badge counts the lower sum's signals (a downward shift) too.
    const card = await s.call('kpi-get', { id: kpi.id });
    expect(card.signals.map((x) => x.index)).toEqual(low!.signals.map((x) => x.index));
    // A preview with another plan is not saved.
    const preview = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id, settings: { cusumH: 20 } }));
    expect(preview.panels[1]!.signals).toEqual([]);
    expect((await s.call('kpi-get', { id: kpi.id })).chart.cusumH).toBe(5);
  });
});
