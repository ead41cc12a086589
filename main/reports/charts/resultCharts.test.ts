import { describe, expect, it } from 'vitest';
import { isSafeSvg } from '../svg';
import { beforeAfterSvg, groupedBarsSvg, histogramOverlaySvg, intervalChartSvg, kpiSmallMultiplesSvg, paretoChartSvg, ticksCovering } from './resultCharts';

/** Every y of a <text> and <rect> in the picture (its own coordinates). */
const ys = (svg: string) => [...svg.matchAll(/<(?:text|rect)[^>]*\sy="(-?[\d.]+)"/g)].map((m) => Number(m[1]));

describe('ticksCovering', () => {
  it('reaches the value asked for, so the tallest bar stays inside the axis', () => {
    expect(ticksCovering(498).at(-1)).toBeGreaterThanOrEqual(498);
    expect(ticksCovering(498)).toEqual([0, 100, 200, 300, 400, 500]);
    expect(ticksCovering(0.95).at(-1)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('result charts', () => {
  const kpi = { name: 'p95 <b>latency</b>', unit: 'ms', before: 408.2, after: 377.7, target: 200, direction: 'lower' as const };
  it('draws a KPI before → after with every label inside the picture, green when it moved the better way', () => {
    const svg = beforeAfterSvg(kpi, { thumb: true });
    expect(isSafeSvg(svg)).toBe(true);
    expect(Math.min(...ys(svg))).toBeGreaterThanOrEqual(0);
    expect(svg).toContain('fill="#009e73"');
    expect(beforeAfterSvg({ ...kpi, after: 420 }, { thumb: true })).toContain('fill="#d55e00"');
    expect(beforeAfterSvg({ ...kpi, direction: 'higher', before: 0.778, after: 0.755, target: 0.77 })).toMatch(/target 0\.77 ms/);
  });
  it('puts every KPI in the small multiples, names escaped, nested pictures hidden from screen readers', () => {
    const svg = kpiSmallMultiplesSvg([kpi, { ...kpi, name: 'AUC', unit: '', before: 0.91, after: null, target: null }]);
    expect(isSafeSvg(svg)).toBe(true);
    expect(svg.match(/<svg x=/g)).toHaveLength(2);
    expect(svg).toContain('p95 &lt;b&gt;latency&lt;/b&gt;');
    expect(svg).toContain('0.91 → —');
    expect(svg.match(/aria-hidden="true"/g)).toHaveLength(2);
  });
  it('draws the Pareto, histogram overlay, grouped bars and intervals as safe SVG with their labels', () => {
    const pareto = paretoChartSvg([{ label: 'feature_ms', value: 148.5, cumulativeShare: 0.68 }, { label: 'model_ms', value: 49.6, cumulativeShare: 0.91 }], { title: 'Pareto', unit: 'ms' });
    expect(isSafeSvg(pareto)).toBe(true);
    expect(Math.min(...ys(pareto))).toBeGreaterThanOrEqual(0);
    expect(pareto).toContain('>149<');
    const hist = histogramOverlaySvg([{ label: '[0, 1)', reference: 0.5, current: 0.2 }, { label: '[1, +∞)', reference: 0.5, current: 0.8 }], { title: 'score' });
    expect(isSafeSvg(hist)).toBe(true);
    expect(hist).toContain('Reference window');
    const bars = groupedBarsSvg(['EU', 'US'], [{ name: 'Selection rate', values: [0.12, null] }], { title: 'rates' });
    expect(bars).toContain('>12 %<');
    expect(bars).toContain('>n/a<');
    const iv = intervalChartSvg([{ label: 'p95 latency', value: -20.5, low: -25.5, high: -16.2, format: (v) => `${v} ms` }, { label: 'auc', value: null, low: null, high: null, format: String }], { title: 'diff' });
    expect(iv).toContain('-20.5 ms [-25.5 ms, -16.2 ms]');
    expect(iv).toContain('not computed');
  });
});
