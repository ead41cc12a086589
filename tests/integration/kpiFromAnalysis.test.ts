import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input } from '../../common/contract/api';
import { quantileSorted } from '../../common/domain/stats/quantile';
import { confidenceKpi, fairnessKpi, kpiCreateInput, latencyKpi, modelsKpi } from '../../renderer/src/features/analysis/kpiSuggestions';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// "Turn into a KPI" on every analysis result makes a KPI defined on the dataset (the buttons build it with
// kpiSuggestions.ts; these tests create KPIs through the same builders): its points are the analysis' own figures per
// day, and appending a file to the dataset changes them — nothing is copied from the result.
let s: TestServices;
let eventId: string;
let dir: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'KPIs from analyses' })).id;
  dir = tempDir('kaizen-kpi-analysis-');
});
afterEach(() => s.close());

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;
const at = (d: number, i: number) => `${day(d)}T${String(i % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00Z`;
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

function write(name: string, header: string, rows: readonly string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, [header, ...rows].join('\n') + '\n');
  return f;
}
async function importFile(file: string, name: string, append = false): Promise<string> {
  const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name, ...(append ? { append: true } : {}) });
  expect(r.status).toBe('imported');
  return r.datasetId!;
}
const create = (k: Parameters<typeof kpiCreateInput>[1]) => s.call('kpi-create', kpiCreateInput(eventId, k));

describe('Turn into a KPI: low-confidence share', () => {
  /** 40 predictions a day; every 13th has no confidence (left out of the share, as the analysis leaves it out). */
  const rows = (ds: readonly number[], scale: number) =>
    ds.flatMap((d) => Array.from({ length: 40 }, (_, i) => `${at(d, i)},r${d}-${i},${i % 13 === 0 ? '' : ((((i * 37 + d * 11) % 100) / 100) * scale).toFixed(3)}`));

  it('is a rate KPI whose daily values are the analysis share and follow an appended file', async () => {
    const datasetId = await importFile(write('conf.csv', 'timestamp,request_id,confidence', rows(days(1, 10), 1)), 'Predictions');
    const input: Input<'analysis-confidence'> = { eventId, datasetId, column: 'confidence', timestamp: 'timestamp', lowThreshold: 0.6 };
    const kpi = await create(confidenceKpi(input));
    expect(kpi.source).toMatchObject({ kind: 'dataset', statistic: 'rate', condition: { column: 'confidence', op: '<', value: 0.6 } });

    const first = await s.call('kpi-get', { id: kpi.id });
    expect(first.sourceError).toBeNull();
    expect(first.sourceLabel).toBe('Predictions v1: rate of confidence < 0.6 per day where confidence has a value');
    const analysis = await s.call('analysis-confidence', input);
    expect(first.points.map((p) => [p.date, p.value, p.n])).toEqual(analysis.points.map((p) => [p.date, p.lowShare, p.n]));
    expect(first.points).toHaveLength(10);
    // 36 of 40 rows have a confidence: the share is over those, not over all 40 rows.
    expect(first.points.every((p) => p.n === 36)).toBe(true);
    // Not a manual KPI: no values to type in.
    await expect(s.call('kpi-entry-add', { kpiId: kpi.id, date: '2026-11-11', value: 0.5 })).rejects.toThrow(/computed from a dataset/);

    // Two more days whose confidences halved: appended, the KPI follows.
    await importFile(write('conf2.csv', 'timestamp,request_id,confidence', rows(days(11, 12), 0.5)), 'Predictions', true);
    const after = await s.call('kpi-get', { id: kpi.id });
    expect(after.datasetVersion).toBe(2);
    expect(after.points.slice(0, 10)).toEqual(first.points);
    expect(after.points.map((p) => p.date).slice(10)).toEqual([day(11), day(12)]);
    const again = await s.call('analysis-confidence', input);
    expect(after.points.map((p) => p.value)).toEqual(again.points.map((p) => p.lowShare));
    for (const p of after.points.slice(10)) expect(p.value).toBeGreaterThan(0.8);
  });
});

