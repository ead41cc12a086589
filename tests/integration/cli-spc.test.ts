import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

const dir = tempDir('kaizen-cli-spc-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const FIX = path.join(__dirname, '..', 'fixtures', 'spc');

const file = (name: string, text: string) => writeFile(dir, name, text);
const run = runKaizen;

const pistonrings = path.join(FIX, 'pistonrings.csv');

describe('kaizen spc', () => {
  it('X̄-R with --limits-from 1-25 prints the issue JSON: panels xbar and r, 1-based indices, Phase II signals', async () => {
    const r = await run('spc', '--input', pistonrings, '--value', 'diameter', '--subgroup', 'sample', '--chart', 'xbar-r', '--limits-from', '1-25', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.chart).toBe('xbar-r');
    expect(j.panels.map((p: { statistic: string }) => p.statistic)).toEqual(['xbar', 'r']);
    const xbar = j.panels[0];
    expect(Object.keys(xbar)).toEqual(['statistic', 'center', 'sigma', 'ucl', 'lcl', 'points', 'signals']);
    expect(xbar.center).toBeCloseTo(74.00118, 5);
    expect(xbar.sigma).toBeCloseTo(0.0097853, 6);
    expect(Math.abs(xbar.ucl - 74.01431)).toBeLessThan(1e-5);
    expect(xbar.points[0]).toEqual({ index: 1, subgroup: '1', value: 74.0102, center: xbar.center, ucl: xbar.ucl, lcl: xbar.lcl, stage: '', tests: [] });
    expect(xbar.signals).toEqual([{ test: 1, index: 37 }, { test: 1, index: 38 }, { test: 1, index: 39 }]);
    expect(j.panels[1].center).toBeCloseTo(0.02276, 5);
  });

  it('I-MR gives panels i and mr; --rules we adds tests 2 (K=8), 5, 6', async () => {
    const vals = [5, 5.2, 4.9, 5.1, 5, 5.3, 5.4, 5.5, 5.6, 5.4, 5.5, 5.6, 5.7, 5.5];
    const f = file('imr.csv', ['v', ...vals].join('\n') + '\n');
    const r = await run('spc', '--input', f, '--value', 'v', '--chart', 'imr', '--center', '5', '--sigma', '0.2', '--rules', 'we', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.panels.map((p: { statistic: string }) => p.statistic)).toEqual(['i', 'mr']);
    expect(j.panels[0].ucl).toBeCloseTo(5.6, 12);
    expect(j.panels[1].points[0].index).toBe(2);
    const tests = new Set(j.panels[0].signals.map((s: { test: number }) => s.test));
    expect([...tests].sort()).toEqual([1, 2, 5, 6]);
  });

  it('--stage gives limits per stage', async () => {
    const rows = Array.from({ length: 20 }, (_, i) => `${i < 10 ? 400 + (i % 3) * 5 : 300 + (i % 2) * 5},${i < 10 ? 'before' : 'after'}`);
    const f = file('staged.csv', ['p95_ms,phase', ...rows].join('\n') + '\n');
    const r = await run('spc', '--input', f, '--value', 'p95_ms', '--chart', 'imr', '--stage', 'phase', '--json');
    const i = JSON.parse(r.out).panels[0];
    expect(i.ucl).toBeUndefined();
    expect(i.points[0].stage).toBe('before');
    expect(i.points[0].center).toBe(404.5);
    expect(i.points[15].stage).toBe('after');
    expect(i.points[15].center).toBe(302.5);
    const text = await run('spc', '--input', f, '--value', 'p95_ms', '--chart', 'imr', '--stage', 'phase');
    expect(text.out).toContain('stage before (points 1–10): CL 404.5');
  });

  it('P chart with --size on qcc orangejuice trial rows', async () => {
    const rows = fs.readFileSync(path.join(FIX, 'orangejuice.csv'), 'utf8').trim().split('\n').slice(0, 31).join('\n');
    const r = await run('spc', '--input', file('oj.csv', rows + '\n'), '--value', 'D', '--size', 'size', '--chart', 'p', '--json');
    const p = JSON.parse(r.out).panels[0];
    expect(p.center).toBeCloseTo(0.2313, 4);
    expect(p.lcl).toBeCloseTo(0.0524, 4);
    expect(p.ucl).toBeCloseTo(0.4102, 4);
  });

  it('prints a readable summary without --json', async () => {
    const r = await run('spc', '--input', path.join(FIX, 'circuit.csv'), '--value', 'x', '--chart', 'c', '--limits-from', '1-26');
    expect(r.code).toBe(0);
    expect(r.out).toContain('c: CL 19.84615');
    expect(r.out).toContain('point 20 (subgroup 20, value 39): Test 1: a point more than 3 σ from the centre line');
  });

  it('bad input exits 2 with a message that names the problem', async () => {
    const cases: [string[], RegExp][] = [
      [['--value', 'nope', '--chart', 'imr'], /no column "nope" \(columns: diameter, sample, trial\)/],
      [['--value', 'diameter', '--chart', 'xbar-r'], /Subgroup "1" has 1 observation; X̄-R needs at least 2/],
      [['--value', 'diameter', '--chart', 'zz'], /--chart must be one of imr, xbar-r/],
      [['--value', 'diameter', '--chart', 'imr', '--tests', '0,3'], /--tests must list test numbers 1 to 8/],
      [['--value', 'diameter', '--chart', 'imr', '--tests', '1', '--rules', 'we'], /either --tests or --rules/],
      [['--value', 'diameter', '--chart', 'imr', '--limits-from', '1-x'], /--limits-from must look like A-B/],
      [['--value', 'diameter', '--chart', 'imr', '--limits-from', '5-900'], /within subgroups 1-200/],
      [['--value', 'diameter', '--chart', 'imr', '--stage', 'trial', '--limits-from', '1-5'], /either --stage/],
    ];
    for (const [args, msg] of cases) {
      const r = await run('spc', '--input', pistonrings, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err).toMatch(msg);
    }
    const text = file('text.csv', 'v\n1\n2\nabc\n4\n');
    const r1 = await run('spc', '--input', text, '--value', 'v', '--chart', 'imr');
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/--value v: row 3 of text.csv is (empty|"abc"), not a number/);
    const one = file('one.csv', 'v\n1\n');
    const r2 = await run('spc', '--input', one, '--value', 'v', '--chart', 'imr');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/at least 2 points; got 1/);
  });
});

