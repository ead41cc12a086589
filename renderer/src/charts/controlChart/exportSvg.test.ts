import { describe, expect, it } from 'vitest';
import { controlChartSvg } from './exportSvg';
import { modelFromArrays } from './model';

describe('controlChartSvg', () => {
  it('is a standalone SVG with title, labelled limits, axis label and signal numbers; user text escaped', () => {
    const tests = new Uint8Array(5);
    tests[3] = 1 | 16;
    const m = modelFromArrays(Float64Array.from([10, 11, 9, 20, 10]), 10, 13, 7, tests);
    const svg = controlChartSvg('p95 <script>alert(1)</script>', 'ms', [{ model: m, domain: { i0: 0, i1: 5 }, axisLabel: 'Value (ms)' }]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('p95 &lt;script&gt;');
    expect(svg).toContain('UCL 13 ms');
    expect(svg).toContain('LCL 7 ms');
    expect(svg).toContain('CL 10 ms');
    expect(svg).toContain('Value (ms)');
    expect(svg).toContain('>1,5</text>');
  });
});
