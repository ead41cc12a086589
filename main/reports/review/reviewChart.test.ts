import { describe, expect, it } from 'vitest';
import type { ReviewKpiResult } from '../../../common/contract/schemas/reviews';
import { followUpPoints, heldPanel, reviewChartSvg } from './reviewChart';

const day = (d: number) => `2026-12-${String(d).padStart(2, '0')}`;
const point = (i: number, subgroup: string, value: number) => ({ index: i, subgroup, value, center: 0, ucl: null, lcl: null, stage: 'After', tests: [], n: 1 });
// November (the event) then 1–10 December, values 10..; 5 Dec is far above.
const panel = {
  statistic: 'i' as const,
  points: [point(1, '2026-11-29', 9), point(2, '2026-11-30', 9.5), ...Array.from({ length: 10 }, (_, k) => point(k + 3, day(k + 1), k === 4 ? 30 : 10 + (k % 3)))],
};
const limits: NonNullable<ReviewKpiResult['limits']> = { chart: 'imr', stage: 'After caching change', from: '2026-11-12', to: '2026-11-30', points: 19, center: 10, sigma: 1, ucl: 13, lcl: 7 };
const kpi = { kpiId: 'k1', name: 'p95 <latency>', unit: 'ms', direction: 'lower', verdict: 'sustained', evidence: [], datasetId: null, newPoints: 7, needed: 7, limits, checks: [], beforeAfter: null, baseline: null, gainRetained: null } satisfies ReviewKpiResult;

describe('review chart', () => {
  it('takes the points the review judged: from `since`, as many as it counted (later appends left out)', () => {
    expect(followUpPoints(panel, '2026-12-01', 7).map((p) => p.subgroup)).toEqual([1, 2, 3, 4, 5, 6, 7].map(day));
  });

  it('draws them against the held limits and marks a point beyond them as test 1', () => {
    const held = heldPanel(panel, kpi, '2026-12-01')!;
    expect(held.stages).toEqual([{ name: 'Limits held from "After caching change"', from: 1, to: 7, center: 10, sigma: 1, ucl: 13, lcl: 7 }]);
    expect(held.points.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(held.signals).toEqual([{ test: 1, index: 5 }]);
    const chart = reviewChartSvg(panel, kpi, '2026-12-01')!;
    expect(chart.svg).toContain('UCL 13');
    // User text in the title is escaped inside the SVG.
    expect(chart.svg).toContain('p95 &lt;latency&gt;');
    expect(chart.alt).toContain('1 point(s) beyond them: 2026-12-05 (30)');
  });

  it('draws nothing without held limits or with fewer than 2 follow-up points', () => {
    expect(heldPanel(panel, { ...kpi, limits: null }, '2026-12-01')).toBeNull();
    expect(reviewChartSvg(panel, { ...kpi, newPoints: 1 }, '2026-12-01')).toBeNull();
  });
});
