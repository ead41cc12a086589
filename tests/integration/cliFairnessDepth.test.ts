import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { fairnessMetrics, intersectionGroup } from '../../common/domain/fairness/fairness';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

// kaizen fairness, issue 20 flags: --group2, --bootstrap/--seed/--level, --sweep/--sweep-steps, small_groups.
const dir = tempDir('kaizen-cli-fair-depth-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

// The hand-checked table of common/domain/fairness: A: (y, score) (1, .9) (1, .6) (0, .7) (0, .2); B: (1, .8) (0, .5) (0, .4) (0, .1).
const small = writeFile(dir, 'small.csv', 'y,score,g,ch\n1,0.9,A,web\n1,0.6,A,app\n0,0.7,A,web\n0,0.2,A,app\n1,0.8,B,web\n0,0.5,B,app\n0,0.4,B,web\n0,0.1,B,app\n');

const rows = Array.from({ length: 800 }, (_, i) => {
  const g = i % 2 ? 'B' : 'A';
  const ch = i % 3 ? 'app' : 'web';
  const y = i % 5 === 0 || i % 7 === 0 ? 1 : 0;
  const score = Math.round(((((i * 37) % 100) / 100) * 0.6 + y * 0.35 + (g === 'A' ? 0.05 : 0)) * 1000) / 1000;
  return { g, ch, y, score };
});
const big = writeFile(dir, 'big.csv', ['y,score,g,ch', ...rows.map((r) => `${r.y},${r.score},${r.g},${r.ch}`)].join('\n') + '\n');
const base = ['fairness', '--label', 'y', '--score', 'score', '--threshold', '0.5', '--group', 'g'];

describe('kaizen fairness in depth', () => {
  it('--sweep prints selection rate and TPR per group at each threshold (the hand-checked table)', async () => {
    const r = await runKaizen(...base, '--input', small, '--sweep', '--sweep-steps', '3', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.sweep.thresholds).toEqual([0, 0.5, 1]);
    expect(j.sweep.groups.map((g: { group: string; selection_rate: number[]; tpr: number[] }) => [g.group, g.selection_rate, g.tpr])).toEqual([
      ['A', [1, 0.75, 0], [1, 1, 0]],
      ['B', [1, 0.5, 0], [1, 1, 0]],
    ]);
    // The sample-size rule beside each group: both have 4 rows, A 2 positives and 2 negatives, B 1 positive.
    expect(j.small_groups).toEqual([
      { group: 'A', issues: ['4 rows < 30', '2 positives < 5', '2 negatives < 5'] },
      { group: 'B', issues: ['4 rows < 30', '1 positive < 5', '3 negatives < 5'] },
    ]);
    expect(j.demographic_parity_difference).toBe(0.25);
  });
  it('--group2 makes intersectional groups "A × B" with Fairlearn rates', async () => {
    const r = await runKaizen(...base, '--input', big, '--group2', 'ch', '--json');
    const j = JSON.parse(r.out);
    const expected = fairnessMetrics(rows.map((x) => ({ label: x.y === 1, prediction: x.score >= 0.5, group: intersectionGroup(x.g, x.ch) })));
    expect(j.groups.map((g: { group: string }) => g.group)).toEqual(['A × app', 'A × web', 'B × app', 'B × web']);
    expect(j.groups[1].selection_rate).toBe(expected.groups[1]!.selection_rate);
    expect(j.demographic_parity_difference).toBe(expected.demographic_parity_difference);
    expect(j.small_groups).toEqual([]);
  });
  it('--bootstrap is reproducible with --seed, and its intervals cover the point estimate', async () => {
    const args = [...base, '--input', big, '--bootstrap', '300', '--seed', '9', '--json'];
    const a = JSON.parse((await runKaizen(...args)).out);
    const b = JSON.parse((await runKaizen(...args)).out);
    expect(b.intervals).toEqual(a.intervals);
    expect(a.intervals).toMatchObject({ method: 'percentile', stratified: true, resamples: 300, seed: 9, level: 0.95 });
    const [lo, hi] = a.intervals.disparities.equalized_odds_difference;
    expect(lo).toBeLessThanOrEqual(a.equalized_odds_difference);
    expect(hi).toBeGreaterThanOrEqual(a.equalized_odds_difference);
    const text = await runKaizen(...base, '--input', big, '--bootstrap', '300', '--level', '0.9');
    expect(text.out).toMatch(/^demographic parity difference [\d.]+ \[[\d.]+, [\d.]+\]/m);
    expect(text.out).toContain('intervals: 90 % percentile bootstrap, 300 resamples within each group, seed 1');
  });
  it('exits 2 for bad combinations of the new flags', async () => {
    const bad = async (...extra: string[]) => (await runKaizen(...base, '--input', small, ...extra)).err;
    expect(await bad('--bootstrap', '50')).toMatch(/--bootstrap must be a whole number from 100 to 10000/);
    expect(await bad('--seed', '3')).toMatch(/--seed and --level only apply with --bootstrap/);
    expect(await bad('--group2', 'g')).toMatch(/--group2 must name another column/);
    expect(await bad('--sweep-steps', '5')).toMatch(/--sweep-steps only applies with --sweep/);
    const noScore = await runKaizen('fairness', '--input', small, '--label', 'y', '--prediction', 'y', '--group', 'g', '--sweep');
    expect(noScore.code).toBe(2);
    expect(noScore.err).toMatch(/--sweep needs --score/);
  });
});
