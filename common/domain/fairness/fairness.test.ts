import { describe, expect, it } from 'vitest';
import { fairnessDegenerate, fairnessGate, fairnessMetrics, intersectionGroup, isPositive, sampleSizeIssues } from './fairness';

// Fairlearn user guide, "Performing a fairness assessment" / "Common fairness metrics" (18 rows, groups a/b/c).
const yTrue = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const yPred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const sf = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];
const rows = yTrue.map((y, i) => ({ label: y === 1, prediction: yPred[i] === 1, group: sf[i]! }));

describe('fairnessMetrics on the Fairlearn user-guide example', () => {
  const r = fairnessMetrics(rows);
  it('matches MetricFrame.by_group (tpr, fpr, sel, count), checked by hand', () => {
    // a: rows 3,9,10,12 → y=[1,1,0,0], ŷ=[1,0,1,1]: sel 3/4, TPR 1/2, FPR 2/2.
    // b: rows 1,2,4,5,13,16 → y=[0,1,1,1,1,1], ŷ=[0,0,0,1,1,1]: sel 3/6, TPR 3/5, FPR 0/1.
    // c: 8 rows, y=[0,1,0,0,1,1,1,1], ŷ=[1,1,0,1,0,0,1,0]: sel 4/8, TPR 2/5, FPR 2/3.
    expect(r.groups.map((g) => [g.group, g.count, g.selection_rate, g.tpr, g.fpr])).toEqual([
      ['a', 4, 0.75, 0.5, 1],
      ['b', 6, 0.5, 0.6, 0],
      ['c', 8, 0.5, 0.4, 2 / 3],
    ]);
  });
  it('matches MetricFrame.overall: tpr 0.5, fpr 0.666667, sel 0.555556', () => {
    expect(r.overall.tpr).toBeCloseTo(0.5, 12);
    expect(r.overall.fpr).toBeCloseTo(2 / 3, 12);
    expect(r.overall.selection_rate).toBeCloseTo(10 / 18, 12);
  });
  it('matches demographic_parity_difference 0.25, ratio 0.66666…, equalized_odds_difference 1.0, ratio 0.0', () => {
    expect(r.demographic_parity_difference).toBeCloseTo(0.25, 12);
    expect(r.demographic_parity_ratio).toBeCloseTo(2 / 3, 12);
    expect(r.equalized_odds_difference).toBeCloseTo(1, 12);
    expect(r.equalized_odds_ratio).toBe(0);
  });
  it("matches difference/ratio(method='to_overall'): sel 0.194444 / 0.740741, tpr 0.1 / 0.8, fpr 0.666667 / 0", () => {
    expect(r.to_overall.demographic_parity_difference).toBeCloseTo(0.194444, 6);
    expect(r.to_overall.demographic_parity_ratio).toBeCloseTo(0.740741, 6);
    expect(r.to_overall.equalized_odds_difference).toBeCloseTo(2 / 3, 12); // max(0.1, 0.666667)
    expect(r.to_overall.equalized_odds_ratio).toBe(0); // min(0.8, 0)
  });
  it('warns about small groups', () => {
    expect(r.warnings.some((w) => w.includes('"a" has only 4 rows'))).toBe(true);
  });
});

describe('undefined rates', () => {
  it('reports TPR of a group without positives as null with a warning, never 0', () => {
    const data = [
      { label: false, prediction: true, group: 'x' },
      { label: false, prediction: false, group: 'x' },
      { label: true, prediction: true, group: 'y' },
      { label: false, prediction: false, group: 'y' },
    ];
    const r = fairnessMetrics(data);
    expect(r.groups[0]!.tpr).toBeNull();
    expect(r.warnings.some((w) => w.startsWith('TPR is undefined for group "x"'))).toBe(true);
    // TPR difference needs two defined groups → null; equalized odds cannot be computed.
    expect(r.equalized_odds_difference).toBeNull();
    expect(JSON.parse(JSON.stringify(r)).groups[0].tpr).toBeNull();
  });
  it('needs at least two groups', () => {
    expect(() => fairnessMetrics([{ label: true, prediction: true, group: 'only' }])).toThrow(/at least 2 groups/);
  });
});

describe('gate and labels', () => {
  const r = fairnessMetrics(rows);
  it('passes differences at or below the threshold and ratios at or above it', () => {
    expect(fairnessGate(r, 'demographic_parity_difference', 0.25).pass).toBe(true);
    expect(fairnessGate(r, 'demographic_parity_difference', 0.2).pass).toBe(false);
    expect(fairnessGate(r, 'demographic_parity_ratio', 0.8).pass).toBe(false);
  });
  it('compares numeric labels numerically', () => {
    expect(isPositive('1.0', '1')).toBe(true);
    expect(isPositive(1, '1')).toBe(true);
    expect(isPositive('fraud', 'fraud')).toBe(true);
    expect(isPositive('0', '1')).toBe(false);
    expect(isPositive(null, '1')).toBe(false);
  });
});

