import { DomainInputError } from '../errors';
import { normalCdf, normalSf } from '../stats/normal';
import { runTests } from './runRules';
import type { TestConfig } from './runRules';
import type { ChartKind } from './types';

/**
 * Average run length (ARL): the expected number of points until a chart signals, for a process whose mean has
 * shifted by `shift` σ of the plotted statistic (σ/√n for a subgroup mean; 0 = in control, the false-alarm rate).
 * Normal, independent points with known parameters are assumed.
 *
 * - Shewhart chart, test 1 only: exact, ARL = 1/p with p = P(|Z + δ| > K) (Montgomery §6.2.3: 370.4 at K = 3).
 * - Shewhart chart with other tests (Western Electric, Nelson, custom): seeded simulation of `runs` charts,
 *   each run to its first signal with the app's own tests (runRules.ts); the standard error is reported.
 *   Reference: Champ, C.W. & Woodall, W.H. (1987) Technometrics 29(4), 393–399: Western Electric rules ARL₀ = 91.75.
 * - EWMA: Markov chain (Brook & Evans 1972; Lucas & Saccucci 1990, Technometrics 32(1)) with the asymptotic limits
 *   ±L·√(λ/(2 − λ)), zero-state start at the centre line. Montgomery Table 9.11 (from Lucas & Saccucci): λ = 0.1,
 *   L = 2.814 gives ≈ 500 in control, 10.3 at a 1 σ shift (L = 2.7 gives ≈ 369, which a simulation confirms). The chart draws the exact, narrower early limits, so it signals slightly sooner.
 * - CUSUM: Markov chain for each one-sided sum (Brook & Evans 1972), combined as 1/ARL = 1/ARL⁺ + 1/ARL⁻;
 *   Montgomery Table 9.3: k = 0.5, h = 4 gives 168 in control, 8.38 at 1 σ; h = 5 gives 465 and 10.4.
 * Attribute charts (P, NP, C, U) use the same normal model of the plotted statistic: an approximation.
 */
export type ArlMethod = 'exact' | 'markov-chain' | 'simulation';
export type Arl = { shift: number; arl: number; method: ArlMethod; detail: string; standardError?: number };

/** Exact ARL of a Shewhart chart with only test 1 (a point beyond ±K σ). */
export function shewhartArl(k: number, shift: number): number {
  const p = normalSf(k - shift) + normalCdf(-k - shift);
  return 1 / p;
}

/** Zero-state ARL of a two-sided EWMA chart with asymptotic limits ±L σ_z, by Markov chain with `states` states. */
export function ewmaArl(lambda: number, L: number, shift: number, states = 201): number {
  if (!(lambda > 0 && lambda <= 1)) throw new DomainInputError(`λ must be in (0, 1]; got ${lambda}.`);
  const h = L * Math.sqrt(lambda / (2 - lambda));
  const m = states % 2 === 1 ? states : states + 1;
  const w = (2 * h) / m;
  const c = (j: number) => -h + (j + 0.5) * w;
  const q = (i: number, j: number) => {
    const base = (1 - lambda) * c(i);
    return normalCdf((c(j) + w / 2 - base) / lambda - shift) - normalCdf((c(j) - w / 2 - base) / lambda - shift);
  };
  return solveArl(m, q)[(m - 1) / 2]!;
}

/** Zero-state ARL of a two-sided tabular CUSUM (k, h in σ) by Markov chain for each side. */
export function cusumArl(k: number, h: number, shift: number, states = 200): number {
  const up = oneSidedCusumArl(k, h, shift, states);
  const down = oneSidedCusumArl(k, h, -shift, states);
  return 1 / (1 / up + 1 / down);
}

function oneSidedCusumArl(k: number, h: number, shift: number, t: number): number {
  // State 0 is a sum of 0; state i ≥ 1 a sum in ((i − ½)w, (i + ½)w]; beyond (t − ½)w = h the chart signals.
  const w = (2 * h) / (2 * t - 1);
  const q = (i: number, j: number) => {
    const hi = normalCdf((j + 0.5) * w - i * w + k - shift);
    return j === 0 ? hi : hi - normalCdf((j - 0.5) * w - i * w + k - shift);
  };
  return solveArl(t, q)[0]!;
}

/** ARL vector (I − Q)⁻¹·1 of a Markov chain's transient states (Gaussian elimination with partial pivoting). */
function solveArl(m: number, q: (i: number, j: number) => number): Float64Array {
  const a = Array.from({ length: m }, (_, i) => {
    const row = new Float64Array(m + 1);
    for (let j = 0; j < m; j++) row[j] = (i === j ? 1 : 0) - q(i, j);
    row[m] = 1;
    return row;
  });
  for (let col = 0; col < m; col++) {
    let piv = col;
    for (let r = col + 1; r < m; r++) if (Math.abs(a[r]![col]!) > Math.abs(a[piv]![col]!)) piv = r;
    [a[col], a[piv]] = [a[piv]!, a[col]!];
    const p = a[col]!;
    for (let r = col + 1; r < m; r++) {
      const row = a[r]!;
      const f = row[col]! / p[col]!;
      if (f === 0) continue;
      for (let j = col; j <= m; j++) row[j]! -= f * p[j]!;
    }
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    const row = a[i]!;
    let s = row[m]!;
    for (let j = i + 1; j < m; j++) s -= row[j]! * x[j]!;
    x[i] = s / row[i]!;
  }
  return x;
}

