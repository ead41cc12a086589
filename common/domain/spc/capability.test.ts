import { describe, expect, it } from 'vitest';
import { computeCapability } from './capability';
import { loadFixture } from '../../../tests/helpers/spcFixtures';

function trialSubgroups(): number[][] {
  const g = new Map<string, number[]>();
  for (const r of loadFixture('pistonrings')) if (r.trial === 'TRUE') g.set(r.sample!, [...(g.get(r.sample!) ?? []), Number(r.diameter)]);
  return [...g.values()];
}

describe('process capability', () => {
  it('matches qcc process.capability on pistonrings 1–25, spec 73.95–74.05 (vignette: Cp 1.70, Cpl 1.74, Cpu 1.66, Cpk 1.66, Cpm 1.69)', () => {
    const c = computeCapability({ subgroups: trialSubgroups(), lsl: 73.95, usl: 74.05 });
    expect(c.n).toBe(125);
    expect(c.mean).toBeCloseTo(74.001176, 6);
    expect(c.sigma_within).toBeCloseTo(0.0097853, 6);
    expect(c.sigma_within_method).toContain('R̄/d2');
    expect(c.cp).toBeCloseTo(1.70, 2);
    expect(c.cpl).toBeCloseTo(1.74, 2);
    expect(c.cpu).toBeCloseTo(1.66, 2);
    expect(c.cpk).toBeCloseTo(1.66, 2);
    expect(c.cpm).toBeCloseTo(1.69, 2);
    // Pp family uses the overall sample SD 0.0100700 (n − 1).
    expect(c.sigma_overall).toBeCloseTo(0.01006997, 7);
    expect(c.pp).toBeCloseTo(1.65509, 4);
    expect(c.ppk).toBeCloseTo(1.61616, 4);
    expect(c.ppm_observed).toBe(0);
    expect(c.ppm_expected).toBeCloseTo(0.3875, 3);
  });
  it('offers pooled SD/c4 as the σ_within method', () => {
    const c = computeCapability({ subgroups: trialSubgroups(), lsl: 73.95, usl: 74.05, withinMethod: 'pooled' });
    expect(c.sigma_within).toBeCloseTo(0.00988755, 7);
    expect(c.sigma_within_method).toContain('pooled');
  });
  it('individuals use MR̄/1.128; observed ppm counts points strictly outside', () => {
    const v = [1, 3, 2, 5, 4, 6];
    const c = computeCapability({ subgroups: v.map((x) => [x]), lsl: 1, usl: 5.5 });
    expect(c.sigma_within).toBeCloseTo(1.8 / 1.1283791670955126, 12);
    expect(c.ppm_observed).toBeCloseTo(1e6 / 6, 6);
    const oneSided = computeCapability({ subgroups: v.map((x) => [x]), usl: 10 });
    expect(oneSided.cp).toBeNull();
    expect(oneSided.cpk).toBeCloseTo(oneSided.cpu!, 12);
  });
  it('rejects bad limits and constant data with a clear message', () => {
    expect(() => computeCapability({ subgroups: [[1], [2]], lsl: 5, usl: 4 })).toThrow(/USL \(4\) must be greater than LSL \(5\)/);
    expect(() => computeCapability({ subgroups: [[1], [1], [1]], lsl: 0, usl: 2 })).toThrow(/identical/);
    expect(() => computeCapability({ subgroups: [[1]], lsl: 0, usl: 2 })).toThrow(/at least 2 values/);
  });
});
