import { describe, expect, it } from 'vitest';
import { quantizationTradeoff } from './quantization';
import { logTable } from './table';

// Three requests per variant: latency (ms), correct (1/0), size (MB).
const rows: [string, number, number, number][] = [
  ['fp32', 10, 1, 400], ['fp32', 20, 1, 400], ['fp32', 30, 1, 400],
  ['fp16', 6, 1, 200], ['fp16', 8, 1, 200], ['fp16', 10, 0, 200],
  ['int8', 5, 1, 100], ['int8', 9, 0, 100], ['int8', 13, 0, 100],
  ['int8-naive', 20, 0, 100], ['int8-naive', 20, 0, 100], ['int8-naive', 20, 0, 100],
];
const t = logTable('bench.csv', [
  { name: 'variant', values: rows.map((r) => r[0]) },
  { name: 'latency_ms', values: rows.map((r) => r[1]) },
  { name: 'correct', values: rows.map((r) => r[2]) },
  { name: 'size_mb', values: rows.map((r) => r[3]) },
]);

describe('quantizationTradeoff', () => {
  it('size, percentiles, accuracy, against fp32, and the Pareto front', () => {
    // Type 7 on 3 values: p50 = middle; p95: h = 2·0.95 = 1.9 → x₂ + 0.9(x₃ − x₂); p99: h = 1.98.
    // fp32 10,20,30 → p50 20, p95 29, p99 29.8; fp16 6,8,10 → 8, 9.8; int8 5,9,13 → 9, 12.6; naive 20, 20.
    // Accuracy = share correct: 1, 2/3, 1/3, 0. Speed-up = 29 / p95: fp16 2.95918…, int8 2.30158…
    // Pareto: int8-naive is dominated by int8 (same size, faster, more accurate); the rest are not.
    const r = quantizationTradeoff(t, { variant: 'variant', latency: 'latency_ms', accuracy: 'correct', size: 'size_mb' });
    expect(r.baseline).toBe('fp32');
    expect(r.variants.map((v) => [v.variant, v.sizeMb, v.p50, v.p95, v.accuracy, v.sizeRatio, v.p95Speedup, v.accuracyChange, v.paretoEfficient])).toEqual([
      ['fp32', 400, 20, 29, 1, 1, 1, 0, true],
      ['fp16', 200, 8, 9.8, 0.666666666667, 0.5, 2.95918367347, -0.333333333333, true],
      ['int8', 100, 9, 12.6, 0.333333333333, 0.25, 2.30158730159, -0.666666666667, true],
      ['int8-naive', 100, 20, 20, 0, 0.25, 1.45, -1, false],
    ]);
    expect(r.variants[0]!.p99).toBe(29.8);
  });

  it('an unknown baseline is named', () => {
    expect(() => quantizationTradeoff(t, { variant: 'variant', latency: 'latency_ms', baseline: 'bf16' })).toThrow('there is no variant "bf16" in column "variant" (variants: fp32, fp16, int8, int8-naive)');
  });
});
