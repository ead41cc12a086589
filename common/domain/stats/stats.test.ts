import { describe, expect, it } from 'vitest';
import { normalCdf, normalQuantile, normalSf } from './normal';
import { studentTCdf, studentTQuantile, studentTTwoSidedP } from './studentT';
import { logGamma } from './gamma';
import { mean, median, quantileOf as quantile, sampleSd } from './descriptive';

// Reference values from scipy.stats 1.17 (norm.cdf/ppf, t.cdf/ppf/sf).
describe('normal distribution', () => {
  it('matches scipy norm.cdf and ppf', () => {
    expect(normalCdf(-3)).toBeCloseTo(0.0013498980316301, 14);
    expect(normalCdf(-1.96)).toBeCloseTo(0.0249978951482204, 14);
    expect(normalCdf(1.5)).toBeCloseTo(0.9331927987311419, 14);
    expect(normalCdf(-8) / 6.22096057427174e-16).toBeCloseTo(1, 8);
    expect(normalSf(8) / 6.22096057427174e-16).toBeCloseTo(1, 8);
    expect(normalQuantile(0.025)).toBeCloseTo(-1.959963984540054, 12);
    expect(normalQuantile(0.9)).toBeCloseTo(1.2815515655446004, 12);
    expect(normalQuantile(1e-10)).toBeCloseTo(-6.361340902404056, 9);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 14);
  });
});

describe("Student's t", () => {
  it('matches scipy t.cdf, t.ppf and two-sided p', () => {
    expect(studentTCdf(2.1, 5)).toBeCloseTo(0.9551233750577006, 12);
    expect(studentTCdf(-1.3, 3.7)).toBeCloseTo(0.13433336208631375, 12);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.228138851986274, 10);
    expect(studentTQuantile(0.975, 2.5)).toBeCloseTo(3.5746548420036817, 10);
    expect(studentTQuantile(0.995, 1)).toBeCloseTo(63.656741162871526, 8);
    expect(studentTQuantile(0.025, 10)).toBeCloseTo(-2.228138851986274, 10);
    expect(studentTTwoSidedP(4, 30)).toBeCloseTo(0.0003818456360837564, 14);
  });
  it('log-gamma matches known values', () => {
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });
});

describe('descriptive statistics', () => {
  it('uses n − 1 and type-7 quantiles (numpy default)', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9];
    expect(mean(xs)).toBe(5);
    expect(sampleSd(xs)).toBeCloseTo(2.138089935299395, 12);
    // numpy.percentile([1..10], 95) = 9.55; median of even count averages the middle pair.
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.95)).toBeCloseTo(9.55, 12);
    expect(median([3, 1, 2, 4])).toBe(2.5);
  });
});
