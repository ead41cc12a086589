import { logGamma } from '../stats/gamma';

/**
 * Survival function of the one-sample two-sided Kolmogorov–Smirnov statistic, P(Dₙ ≥ x), following the
 * algorithm choice of Simard & L'Ecuyer (2011), "Computing the Two-Sided Kolmogorov-Smirnov Distribution",
 * J. Stat. Software 39(11) — the same choice scipy.stats.kstwo.sf makes:
 * Ruben–Gambino closed forms at the extremes; 2·Smirnov(n, x) for x ≥ 0.5 or n·x² ≥ 2.2 (n > 140);
 * Durbin's matrix (Marsaglia–Tsang–Wang 2003) for small n·x²; otherwise the Pelz–Good (1976) expansion.
 * For n ≤ 140 and 0.754693 < n·x² ≤ 4 scipy uses Pomeranz's recursion; we use the Durbin matrix there,
 * which is also exact, so the values agree to rounding.
 */
export function kolmogorovSf(n: number, x: number): number {
  if (!Number.isInteger(n) || n <= 0) return Number.NaN;
  if (x >= 1) return 0;
  if (x <= 0) return 1;
  const t = n * x;
  if (t <= 1) {
    if (t <= 0.5) return 1;
    const logCdf = logFactorialOverPower(n) + n * Math.log(2 * t - 1);
    return clip(1 - Math.exp(logCdf));
  }
  if (t >= n - 1) return clip(2 * Math.pow(1 - x, n));
  if (x >= 0.5) return clip(2 * smirnovSf(n, x));
  const nx2 = t * x;
  if (n <= 140) {
    if (nx2 <= 4) return clip(1 - durbinCdf(n, x));
    return clip(2 * smirnovSf(n, x));
  }
  if (nx2 >= 370) return 0;
  if (nx2 >= 2.2) return clip(2 * smirnovSf(n, x));
  if (n <= 100_000 && n * Math.pow(x, 1.5) <= 1.4) return clip(1 - durbinCdf(n, x));
  return clip(1 - pelzGoodCdf(n, x));
}

function clip(p: number): number {
  return Math.min(1, Math.max(0, p));
}

/** log(n!/nⁿ). */
function logFactorialOverPower(n: number): number {
  return logGamma(n + 1) - n * Math.log(n);
}

/**
 * One-sided Smirnov survival P(Dₙ⁺ ≥ x) by the exact Birnbaum–Tingey (1951) sum
 * x·Σ_{j=0}^{⌊n(1−x)⌋} C(n, j)·(1 − x − j/n)^{n−j}·(x + j/n)^{j−1}, each term in log space.
 */
export function smirnovSf(n: number, x: number): number {
  if (x <= 0) return 1;
  if (x >= 1) return 0;
  const jmax = Math.floor(n * (1 - x) + 1e-12);
  const lgN = logGamma(n + 1);
  let sum = 0;
  for (let j = 0; j <= jmax; j++) {
    const a = 1 - x - j / n;
    const b = x + j / n;
    if (a <= 0 && n - j > 0) continue;
    const logTerm = lgN - logGamma(j + 1) - logGamma(n - j + 1) + (n - j) * Math.log(a) + (j - 1) * Math.log(b);
    sum += Math.exp(logTerm);
  }
  return clip(x * sum);
}

/**
 * P(Dₙ < d) by Durbin's matrix method as made practical by Marsaglia, Tsang & Wang (2003),
 * "Evaluating Kolmogorov's Distribution", J. Stat. Software 8(18): k = ⌈n·d⌉, h = k − n·d, m = 2k − 1,
 * result = (n!/nⁿ)·(Hⁿ)ₖₖ with power-of-two rescaling against overflow.
 */
