import { describe, expect, it } from 'vitest';
import { A2, A3, B3, B4, c4, d2, d3, D3, D4 } from './constants';

// STATS.md §1 table (ASTM E2587 / Montgomery Appendix VI): n, A2, A3, c4, B3, B4, d2, d3, D3, D4.
const TABLE = [
  [2, 1.88, 2.659, 0.7979, 0, 3.267, 1.128, 0.853, 0, 3.267],
  [3, 1.023, 1.954, 0.8862, 0, 2.568, 1.693, 0.888, 0, 2.574],
  [4, 0.729, 1.628, 0.9213, 0, 2.266, 2.059, 0.88, 0, 2.282],
  [5, 0.577, 1.427, 0.94, 0, 2.089, 2.326, 0.864, 0, 2.114],
  [6, 0.483, 1.287, 0.9515, 0.03, 1.97, 2.534, 0.848, 0, 2.004],
  [7, 0.419, 1.182, 0.9594, 0.118, 1.882, 2.704, 0.833, 0.076, 1.924],
  [8, 0.373, 1.099, 0.965, 0.185, 1.815, 2.847, 0.82, 0.136, 1.864],
  [9, 0.337, 1.032, 0.9693, 0.239, 1.761, 2.97, 0.808, 0.184, 1.816],
  [10, 0.308, 0.975, 0.9727, 0.284, 1.716, 3.078, 0.797, 0.223, 1.777],
] as const;

describe('control chart constants', () => {
  it.each(TABLE)('n=%i matches the published table to its printed precision', (n, a2, a3, cc4, b3, b4, dd2, dd3, dD3, dD4) => {
    expect(A2(n)).toBeCloseTo(a2, 2);
    expect(A3(n)).toBeCloseTo(a3, 2);
    expect(c4(n)).toBeCloseTo(cc4, 4);
    expect(B3(n)).toBeCloseTo(b3, 2);
    expect(B4(n)).toBeCloseTo(b4, 2);
    expect(Math.abs(d2(n) - dd2)).toBeLessThanOrEqual(5e-4);
    expect(Math.abs(d3(n) - dd3)).toBeLessThanOrEqual(6e-4);
    expect(D3(n)).toBeCloseTo(dD3, 2);
    expect(D4(n)).toBeCloseTo(dD4, 2);
  });
  it('continues past the table (qcc: d2(25) = 3.931)', () => {
    expect(d2(25)).toBeCloseTo(3.931, 3);
    expect(() => d2(1)).toThrow(/≥ 2/);
  });
});
