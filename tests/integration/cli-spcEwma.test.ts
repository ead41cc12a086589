import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';
import { loadJsonFixture } from '../helpers/spcFixtures';

const dir = tempDir('kaizen-cli-ewma-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('kaizen spc: EWMA λ and L, historical mean and σ', () => {
  const vals = [10.2, 9.8, 10.1, 10.4, 9.9, 10.6, 10.8, 10.7, 11.0, 10.9];
  const f = writeFile(dir, 'ewma.csv', ['v', ...vals].join('\n') + '\n');

  it('--lambda and --L set the plan; --center/--sigma are the historical parameters (Montgomery §9.2 limits)', async () => {
    const r = await runKaizen('spc', '--input', f, '--value', 'v', '--chart', 'ewma', '--lambda', '0.1', '--L', '2.7', '--center', '10', '--sigma', '0.5', '--json');
    expect(r.code).toBe(0);
    const p = JSON.parse(r.out).panels[0];
    expect(p.center).toBe(10);
    // z₁ = λx₁ + (1 − λ)μ0; σ_z₁ = σ·λ, so UCL₁ = μ0 + L·σ·λ.
    expect(p.points[0].value).toBeCloseTo(0.1 * 10.2 + 0.9 * 10, 12);
    expect(p.points[0].ucl).toBeCloseTo(10 + 2.7 * 0.5 * 0.1, 12);
    // Point 10: σ_z = σ·√(λ/(2 − λ)·(1 − (1 − λ)^20)).
    expect(p.points[9].ucl).toBeCloseTo(10 + 2.7 * 0.5 * Math.sqrt((0.1 / 1.9) * (1 - 0.9 ** 20)), 12);
    const text = await runKaizen('spc', '--input', f, '--value', 'v', '--chart', 'ewma', '--lambda', '0.1', '--L', '2.7');
    expect(text.out).toContain('EWMA plan: λ = 0.1, L = 2.7 (limits at ±2.7 σ of the EWMA)');
  });

  it('refuses the EWMA flags on other charts, a λ outside (0, 1] and --L with --nsigmas', async () => {
    const a = await runKaizen('spc', '--input', f, '--value', 'v', '--chart', 'imr', '--lambda', '0.2');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/--lambda and --L set the EWMA plan; use them with --chart ewma/);
    const b = await runKaizen('spc', '--input', f, '--value', 'v', '--chart', 'ewma', '--lambda', '1.5');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/--lambda must be above 0 and at most 1 \(got 1.5\)/);
    const c = await runKaizen('spc', '--input', f, '--value', 'v', '--chart', 'ewma', '--L', '3', '--nsigmas', '3');
    expect(c.code).toBe(2);
    expect(c.err).toMatch(/either --L or --nsigmas/);
  });
});

describe('kaizen capability: normality and non-normal methods', () => {
  // numpy lognormal sample of tests/fixtures/spc/capability-nonnormal.json (scipy reference values there).
  const ref = loadJsonFixture<{ skewed: number[]; skewed_anderson_A2: number; skewed_boxcox_lambda: number; skewed_percentiles: number[] }>('capability-nonnormal');
  const f = writeFile(dir, 'skewed.csv', ['v', ...ref.skewed].join('\n') + '\n');

  it('prints the Anderson–Darling line, and Box-Cox λ / percentile figures with --method', async () => {
    const t = await runKaizen('capability', '--input', f, '--value', 'v', '--lsl', '0.5', '--usl', '12');
    expect(t.code).toBe(0);
    expect(t.out).toContain(`normality: Anderson–Darling A² = ${ref.skewed_anderson_A2.toFixed(4)}`);
    expect(t.out).toMatch(/p < 0\.005 — not normal: consider --method boxcox or percentile/);
    const bc = JSON.parse((await runKaizen('capability', '--input', f, '--value', 'v', '--lsl', '0.5', '--usl', '12', '--method', 'boxcox', '--json')).out);
    expect(bc.method).toBe('boxcox');
    expect(bc.boxcox.lambda).toBeCloseTo(ref.skewed_boxcox_lambda, 5);
    expect(bc.boxcox.lsl).toBeCloseTo((0.5 ** bc.boxcox.lambda - 1) / bc.boxcox.lambda, 10);
    const pc = JSON.parse((await runKaizen('capability', '--input', f, '--value', 'v', '--lsl', '0.5', '--usl', '12', '--method', 'percentile', '--json')).out);
    const [lo, , hi] = ref.skewed_percentiles;
    expect(pc.percentile.pp).toBeCloseTo(11.5 / (hi! - lo!), 9);
    const bad = await runKaizen('capability', '--input', f, '--value', 'v', '--lsl', '0.5', '--usl', '12', '--lambda', '0.5');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--lambda sets the Box-Cox λ; use it with --method boxcox/);
  });
});
