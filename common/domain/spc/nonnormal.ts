import { DomainInputError } from '../errors';
import { quantileSorted } from '../stats/quantile';
import { computeCapability } from './capability';
import type { Capability } from './capability';
import { boxCox, boxCoxLambda } from './normality';

/**
 * Capability of data that are not normal (Minitab "Capability Analysis > Nonnormal", ISO 22514-2).
 *
 * Box-Cox: the values and the spec limits are transformed with the same λ (Minitab's optimal λ, normality.ts
 * `boxCoxLambda`, or a λ given) and the normal indices computed on the transformed scale. We use (y^λ − 1)/λ,
 * increasing for every λ; Minitab transforms with y^λ and swaps the limits when λ < 0. The indices are the same,
 * because they do not change under y → a·y + b with a > 0. A limit ≤ 0 cannot be transformed and is dropped
 * (Minitab prints it as "*").
 */
export type BoxCoxCapability = { lambda: number; roundedLambda: number; lambdaGiven: boolean; lsl: number | null; usl: number | null; dropped: string[]; capability: Capability };

export function boxCoxCapability(values: readonly number[], opts: { lsl?: number; usl?: number; target?: number; lambda?: number }): BoxCoxCapability {
  const found = boxCoxLambda(values);
  const lambda = opts.lambda ?? found.lambda;
  const dropped: string[] = [];
  const limit = (v: number | undefined, name: string) => {
    if (v === undefined) return undefined;
    if (!(v > 0)) {
      dropped.push(`${name} ${v} is not above 0, so it has no Box-Cox transform and is left out`);
      return undefined;
    }
    return boxCox(v, lambda);
  };
  const lsl = limit(opts.lsl, 'LSL');
  const usl = limit(opts.usl, 'USL');
  if (lsl === undefined && usl === undefined) throw new DomainInputError(`Box-Cox capability needs a spec limit above 0 (${dropped.join('; ')}).`);
  const target = opts.target !== undefined && opts.target > 0 ? boxCox(opts.target, lambda) : undefined;
  const capability = computeCapability({ subgroups: values.map((v) => [boxCox(v, lambda)]), lsl, usl, target });
  return { lambda, roundedLambda: found.rounded, lambdaGiven: opts.lambda !== undefined, lsl: lsl ?? null, usl: usl ?? null, dropped, capability };
}

/**
 * Percentile (ISO 22514-2 / Clements) method: the 0.135 %, 50 % and 99.865 % points stand in for μ ± 3σ:
 * Pp = (USL − LSL)/(X99.865 − X0.135), Ppu = (USL − X50)/(X99.865 − X50), Ppl = (X50 − LSL)/(X50 − X0.135),
 * Ppk = min(Ppl, Ppu). The percentiles here are empirical (type 7, numpy's default), not from a fitted
 * distribution: with fewer than about 740 values the 0.135 % and 99.865 % points are the extreme values
 * themselves or between the two extremes, so the indices rest on one or two points; `warning` says so.
 */
export type PercentileCapability = { n: number; p00135: number; p50: number; p99865: number; pp: number | null; ppl: number | null; ppu: number | null; ppk: number | null; ppm_observed: number; warning: string | null };

export function percentileCapability(values: readonly number[], opts: { lsl?: number; usl?: number }): PercentileCapability {
  const { lsl, usl } = opts;
  if (lsl === undefined && usl === undefined) throw new DomainInputError('Capability needs at least one spec limit.');
  if (lsl !== undefined && usl !== undefined && !(usl > lsl)) throw new DomainInputError(`USL (${usl}) must be greater than LSL (${lsl}).`);
  const n = values.length;
  if (n < 10) throw new DomainInputError(`The percentile method needs at least 10 values; got ${n}.`);
  const x = Float64Array.from(values).sort();
  const lo = quantileSorted(x, 0.00135);
  const mid = quantileSorted(x, 0.5);
  const hi = quantileSorted(x, 0.99865);
  if (!(hi > lo)) throw new DomainInputError('The 0.135 % and 99.865 % points are equal, so the percentile indices are undefined.');
  const ppu = usl !== undefined && hi > mid ? (usl - mid) / (hi - mid) : null;
  const ppl = lsl !== undefined && mid > lo ? (mid - lsl) / (mid - lo) : null;
  const pp = lsl !== undefined && usl !== undefined ? (usl - lsl) / (hi - lo) : null;
  const ppk = ppl !== null && ppu !== null ? Math.min(ppl, ppu) : (ppl ?? ppu);
  const outside = values.filter((v) => (lsl !== undefined && v < lsl) || (usl !== undefined && v > usl)).length;
  const warning = n < 740 ? `Only ${n} values: the 0.135 % and 99.865 % points lie at or between the extreme values, so these indices rest on the one or two most extreme points. Collect more data, or use Box-Cox.` : null;
  return { n, p00135: lo, p50: mid, p99865: hi, pp, ppl, ppu, ppk, ppm_observed: (outside / n) * 1e6, warning };
}
