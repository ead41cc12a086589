import { describe, expect, it } from 'vitest';
import { explainDrift, formatP, ksCriticalD } from './explain';

describe('ksCriticalD', () => {
  it('is 1.358·√((n+m)/(n·m)) at α = 0.05 (Massey 1951 table: c(0.05) = 1.36)', () => {
    expect(ksCriticalD(100, 100)).toBeCloseTo(1.3581 * Math.sqrt(200 / 10_000), 4);
    expect(ksCriticalD(20_000, 15_000)).toBeCloseTo(0.01467, 4);
  });
});

describe('formatP', () => {
  it('writes tiny p-values in e-notation and others with two significant digits', () => {
    expect(formatP(6.8e-62)).toBe('6.8e-62');
    expect(formatP(1e-5)).toBe('1e-5');
    expect(formatP(0.41234)).toBe('0.41');
    expect(formatP(0)).toBe('< 1e-300');
  });
});

describe('explainDrift', () => {
  it('explains a tiny KS p next to a stable PSI as sample size, naming the rows and the critical gap', () => {
    const e = explainDrift({ psi: 0.031, band: 'stable', threshold: 0.2, ksP: 6.8e-62, n: 20_000, m: 15_000 });
    expect(e.contradiction).toBe(true);
    expect(e.text).toContain('KS p = 6.8e-62');
    expect(e.text).toContain('PSI 0.031 (stable)');
    expect(e.text).toContain('20,000 and 15,000 rows');
    expect(e.text).toContain('0.015');
    expect(e.text).toMatch(/real but small/);
  });
  it('explains PSI over the threshold with a non-significant KS: noisy bins on small samples, shape change otherwise', () => {
    const small = explainDrift({ psi: 0.3, band: 'significant', threshold: 0.2, ksP: 0.2, n: 40, m: 50 });
    expect(small.contradiction).toBe(true);
    expect(small.text).toMatch(/few rows and PSI is noisy/);
    const large = explainDrift({ psi: 0.3, band: 'significant', threshold: 0.2, ksP: 0.2, n: 5000, m: 5000 });
    expect(large.text).toMatch(/largest gap/);
  });
  it('says when both agree, and reads a categorical feature (no KS) by PSI alone', () => {
    expect(explainDrift({ psi: 0.5, band: 'significant', threshold: 0.2, ksP: 1e-9, n: 1000, m: 1000 })).toEqual({ contradiction: false, text: expect.stringMatching(/agree: the distribution has shifted/) });
    expect(explainDrift({ psi: 0.01, band: 'stable', threshold: 0.2, ksP: 0.6, n: 1000, m: 1000 }).text).toMatch(/agree: no shift/);
    const cat = explainDrift({ psi: 0.01, band: 'stable', threshold: 0.2, ksP: null, n: 1000, m: 1000 });
    expect(cat.contradiction).toBe(false);
    expect(cat.text).toMatch(/category barely moved/);
  });
  it('writes a p-value that underflowed to 0 as "KS p < 1e-300"', () => {
    expect(explainDrift({ psi: 0.9, band: 'significant', threshold: 0.2, ksP: 0, n: 16_666, m: 11_667 }).text).toMatch(/^PSI 0\.9 \(significant\) and KS p < 1e-300 agree/);
  });
  it('honours the threshold, not the band: moderate PSI at a 0.1 threshold is drift', () => {
    expect(explainDrift({ psi: 0.15, band: 'moderate', threshold: 0.1, ksP: 1e-4, n: 1000, m: 1000 }).contradiction).toBe(false);
  });
});
