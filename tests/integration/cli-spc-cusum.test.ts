import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

const dir = tempDir('kaizen-cli-cusum-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const pistonrings = path.join(__dirname, '..', 'fixtures', 'spc', 'pistonrings.csv');

// Montgomery, Introduction to Statistical Quality Control, Example 9.1 (Table 9.1).
const TABLE_9_1 = [
  9.45, 7.99, 9.29, 11.66, 12.16, 10.18, 8.04, 11.46, 9.2, 10.34, 9.03, 11.47, 10.51, 9.4, 10.08,
  9.37, 10.62, 10.31, 8.52, 10.84, 10.9, 9.33, 12.29, 11.5, 10.6, 11.08, 10.38, 11.62, 11.31, 10.52,
];
const montgomery = () => writeFile(dir, 'table9_1.csv', ['x', ...TABLE_9_1].join('\n') + '\n');

describe('kaizen spc --chart cusum', () => {
  it('Montgomery Example 9.1 (μ0 10, σ 1, k 0.5, h 5): issue JSON with upper and lower panels, signals at 29 and 30', async () => {
    const r = await runKaizen('spc', '--input', montgomery(), '--value', 'x', '--chart', 'cusum', '--center', '10', '--sigma', '1', '--k', '0.5', '--h', '5', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.chart).toBe('cusum');
    expect(j.panels.map((p: { statistic: string }) => p.statistic)).toEqual(['cusum-upper', 'cusum-lower']);
    const [up, low] = j.panels;
    expect(Object.keys(up)).toEqual(['statistic', 'center', 'sigma', 'ucl', 'lcl', 'points', 'signals']);
    expect([up.center, up.sigma, up.ucl, up.lcl]).toEqual([0, 1, 5, -5]);
    expect(up.points[28]).toMatchObject({ index: 29, subgroup: '29', center: 0, ucl: 5, lcl: -5, stage: '', tests: [1] });
    expect(up.points[28].value).toBeCloseTo(5.28, 2);
    expect(up.signals).toEqual([{ test: 1, index: 29 }, { test: 1, index: 30 }]);
    expect(low.points[2].value).toBeCloseTo(-1.77, 2);
    expect(low.signals).toEqual([]);
  });

  it('defaults k = 0.5, h = 4 and estimates μ0 and σ; the text output explains the signal in CUSUM terms', async () => {
    const r = await runKaizen('spc', '--input', pistonrings, '--value', 'diameter', '--subgroup', 'sample', '--chart', 'cusum', '--limits-from', '1-25');
    expect(r.code).toBe(0);
    expect(r.out).toContain('cusum chart of pistonrings.csv (σ = R̄/d2(n); target μ0 = mean of points 1–25; K = 0.5 σ, H = 4 σ, limits ±4 σ)');
    expect(r.out).toMatch(/cusum-upper: CL 0 {2}UCL 0\.0175\d+ {2}LCL -0\.0175\d+ {2}σ 0\.00978\d+ {2}target μ0 74\.0011\d+ {2}\(40 points\)/);
    expect(r.out).toMatch(/point \d+ \(subgroup \d+, value [\d.]+\): Test 1 \(CUSUM\): a cumulative sum beyond the decision interval ±H = 4 σ — the mean moved away from the target/);
  });

  it('rejects a bad plan, --k/--h on other charts and --nsigmas on CUSUM (exit 2)', async () => {
    const f = montgomery();
    const cases: [string[], RegExp][] = [
      [['--chart', 'cusum', '--k=-1'], /--k must be 0 or more/],
      [['--chart', 'cusum', '--h', '0'], /--h must be positive/],
      [['--chart', 'imr', '--h', '5'], /--k and --h set the CUSUM plan; use them with --chart cusum/],
      [['--chart', 'cusum', '--nsigmas', '3'], /use --h \(decision interval in σ\) instead of --nsigmas/],
    ];
    for (const [args, msg] of cases) {
      const r = await runKaizen('spc', '--input', f, '--value', 'x', ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
  });
});
