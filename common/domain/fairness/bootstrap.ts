import { quantileSorted } from '../stats/quantile';
import { multinomialVariate, seededUniform } from '../stats/sampling';
import { betweenGroupsDifference, betweenGroupsRatio } from './fairness';
import type { Disparities, RateCounts } from './fairness';

/** A two-sided interval [low, high], or null when no resample gave the metric a value. */
export type Interval = readonly [number, number] | null;

export type RateIntervals = Readonly<{ selection_rate: Interval; tpr: Interval; fpr: Interval; precision: Interval }>;

export type BootstrapOptions = Readonly<{ resamples: number; seed: number; level: number }>;

export const BOOTSTRAP_DEFAULTS: BootstrapOptions = { resamples: 1000, seed: 1, level: 0.95 };

export type FairnessIntervals = Readonly<{
  method: 'percentile';
  /** Rows are resampled within each group (group sizes fixed as observed). */
  stratified: true;
  resamples: number;
  seed: number;
  level: number;
  groups: readonly (RateIntervals & { group: string })[];
  overall: RateIntervals;
  /** Between-groups differences and ratios (Fairlearn's default method). */
  disparities: Readonly<Record<keyof Disparities, Interval>>;
  components: Readonly<{ tpr_difference: Interval; fpr_difference: Interval }>;
  /** Per metric: resamples in which it was undefined (left out of its interval). Only metrics with any. */
  undefinedResamples: Readonly<Record<string, number>>;
}>;

const RATES = ['selection_rate', 'tpr', 'fpr', 'precision'] as const;
const DISPARITIES = ['demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio'] as const;
type Rate = number | null;

function rateOf(c: RateCounts, k: (typeof RATES)[number]): Rate {
  if (k === 'selection_rate') return c.n ? c.sel / c.n : null;
  if (k === 'tpr') return c.pos ? c.tp / c.pos : null;
  if (k === 'fpr') return c.neg ? c.fp / c.neg : null;
  return c.sel ? c.tp / c.sel : null;
}

/** Counts of one resample of a group: its n rows drawn with replacement, as a multinomial over TP, FN, FP, TN. */
function resampleGroup(c: RateCounts, u: () => number): RateCounts {
  const fn = c.pos - c.tp;
  const tn = c.neg - c.fp;
  const [tp, f, fp, t] = multinomialVariate(c.n, [c.tp, fn, c.fp, tn], u) as [number, number, number, number];
  return { n: c.n, sel: tp + fp, pos: tp + f, neg: fp + t, tp, fp };
}

const worst = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : Math.max(a, b));
const least = (a: Rate, b: Rate): Rate => (a === null || b === null ? null : Math.min(a, b));

/**
 * Percentile-bootstrap intervals for every group rate (selection rate, TPR, FPR, precision), the overall rates and
 * the between-groups disparities (Efron & Tibshirani 1993, ch. 13, the percentile interval).
 *
 * Resampling is **stratified by group**: each replicate draws nᵍ rows with replacement from group g's own rows, for
 * every group, so group sizes are as observed and a small group cannot vanish from a replicate (its rates stay
 * defined). Drawing nᵍ rows from a group's TP/FN/FP/TN cells is a multinomial draw of the four counts, so the
 * replicate needs the counts only (bounded memory; a GROUP BY is enough) and is the same as resampling the rows.
 * Interval = type-7 quantiles at (1 − level)/2 and (1 + level)/2 of the replicates where the metric is defined.
 * Seeded (mulberry32): the same counts, seed and B give the same intervals.
 * Caveat: max − min is biased upwards, so when groups are truly equal the interval of a difference can sit above
 * the point estimate; read it as "how large the gap could be", not as a test of zero.
 */
export function bootstrapFairness(
  byGroup: ReadonlyMap<string, RateCounts>,
  options: Partial<BootstrapOptions> = {},
  progress?: (done: number, total: number) => void,
): FairnessIntervals {
  const { resamples, seed, level } = { ...BOOTSTRAP_DEFAULTS, ...options };
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a whole number ≥ 1 (got ${resamples})`);
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (got ${level})`);
  const names = [...byGroup.keys()].sort((a, b) => a.localeCompare(b));
  const counts = names.map((g) => byGroup.get(g)!);
  const u = seededUniform(seed);
  const groupDraws = names.map(() => RATES.map(() => [] as number[]));
  const overallDraws = RATES.map(() => [] as number[]);
  const disparityDraws = DISPARITIES.map(() => [] as number[]);
  const componentDraws = [[] as number[], [] as number[]];
  const undefinedCount: Record<string, number> = {};
  const push = (list: number[], v: Rate, key: string) => {
    if (v === null || !Number.isFinite(v)) undefinedCount[key] = (undefinedCount[key] ?? 0) + 1;
    else list.push(v);
  };
  const step = Math.max(1, Math.floor(resamples / 20));
  for (let r = 0; r < resamples; r++) {
    const all: RateCounts = { n: 0, sel: 0, pos: 0, neg: 0, tp: 0, fp: 0 };
    const rates = RATES.map(() => [] as Rate[]);
    counts.forEach((c, gi) => {
      const s = resampleGroup(c, u);
      for (const k of ['n', 'sel', 'pos', 'neg', 'tp', 'fp'] as const) all[k] += s[k];
      RATES.forEach((k, ki) => {
        const v = rateOf(s, k);
        rates[ki]!.push(v);
        push(groupDraws[gi]![ki]!, v, `${names[gi]}: ${k}`);
      });
    });
    RATES.forEach((k, ki) => push(overallDraws[ki]!, rateOf(all, k), `overall: ${k}`));
    const [sel, tpr, fpr] = rates as [Rate[], Rate[], Rate[]];
    const tprD = betweenGroupsDifference(tpr);
    const fprD = betweenGroupsDifference(fpr);
    const values: Rate[] = [betweenGroupsDifference(sel), betweenGroupsRatio(sel), worst(tprD, fprD), least(betweenGroupsRatio(tpr), betweenGroupsRatio(fpr))];
    DISPARITIES.forEach((k, ki) => push(disparityDraws[ki]!, values[ki]!, k));
    push(componentDraws[0]!, tprD, 'tpr_difference');
    push(componentDraws[1]!, fprD, 'fpr_difference');
    if (progress && (r + 1) % step === 0) progress(r + 1, resamples);
  }
  const lo = (1 - level) / 2;
  const hi = (1 + level) / 2;
  const interval = (xs: number[]): Interval => {
    if (xs.length === 0) return null;
    const s = Float64Array.from(xs).sort();
    return [quantileSorted(s, lo), quantileSorted(s, hi)];
  };
  const rateIntervals = (draws: number[][]): RateIntervals => ({ selection_rate: interval(draws[0]!), tpr: interval(draws[1]!), fpr: interval(draws[2]!), precision: interval(draws[3]!) });
  return {
    method: 'percentile',
    stratified: true,
    resamples,
    seed,
    level,
    groups: names.map((group, gi) => ({ group, ...rateIntervals(groupDraws[gi]!) })),
    overall: rateIntervals(overallDraws),
    disparities: Object.fromEntries(DISPARITIES.map((k, ki) => [k, interval(disparityDraws[ki]!)])) as Record<keyof Disparities, Interval>,
    components: { tpr_difference: interval(componentDraws[0]!), fpr_difference: interval(componentDraws[1]!) },
    undefinedResamples: undefinedCount,
  };
}
