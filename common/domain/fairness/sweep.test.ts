import { describe, expect, it } from 'vitest';
import { sweepThresholds, thresholdSweep } from './sweep';

// A: y = 1,1,0,0 with scores 0.9, 0.6, 0.7, 0.2; B: y = 1,0,0,0 with scores 0.8, 0.5, 0.4, 0.1.
const points = [
  { group: 'A', label: true, score: 0.9, count: 1 },
  { group: 'A', label: true, score: 0.6, count: 1 },
  { group: 'A', label: false, score: 0.7, count: 1 },
  { group: 'A', label: false, score: 0.2, count: 1 },
  { group: 'B', label: true, score: 0.8, count: 1 },
  { group: 'B', label: false, score: 0.5, count: 1 },
  { group: 'B', label: false, score: 0.4, count: 1 },
  { group: 'B', label: false, score: 0.1, count: 1 },
];

describe('thresholdSweep on a table checked by hand', () => {
  const s = thresholdSweep(points, [0, 0.5, 0.65, 1]);
  it('gives selection rate = share with score ≥ t per group (≥, so B’s 0.5 counts at t = 0.5)', () => {
    expect(s.groups.map((g) => [g.group, g.count, g.positives])).toEqual([['A', 4, 2], ['B', 4, 1]]);
    // A at 0.5: 0.9, 0.6, 0.7 → 3/4; at 0.65: 0.9, 0.7 → 2/4. B at 0.5: 0.8, 0.5 → 2/4; at 0.65: 0.8 → 1/4.
    expect(s.groups[0]!.selection_rate).toEqual([1, 0.75, 0.5, 0]);
    expect(s.groups[1]!.selection_rate).toEqual([1, 0.5, 0.25, 0]);
  });
  it('gives TPR = share of the positives with score ≥ t', () => {
    // A's positives 0.9 and 0.6: both ≥ 0.5, one ≥ 0.65. B's positive 0.8.
    expect(s.groups[0]!.tpr).toEqual([1, 1, 0.5, 0]);
    expect(s.groups[1]!.tpr).toEqual([1, 1, 1, 0]);
  });
  it('weights grouped rows by their count and leaves TPR undefined for a group without positives', () => {
    const w = thresholdSweep([{ group: 'A', label: true, score: 0.9, count: 3 }, { group: 'A', label: false, score: 0.3, count: 1 }, { group: 'C', label: false, score: 0.6, count: 2 }], [0.5]);
    expect(w.groups[0]!.selection_rate).toEqual([0.75]);
    expect(w.groups[1]!.tpr).toEqual([null]);
  });
});

describe('sweepThresholds', () => {
  it('spans 0..1 for probabilities and min..max otherwise', () => {
    expect(sweepThresholds(0.12, 0.97, 11)).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    expect(sweepThresholds(-2, 6, 5)).toEqual([-2, 0, 2, 4, 6]);
    expect(() => sweepThresholds(1, 0)).toThrow(/finite score range/);
  });
});
