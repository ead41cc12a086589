import { describe, expect, it } from 'vitest';
import type { PanelObjects } from '../../../common/domain/spc/packed';
import { isSafeSvg } from '../svg';
import { renderControlChartSvg } from './controlChartSvg';

const point = (index: number, value: number, stage: string, tests: number[] = []) => ({ index, subgroup: `2026-11-${String(index).padStart(2, '0')}`, value, center: 0, ucl: null, lcl: null, stage, tests, n: 1 });
const panel: PanelObjects = {
  statistic: 'i',
  center: 10,
  sigma: 1,
  points: [point(1, 10, 'Before'), point(2, 11, 'Before'), point(3, 14, 'Before', [1]), point(4, 8, 'After'), point(5, 7.5, 'After')],
  signals: [{ test: 1, index: 3 }],
  stages: [
    { name: 'Before', from: 1, to: 3, center: 10, sigma: 1, ucl: 13, lcl: 7 },
    { name: '<After>', from: 4, to: 5, center: 7.75, sigma: 0.5, ucl: 9.25, lcl: 6.25 },
  ],
  testsApplied: [1],
  total: 5,
  decimated: false,
};

describe('renderControlChartSvg', () => {
  it('draws a safe vector chart with the last stage\'s limits labelled, stages named and signals numbered', () => {
    const svg = renderControlChartSvg(panel, { title: 'p95 <latency>', unit: 'ms' });
    expect(isSafeSvg(svg)).toBe(true);
    expect(svg).toContain('p95 &lt;latency&gt;');
    expect(svg).toContain('&lt;After&gt;');
    expect(svg).toContain('>UCL 9.25<');
    expect(svg).toContain('>CL 7.75<');
    expect(svg).toContain('>LCL 6.25<');
    expect(svg).toContain('I (ms)');
    expect(svg.match(/<circle[^>]*fill="#c00000"/g)).toHaveLength(2); // the signal and its legend swatch
    expect(svg).toMatch(/font-weight="700" text-anchor="middle" fill="#c00000">1</);
  });
});
