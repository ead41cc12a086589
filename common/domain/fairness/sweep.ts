import { lowerBound } from '../stats/quantile';

/** `count` rows of one group with this score and label (a GROUP BY row, or one row with count 1). */
export type ScoredCount = Readonly<{ group: string; label: boolean; score: number; count: number }>;

export type SweepGroup = Readonly<{
  group: string;
  count: number;
  positives: number;
  /** Per threshold, in the order of `thresholds`: share of the group's rows with score ≥ t. */
  selection_rate: readonly (number | null)[];
  /** Per threshold: share of the group's positives with score ≥ t; null when the group has no positives. */
  tpr: readonly (number | null)[];
}>;

export type ThresholdSweep = Readonly<{ thresholds: readonly number[]; groups: readonly SweepGroup[] }>;

/** Default number of thresholds in a sweep. */
export const SWEEP_STEPS = 51;

/**
 * The thresholds a sweep evaluates: `steps` evenly spaced values from 0 to 1 when every score is a probability
 * (in [0, 1]), else from the smallest to the largest score. Each value is rounded to 12 significant digits so
 * 0.1 + 0.2 prints as 0.3.
 */
export function sweepThresholds(min: number, max: number, steps = SWEEP_STEPS): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max) || max < min) throw new RangeError(`sweep needs a finite score range (got ${min}..${max})`);
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`sweep needs at least 2 steps (got ${steps})`);
  const [a, b] = min >= 0 && max <= 1 ? [0, 1] : [min, max];
  if (a === b) return [a];
  return Array.from({ length: steps }, (_, i) => Number((a + ((b - a) * i) / (steps - 1)).toPrecision(12)));
}

/**
 * Selection rate and TPR per group as the decision threshold moves (predicted positive when score ≥ t, as the
 * analysis and `kaizen fairness --score --threshold` decide): selection_rate(g, t) = #{score ≥ t}/nᵍ,
 * TPR(g, t) = #{score ≥ t, y = 1}/#{y = 1}. The picture behind a single threshold's demographic parity and
 * equalized odds: where the groups' curves separate, one threshold treats them differently (cf. Hardt, Price &
 * Srebro 2016, "Equality of opportunity in supervised learning", and Fairlearn's ThresholdOptimizer plots).
 */
export function thresholdSweep(points: readonly ScoredCount[], thresholds: readonly number[]): ThresholdSweep {
  const byGroup = new Map<string, ScoredCount[]>();
  for (const p of points) {
    if (!Number.isFinite(p.score) || p.count <= 0) continue;
    const list = byGroup.get(p.group);
    if (list) list.push(p);
    else byGroup.set(p.group, [p]);
  }
  const groups = [...byGroup.keys()].sort((a, b) => a.localeCompare(b)).map((group): SweepGroup => {
    const list = byGroup.get(group)!.slice().sort((a, b) => a.score - b.score);
    const scores = Float64Array.from(list.map((p) => p.score));
    // Suffix sums: rows and positives with index ≥ i (so with score ≥ scores[i]).
    const rows = new Float64Array(list.length + 1);
    const pos = new Float64Array(list.length + 1);
    for (let i = list.length - 1; i >= 0; i--) {
      rows[i] = rows[i + 1]! + list[i]!.count;
      pos[i] = pos[i + 1]! + (list[i]!.label ? list[i]!.count : 0);
    }
    const n = rows[0]!;
    const positives = pos[0]!;
    // First index with score ≥ t (numpy searchsorted side="left").
    const at = thresholds.map((t) => lowerBound(scores, t));
    return {
      group,
      count: n,
      positives,
      selection_rate: at.map((i) => (n ? rows[i]! / n : null)),
      tpr: at.map((i) => (positives ? pos[i]! / positives : null)),
    };
  });
  return { thresholds: [...thresholds], groups };
}
