// Drift (PSI per day) and fairness (disparity per day) KPIs recompute the way dataset KPIs do: kpi-list sends the
// stale ones to the bundled analysis worker as a job (kind "kpi", progress per series) and gets the in-process series.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { driftKpi, fairnessKpi, kpiCreateInput } from '../../renderer/src/features/analysis/kpiSuggestions';
import { buildAnalysisWorker } from '../helpers/analysisWorker';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

const env = { ...process.env };
let workers: string;
let s: TestServices;
let eventId: string;
let datasetId: string;

const day = (d: number) => `2026-11-${String(d).padStart(2, '0')}`;

beforeAll(async () => {
  workers = await buildAnalysisWorker('kpi-sources');
  process.env.KAIZEN_WORKERS_DIR = workers;
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Worker KPIs' })).id;
  // 20 days × 60 predictions; scores drift upwards from day 11, and region "south" is flagged more from day 11.
  const rows = Array.from({ length: 20 }, (_, k) => k + 1).flatMap((d) =>
    Array.from({ length: 60 }, (_, i) => {
      const region = ['east', 'north', 'south'][i % 3]!;
      const late = d > 10;
      const flag = late && region === 'south' ? i % 5 !== 0 : (i * 11 + d) % 4 === 0;
      return `${day(d)}T${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z,${((((i * 37 + d * 11) % 100) / 100) + (late ? 0.4 : 0)).toFixed(3)},${(i * 7 + d) % 5 === 0 ? 'fraud' : 'ok'},${flag ? 'flag' : 'pass'},${region}`;
    }),
  );
  const file = path.join(s.dataDir, 'log.csv');
  fs.writeFileSync(file, ['timestamp,score,label,decision,region', ...rows].join('\n') + '\n');
  datasetId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Decisions' })).datasetId!;
}, 180_000);
afterAll(() => {
  s.close();
  process.env = env;
});

describe('drift and fairness KPIs in the analysis worker', () => {
  it('kpi-list computes them off the main thread as a job and gives the in-process series', async () => {
    const reference = { kind: 'dates', column: 'timestamp', from: day(1), to: day(5) } as const;
    await s.call('kpi-create', kpiCreateInput(eventId, driftKpi({ datasetId, feature: 'score', timestamp: 'timestamp', reference, binning: 'quantile', categorical: false, threshold: 0.2 })));
    await s.call('kpi-create', kpiCreateInput(eventId, fairnessKpi({ eventId, datasetId, label: 'label', prediction: 'decision', group: 'region', posLabel: 'fraud', predictionPosLabel: 'flag' }, 'demographic_parity_difference', 0.1, 'timestamp')));
    const events: { name: string; kind: string; ok?: boolean; message?: string }[] = [];
    const off = s.bus.on((e) => {
      if (e.name === 'job-progressed' || e.name === 'job-finished') events.push({ name: e.name, ...(e.payload as { kind: string; ok?: boolean; message?: string }) });
    });
    const inWorker = await s.call('kpi-list', { eventId });
    off();
    expect(events.filter((e) => e.name === 'job-finished').map((e) => `${e.kind}:${e.ok}`)).toEqual(['kpi:true']);
    expect(events.filter((e) => e.name === 'job-progressed').map((e) => e.message)).toEqual(['1 of 2 KPI scans', '2 of 2 KPI scans']);
    for (const k of inWorker) {
      expect(k.sourceError).toBeNull();
      expect(k.points).toHaveLength(20);
    }
    const [psi, gap] = inWorker;
    expect(psi!.alert?.firstCrossedAt).toBe(day(11));
    expect(gap!.alert?.firstCrossedAt).toBe(day(11));
    // The same series on the analysis page (PSI per day).
    const series = await s.call('analysis-drift-series', { eventId, datasetId, feature: 'score', timestamp: 'timestamp', reference });
    expect(psi!.points.map((p) => p.value)).toEqual(series.points.map((p) => p.psi));

    // Cached now: a second list starts no job.
    const again: string[] = [];
    const off2 = s.bus.on((e) => {
      if (e.name === 'job-finished') again.push(e.name);
    });
    expect(await s.call('kpi-list', { eventId })).toEqual(inWorker);
    off2();
    expect(again).toEqual([]);

    // An appended day makes both stale: kpi-get recomputes its KPI in the worker too.
    const file = path.join(s.dataDir, 'day21.csv');
    fs.writeFileSync(file, ['timestamp,score,label,decision,region', ...Array.from({ length: 60 }, (_, i) => `${day(21)}T${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z,0.9,${i % 4 === 0 ? 'fraud' : 'ok'},${i % 3 === 2 ? 'flag' : 'pass'},${['east', 'north', 'south'][i % 3]}`)].join('\n') + '\n');
    await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Decisions', append: true });
    const jobs: string[] = [];
    const off3 = s.bus.on((e) => {
      if (e.name === 'job-finished') jobs.push(`${e.payload.kind}:${e.payload.ok}`);
    });
    const fresh = await s.call('kpi-get', { id: gap!.id });
    off3();
    expect(jobs).toEqual(['kpi:true']);
    expect(fresh.datasetVersion).toBe(2);
    expect(fresh.points.slice(0, 20)).toEqual(gap!.points);
    // Day 21: only "south" is flagged, so the selection rates are 0, 0 and 1.
    expect(fresh.points.at(-1)).toMatchObject({ date: day(21), value: 1 });

    s.db.exec('DELETE FROM kpi_series_cache');
    const inWorkerAfter = await s.call('kpi-list', { eventId });
    delete process.env.KAIZEN_WORKERS_DIR;
    try {
      expect(await s.call('kpi-list', { eventId })).toEqual(inWorkerAfter);
    } finally {
      process.env.KAIZEN_WORKERS_DIR = workers;
    }
  }, 120_000);
});
