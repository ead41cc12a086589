import { describe, expect, it } from 'vitest';
import { businessThreshold } from './threshold';
import { logTable } from './table';

// Six scored rows: scores 0.1 (legit), 0.4 (fraud), 0.4 (legit), 0.6 (legit), 0.8 (fraud), 0.9 (fraud).
// Positives (fraud) = 3, negatives = 3. Cost of a false positive 1, of a false negative 5.
const t = logTable('scored.csv', [
  { name: 'score', values: [0.8, 0.1, 0.4, 0.9, 0.4, 0.6] },
  { name: 'label', values: ['fraud', 'legit', 'fraud', 'fraud', 'legit', 'legit'] },
]);

describe('businessThreshold', () => {
  it('picks the least-cost threshold among the distinct scores', () => {
    // t = 0.1: all predicted positive → FP 3, FN 0 → cost 3.
    // t = 0.4: 0.1 is negative → FP 2 (0.4 legit, 0.6), FN 0 → cost 2.
    // t = 0.6: below are 0.1 L, 0.4 F, 0.4 L → FP 1 (0.6), FN 1 → 1 + 5 = 6.
    // t = 0.8: FP 0, FN 1 → 5.   t = 0.9: FP 0, FN 2 (0.4, 0.8) → 10.
    // Least cost 2 at 0.4: TP 3, FP 2, TN 1, FN 0.
    const r = businessThreshold(t, { score: 'score', label: 'label', positive: 'fraud', costFp: 1, costFn: 5 });
    expect(r.curve).toEqual([
      { threshold: 0.1, cost: 3 },
      { threshold: 0.4, cost: 2 },
      { threshold: 0.6, cost: 6 },
      { threshold: 0.8, cost: 5 },
      { threshold: 0.9, cost: 10 },
    ]);
    expect(r.threshold).toBe(0.4);
    expect(r.cost).toBe(2);
    expect(r.confusion).toEqual({ tp: 3, fp: 2, tn: 1, fn: 0 });
  });

  it('breaks ties by the lower threshold', () => {
    // costFp 5, costFn 5: costs 15, 10, 10, 5, 10 → 0.8 alone is least. With costFp 2, costFn 2:
    // 6, 4, 4, 2, 4 → 0.8. With costFp 1, costFn 2: 3, 2, 3, 2, 4 → tie 0.4 and 0.8 → 0.4.
    const r = businessThreshold(t, { score: 'score', label: 'label', positive: 'fraud', costFp: 1, costFn: 2 });
    expect(r.curve.map((p) => p.cost)).toEqual([3, 2, 3, 2, 4]);
    expect(r.threshold).toBe(0.4);
  });

  it('refuses a label without the positive value, a text score, and an empty log', () => {
    expect(() => businessThreshold(t, { score: 'score', label: 'label', positive: 'yes', costFp: 1, costFn: 1 })).toThrow('no value of "label" equals the positive label "yes" (values seen: fraud, legit)');
    const bad = logTable('s.csv', [
      { name: 'score', values: [0.2, 'high'] },
      { name: 'label', values: ['1', '0'] },
    ]);
    expect(() => businessThreshold(bad, { score: 'score', label: 'label', positive: '1', costFp: 1, costFn: 1 })).toThrow('s.csv, column "score", row 2: "high" is not a number');
    expect(() => businessThreshold(logTable('e.csv', []), { score: 'score', label: 'label', positive: '1', costFp: 1, costFn: 1 })).toThrow('e.csv has no rows');
  });
});
