import { DomainInputError } from '../errors';
import { mean, sampleSd } from '../stats/descriptive';
import { normalCdf, normalSf } from '../stats/normal';
import { c4, d2 } from './constants';

export const WITHIN_METHODS = ['rbar', 'pooled'] as const;
/** σ_within estimator for subgrouped data: R̄/d2 (qcc's default, ours) or pooled SD/c4 (Minitab's default). */
export type WithinMethod = (typeof WITHIN_METHODS)[number];

export type CapabilityInput = Readonly<{
  /** Subgroups in time order; all of size 1 means individual values (σ_within = MR̄/1.128). */
  subgroups: readonly (readonly number[])[];
  lsl?: number;
  usl?: number;
  target?: number;
  withinMethod?: WithinMethod;
}>;

export type Capability = {
  n: number;
  mean: number;
  sigma_within: number;
  sigma_within_method: string;
  sigma_overall: number;
  cp: number | null;
  cpl: number | null;
  cpu: number | null;
  cpk: number | null;
  cpm: number | null;
  pp: number | null;
  ppl: number | null;
  ppu: number | null;
  ppk: number | null;
  /** Observed parts per million outside the spec limits (strictly below LSL or above USL). */
  ppm_observed: number;
  /** Expected ppm outside the limits under a normal model with the mean and σ_within. */
  ppm_expected: number;
  /** Expected ppm with σ_overall (Minitab's "expected overall performance"). */
  ppm_expected_overall: number;
};

const bad = (m: string) => new DomainInputError(m);

/**
 * Process capability (STATS.md §3; Montgomery §8.3; qcc `process.capability`):
 * Cp = (USL − LSL)/(6σ_w), Cpl = (x̄ − LSL)/(3σ_w), Cpu = (USL − x̄)/(3σ_w), Cpk = min(Cpl, Cpu),
 * Cpm = (USL − LSL)/(6√(σ_w² + (x̄ − T)²)) with T = (USL + LSL)/2 by default; Pp, Ppl, Ppu, Ppk the same
 * with σ_overall = sample SD (n − 1). σ_w: MR̄/d2(2) for individuals; R̄/d2(n) for subgroups (qcc), or
 * pooled s_p/c4(Σ(nᵢ − 1) + 1) (Minitab). Indices needing a missing limit are null.
 */
export function computeCapability(input: CapabilityInput): Capability {
  const { lsl, usl } = input;
  if (lsl === undefined && usl === undefined) throw bad('Capability needs at least one spec limit (--lsl and/or --usl).');
  if (lsl !== undefined && usl !== undefined && !(usl > lsl)) throw bad(`USL (${usl}) must be greater than LSL (${lsl}).`);
  const all = input.subgroups.flat();
  if (all.length < 2) throw bad(`Capability needs at least 2 values; got ${all.length}.`);
  if (all.some((v) => !Number.isFinite(v))) throw bad('Capability values must all be numbers.');
  const individual = input.subgroups.every((g) => g.length === 1);
  if (!individual && input.subgroups.some((g) => g.length < 2)) throw bad('Every subgroup needs at least 2 values to estimate σ_within.');
  const x = mean(all);
  const method = input.withinMethod ?? 'rbar';
  const { sigma: sw, label } = individual ? withinIndividuals(all) : withinSubgroups(input.subgroups, method);
  const so = sampleSd(all);
  if (!(sw > 0) || !(so > 0)) throw bad('All values are identical, so σ is 0 and capability is undefined.');
  const target = input.target ?? (lsl !== undefined && usl !== undefined ? (lsl + usl) / 2 : undefined);
  const idx = (s: number) => {
    const cl = lsl !== undefined ? (x - lsl) / (3 * s) : null;
    const cu = usl !== undefined ? (usl - x) / (3 * s) : null;
    const c = lsl !== undefined && usl !== undefined ? (usl - lsl) / (6 * s) : null;
    const k = cl !== null && cu !== null ? Math.min(cl, cu) : (cl ?? cu);
    return { c, cl, cu, k };
  };
  const w = idx(sw);
  const o = idx(so);
  const cpm = lsl !== undefined && usl !== undefined && target !== undefined ? (usl - lsl) / (6 * Math.sqrt(sw * sw + (x - target) ** 2)) : null;
  const outside = all.filter((v) => (lsl !== undefined && v < lsl) || (usl !== undefined && v > usl)).length;
  const expected = (s: number) => ((lsl !== undefined ? normalCdf((lsl - x) / s) : 0) + (usl !== undefined ? normalSf((usl - x) / s) : 0)) * 1e6;
  return {
    n: all.length,
    mean: x,
    sigma_within: sw,
    sigma_within_method: label,
    sigma_overall: so,
    cp: w.c,
    cpl: w.cl,
    cpu: w.cu,
    cpk: w.k,
    cpm,
    pp: o.c,
    ppl: o.cl,
    ppu: o.cu,
    ppk: o.k,
    ppm_observed: (outside / all.length) * 1e6,
    ppm_expected: expected(sw),
    ppm_expected_overall: expected(so),
  };
}

function withinIndividuals(v: readonly number[]): { sigma: number; label: string } {
  let s = 0;
  for (let i = 1; i < v.length; i++) s += Math.abs(v[i]! - v[i - 1]!);
  return { sigma: s / (v.length - 1) / d2(2), label: 'MR̄/d2(2) = MR̄/1.128 (individuals)' };
}

function withinSubgroups(groups: readonly (readonly number[])[], method: WithinMethod): { sigma: number; label: string } {
  if (method === 'pooled') {
    let ss = 0;
    let df = 0;
    for (const g of groups) {
      const m = mean(g);
      for (const v of g) ss += (v - m) ** 2;
      df += g.length - 1;
    }
    return { sigma: Math.sqrt(ss / df) / c4(df + 1), label: 'pooled SD / c4 (Minitab default)' };
  }
  const equal = groups.every((g) => g.length === groups[0]!.length);
  let s = 0;
  for (const g of groups) s += (Math.max(...g) - Math.min(...g)) / (equal ? 1 : d2(g.length));
  const sigma = equal ? s / groups.length / d2(groups[0]!.length) : s / groups.length;
  return { sigma, label: 'R̄/d2(n) (qcc default)' };
}
