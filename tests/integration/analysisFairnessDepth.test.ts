import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../common/contract/errors';
import { fairnessMetrics, intersectionGroup } from '../../common/domain/fairness/fairness';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// Issue 20, fairness in depth: integer 0/1 labels as positive-label choices, intersectional groups, seeded bootstrap
// intervals, the threshold sweep — through the contract, on a real SQLite file, against rows built here.
let s: TestServices;
let eventId: string;
let datasetId: string;
let textScoreId: string;
let badScoreId: string;

type Row = { score: number; prediction: number; label: number; region: string; channel: string; flagged: string };
const ROWS: Row[] = Array.from({ length: 600 }, (_, i) => {
  const region = i % 4 === 0 ? 'EU' : 'US';
  const channel = i % 3 === 0 ? 'web' : 'app';
  const label = i % 5 === 0 || i % 7 === 0 ? 1 : 0;
  const score = Math.round((((i * 37) % 100) / 100) * 0.6 * 1000 + label * 350 + (region === 'EU' ? 50 : 0)) / 1000;
  return { score, prediction: score >= 0.5 ? 1 : 0, label, region, channel, flagged: label ? 'true' : 'false' };
});

function write(dir: string, name: string, textScore: boolean): string {
  const lines = ['score,prediction,label,region,channel,flagged', ...ROWS.map((r, i) => `${textScore && i === 7 ? 'high' : r.score},${r.prediction},${r.label},${r.region},${r.channel},${r.flagged}`)];
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Fairness depth' })).id;
  const dir = tempDir('kaizen-fair-depth-');
  datasetId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: write(dir, 'scored.csv', false) }, name: 'Scored' })).datasetId!;
  // The score stored as text (a column override): fairness and the sweep take the in-memory path, row by row.
  const asText = [{ source: 'score', name: 'score', type: 'text' }];
  textScoreId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: write(dir, 'text-score.csv', false) }, name: 'Text score', columns: asText })).datasetId!;
  badScoreId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: write(dir, 'bad-score.csv', true) }, name: 'Bad score', columns: asText })).datasetId!;
}, 60_000);
afterAll(() => s.close());

const base = () => ({ eventId, datasetId, label: 'label', group: 'region', posLabel: '1' });

