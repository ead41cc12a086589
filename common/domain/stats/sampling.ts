/**
 * Seeded random variates for resampling (bootstrap): the same seed gives the same stream on every platform, so an
 * interval computed today is the interval computed tomorrow.
 */

/** A uniform source on [0, 1): 32-bit mulberry32 (Tommy Ettinger, public domain), seeded by an unsigned 32-bit integer. */
export type Uniform = () => number;

export function seededUniform(seed: number): Uniform {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by the Marsaglia polar method (one of each pair is used; simple and exact in distribution). */
export function normalVariate(u: Uniform): number {
  for (;;) {
    const x = 2 * u() - 1;
    const y = 2 * u() - 1;
    const s = x * x + y * y;
    if (s > 0 && s < 1) return x * Math.sqrt((-2 * Math.log(s)) / s);
  }
}

/**
 * Gamma(shape a ≥ 1, scale 1) by Marsaglia & Tsang (2000), "A simple method for generating gamma variables",
 * ACM TOMS 26(3): d = a − 1/3, c = 1/√(9d), accept d·v with v = (1 + c·x)³ by the squeeze then the log test.
 */
export function gammaVariate(a: number, u: Uniform): number {
  if (!(a >= 1)) throw new RangeError(`gammaVariate needs shape ≥ 1 (got ${a})`);
  const d = a - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const x = normalVariate(u);
    const t = 1 + c * x;
    if (t <= 0) continue;
    const v = t * t * t;
    const w = u();
    if (w < 1 - 0.0331 * x * x * x * x) return d * v;
    if (w > 0 && Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(a, b) = X/(X + Y) with X ~ Gamma(a), Y ~ Gamma(b) (a, b ≥ 1 here). */
export function betaVariate(a: number, b: number, u: Uniform): number {
  const x = gammaVariate(a, u);
  const y = gammaVariate(b, u);
  return x / (x + y);
}

/** Below this many trials a binomial is drawn as a sum of Bernoulli trials. */
const DIRECT_TRIALS = 40;

/**
 * Binomial(n, p), exact in distribution, O(log n) work: Knuth, TAOCP vol. 2, §3.4.1 (F) — the a-th smallest of n
 * uniforms is Beta(a, b) with a = 1 + ⌊n/2⌋, b = n + 1 − a; if it is ≥ p the successes are among the a − 1 below it
 * (Binomial(a − 1, p/X)), else a of them plus Binomial(b − 1, (p − X)/(1 − X)) — until few trials remain.
 */
export function binomialVariate(n: number, p: number, u: Uniform): number {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`binomialVariate needs a whole n ≥ 0 (got ${n})`);
  if (p <= 0 || n === 0) return 0;
  if (p >= 1) return n;
  let t = n;
  let q = p;
  let k = 0;
  while (t > DIRECT_TRIALS) {
    const a = 1 + Math.floor(t / 2);
    const b = t + 1 - a;
    const x = betaVariate(a, b, u);
    if (x >= q) {
      t = a - 1;
      q = q / x;
    } else {
      k += a;
      t = b - 1;
      q = (q - x) / (1 - x);
    }
  }
  for (let i = 0; i < t; i++) if (u() < q) k++;
  return k;
}

/**
 * Multinomial(n; weights) as conditional binomials: cell i ~ Binomial(n − drawn, wᵢ / (weights left)). The counts of
 * drawing n rows with replacement from rows with these cell counts — a row bootstrap without touching the rows.
 */
export function multinomialVariate(n: number, weights: readonly number[], u: Uniform): number[] {
  const out = new Array<number>(weights.length).fill(0);
  let left = n;
  let rest = weights.reduce((s, w) => s + w, 0);
  for (let i = 0; i < weights.length && left > 0; i++) {
    const w = weights[i]!;
    if (i === weights.length - 1 || rest <= 0) {
      out[i] = rest > 0 ? left : 0;
      left -= out[i]!;
      break;
    }
    const k = binomialVariate(left, Math.min(1, w / rest), u);
    out[i] = k;
    left -= k;
    rest -= w;
  }
  return out;
}
