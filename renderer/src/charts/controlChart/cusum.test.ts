import { describe, expect, it } from 'vitest';
import { mergeCusumPanels } from './cusum';
import { controlChartSvg } from './exportSvg';
import { modelFromArrays } from './model';
import type { ChartModel } from './model';
import { buildOverlay } from './overlay';

const withStat = (m: ChartModel, statistic: string): ChartModel => ({ ...m, statistic });

function cusumModels() {
  const upTests = new Uint8Array(6);
  upTests[5] = 1;
  const lowTests = new Uint8Array(6);
  lowTests[2] = 1;
  const upper = withStat(modelFromArrays(Float64Array.from([0, 1, 0, 2, 3.5, 4.6]), 0, 4, -4, upTests), 'cusum-upper');
  const lower = withStat(modelFromArrays(Float64Array.from([-1, -3, -4.4, 0, 0, 0]), 0, 4, -4, lowTests), 'cusum-lower');
  return { upper, lower };
}

describe('CUSUM drawing', () => {
  it('merges the upper and lower panels into one panel with both series and a cumulative-sum axis label', () => {
    const { upper, lower } = cusumModels();
    const merged = mergeCusumPanels([{ model: upper, axisLabel: 'cusum-upper (ms)', height: 340 }, { model: lower, axisLabel: 'cusum-lower (ms)', height: 220 }], 'ms');
    expect(merged).toHaveLength(1);
    expect(merged[0]!.model).toBe(upper);
    expect(merged[0]!.second).toBe(lower);
    expect(merged[0]!.axisLabel).toBe('Cumulative sum (ms)');
    expect(merged[0]!.height).toBe(340);
    const imr = [{ model: upper, axisLabel: 'x', height: 340 }];
    expect(mergeCusumPanels(imr, '')).toEqual(imr);
  });

  it('labels the limits +H / CL / −H, spans both series and marks signals of both sums', () => {
    const { upper, lower } = cusumModels();
    const o = buildOverlay(upper, { i0: 0, i1: 6 }, 900, 340, 'ms', lower);
    expect(o.limits.map((l) => l.label)).toEqual(['+H 4 ms', 'CL 0 ms', '−H -4 ms']);
    expect(o.frame.yMin).toBeLessThanOrEqual(-4.4);
    expect(o.frame.yMax).toBeGreaterThanOrEqual(4.6);
    expect(o.signals.map((s) => [s.series, s.i, s.below])).toEqual([[0, 5, false], [1, 2, true]]);
  });

  it('exports both sums with a legend', () => {
    const { upper, lower } = cusumModels();
    const svg = controlChartSvg('Latency: CUSUM', 'ms', [{ model: upper, second: lower, domain: { i0: 0, i1: 6 }, axisLabel: 'Cumulative sum (ms)' }]);
    expect(svg.match(/<path d="M[^"]*" fill="none" stroke="#(0072b2|14181f)"/g)).toHaveLength(2);
    expect(svg).toContain('C⁺ upper sum (detects a shift up)');
    expect(svg).toContain('C⁻ lower sum (detects a shift down)');
    expect(svg).toContain('+H 4 ms');
    expect(svg).toContain('−H -4 ms');
  });
});

describe('limit labels', () => {
  it('are spread at least 17 px apart when ±H sits close to 0 on a tall axis, in UCL/CL/LCL order', () => {
    const { upper, lower } = cusumModels();
    const tall = withStat(modelFromArrays(Float64Array.from([0, 150, 300, 0, 0, 0]), 0, 4, -4), 'cusum-upper');
    const o = buildOverlay(tall, { i0: 0, i1: 6 }, 900, 340, 'ms', lower);
    const ys = o.limits.map((l) => l.y);
    expect(ys[1]! - ys[0]!).toBeGreaterThanOrEqual(17);
    expect(ys[2]! - ys[1]!).toBeGreaterThanOrEqual(17);
    expect(ys[2]!).toBeLessThanOrEqual(o.frame.y + o.frame.h + 6);
    // Far-apart labels stay on their lines.
    const wide = buildOverlay(upper, { i0: 0, i1: 6 }, 900, 340, 'ms', lower);
    const cl = wide.limits.find((l) => l.kind === 'cl')!;
    expect(cl.y).toBeCloseTo(wide.frame.y + wide.frame.h - ((0 - wide.frame.yMin) / (wide.frame.yMax - wide.frame.yMin)) * wide.frame.h, 6);
  });
});
