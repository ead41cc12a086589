import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Window } from '../../common/contract/schemas/analysis';
import { fairnessMetrics, isPositive } from '../../common/domain/fairness/fairness';
import { load, subset, windowRows } from '../../main/services/analysis/data';
import { fairnessRows } from '../../main/services/analysis/inputs';
import { getDataset } from '../../main/services/datasets/access';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// analysis-fairness counts in SQLite (fairnessSql.ts: one GROUP BY over label × prediction × group in the window).
// These tests compare its report with the in-memory path it replaced — whole columns read, the window's rows
// kept, fairnessRows + fairnessMetrics — on the demo's inference log and on a small log with blanks, numeric
// labels and groups, and a score column with a threshold.
let s: TestServices;
let eventId: string;
let demoId: string;
let oddId: string;

type Spec = { label: string; prediction?: string; score?: string; threshold?: number; group: string; posLabel: string; predictionPosLabel?: string; window?: Window };

function inMemory(datasetId: string, input: Spec) {
  const ds = getDataset(s.ctx, datasetId);
  const w = input.window;
  let cols = load(s.ctx, ds, [input.label, input.prediction, input.score, input.group, w && w.kind !== 'version' ? w.column : undefined]);
  if (w && w.kind !== 'version') cols = subset(cols, windowRows(cols, w, ds.rowCount));
  const columns = Object.entries(cols).map(([name, values]) => ({ name, values }));
  const spec = { ...input, score: input.prediction ? undefined : input.score };
  const { rows, skipped } = fairnessRows(columns, spec, `Dataset "${ds.name}"`, isPositive);
  return { report: fairnessMetrics(rows), skipped };
}

function writeOdd(dir: string): string {
  const rows = ['timestamp,y,yhat,score,tier,region'];
  for (let i = 0; i < 500; i++) {
    const day = String(1 + (i % 20)).padStart(2, '0');
    const y = i % 23 === 0 ? '' : String((i * 7) % 3 === 0 ? 1 : 0);
    const yhat = i % 29 === 0 ? '' : String((i * 11) % 4 === 0 ? 1 : 0);
    const score = i % 31 === 0 ? '' : (((i * 7919) % 1000) / 1000).toFixed(3);
    const tier = i % 19 === 0 ? '' : String(1 + (i % 3));
    rows.push(`2026-11-${day}T10:00:00Z,${y},${yhat},${score},${tier},${i % 17 === 0 ? '' : ['EU', 'US', 'APAC'][i % 3]}`);
  }
  const f = path.join(dir, 'odd-fairness.csv');
  fs.writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
  demoId = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id;
  oddId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: writeOdd(tempDir('kaizen-fair-sql-')) }, name: 'odd fairness' })).datasetId!;
}, 120_000);
afterAll(() => s.close());

describe('analysis-fairness counted in SQL equals the in-memory path', () => {
  const cases: [string, () => string, Spec][] = [
    ['demo log: label vs decision by region', () => demoId, { label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag' }],
    ['demo log: score ≥ 0.5 by endpoint, in a date window', () => demoId, { label: 'label', score: 'score', threshold: 0.5, group: 'endpoint', posLabel: 'fraud', window: { kind: 'dates', column: 'timestamp', from: '2026-11-10', to: '2026-11-20' } }],
    ['demo log: by model version, in a value window', () => demoId, { label: 'label', prediction: 'decision', group: 'model_version', posLabel: 'fraud', predictionPosLabel: 'flag', window: { kind: 'value', column: 'region', value: 'EU' } }],
    ['blanks, numeric labels and groups', () => oddId, { label: 'y', prediction: 'yhat', group: 'tier', posLabel: '1' }],
    ['blank scores with a threshold, text groups, a date window', () => oddId, { label: 'y', score: 'score', threshold: 0.4, group: 'region', posLabel: '1', window: { kind: 'dates', column: 'timestamp', from: '2026-11-03', to: '2026-11-15' } }],
  ];
  for (const [name, id, spec] of cases) {
    it(name, async () => {
      const r = await s.call('analysis-fairness', { eventId, datasetId: id(), ...spec });
      expect({ report: r.report, skipped: r.skipped }).toEqual(inMemory(id(), spec));
    });
  }
  it('one group with data is refused as before', async () => {
    await expect(s.call('analysis-fairness', { eventId, datasetId: oddId, label: 'y', prediction: 'yhat', group: 'region', posLabel: '1', window: { kind: 'value', column: 'region', value: 'EU' } })).rejects.toThrow(/has 1 group\(s\) with data; fairness needs at least 2/);
  });
});
