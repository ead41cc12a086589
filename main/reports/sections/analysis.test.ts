import { describe, expect, it } from 'vitest';
import { keyFigures } from './analysis';

describe('keyFigures', () => {
  it('keeps top-level numbers, short texts and yes/no with readable labels, and skips nested data', () => {
    expect(keyFigures({ p95Ms: 412.3456, psi_value: 0.2312, drift: true, band: 'moderate', series: [1, 2], detail: { a: 1 } })).toEqual([
      { label: 'P95 Ms', value: '412.3' },
      { label: 'Psi value', value: '0.2312' },
      { label: 'Drift', value: 'yes' },
      { label: 'Band', value: 'moderate' },
    ]);
    expect(keyFigures(null)).toEqual([]);
    expect(keyFigures([1, 2])).toEqual([]);
  });
});