/** Deterministic PRNG (mulberry32): the same seed gives the same runs, so a simulated ARL is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * ARL of a Shewhart chart with a set of tests, by seeded simulation: `runs` charts of independent N(shift, 1)
 * z-scores, each until the first point any enabled test flags (zero state: no history before point 1).
 * Returns the mean run length and its standard error (SD/√runs). Runs longer than `cap` points are cut there
 * (the ARL is then a lower bound; `capped` counts them).
 */
export function simulatedRulesArl(tests: TestConfig, shift: number, opts: { runs?: number; seed?: number; cap?: number } = {}): { arl: number; standardError: number; runs: number; capped: number } {
  if (tests.enabled.length === 0) throw new DomainInputError('No tests are enabled, so the chart never signals (ARL is infinite).');
  const runs = opts.runs ?? 4000;
  const cap = opts.cap ?? 200_000;
  const rand = mulberry32(opts.seed ?? 20261203);
  let spare: number | null = null;
  const gauss = () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = rand();
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
  let sum = 0;
  let sumSq = 0;
  let capped = 0;
  let z = new Float64Array(256);
  for (let r = 0; r < runs; r++) {
    let len = 0;
    let found = -1;
    let checked = 0;
    while (found < 0 && len < cap) {
      // Start short and double: the work is about twice the run length, whatever the ARL.
      const next = Math.min(cap, Math.max(16, len * 2));
      if (z.length < next) {
        const bigger = new Float64Array(next);
        bigger.set(z.subarray(0, len));
        z = bigger;
      }
      for (let i = len; i < next; i++) z[i] = gauss() + shift;
      len = next;
      // The tests look back at most 15 points, so re-checking from a little before the old end is exact.
      const from = Math.max(0, checked - 32);
      const masks = runTests(z.subarray(0, len), tests);
      for (let i = from; i < len; i++) {
        if (masks[i] !== 0) {
          found = i;
          break;
        }
      }
      checked = len;
    }
    const rl = found >= 0 ? found + 1 : cap;
    if (found < 0) capped++;
    sum += rl;
    sumSq += rl * rl;
  }
  const arl = sum / runs;
  const sd = Math.sqrt(Math.max(0, sumSq / runs - arl * arl) * (runs / (runs - 1)));
  return { arl, standardError: sd / Math.sqrt(runs), runs, capped };
}

export type ArlSpec = Readonly<{ chart: ChartKind; tests: TestConfig; nsigmas: number; lambda: number; cusumK: number; cusumH: number; runs?: number; seed?: number }>;

/** The ARL of the chart as set up (its main panel: I, X̄, P, NP, C, U, EWMA or both CUSUM sums) at each shift. */
export function chartArl(spec: ArlSpec, shifts: readonly number[]): Arl[] {
  return shifts.map((shift) => {
    if (spec.chart === 'ewma') {
      return { shift, arl: ewmaArl(spec.lambda, spec.nsigmas, shift), method: 'markov-chain', detail: `201 states, asymptotic limits ±${spec.nsigmas} σ_z, λ = ${spec.lambda}` };
    }
    if (spec.chart === 'cusum') {
      return { shift, arl: cusumArl(spec.cusumK, spec.cusumH, shift), method: 'markov-chain', detail: `200 states per side, k = ${spec.cusumK}, h = ${spec.cusumH}` };
    }
    const attribute = spec.chart === 'p' || spec.chart === 'np' || spec.chart === 'c' || spec.chart === 'u';
    const enabled = attribute ? spec.tests.enabled.filter((t) => t <= 4) : spec.tests.enabled;
    const approx = attribute ? ' (normal approximation of the counts)' : '';
    if (enabled.length === 1 && enabled[0] === 1) {
      return { shift, arl: shewhartArl(spec.tests.k[1], shift), method: 'exact', detail: `1/p, p = P(beyond ±${spec.tests.k[1]} σ)${approx}` };
    }
    const runs = spec.runs ?? 4000;
    const s = simulatedRulesArl({ enabled, k: spec.tests.k }, shift, { runs, seed: spec.seed });
    return { shift, arl: s.arl, standardError: s.standardError, method: 'simulation', detail: `${runs.toLocaleString('en-US')} runs (± ${s.standardError.toPrecision(2)} standard error)${approx}` };
  });
}
