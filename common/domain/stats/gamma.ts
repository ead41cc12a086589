/**
 * Natural log of the gamma function, Lanczos approximation (g = 7, 9 coefficients) with the reflection
 * formula for x < 0.5; relative error below 1e-14 for x > 0.
 * Reference: Lanczos, C. (1964) SIAM J. Numer. Anal. B1, 86–96; Godfrey's coefficients as used in
 * Press et al., Numerical Recipes 3rd ed. §6.1.
 */
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}