describe('Turn into a KPI: fairness', () => {
  const groups = ['east', 'north', 'south'];
  /** 60 predictions a day over three regions; `flag` decides who is flagged; a few rows have no region. */
  const rows = (ds: readonly number[], flag: (d: number, i: number, region: string) => boolean, perDay = 60) =>
    ds.flatMap((d) =>
      Array.from({ length: perDay }, (_, i) => {
        const region = i % 29 === 28 ? '' : groups[i % 3]!;
        return `${at(d, i)},${(i * 7 + d) % 5 === 0 ? 'fraud' : 'ok'},${flag(d, i, region) ? 'flag' : 'pass'},${region}`;
      }),
    );
  const even = (d: number, i: number) => (i * 11 + d) % 4 === 0;
  const header = 'timestamp,label,decision,region';

  it('makes a daily disparity KPI equal to the analysis of each day, following an appended file', async () => {
    // Day 9: nobody flagged (the analysis is undecided, so no point); day 10: 12 rows (fewer than 30, no point).
    const base = [...rows(days(1, 8), even), ...rows([9], () => false), ...rows([10], even, 12)];
    const datasetId = await importFile(write('fair.csv', header, base), 'Decisions');
    const input: Input<'analysis-fairness'> = { eventId, datasetId, label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag' };
    const dpd = await create(fairnessKpi(input, 'demographic_parity_difference', 0.1, 'timestamp'));
    const eod = await create(fairnessKpi(input, 'equalized_odds_difference', 0.2, 'timestamp'));
    expect(dpd.source.kind).toBe('fairness');

    const byDay = async (d: number) => (await s.call('analysis-fairness', { ...input, window: { kind: 'dates', column: 'timestamp', from: day(d), to: day(d) } })).report;
    const check = async (id: string, metric: 'demographic_parity_difference' | 'equalized_odds_difference', expectedDays: readonly number[]) => {
      const k = await s.call('kpi-get', { id });
      expect(k.sourceError).toBeNull();
      expect(k.points.map((p) => p.date)).toEqual(expectedDays.map(day));
      for (const p of k.points) {
        const report = await byDay(Number(p.date.slice(8)));
        expect(p.value).toBe(report[metric]);
        expect(p.n).toBe(report.overall.count);
      }
      return k;
    };
    const first = await check(dpd.id, 'demographic_parity_difference', days(1, 8));
    expect(first.sourceLabel).toBe('Decisions v1: demographic parity difference by region per day (label = fraud, predicted decision = flag)');
    expect(first.alertThreshold).toBe(0.1);
    await check(eod.id, 'equalized_odds_difference', days(1, 8));
    // The analysis of day 9 cannot decide (nobody flagged): the KPI has no point there rather than a "perfect" 0.
    const undecided = await s.call('analysis-fairness', { ...input, window: { kind: 'dates', column: 'timestamp', from: day(9), to: day(9) }, gate: { metric: 'demographic_parity_difference', threshold: 0.1 } });
    expect(undecided.gate?.pass).toBeNull();

    // Three more days on which "south" is flagged far more often: the KPI's new points show the gap.
    await importFile(write('fair2.csv', header, rows(days(11, 13), (d, i, region) => (region === 'south' ? i % 5 !== 0 : even(d, i)))), 'Decisions', true);
    const after = await check(dpd.id, 'demographic_parity_difference', [...days(1, 8), 11, 12, 13]);
    expect(after.datasetVersion).toBe(2);
    expect(after.points.slice(0, 8)).toEqual(first.points);
    for (const p of after.points.slice(8)) expect(p.value).toBeGreaterThan(0.4);
    expect(after.alert).toMatchObject({ firstCrossedAt: day(11), active: true });
    // kpi-list (the board) gives the same series.
    const listed = (await s.call('kpi-list', { eventId })).find((k) => k.id === dpd.id)!;
    expect(listed.points).toEqual(after.points);
  });

  it('works from a score and threshold too, and says what is wrong with a bad definition', async () => {
    const scored = days(1, 4).flatMap((d) => Array.from({ length: 40 }, (_, i) => `${at(d, i)},${(i * 7 + d) % 3 === 0 ? 1 : 0},${(((i * 37 + d) % 100) / 100).toFixed(2)},${groups[i % 2]},${i % 5 === 0 ? 'high' : '0.5'}`));
    const datasetId = await importFile(write('scored.csv', 'timestamp,label,score,region,text_score', scored), 'Scored');
    const input: Input<'analysis-fairness'> = { eventId, datasetId, label: 'label', score: 'score', threshold: 0.5, group: 'region', posLabel: '1' };
    const kpi = await create(fairnessKpi(input, 'demographic_parity_ratio', 0.8, 'timestamp'));
    expect(kpi.direction).toBe('higher');
    const k = await s.call('kpi-get', { id: kpi.id });
    expect(k.points).toHaveLength(4);
    for (const p of k.points) {
      const r = await s.call('analysis-fairness', { ...input, window: { kind: 'dates', column: 'timestamp', from: p.date, to: p.date } });
      expect(p.value).toBe(r.report.demographic_parity_ratio);
    }

    const base = { kind: 'fairness', datasetId, timeColumn: 'timestamp', label: 'label', group: 'region', posLabel: '1', metric: 'demographic_parity_difference', bucket: 'day', minRows: 30 };
    const make = (source: Record<string, unknown>) => s.call('kpi-create', { eventId, name: 'gap', direction: 'lower', source: { ...base, ...source } });
    await expect(make({})).rejects.toThrow('source: a fairness KPI needs a predicted-label column, or a score column with a threshold.');
    await expect(make({ score: 'score' })).rejects.toThrow('source.threshold: a score column needs a threshold (predicted positive when score ≥ threshold).');
    await expect(make({ prediction: 'label', score: 'score', threshold: 0.5 })).rejects.toThrow('not both');
    await expect(make({ prediction: 'label', metric: 'parity' })).rejects.toMatchObject({ code: 'VALIDATION' });
    // Problems found in the data are shown on the card, not thrown.
    const unknown = await s.call('kpi-get', { id: (await make({ prediction: 'label', group: 'regoin' })).id });
    expect(unknown.points).toEqual([]);
    expect(unknown.sourceError).toBe('Dataset "Scored" has no column "regoin" (columns: timestamp, label, score, region, text_score).');
    const text = await s.call('kpi-get', { id: (await make({ score: 'text_score', threshold: 0.5 })).id });
    expect(text.sourceError).toMatch(/^Column "text_score" of dataset "Scored" is stored as .*, not numbers; a fairness KPI needs a numeric score or a predicted-label column\.$/);
    const noTime = await s.call('kpi-get', { id: (await make({ prediction: 'label', timeColumn: 'region' })).id });
    expect(noTime.sourceError).toBe('Column "region" of dataset "Scored" holds no timestamps to bucket by.');
  });
});

describe('Turn into a KPI: latency and model comparison', () => {
  const latencyRows = (ds: readonly number[], slow: number) =>
    ds.flatMap((d) => Array.from({ length: 30 }, (_, i) => { const model = 20 + ((i * 17 + d * 5) % 50) + slow; return `${at(d, i)},${model},${model + 10 + (i % 7)}`; }));

  it('latency: p95 of the total per day, the latency analysis per-day figure, after an append too', async () => {
    const header = 'timestamp,model_ms,total_ms';
    const datasetId = await importFile(write('lat.csv', header, latencyRows(days(1, 5), 0)), 'Latency log');
    const kpi = await create(latencyKpi(datasetId, 'total_ms', 'timestamp'));
    const input = { eventId, datasetId, stages: ['model_ms'], total: 'total_ms', timestamp: 'timestamp', bucket: 'day' as const };
    const compare = async (n: number) => {
      const k = await s.call('kpi-get', { id: kpi.id });
      const a = await s.call('analysis-latency', input);
      const p95 = new Map(a.byTime!.map((g) => [g.group, g.total.p95]));
      expect(k.points).toHaveLength(n);
      for (const p of k.points) expect(p.value).toBe(p95.get(p.date));
      return k;
    };
    const first = await compare(5);
    await importFile(write('lat2.csv', header, latencyRows([6, 7], 200)), 'Latency log', true);
    const after = await compare(7);
    expect(after.points.slice(0, 5)).toEqual(first.points);
    for (const p of after.points.slice(5)) expect(p.value).toBeGreaterThan(200);
  });

  it('model comparison: p95 latency of the candidate version per day', async () => {
    const header = 'timestamp,model_version,total_ms';
    const rows = (d: number, version: string, base: number) => Array.from({ length: 30 }, (_, i) => `${at(d, i)},${version},${base + ((i * 13 + d) % 40)}`);
    // v2 (the candidate) ran on day 6 only, so the analysis' p95 of v2 is day 6's figure.
    const datasetId = await importFile(write('models.csv', header, [...days(1, 5).flatMap((d) => rows(d, 'v1', 100)), ...rows(6, 'v2', 60)]), 'Models');
    const analysis = await s.call('analysis-models', { eventId, datasetId, versionColumn: 'model_version', latency: 'total_ms' });
    expect(analysis.candidate).toBe('v2');
    const kpi = await create(modelsKpi(datasetId, 'model_version', 'total_ms', analysis.candidate));
    const first = await s.call('kpi-get', { id: kpi.id });
    expect(first.sourceLabel).toBe("Models v1: p95 of total_ms per day where model_version = 'v2'");
    expect(first.points.map((p) => [p.date, p.value])).toEqual([[day(6), analysis.versions.find((v) => v.version === 'v2')!.p95]]);

    const slower = rows(7, 'v2', 90);
    await importFile(write('models2.csv', header, [...rows(7, 'v1', 100), ...slower]), 'Models', true);
    const after = await s.call('kpi-get', { id: kpi.id });
    expect(after.points.map((p) => p.date)).toEqual([day(6), day(7)]);
    const values = Float64Array.from(slower.map((r) => Number(r.split(',')[2]))).sort();
    expect(after.points[1]!.value).toBe(quantileSorted(values, 0.95));
  });
});
