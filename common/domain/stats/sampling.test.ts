import { describe, expect, it } from 'vitest';
import { binomialVariate, gammaVariate, multinomialVariate, seededUniform } from './sampling';

const moments = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  const v = xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1);
  return { m, v };
};

describe('seeded variates', () => {
  it('repeat for the same seed and differ for another', () => {
    const a = seededUniform(7);
    const b = seededUniform(7);
    const c = seededUniform(8);
    const xa = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xa);
    expect([c(), c(), c()]).not.toEqual(xa);
  });
  it('draw Binomial(n, p) with its mean np and variance np(1 − p), through the Beta recursion (n > 40)', () => {
    const u = seededUniform(1);
    const xs = Array.from({ length: 4000 }, () => binomialVariate(10_000, 0.3, u));
    const { m, v } = moments(xs);
    // SE of the mean √(2100/4000) ≈ 0.72; of the variance ≈ 2100·√(2/4000) ≈ 47.
    expect(Math.abs(m - 3000)).toBeLessThan(3.5);
    expect(Math.abs(v - 2100)).toBeLessThan(250);
    expect(xs.every((x) => Number.isInteger(x) && x >= 0 && x <= 10_000)).toBe(true);
  });
  it('draws a rare binomial and the small-n frequencies of Binomial(3, 1/2) = 1/8, 3/8, 3/8, 1/8', () => {
    const u = seededUniform(3);
    const rare = moments(Array.from({ length: 3000 }, () => binomialVariate(100_000, 0.001, u)));
    expect(Math.abs(rare.m - 100)).toBeLessThan(1.5);
    const freq = [0, 0, 0, 0];
    for (let i = 0; i < 8000; i++) freq[binomialVariate(3, 0.5, u)]!++;
    [1, 3, 3, 1].forEach((k, i) => expect(Math.abs(freq[i]! / 8000 - k / 8)).toBeLessThan(0.02));
    expect(binomialVariate(50, 0, u)).toBe(0);
    expect(binomialVariate(50, 1, u)).toBe(50);
  });
  it('draws Gamma(a) with mean a and a multinomial that keeps the total and the zero cells', () => {
    const u = seededUniform(5);
    expect(Math.abs(moments(Array.from({ length: 4000 }, () => gammaVariate(4, u))).m - 4)).toBeLessThan(0.15);
    for (let i = 0; i < 50; i++) {
      const k = multinomialVariate(500, [10, 0, 30, 60], u);
      expect(k.reduce((a, b) => a + b, 0)).toBe(500);
      expect(k[1]).toBe(0);
    }
  });
});