describe('kaizen capability', () => {
  it('prints the issue JSON fields (qcc pistonrings 1–25: Cp 1.70, Cpk 1.66)', async () => {
    const rows = fs.readFileSync(pistonrings, 'utf8').trim().split('\n').slice(0, 126).join('\n');
    const r = await run('capability', '--input', file('pr25.csv', rows + '\n'), '--value', 'diameter', '--subgroup', 'sample', '--lsl', '73.95', '--usl', '74.05', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    const fields = ['mean', 'sigma_within', 'sigma_overall', 'cp', 'cpl', 'cpu', 'cpk', 'cpm', 'pp', 'ppl', 'ppu', 'ppk', 'ppm_observed', 'ppm_expected'];
    expect(Object.keys(j)).toEqual(fields);
    for (const k of fields) expect(typeof j[k], k).toBe('number');
    expect(j.cp).toBeCloseTo(1.7, 2);
    expect(j.cpk).toBeCloseTo(1.66, 2);
    const text = await run('capability', '--input', file('pr25b.csv', rows + '\n'), '--value', 'diameter', '--subgroup', 'sample', '--lsl', '73.95', '--usl', '74.05');
    expect(text.out).toContain('σ within 0.0097853 (R̄/d2(n) (qcc default))');
    // Minitab's default σ_within: pooled SD / c4.
    const pooled = JSON.parse((await run('capability', '--input', file('pr25c.csv', rows + '\n'), '--value', 'diameter', '--subgroup', 'sample', '--lsl', '73.95', '--usl', '74.05', '--within', 'pooled', '--json')).out);
    expect(pooled.sigma_within).toBeCloseTo(0.00988755, 7);
    expect(pooled.cp).toBeCloseTo(0.1 / (6 * 0.00988755), 6);
    const bad = await run('capability', '--input', pistonrings, '--value', 'diameter', '--lsl', '73.95', '--usl', '74.05', '--within', 'sd');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--within must be rbar or pooled \(got "sd"\)/);
  });
  it('requires both spec limits and rejects USL ≤ LSL', async () => {
    const r = await run('capability', '--input', pistonrings, '--value', 'diameter', '--lsl', '74');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--usl is required/);
    const r2 = await run('capability', '--input', pistonrings, '--value', 'diameter', '--lsl', '74', '--usl', '73');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/USL \(73\) must be greater than LSL \(74\)/);
  });
});
