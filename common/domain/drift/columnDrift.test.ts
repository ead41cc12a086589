import { describe, expect, it } from 'vitest';
import { chiSquareSf, gammaQ } from '../stats/incompleteGamma';
import { categoricalColumnStats, categoricalStatsOf, datasetDrift, evidentlyDefaultTest, numericColumnStats } from './columnDrift';
import { chiSquareGoodnessOfFit, evidentlyChiSquare, jensenShannonDistance, populationSd, proportionZTest, wassersteinDistance } from './distances';

// Reference values: scipy 1.17.1 (numpy 2), each with the call that produced it. Published ones are the examples in
// scipy's own documentation (scipy.stats.wasserstein_distance, scipy.spatial.distance.jensenshannon,
// scipy.stats.chisquare).

/** The generated samples used below, reproducible in Python: [((i*7919) % 1000)/10 for i in range(1500)] etc. */
const REF = Array.from({ length: 1500 }, (_, i) => ((i * 7919) % 1000) / 10);
const CUR = Array.from({ length: 1200 }, (_, i) => ((i * 104729) % 1100) / 10 + 3);

describe('Wasserstein distance (scipy.stats.wasserstein_distance)', () => {
  it('scipy docs: wasserstein_distance([0, 1, 3], [5, 6, 8]) = 5.0', () => {
    expect(wassersteinDistance([0, 1, 3], [5, 6, 8])).toBe(5);
  });
  it('generated: wasserstein_distance(ref, cur) = 8.016666666666667, np.std(ref) = 28.88196765380703', () => {
    expect(wassersteinDistance(REF, CUR)).toBeCloseTo(8.016666666666667, 11);
    expect(populationSd(REF)).toBeCloseTo(28.88196765380703, 11);
  });
  it('is 0 for the same sample and symmetric', () => {
    expect(wassersteinDistance([1, 2, 2, 5], [5, 2, 1, 2])).toBe(0);
    expect(wassersteinDistance(REF, CUR)).toBeCloseTo(wassersteinDistance(CUR, REF), 12);
  });
});

describe('Jensen–Shannon distance (scipy.spatial.distance.jensenshannon)', () => {
  it('scipy docs: jensenshannon([1,0,0], [0,1,0], 2.0) = 1.0 and jensenshannon([1,0], [0.5,0.5]) = 0.464501404022459', () => {
    expect(jensenShannonDistance([1, 0, 0], [0, 1, 0], 2)).toBeCloseTo(1, 14);
    expect(jensenShannonDistance([1, 0], [0.5, 0.5])).toBeCloseTo(0.464501404022459, 14);
    expect(jensenShannonDistance([1, 0, 0], [1, 0, 0])).toBe(0);
  });
  it('normalises counts: jensenshannon(r/r.sum(), c/c.sum(), 2) = 0.14884418130898883 for r = [500,300,200], c = [380,470,150]', () => {
    expect(jensenShannonDistance([500, 300, 200], [380, 470, 150], 2)).toBeCloseTo(0.14884418130898883, 14);
    // Natural log (scipy's default, Evidently's call): 0.12392090949279105 = base-2 value × √ln 2.
    expect(jensenShannonDistance([500, 300, 200], [380, 470, 150])).toBeCloseTo(0.12392090949279105, 14);
  });
});

describe('χ² (scipy.stats.chisquare, chi2.sf)', () => {
  it('scipy docs: chisquare([16,18,16,14,12,12]) → 2.0, p 0.8491450360846096', () => {
    const obs = [16, 18, 16, 14, 12, 12];
    const r = chiSquareGoodnessOfFit(obs, obs.map(() => 88 / 6));
    expect(r.statistic).toBeCloseTo(2, 12);
    expect(r.df).toBe(5);
    expect(r.pvalue).toBeCloseTo(0.8491450360846096, 13);
  });
  it('scipy docs: chisquare([16,18,16,14,12,12], f_exp=[16,16,16,16,16,8]) → 3.5, p 0.6233876277495822', () => {
    const r = chiSquareGoodnessOfFit([16, 18, 16, 14, 12, 12], [16, 16, 16, 16, 16, 8]);
    expect(r.statistic).toBeCloseTo(3.5, 12);
    expect(r.pvalue).toBeCloseTo(0.6233876277495822, 13);
  });
  it('incomplete gamma and the χ² tail: gammaincc(2.5, 10) = 0.0012497305630313773, gammaincc(0.5, 0.1) = 0.6547208460185768, chi2.sf(100, 3) = 1.5541594313896026e-21', () => {
    expect(gammaQ(2.5, 10)).toBeCloseTo(0.0012497305630313773, 15);
    expect(gammaQ(0.5, 0.1)).toBeCloseTo(0.6547208460185768, 14);
    expect(chiSquareSf(100, 3) / 1.5541594313896026e-21).toBeCloseTo(1, 10);
  });
  it("Evidently's form: chisquare(cur, ref·m/n) for r = [500,300,200], c = [380,470,150] → 137.63333333333333, p 1.2980798357800224e-30", () => {
    const r = evidentlyChiSquare([500, 300, 200], [380, 470, 150]);
    expect(r.statistic).toBeCloseTo(137.63333333333333, 10);
    expect(r.pvalue / 1.2980798357800224e-30).toBeCloseTo(1, 9);
  });
  it('a category only in the current window: χ² = ∞, p = 0 (scipy: inf, 0.0)', () => {
    const r = evidentlyChiSquare([500, 300, 200, 0], [380, 420, 150, 50]);
    expect(r.statistic).toBe(Number.POSITIVE_INFINITY);
    expect(r.pvalue).toBe(0);
  });
});

