import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Block } from '../../main/reports/model';
import { fairnessBlocks } from '../../main/reports/sections/analysis/fairness';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// The report's fairness page shows what issue 20 added: bootstrap intervals beside the rates and disparities, the
// sample-size rule beside each group, intersectional "A × B" groups, and the threshold sweep chart.
let s: TestServices;
let blocks: Block[];

beforeAll(async () => {
  s = await tempServices();
  const eventId = (await s.call('event-create', { name: 'Fairness report' })).id;
  const lines = ['score,label,region,channel'];
  for (let i = 0; i < 500; i++) {
    const region = i % 40 === 3 ? 'LATAM' : i % 2 ? 'EU' : 'US';
    const label = i % 5 === 0 || i % 7 === 0 ? 1 : 0;
    lines.push(`${Math.round((((i * 37) % 100) / 100) * 0.6 * 1000 + label * 350) / 1000},${label},${region},${i % 3 ? 'app' : 'web'}`);
  }
  const file = path.join(tempDir('kaizen-fair-report-'), 'scored.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  const datasetId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Scored' })).datasetId!;
  const out = await s.call('analysis-fairness', { eventId, datasetId, label: 'label', score: 'score', threshold: 0.5, group: 'region', group2: 'channel', gate: { metric: 'demographic_parity_difference', threshold: 0.1 }, bootstrap: { resamples: 200, seed: 4 }, sweep: { steps: 21 }, save: true });
  const saved = (await s.call('analysis-result-list', { eventId })).find((r) => r.id === out.resultId)!;
  blocks = fairnessBlocks(saved, 'fair');
}, 60_000);
afterAll(() => s.close());

const table = (id: string) => {
  const b = blocks.find((x) => x.kind === 'table' && x.table.id === id);
  if (!b || b.kind !== 'table') throw new Error(`no table ${id}`);
  return b.table;
};

describe('report fairness page (issue 20 fields)', () => {
  it('lists the intersectional groups with interval and sample-size columns', () => {
    const t = table('fair-groups');
    expect(t.columns.map((c) => c.label)).toEqual(['Group', 'Rows', 'Positives', 'Selection rate', 'TPR', 'FPR', 'Precision', 'Selection rate 95 % interval', 'TPR 95 % interval', 'Sample size']);
    expect(t.rows.map((r) => r[0])).toEqual(['EU × app', 'EU × web', 'LATAM × app', 'LATAM × web', 'US × app', 'US × web', 'Overall']);
    const latam = t.rows.find((r) => r[0] === 'LATAM × web')!;
    expect(latam.at(-1)).toMatch(/^small: \d rows? < 30/);
    expect(t.rows.find((r) => r[0] === 'US × app')!.at(-1)).toBe('ok');
    expect(t.rows.find((r) => r[0] === 'US × app')![7]).toMatch(/^\d+\.\d–\d+\.\d %$/);
    expect(t.rows.find((r) => r[0] === 'Overall')![7]).toMatch(/^\d+\.\d–\d+\.\d %$/);
  });
  it('puts an interval beside each difference and ratio, and states the rule, B and the seed', () => {
    const t = table('fair-disparities');
    expect(t.columns.at(-1)!.label).toBe('95 % interval');
    expect(t.rows[0]![3]).toMatch(/^[\d.]+ – [\d.]+$/);
    const note = blocks.find((b) => b.kind === 'note' && b.text.startsWith('Sample-size rule'));
    expect(note && note.kind === 'note' && note.text).toContain('95 % percentile bootstrap, 200 resamples with rows redrawn within each group, seed 4');
  });
  it('draws the threshold sweep with every group and the chosen threshold', () => {
    const c = blocks.find((b) => b.kind === 'chart' && b.chart.id === 'fair-sweep');
    if (!c || c.kind !== 'chart') throw new Error('no sweep chart');
    for (const g of ['EU × app', 'US × web', 'LATAM × app']) expect(c.chart.svg).toContain(g);
    expect(c.chart.svg).toContain('t = 0.5');
    expect(c.chart.alt).toMatch(/^Selection rate and TPR per group for thresholds 0 to 1; at 0\.5: EU × app selection [\d.]+ %, TPR [\d.]+ %/);
  });
});