describe('integer 0/1 labels', () => {
  it('are typed integer, and analysis-column-values lists them (most frequent first) as positive-label choices', async () => {
    const ds = await s.call('dataset-get', { datasetId });
    expect(ds.columns.find((c) => c.name === 'label')!.type).toBe('integer');
    const profile = await s.call('dataset-profile', { datasetId });
    expect(profile.columns.find((c) => c.name === 'label')!.top).toEqual([]); // why the choices were empty
    const positives = ROWS.filter((r) => r.label === 1).length;
    expect(await s.call('analysis-column-values', { datasetId, column: 'label' })).toEqual({ values: [{ value: '0', count: ROWS.length - positives }, { value: '1', count: positives }], more: false });
    expect((await s.call('analysis-column-values', { datasetId, column: 'flagged' })).values.map((v) => v.value)).toEqual(['false', 'true']);
    expect(await s.call('analysis-column-values', { datasetId, column: 'score', limit: 3 })).toMatchObject({ more: true });
    await expect(s.call('analysis-column-values', { datasetId, column: 'nope' })).rejects.toThrow(/has no column "nope" \(columns: score, prediction/);
  });
  it('a boolean label read with "true" as the positive label (stored 1/0) counts the same positives as 1', async () => {
    const byInt = await s.call('analysis-fairness', { ...base(), prediction: 'prediction' });
    const byBool = await s.call('analysis-fairness', { ...base(), label: 'flagged', posLabel: 'true', prediction: 'prediction', predictionPosLabel: '1' });
    expect(byBool.report.groups.map((g) => g.positives)).toEqual(byInt.report.groups.map((g) => g.positives));
    expect(byInt.report.overall.positives).toBe(ROWS.filter((r) => r.label === 1).length);
  });
});

describe('intersectional groups', () => {
  it('group by region × channel: the rates of each "A × B" group equal Fairlearn semantics over the rows', async () => {
    const out = await s.call('analysis-fairness', { ...base(), group2: 'channel', prediction: 'prediction' });
    const expected = fairnessMetrics(ROWS.map((r) => ({ label: r.label === 1, prediction: r.prediction === 1, group: intersectionGroup(r.region, r.channel) })));
    expect(out.report.groups.map((g) => g.group)).toEqual(['EU × app', 'EU × web', 'US × app', 'US × web']);
    expect(out.report.groups).toEqual(expected.groups);
    expect(out.report.demographic_parity_difference).toBe(expected.demographic_parity_difference);
    expect(out.report.equalized_odds_difference).toBe(expected.equalized_odds_difference);
  });
  it('the in-memory path (a score column stored as text) gives the same groups, rates and sweep, and names a bad row', async () => {
    const input = { ...base(), group2: 'channel', score: 'score', threshold: 0.5, sweep: { steps: 11 } };
    const sql = await s.call('analysis-fairness', input);
    const rows = await s.call('analysis-fairness', { ...input, datasetId: textScoreId });
    expect((await s.call('dataset-get', { datasetId: textScoreId })).columns.find((c) => c.name === 'score')!.type).toBe('text');
    expect(rows.report).toEqual(sql.report);
    expect(rows.sweep).toEqual(sql.sweep);
    const err = await s.call('analysis-fairness', { ...input, datasetId: badScoreId }).catch((e: unknown) => e);
    expect(String(isAppError(err) ? err.message : err)).toMatch(/column "score", row 8: score "high" is not a number/);
  });
  it('refuses the same column twice', async () => {
    await expect(s.call('analysis-fairness', { ...base(), group2: 'region', prediction: 'prediction' })).rejects.toThrow(/two different group columns/);
  });
});

describe('bootstrap intervals through the contract', () => {
  it('are reproducible for a seed, cover the point estimates, and report progress', async () => {
    const events: string[] = [];
    const off = s.bus.on((e) => {
      if (e.name === 'job-progressed') events.push((e.payload as { message: string }).message);
    });
    const input = { ...base(), score: 'score', threshold: 0.5, bootstrap: { resamples: 500, seed: 7 }, jobId: 'fair-boot' };
    const a = await s.call('analysis-fairness', input);
    off();
    const b = await s.call('analysis-fairness', { ...input, jobId: undefined });
    expect(b.intervals).toEqual(a.intervals);
    expect(a.intervals).toMatchObject({ method: 'percentile', stratified: true, resamples: 500, seed: 7, level: 0.95 });
    const dpd = a.intervals!.disparities.demographic_parity_difference!;
    expect(dpd[0]).toBeLessThanOrEqual(a.report.demographic_parity_difference!);
    expect(dpd[1]).toBeGreaterThanOrEqual(a.report.demographic_parity_difference!);
    // Progress is throttled (100 ms) except the last step, which names the resamples and the seed.
    expect(events).toContain('Bootstrap: 500 resamples (seed 7)');
    const other = await s.call('analysis-fairness', { ...input, jobId: undefined, bootstrap: { resamples: 500, seed: 8 } });
    expect(other.intervals!.disparities).not.toEqual(a.intervals!.disparities);
  });
  it('are stored with the result and its seed', async () => {
    const out = await s.call('analysis-fairness', { ...base(), prediction: 'prediction', bootstrap: { resamples: 200, seed: 3 }, save: true });
    const stored = (await s.call('analysis-result-list', { eventId })).find((r) => r.id === out.resultId)!;
    expect(stored.params).toMatchObject({ bootstrap: { resamples: 200, seed: 3, level: 0.95 } });
    expect((stored.result as { intervals: unknown }).intervals).toEqual(out.intervals);
  });
});

describe('threshold sweep', () => {
  it('at the chosen threshold equals the assessment: selection rate and TPR per group', async () => {
    const out = await s.call('analysis-fairness', { ...base(), group2: 'channel', score: 'score', threshold: 0.5, sweep: { steps: 11 } });
    const sw = out.sweep!;
    expect(sw.thresholds).toEqual([0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1]);
    const at = sw.thresholds.indexOf(0.5);
    sw.groups.forEach((g, i) => {
      expect(g.group).toBe(out.report.groups[i]!.group);
      expect(g.selection_rate[at]).toBe(out.report.groups[i]!.selection_rate);
      expect(g.tpr[at]).toBe(out.report.groups[i]!.tpr);
      expect(g.selection_rate[0]).toBe(1);
    });
  });
  it('works beside a predicted-label column, and needs a score column', async () => {
    const out = await s.call('analysis-fairness', { ...base(), prediction: 'prediction', score: 'score', sweep: {} });
    expect(out.sweep!.thresholds).toHaveLength(51);
    await expect(s.call('analysis-fairness', { ...base(), prediction: 'prediction', sweep: {} })).rejects.toThrow(/sweep needs a score column/);
  });
});