describe("two-proportion z-test (Evidently's z stattest)", () => {
  it('100 of 400 vs 105 of 300: z = −2.877134157599848, p = 2(1 − Φ(|z|)) = 0.004013049415821035 (scipy.stats.norm)', () => {
    const r = proportionZTest(100, 400, 105, 300);
    expect(r.z).toBeCloseTo(-2.877134157599848, 12);
    expect(r.pvalue).toBeCloseTo(0.004013049415821035, 12);
  });
});

describe("Evidently's default test per column and dataset drift share", () => {
  it('picks the test from size and distinct values (registry.py _get_default_stattest)', () => {
    expect(evidentlyDefaultTest('numeric', 1000, 6)).toBe('ks');
    expect(evidentlyDefaultTest('numeric', 1000, 5)).toBe('chisquare');
    expect(evidentlyDefaultTest('numeric', 1000, 2)).toBe('z');
    expect(evidentlyDefaultTest('categorical', 500, 2)).toBe('z');
    expect(evidentlyDefaultTest('categorical', 500, 3)).toBe('chisquare');
    expect(evidentlyDefaultTest('numeric', 1001, 6)).toBe('wasserstein');
    expect(evidentlyDefaultTest('numeric', 1001, 5)).toBe('jensenshannon');
    expect(evidentlyDefaultTest('categorical', 1001, 40)).toBe('jensenshannon');
  });
  it('numeric above 1000 reference values: Wasserstein normed 8.016666666666667/28.88196765380703 = 0.2775664997190717 ≥ 0.1 → drift; KS as ks_2samp', () => {
    const s = numericColumnStats(REF, CUR);
    expect(s.wasserstein!.distance).toBeCloseTo(8.016666666666667, 11);
    expect(s.wasserstein!.normed).toBeCloseTo(0.2775664997190717, 12);
    // stats.ks_2samp(ref, cur) → 0.11883333333333333, 1.1852145047477554e-08 (exact: max(n, m) ≤ 10 000)
    expect(s.ks!.statistic).toBeCloseTo(0.11883333333333333, 14);
    expect(s.ks!.pvalue / 1.1852145047477554e-8).toBeCloseTo(1, 6);
    expect(s.test).toMatchObject({ name: 'wasserstein', threshold: 0.1, drift: true });
    expect(s.test.score).toBeCloseTo(0.2775664997190717, 12);
  });
  it('numeric with 300 reference values: KS p-value (ks_2samp(ref[:300], cur[:250]) → D 0.12, p 0.03612919189199999) < 0.05 → drift', () => {
    const s = numericColumnStats(REF.slice(0, 300), CUR.slice(0, 250));
    expect(s.test.name).toBe('ks');
    expect(s.ks!.statistic).toBeCloseTo(0.12, 14);
    expect(s.test.score).toBeCloseTo(0.03612919189199999, 10);
    expect(s.test.drift).toBe(true);
    // wasserstein_distance(ref[:300], cur[:250]) / np.std(ref[:300]) = 0.2687367410283718
    expect(s.wasserstein!.normed).toBeCloseTo(0.2687367410283718, 12);
  });
  it('categorical above 1000 values: Jensen–Shannon (natural log, as Evidently) 0.1239… ≥ 0.1 → drift; base-2 value and χ² shown', () => {
    const s = categoricalColumnStats(new Map([['a', 500], ['b', 300], ['c', 200]]), new Map([['a', 380], ['b', 470], ['c', 150]]));
    expect(s.test.name).toBe('chisquare'); // 1000 reference values: still ≤ 1000
    const big = categoricalColumnStats(new Map([['a', 501], ['b', 300], ['c', 200]]), new Map([['a', 380], ['b', 470], ['c', 150]]));
    expect(big.test.name).toBe('jensenshannon');
    expect(big.test.drift).toBe(true);
    expect(s.jensenShannon).toBeCloseTo(0.14884418130898883, 14);
    expect(s.chiSquare!.pvalue / 1.2980798357800224e-30).toBeCloseTo(1, 9);
  });
  it('binary categorical up to 1000 values: z-test; the same single value on both sides → p = 1, no drift', () => {
    const s = categoricalStatsOf([...Array(300).fill('no'), ...Array(100).fill('yes')], [...Array(195).fill('no'), ...Array(105).fill('yes')]);
    expect(s.test.name).toBe('z');
    expect(s.test.score).toBeCloseTo(0.004013049415821035, 12);
    expect(categoricalStatsOf(['x', 'x'], ['x']).test).toMatchObject({ name: 'z', score: 1, drift: false });
    expect(categoricalStatsOf(['x', 'x'], ['x']).chiSquare).toBeNull();
  });
  it('numeric with few distinct values uses the category tests on the values', () => {
    const ref = [...Array(600).fill(0), ...Array(600).fill(1)];
    const cur = [...Array(300).fill(0), ...Array(700).fill(1)];
    const s = numericColumnStats(ref, cur);
    expect(s.test.name).toBe('jensenshannon');
    expect(s.test.score).toBeCloseTo(jensenShannonDistance([600, 600], [300, 700]), 14);
  });
  it('dataset drift when share ≥ 0.5 (get_dataset_drift)', () => {
    expect(datasetDrift([true, false, true, false])).toEqual({ columns: 4, drifted: 2, share: 0.5, threshold: 0.5, drift: true });
    expect(datasetDrift([true, false, false])).toMatchObject({ drifted: 1, drift: false });
    expect(datasetDrift([true, false, false], 0.3)).toMatchObject({ drift: true });
    expect(datasetDrift([])).toMatchObject({ columns: 0, share: 0, drift: false });
  });
});
