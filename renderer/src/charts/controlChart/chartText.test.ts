import { describe, expect, it } from 'vitest';
import type { SpcPanelOut } from '../../../../common/contract/schemas/spc';
import { packPanelObjects } from '../../../../common/domain/spc/packed';
import { chartPanels, chartTextAlternative, signalRowText, signalRows } from './chartText';

function panel(ucl: (i: number) => number, signals: number | number[]): SpcPanelOut {
  const at = typeof signals === 'number' ? Array.from({ length: signals }, (_, i) => i + 1) : signals;
  const points = Array.from({ length: 80 }, (_, i) => ({ index: i + 1, subgroup: `d${i + 1}`, value: 10, center: 10, ucl: ucl(i), lcl: 5, stage: '', tests: [], n: 4 }));
  return packPanelObjects({ statistic: 'xbar', center: 10, sigma: 1, points, signals: at.map((index) => ({ test: 1, index })), stages: [{ name: '', from: 1, to: 80, center: 10, sigma: 1, ucl: null, lcl: 5 }], testsApplied: [1] });
}

describe('control chart text alternative', () => {
  it('gives limits that vary with the subgroup size as a range, and a constant one as a value', () => {
    const text = chartTextAlternative({ unit: 'ms', panels: [panel((i) => 15 + (i % 2) * 0.5, 0)] });
    expect(text).toBe('80 points from d1 to d80 in ms. all points (points 1–80): centre 10, UCL 15 to 15.5, LCL 5. No signals.');
  });

  it('names the first 50 signals and counts the rest', () => {
    const text = chartTextAlternative({ unit: '', panels: [panel(() => 15, 60)] });
    expect(text).toContain('60 points with signals: point 1 (d1) test 1; ');
    expect(text).toContain('point 50 (d50) test 1 and 10 more.');
    expect(text).not.toContain('point 51 (d51)');
  });

  it('labels the axes with the unit, except proportions', () => {
    const p = panel(() => 15, 0);
    expect(chartPanels({ unit: 'ms', panels: [p, { ...p, statistic: 's' }] }).map((x) => [x.axisLabel, x.height])).toEqual([['Subgroup mean (ms)', 340], ['Standard deviation (ms)', 220]]);
    expect(chartPanels({ unit: 'ms', panels: [{ ...p, statistic: 'p' }] })[0]!.axisLabel).toBe('Proportion');
  });

  it('lists CUSUM lower-sum signals (a downward shift) with the upper ones', () => {
    const up = { ...panel(() => 15, 1), statistic: 'cusum-upper' as const };
    const low = { ...panel(() => 15, [30]), statistic: 'cusum-lower' as const };
    expect(signalRows({ panels: [up, low] }).map((s) => [s.index, s.panels.map((p) => p.statistic)])).toEqual([[1, ['cusum-upper']], [30, ['cusum-lower']]]);
    expect(chartTextAlternative({ unit: 'h', panels: [up, low] })).toContain('2 points with signals: point 1 (d1) test 1; point 30 (d30) test 1 on the lower CUSUM chart.');
  });

  it('lists moving-range signals too, one row per point, naming the chart and its value (the chart showed a red 1 the list left out)', () => {
    const mr = { ...panel(() => 15, [3, 7]), statistic: 'mr' as const };
    const i = { ...panel(() => 15, [7]), statistic: 'i' as const };
    const rows = signalRows({ panels: [i, mr] });
    expect(rows.map((r) => r.index)).toEqual([3, 7]);
    const describe = (t: number) => `Test ${t}: a point more than 3 σ from the centre line`;
    expect(signalRowText(rows[0]!, describe, (v) => `${v} ms`)).toBe('Point 3 (d3, 10 ms): Test 1: a point more than 3 σ from the centre line (moving range chart, 10 ms).');
    expect(signalRowText(rows[1]!, describe, (v) => `${v} ms`)).toBe('Point 7 (d7, 10 ms): Test 1: a point more than 3 σ from the centre line; Test 1: a point more than 3 σ from the centre line (moving range chart, 10 ms).');
    expect(chartTextAlternative({ unit: 'ms', panels: [i, mr] })).toContain('2 points with signals: point 3 (d3) test 1 on the moving range chart; point 7 (d7) test 1, test 1 on the moving range chart.');
  });
});
