import { logGamma } from '../stats/gamma';
import { normalCdf, normalPdf } from '../stats/normal';

/**
 * Control-chart constants for subgroup size n, computed from their definitions (STATS.md §1) rather than
 * copied from the 3-decimal tables, so every n ≥ 2 is available:
 * - d2(n) = E[R] of n standard normals = ∫ 1 − Φ(x)ⁿ − (1 − Φ(x))ⁿ dx
 * - d3(n) = SD of that range, from E[R²] = 2∬_{x<y} 1 − Φ(y)ⁿ − (1 − Φ(x))ⁿ + (Φ(y) − Φ(x))ⁿ dx dy
 * - c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2)
 * The published tables (ASTM E2587, Montgomery App. VI, qcc) agree within 5e-4 relative.
 */

const dCache = new Map<number, { d2: number; d3: number }>();

const LO = -9;
const HI = 9;

function rangeMoments(n: number): { d2: number; d3: number } {
  const hit = dCache.get(n);
  if (hit) return hit;
  // Composite Simpson on a fine grid; the integrands are smooth and decay like φ.
  const steps = 1800;
  const h = (HI - LO) / steps;
  const F = new Float64Array(steps + 1);
  for (let i = 0; i <= steps; i++) F[i] = normalCdf(LO + i * h);
  const w = (i: number) => (i === 0 || i === steps ? 1 : i % 2 === 1 ? 4 : 2);
  let d2 = 0;
  for (let i = 0; i <= steps; i++) d2 += w(i) * (1 - F[i]! ** n - (1 - F[i]!) ** n);
  d2 *= h / 3;
  // E[R²] = 2∫∫_{x<y} g(x,y); inner integral over x in [LO, y] by trapezoid on the same grid.
  const coarse = 600;
  const hc = (HI - LO) / coarse;
  const Fc = new Float64Array(coarse + 1);
  for (let i = 0; i <= coarse; i++) Fc[i] = normalCdf(LO + i * hc);
  let er2 = 0;
  for (let j = 1; j <= coarse; j++) {
    let inner = 0;
    const Fy = Fc[j]!;
    for (let i = 0; i <= j; i++) {
      const g = 1 - Fy ** n - (1 - Fc[i]!) ** n + (Fy - Fc[i]!) ** n;
      inner += (i === 0 || i === j ? 0.5 : 1) * g;
    }
    er2 += (j === coarse ? 0.5 : 1) * inner * hc;
  }
  er2 *= 2 * hc;
  const d3 = Math.sqrt(Math.max(0, er2 - d2 * d2));
  const out = { d2, d3 };
  dCache.set(n, out);
  return out;
}

/** d2(n): expected range of n standard normals (d2(2) = 2/√π = 1.1284). Throws for n < 2. */
export function d2(n: number): number {
  checkN(n);
  if (n === 2) return 2 / Math.sqrt(Math.PI);
  return rangeMoments(n).d2;
}

/** d3(n): standard deviation of the range of n standard normals (d3(2) = √2·√(1 − 2/π) = 0.8525). */
export function d3(n: number): number {
  checkN(n);
  if (n === 2) return Math.SQRT2 * Math.sqrt(1 - 2 / Math.PI);
  return rangeMoments(n).d3;
}

/** c4(n) = √(2/(n−1))·Γ(n/2)/Γ((n−1)/2): E[s]/σ for samples of size n. */
export function c4(n: number): number {
  checkN(n);
  return Math.sqrt(2 / (n - 1)) * Math.exp(logGamma(n / 2) - logGamma((n - 1) / 2));
}

/** A2 = 3/(d2√n): X̄ limits are x̿ ± A2·R̄. */
export const A2 = (n: number): number => 3 / (d2(n) * Math.sqrt(n));
/** A3 = 3/(c4√n): X̄ limits are x̿ ± A3·s̄. */
export const A3 = (n: number): number => 3 / (c4(n) * Math.sqrt(n));
/** D3 = max(0, 1 − 3d3/d2): R chart LCL = D3·R̄. */
export const D3 = (n: number): number => Math.max(0, 1 - (3 * d3(n)) / d2(n));
/** D4 = 1 + 3d3/d2: R chart UCL = D4·R̄. */
export const D4 = (n: number): number => 1 + (3 * d3(n)) / d2(n);
/** B3 = max(0, 1 − 3√(1−c4²)/c4): S chart LCL = B3·s̄. */
export const B3 = (n: number): number => Math.max(0, 1 - (3 * Math.sqrt(1 - c4(n) ** 2)) / c4(n));
/** B4 = 1 + 3√(1−c4²)/c4: S chart UCL = B4·s̄. */
export const B4 = (n: number): number => 1 + (3 * Math.sqrt(1 - c4(n) ** 2)) / c4(n);

function checkN(n: number): void {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`subgroup size must be an integer ≥ 2 (got ${n})`);
}

// normalPdf is re-exported for the capability curve; keeping the import list honest for tree-shaking.
export { normalPdf };
