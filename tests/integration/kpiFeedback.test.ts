import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices | undefined;
afterEach(() => s?.close());

/**
 * Feedback-loop KPIs (issue 23): corrections joined to the inference log by prediction id, recomputed per day from
 * both datasets' latest versions — a new version of the corrections recomputes the series.
 */
describe('feedback KPIs', () => {
  it('correction rate and label delay per day of the prediction, recomputed when corrections are appended', async () => {
    s = await tempServices();
    const dir = tempDir('kaizen-kpi-feedback-');
    const eventId = (await s.call('event-create', { name: 'Feedback KPIs' })).id;
    const write = (name: string, text: string) => {
      const f = path.join(dir, name);
      fs.writeFileSync(f, text);
      return f;
    };
    const imp = async (file: string, name: string, append = false) => (await s!.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name, ...(append ? { append: true } : {}) })).datasetId!;
    // Day 1: p1, p2; day 2: p3, p4.
    const inf = await imp(write('inf.csv', 'request_id,ts\np1,2026-03-02T10:00:00Z\np2,2026-03-02T11:00:00Z\np3,2026-03-03T10:00:00Z\np4,2026-03-03T11:00:00Z\n'), 'Inference');
    // p1 corrected 2 h later, p2 6 h later (day 1: 2 of 2, delays 2 and 6 h); p3 10 h later (day 2: 1 of 2).
    const cor = await imp(write('cor.csv', 'prediction_id,corrected_at,label\np1,2026-03-02T12:00:00Z,fraud\np2,2026-03-02T17:00:00Z,fraud\np3,2026-03-03T20:00:00Z,legit\n'), 'Corrections');
    const source = (metric: string) => ({ kind: 'feedback', datasetId: inf, correctionsDatasetId: cor, id: 'prediction_id', inferenceId: 'request_id', time: 'corrected_at', inferenceTime: 'ts', label: 'label', metric, bucket: 'day' });
    await s.call('kpi-create', { eventId, name: 'Correction rate', unit: '', direction: 'lower', source: source('correction_rate') });
    await s.call('kpi-create', { eventId, name: 'Label delay p50', unit: 'h', direction: 'lower', source: source('label_delay_p50_h') });
    let [rate, delay] = await s.call('kpi-list', { eventId });
    expect(rate!.points.map((p) => [p.date, p.value, p.n])).toEqual([['2026-03-02', 1, 2], ['2026-03-03', 0.5, 2]]);
    // p50 of [2, 6] h = 4 h; day 2: 10 h.
    expect(delay!.points.map((p) => [p.date, p.value, p.n])).toEqual([['2026-03-02', 4, 2], ['2026-03-03', 10, 1]]);
    expect(rate!.sourceLabel).toMatch(/correction rate per day/);
    // p4 is corrected later: appended as a new version of the corrections, the KPIs recompute.
    await imp(write('cor2.csv', 'prediction_id,corrected_at,label\np4,2026-03-04T11:00:00Z,fraud\n'), 'Corrections', true);
    [rate, delay] = await s.call('kpi-list', { eventId });
    expect(rate!.points.map((p) => p.value)).toEqual([1, 1]);
    expect(delay!.points.at(-1)).toMatchObject({ date: '2026-03-03', value: 17, n: 2 });
  }, 60_000);
});
