import { describe, expect, it } from 'vitest';
import { packPanelObjects } from '../../../../common/domain/spc/packed';
import { modelFromPanel } from './model';
import { buildOverlay, limitLabel } from './overlay';

function model(statistic: 'i' | 'p', center: number, ucl: number, lcl: number) {
  const points = Array.from({ length: 12 }, (_, i) => ({ index: i + 1, subgroup: `w${i + 1}`, value: center, center, ucl, lcl, stage: '', tests: [], n: 40 }));
  return modelFromPanel(packPanelObjects({ statistic, center, sigma: 1, points, signals: [], stages: [{ name: '', from: 1, to: 12, center, sigma: 1, ucl, lcl }], testsApplied: [1] }));
}

describe('limit labels fit right of the plot', () => {
  it('keeps a short unit and drops a long one (the axis title carries it), never wider than the 140 px margin', () => {
    expect(limitLabel('UCL', 412.34, 'ms')).toBe('UCL 412.3 ms');
    expect(limitLabel('UCL', 0.12345, 'share of runs')).toBe('UCL 0.1235');
    for (const label of [limitLabel('LCL', -123456.7, 'requests per minute'), limitLabel('UCL', 0.000012, 'share of runs')]) expect(label.length * 8.6).toBeLessThanOrEqual(140);
  });

  it('labels a P chart of a rate KPI as proportions, without the KPI unit, and its LCL as drawn', () => {
    const o = buildOverlay(model('p', 0.08, 0.2, 0), { i0: 0, i1: 12 }, 1000, 340, 'share of runs');
    expect(o.limits.map((l) => l.label)).toEqual(['UCL 0.2', 'CL 0.08', 'LCL 0']);
    const i = buildOverlay(model('i', 400, 450, 350), { i0: 0, i1: 12 }, 1000, 340, 'ms');
    expect(i.limits.map((l) => l.label)).toEqual(['UCL 450 ms', 'CL 400 ms', 'LCL 350 ms']);
  });
});
