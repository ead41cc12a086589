import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

const dir = tempDir('kaizen-cli-drift-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const file = (name: string, text: string) => writeFile(dir, name, text);
const run = runKaizen;

const csv = (header: string, rows: (string | number)[][]) => [header, ...rows.map((r) => r.join(','))].join('\n') + '\n';
const ref = file('ref.csv', csv('score,region', Array.from({ length: 10 }, (_, i) => [i + 1, i < 5 ? 'eu' : 'us'])));
const cur = file('cur.csv', csv('score,region', [1, 1, 1, 1, 1, 2, 3, 4, 5, 6].map((v, i) => [v, i < 8 ? 'eu' : 'us'])));

describe('kaizen drift', () => {
  it('prints the issue\'s JSON: column, binning, bins with fractions after the ε fill, psi, threshold, drift, ks', async () => {
    const r = await run('drift', '--reference', ref, '--current', cur, '--column', 'score', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['column', 'binning', 'bins', 'psi', 'threshold', 'drift', 'ks']);
    expect(j.binning).toBe('quantile');
    expect(j.bins).toHaveLength(10);
    expect(j.bins[0]).toEqual({ lower: null, upper: 1.9, label: '[−∞, 1.9)', reference: 0.1, current: 0.5 });
    expect(j.bins[9].current).toBe(0.0001);
    const expected = 0.4 * Math.log(5) + 4 * (0.0001 - 0.1) * Math.log(0.001);
    expect(j.psi).toBeCloseTo(expected, 12);
    expect(j.threshold).toBe(0.2);
    expect(j.drift).toBe(true);
    expect(Object.keys(j.ks)).toEqual(['statistic', 'pvalue', 'method']);
    expect(j.ks.method).toBe('exact');
    expect(j.ks.statistic).toBeCloseTo(0.4, 12);
  });
  it('honours --binning, --bins and --threshold', async () => {
    const r = await run('drift', '--reference', ref, '--current', cur, '--column', 'score', '--binning', 'equal-width', '--bins', '3', '--threshold', '5', '--json');
    const j = JSON.parse(r.out);
    expect(j.binning).toBe('equal-width');
    expect(j.bins).toHaveLength(3);
    expect(j.threshold).toBe(5);
    expect(j.drift).toBe(false);
  });
  it('handles --categorical without KS', async () => {
    const r = await run('drift', '--reference', ref, '--current', cur, '--column', 'region', '--categorical', '--json');
    const j = JSON.parse(r.out);
    expect(j.ks).toBeUndefined();
    expect(j.binning).toBe('categorical');
    expect(j.bins.map((b: { label: string; reference: number; current: number }) => [b.label, b.reference, b.current])).toEqual([
      ['eu', 0.5, 0.8],
      ['us', 0.5, 0.2],
    ]);
  });
  it('exits 2 naming an unknown column and the columns that exist', async () => {
    const r = await run('drift', '--reference', ref, '--current', cur, '--column', 'nope', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/ref\.csv \(--reference\) has no column "nope" \(columns: score, region\)/);
  });
  it('exits 2 for non-numeric values in a numeric PSI', async () => {
    const r = await run('drift', '--reference', ref, '--current', cur, '--column', 'region', '--json');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/column "region", row 1: "eu" is not a number/);
  });
  it('exits 2 for bad flags', async () => {
    expect((await run('drift', '--reference', ref, '--current', cur, '--column', 'score', '--binning', 'deciles')).code).toBe(2);
    expect((await run('drift', '--reference', ref, '--current', cur, '--column', 'score', '--binning', 'evidently', '--bins', '5')).code).toBe(2);
    expect((await run('drift', '--current', cur, '--column', 'score')).err).toMatch(/--reference is required/);
  });
});

// Fairlearn user guide example (see common/domain/fairness/fairness.test.ts for the hand check).
const yTrue = [0, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1];
const yPred = [0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 0, 0, 1, 1, 0];
const sf = ['b', 'b', 'a', 'b', 'b', 'c', 'c', 'c', 'a', 'a', 'c', 'a', 'b', 'c', 'c', 'b', 'c', 'c'];
const fair = file('fair.csv', csv('y,yhat,score,sex', yTrue.map((y, i) => [y, yPred[i]!, yPred[i]! ? 0.9 : 0.1, sf[i]!])));

describe('kaizen fairness', () => {
  it('prints the issue\'s JSON with Fairlearn values', async () => {
    const r = await run('fairness', '--input', fair, '--label', 'y', '--prediction', 'yhat', '--group', 'sex', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(Object.keys(j)).toEqual(['groups', 'demographic_parity_difference', 'demographic_parity_ratio', 'equalized_odds_difference', 'equalized_odds_ratio', 'overall', 'to_overall', 'warnings', 'small_groups']);
    expect(j.groups[0]).toEqual({ group: 'a', count: 4, selection_rate: 0.75, tpr: 0.5, fpr: 1 });
    expect(j.demographic_parity_difference).toBeCloseTo(0.25, 12);
    expect(j.demographic_parity_ratio).toBeCloseTo(2 / 3, 12);
    expect(j.equalized_odds_difference).toBeCloseTo(1, 12);
    expect(j.equalized_odds_ratio).toBe(0);
    expect(j.to_overall.demographic_parity_difference).toBeCloseTo(0.194444, 6);
    expect(j.overall.count).toBe(18);
    expect(j.warnings.length).toBeGreaterThan(0);
  });
  it('thresholds a score column', async () => {
    const r = await run('fairness', '--input', fair, '--label', 'y', '--score', 'score', '--threshold', '0.5', '--group', 'sex', '--json');
    expect(JSON.parse(r.out).demographic_parity_difference).toBeCloseTo(0.25, 12);
  });
  it('exits 2 for fewer than 2 groups, unknown columns and a score without threshold', async () => {
    const one = file('one.csv', csv('y,yhat,g', [[1, 1, 'x'], [0, 1, 'x']]));
    const r1 = await run('fairness', '--input', one, '--label', 'y', '--prediction', 'yhat', '--group', 'g', '--json');
    expect(r1.code).toBe(2);
    expect(r1.err).toMatch(/1 group\(s\) with data; fairness needs at least 2/);
    const r2 = await run('fairness', '--input', fair, '--label', 'truth', '--prediction', 'yhat', '--group', 'sex');
    expect(r2.code).toBe(2);
    expect(r2.err).toMatch(/no column "truth"/);
    expect((await run('fairness', '--input', fair, '--label', 'y', '--score', 'score', '--group', 'sex')).code).toBe(2);
  });
});

describe('kaizen fairness label coding', () => {
  it('warns when the prediction column never takes the positive label', async () => {
    const coded = file('coded.csv', csv('y,decision,g', [[1, 'flag', 'x'], [0, 'pass', 'x'], [1, 'pass', 'y'], [0, 'flag', 'y']]));
    const r = await run('fairness', '--input', coded, '--label', 'y', '--prediction', 'decision', '--group', 'g', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).warnings[0]).toBe('No value of "decision" equals the positive label "1" (values seen: flag, pass); check --pos-label.');
  });
});
