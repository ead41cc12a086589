import { c4, d2 } from './constants';

/**
 * Centre and σ estimators for each chart, over a basis range [from, to) of subgroups (0-based).
 * All follow STATS.md §1 and qcc:
 * - individuals: x̄, σ = MR̄/d2(2) = MR̄/1.128 with MRᵢ = |xᵢ − xᵢ₋₁| over the N − 1 ranges inside the basis;
 * - X̄-R: x̿ = Σnᵢx̄ᵢ/Σnᵢ, σ = R̄/d2(n) (unequal n: mean of Rᵢ/d2(nᵢ));
 * - X̄-S: x̿ as above, σ = s̄/c4(n) (unequal n: mean of sᵢ/c4(nᵢ));
 * - p: p̄ = ΣD/Σn; c: c̄ = Σc/m; u: ū = Σc/Σn.
 * Reference: Montgomery, Introduction to Statistical Quality Control (7th ed.), §6.2–6.4, §7.2–7.3;
 * qcc `sd.xbar`, `sd.xbar.one` ("MR"), `stats.p`, `stats.c`, `stats.u`.
 */

export type Estimate = Readonly<{ center: number; sigma: number }>;

/** Individuals: centre x̄ and σ = MR̄/d2(2) over [from, to). Needs at least 2 finite values. */
export function estimateIndividuals(x: ArrayLike<number>, from: number, to: number): Estimate & { mrBar: number } {
  let sum = 0;
  let mrSum = 0;
  for (let i = from; i < to; i++) {
    sum += x[i]!;
    if (i > from) mrSum += Math.abs(x[i]! - x[i - 1]!);
  }
  const m = to - from;
  const mrBar = m > 1 ? mrSum / (m - 1) : NaN;
  return { center: sum / m, sigma: mrBar / d2(2), mrBar };
}

/** X̄-R: x̿ weighted by subgroup size and σ = R̄/d2(n). */
export function estimateXbarR(xbar: ArrayLike<number>, range: ArrayLike<number>, n: ArrayLike<number>, from: number, to: number): Estimate {
  return estimateSubgrouped(xbar, range, n, from, to, d2);
}

/** X̄-S: x̿ weighted by subgroup size and σ = s̄/c4(n). */
export function estimateXbarS(xbar: ArrayLike<number>, sd: ArrayLike<number>, n: ArrayLike<number>, from: number, to: number): Estimate {
  return estimateSubgrouped(xbar, sd, n, from, to, c4);
}

function estimateSubgrouped(
  xbar: ArrayLike<number>,
  spread: ArrayLike<number>,
  n: ArrayLike<number>,
  from: number,
  to: number,
  unbias: (n: number) => number,
): Estimate {
  let sw = 0;
  let sx = 0;
  let sSpread = 0;
  let sScaled = 0;
  let equal = true;
  for (let i = from; i < to; i++) {
    sw += n[i]!;
    sx += n[i]! * xbar[i]!;
    sSpread += spread[i]!;
    sScaled += spread[i]! / unbias(n[i]!);
    if (n[i] !== n[from]) equal = false;
  }
  const m = to - from;
  const sigma = equal ? sSpread / m / unbias(n[from]!) : sScaled / m;
  return { center: sx / sw, sigma };
}

/** p̄ = ΣD/Σn (also the basis of the np chart). */
export function estimateProportion(count: ArrayLike<number>, n: ArrayLike<number>, from: number, to: number): number {
  let d = 0;
  let s = 0;
  for (let i = from; i < to; i++) {
    d += count[i]!;
    s += n[i]!;
  }
  return d / s;
}

/** c̄ = Σc/m: mean count per subgroup. */
export function estimateCount(count: ArrayLike<number>, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += count[i]!;
  return s / (to - from);
}