describe('degenerate input is undecided, never a pass', () => {
  const groupsOf = (n: number) => Array.from({ length: n }, (_, i) => (i % 2 ? 'x' : 'y'));
  it('positive label never occurs: demographic parity 0 would "pass" any threshold, but the gate cannot decide', () => {
    const data = groupsOf(40).map((group, i) => ({ label: false, prediction: i % 5 === 0, group }));
    const r = fairnessMetrics(data);
    expect(fairnessDegenerate(r)).toMatch(/positive label never occurs in the 40 rows/);
    for (const m of ['demographic_parity_difference', 'equalized_odds_difference', 'demographic_parity_ratio'] as const) {
      const g = fairnessGate(r, m, 0.5);
      expect(g.pass).toBeNull();
      expect(g.undecidedReason).toMatch(/positive label never occurs/);
    }
  });
  it('no positive prediction in any group: every selection rate is 0, difference 0, still undecided', () => {
    const data = groupsOf(40).map((group, i) => ({ label: i % 3 === 0, prediction: false, group }));
    const r = fairnessMetrics(data);
    expect(r.demographic_parity_difference).toBe(0);
    const g = fairnessGate(r, 'demographic_parity_difference', 0.1);
    expect(g.pass).toBeNull();
    expect(g.undecidedReason).toMatch(/no row in any group was predicted positive/);
  });
  it('one group without positive predictions is a real disparity, not degenerate', () => {
    const data = groupsOf(40).map((group, i) => ({ label: i % 3 === 0, prediction: group === 'x' && i % 4 === 1, group }));
    const r = fairnessMetrics(data);
    expect(fairnessDegenerate(r)).toBeNull();
    expect(fairnessGate(r, 'demographic_parity_difference', 0.1).pass).toBe(false);
  });
});

describe('a scored table checked by hand (threshold 0.5), sample-size rule and intersections', () => {
  // A: (y, score) = (1, 0.9) (1, 0.6) (0, 0.7) (0, 0.2); B: (1, 0.8) (0, 0.5) (0, 0.4) (0, 0.1); ŷ = score ≥ 0.5.
  const scored: [string, number, number][] = [['A', 1, 0.9], ['A', 1, 0.6], ['A', 0, 0.7], ['A', 0, 0.2], ['B', 1, 0.8], ['B', 0, 0.5], ['B', 0, 0.4], ['B', 0, 0.1]];
  const r = fairnessMetrics(scored.map(([group, y, s]) => ({ group, label: y === 1, prediction: s >= 0.5 })));
  it('gives A: sel 3/4, TPR 1, FPR 1/2, precision 2/3; B: sel 1/2, TPR 1, FPR 1/3, precision 1/2', () => {
    expect(r.groups.map((g) => [g.selection_rate, g.tpr, g.fpr, g.precision])).toEqual([[0.75, 1, 0.5, 2 / 3], [0.5, 1, 1 / 3, 0.5]]);
    expect(r.demographic_parity_difference).toBe(0.25);
    expect(r.demographic_parity_ratio).toBeCloseTo(2 / 3, 12);
    expect(r.equalized_odds_difference).toBeCloseTo(1 / 6, 12); // max(TPR gap 0, FPR gap 1/6)
    expect(r.equalized_odds_ratio).toBeCloseTo(2 / 3, 12); // min(1, (1/3)/(1/2))
  });
  it('flags groups under 30 rows or under 5 positives or negatives, beside the group and in the warnings', () => {
    expect(sampleSizeIssues(r.groups[0]!)).toEqual(['4 rows < 30', '2 positives < 5', '2 negatives < 5']);
    expect(sampleSizeIssues({ count: 400, positives: 40, negatives: 360 })).toEqual([]);
    expect(sampleSizeIssues({ count: 400, positives: 4, negatives: 396 })).toEqual(['4 positives < 5']);
    expect(r.warnings).toContain('Group "B" has only 1 row with the positive label (fewer than 5); its TPR is unstable.');
  });
  it('names an intersectional group "A × B"', () => {
    expect(intersectionGroup('EU', 'web')).toBe('EU × web');
  });
  it('reads a boolean column (stored 1/0, profiled true/false) with "true" as the positive label', () => {
    expect(isPositive(1, 'true')).toBe(true);
    expect(isPositive(0, 'true')).toBe(false);
    expect(isPositive(0, 'false')).toBe(true);
    expect(isPositive(1, '1')).toBe(true);
  });
});
