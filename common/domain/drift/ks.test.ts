import { describe, expect, it } from 'vitest';
import { ksEffectiveN, ksExactPvalue, ksTwoSample, roundHalfEven } from './ks';
import { durbinCdf, kolmogorovSf, pelzGoodCdf, smirnovSf } from './kolmogorov';

// Exact p-values below are derived by enumerating lattice paths by hand (see comments); scipy.stats.ks_2samp with
// method="auto" returns the same numbers for these inputs.
describe('two-sample KS, exact p-value', () => {
  it('D = 1 for separated samples of 3 and 3: only 2 of C(6,3) = 20 orderings → p = 0.1', () => {
    const r = ksTwoSample([1, 2, 3], [4, 5, 6]);
    expect(r.statistic).toBe(1);
    expect(r.pvalue).toBeCloseTo(0.1, 14);
    expect(r.method).toBe('exact');
  });
  it('D = 2/3 for [1,2,4] vs [3,5,6]: 8 of 20 paths keep |#a − #b| ≤ 1 → p = 12/20 = 0.6', () => {
    const r = ksTwoSample([1, 2, 4], [3, 5, 6]);
    expect(r.statistic).toBeCloseTo(2 / 3, 14);
    expect(r.pvalue).toBeCloseTo(0.6, 14);
  });
  it('unequal sizes [1,5] vs [2,3,4,6]: D = 0.5 and exactly 1 of 15 paths stays inside → p = 14/15', () => {
    const r = ksTwoSample([1, 5], [2, 3, 4, 6]);
    expect(r.statistic).toBe(0.5);
    expect(r.pvalue).toBeCloseTo(14 / 15, 14);
  });
  it('evaluates right-continuous ECDFs at tied pooled values', () => {
    const r = ksTwoSample([1, 1, 2], [1, 2, 2]);
    expect(r.statistic).toBeCloseTo(1 / 3, 14);
    expect(r.pvalue).toBe(1);
  });
  it('keeps precision for tiny p-values (2 of C(40,20) paths for fully separated samples)', () => {
    const a = Array.from({ length: 20 }, (_, i) => i);
    const b = a.map((x) => x + 100);
    // C(40,20) = 137846528820 → p = 2/137846528820 = 1.4508889103849e-11.
    expect(ksTwoSample(a, b).pvalue / 1.4508889103849e-11).toBeCloseTo(1, 9);
  });
  it('is symmetric in the two samples', () => {
    expect(ksExactPvalue(7, 3, 0.5)).toBeCloseTo(ksExactPvalue(3, 7, 0.5), 14);
  });
});

describe('two-sample KS, asymptotic p-value above 10 000 values', () => {
  it('switches to kstwo.sf(D, round(n·m/(n+m))) and says so', () => {
    const a = Array.from({ length: 10001 }, (_, i) => i / 10001);
    const b = Array.from({ length: 12000 }, (_, i) => i / 12000 + 0.02);
    const r = ksTwoSample(a, b);
    expect(r.method).toBe('asymptotic');
    expect(r.statistic).toBeCloseTo(0.02, 3);
    const en = Math.round((10001 * 12000) / 22001);
    expect(r.pvalue).toBe(kolmogorovSf(en, r.statistic));
    expect(r.pvalue).toBeGreaterThan(0.01);
    expect(r.pvalue).toBeLessThan(0.05);
  });
});

describe('two-sample KS, asymptotic sample size rounded half to even (numpy.round, as scipy)', () => {
  it('rounds ties to the even integer', () => {
    expect([0.5, 1.5, 2.5, 3.5, 5000.5, 5001.5, 2.4, 2.6, 7].map(roundHalfEven)).toEqual([0, 2, 2, 4, 5000, 5002, 2, 3, 7]);
  });
  it('equal odd sizes above 10 000: en = 10001/2 = 5000.5 → 5000 (half up gave 5001)', () => {
    expect(ksEffectiveN(10_001, 10_001)).toBe(5000);
    expect(ksEffectiveN(10_003, 10_003)).toBe(5002);
  });
  it('matches scipy.stats.ks_2samp on n = m = 10 001', () => {
    // Generated with scipy 1.17.1:
    //   a = np.arange(10001)/10001; b = a + 0.015; stats.ks_2samp(a, b)
    //   → statistic 0.015098490150984967, pvalue 0.20237846225989997 (= kstwo.sf(D, 5000); kstwo.sf(D, 5001) = 0.2022864958142555)
    const n = 10_001;
    const a = Array.from({ length: n }, (_, i) => i / n);
    const b = a.map((x) => x + 0.015);
    const r = ksTwoSample(a, b);
    expect(r.method).toBe('asymptotic');
    expect(r.statistic).toBeCloseTo(0.015098490150984967, 14);
    expect(r.pvalue).toBeCloseTo(0.20237846225989997, 9);
  });
});

describe('Kolmogorov distribution pieces', () => {
  it('Durbin matrix reproduces Marsaglia–Tsang–Wang (2003): K(10, 0.274) = 0.6284796154565043', () => {
    expect(durbinCdf(10, 0.274)).toBeCloseTo(0.6284796154565043, 13);
  });
  it('one-sided Smirnov: n = 1 gives 1 − x, and D₁ ≥ x has probability 2(1 − x) for x ≥ 0.5', () => {
    expect(smirnovSf(1, 0.3)).toBeCloseTo(0.7, 14);
    expect(kolmogorovSf(1, 0.7)).toBeCloseTo(0.6, 14);
  });
  it('Pelz–Good agrees with the exact Durbin value for large n', () => {
    expect(pelzGoodCdf(2000, 0.03)).toBeCloseTo(durbinCdf(2000, 0.03), 4);
  });
  it('approaches the Kolmogorov limit: P(√n·Dₙ ≥ 1.36) ≈ 0.049 for large n', () => {
    const n = 200000;
    expect(kolmogorovSf(n, 1.36 / Math.sqrt(n))).toBeCloseTo(0.0494, 3);
  });
});