export function durbinCdf(n: number, d: number): number {
  const nd = n * d;
  if (nd <= 0.5) return 0;
  if (d >= 1) return 1;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const H = new Float64Array(m * m);
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - Math.pow(h, j)) * fac;
  }
  v[m - 1] = (1 + Math.pow(Math.max(2 * h - 1, 0), m) - 2 * Math.pow(h, m)) * fac;
  for (let c = 1; c < m; c++) for (let r = c - 1; r < m; r++) H[r * m + c] = w[r - c + 1]!;
  for (let r = 0; r < m; r++) H[r * m] = v[r]!;
  for (let c = 0; c < m; c++) H[(m - 1) * m + c] = v[m - 1 - c]!;
  let P: Float64Array = identity(m);
  let A: Float64Array = H;
  let expP = 0;
  let expA = 0;
  let e = n;
  const BIG = Math.pow(2, 128);
  while (e > 0) {
    if (e % 2 === 1) {
      P = matmul(P, A, m);
      expP += expA;
    }
    A = matmul(A, A, m);
    expA *= 2;
    if (Math.abs(A[(k - 1) * m + (k - 1)]!) > BIG) {
      for (let i = 0; i < A.length; i++) A[i]! /= BIG;
      expA += 128;
    }
    e = Math.floor(e / 2);
  }
  let p = P[(k - 1) * m + (k - 1)]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < 1 / BIG) {
      p *= BIG;
      expP -= 128;
    }
  }
  return clip(p * Math.pow(2, expP));
}

function identity(m: number): Float64Array {
  const I = new Float64Array(m * m);
  for (let i = 0; i < m; i++) I[i * m + i] = 1;
  return I;
}

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const c = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    for (let k = 0; k < m; k++) {
      const aik = a[i * m + k]!;
      if (aik === 0) continue;
      for (let j = 0; j < m; j++) c[i * m + j]! += aik * b[k * m + j]!;
    }
  }
  return c;
}

/**
 * Pelz & Good (1976) approximation of P(Dₙ ≤ x): K₀(z) + K₁(z)/√n + K₂(z)/n + K₃(z)/n^{3/2}, z = x√n, using the
 * theta-function form suited to small z (J. R. Stat. Soc. B 38(2), 152–156).
 */
export function pelzGoodCdf(n: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const z = Math.sqrt(n) * x;
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const PI2 = Math.PI * Math.PI;
  const PI4 = PI2 * PI2;
  const PI6 = PI4 * PI2;
  const qlog = -PI2 / 8 / z2;
  if (qlog < -708) return 0;
  const q = Math.exp(qlog);
  const k1a = -z2;
  const k1b = PI2 / 4;
  const k2a = 6 * z6 + 2 * z4;
  const k2b = ((2 * z4 - 5 * z2) * PI2) / 4;
  const k2c = (PI4 * (1 - 2 * z2)) / 16;
  const k3d = (PI6 * (5 - 30 * z2)) / 64;
  const k3c = (PI4 * (-60 * z2 + 212 * z4)) / 16;
  const k3b = (PI2 * (135 * z4 - 96 * z6)) / 4;
  const k3a = -30 * z6 - 90 * z4 * z4;
  const K = [0, 0, 0, 0];
  const maxk = Math.ceil((16 * z) / Math.PI);
  for (let k = maxk; k >= 1; k--) {
    const m = 2 * k - 1;
    const m2 = m * m;
    const qp = Math.pow(q, 8 * k);
    const coeffs = [1, k1a + k1b * m2, k2a + k2b * m2 + k2c * m2 * m2, k3a + k3b * m2 + k3c * m2 * m2 + k3d * m2 * m2 * m2];
    for (let i = 0; i < 4; i++) K[i] = K[i]! * qp + coeffs[i]!;
  }
  const s2pi = Math.sqrt(2 * Math.PI);
  const div = [z, 6 * z4, 72 * Math.pow(z, 7), 6480 * Math.pow(z, 10)];
  for (let i = 0; i < 4; i++) K[i] = (K[i]! * q * s2pi) / div[i]!;
  const q2 = Math.exp(-PI2 / 2 / z2);
  let k2extra = 0;
  let k3extra = 0;
  const s3z = Math.sqrt(3) * z;
  for (let k = maxk; k >= 1; k--) {
    const qp = Math.pow(q2, k * k);
    k2extra += k * k * qp;
    k3extra += (s3z + Math.PI * k) * (s3z - Math.PI * k) * k * k * qp;
  }
  K[2]! += (k2extra * PI2 * s2pi) / (-36 * z2 * z);
  K[3]! += (k3extra * PI2 * s2pi) / (216 * z6);
  return K[0]! + K[1]! / Math.sqrt(n) + K[2]! / n + K[3]! / Math.pow(n, 1.5);
}
