import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// "Turn into a KPI" on a drift series makes a KPI defined on the dataset (PSI of a column per day against a reference
// window), so appending a dataset version recomputes it: no copied values.
let s: TestServices;
let eventId: string;
let dir: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Drift KPI' })).id;
  dir = tempDir('kaizen-drift-kpi-');
});
afterEach(() => s.close());

/** 40 requests a day; `shift` moves the scores up. */
function csv(name: string, days: readonly number[], shift: (day: number) => number): string {
  const rows = days.flatMap((d) =>
    Array.from({ length: 40 }, (_, i) => `2026-11-${String(d).padStart(2, '0')}T${String(i % 24).padStart(2, '0')}:${String(i).padStart(2, '0')}:00Z,r${d}-${i},${(((i * 37 + d * 11) % 100) / 100 + shift(d)).toFixed(3)}`),
  );
  const f = path.join(dir, name);
  fs.writeFileSync(f, ['timestamp,request_id,score', ...rows].join('\n') + '\n');
  return f;
}
const days = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
const reference = { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-05' } as const;

describe('drift KPI', () => {
  it('recomputes PSI per day from the dataset after a new version is appended', async () => {
    const v1 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv('a.csv', days(1, 10), () => 0) }, name: 'Inference log' });
    const datasetId = v1.datasetId!;
    const kpi = await s.call('kpi-create', {
      eventId,
      name: 'PSI score (daily)',
      unit: 'PSI',
      direction: 'lower',
      alertThreshold: 0.2,
      source: { kind: 'drift', datasetId, column: 'score', timeColumn: 'timestamp', reference, binning: 'quantile', categorical: false, bucket: 'day', minRows: 20 },
    });
    const first = await s.call('kpi-get', { id: kpi.id });
    expect(first.sourceError).toBeNull();
    expect(first.datasetVersion).toBe(1);
    expect(first.sourceLabel).toContain('PSI of score per day vs timestamp 2026-11-01 – 2026-11-05');
    expect(first.points.map((p) => p.date)).toEqual(days(1, 10).map((d) => `2026-11-${String(d).padStart(2, '0')}`));
    expect(Math.max(...first.points.map((p) => p.value))).toBeLessThan(0.2);
    // The same numbers as the Analysis page's drift series.
    const series = await s.call('analysis-drift-series', { eventId, datasetId, feature: 'score', timestamp: 'timestamp', reference });
    expect(first.points.map((p) => p.value)).toEqual(series.points.map((p) => p.psi));

    // Three more days whose scores moved up by 0.5: appended, the KPI follows without anyone re-entering values.
    const v2 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv('b.csv', days(11, 13), () => 0.5) }, name: 'Inference log', append: true });
    expect(v2).toMatchObject({ status: 'imported', version: 2 });
    const after = await s.call('kpi-get', { id: kpi.id });
    expect(after.datasetVersion).toBe(2);
    expect(after.points).toHaveLength(13);
    expect(after.points.slice(0, 10)).toEqual(first.points);
    for (const p of after.points.slice(10)) expect(p.value).toBeGreaterThan(0.25);
    expect(after.alert).toMatchObject({ firstCrossedAt: '2026-11-11', active: true });
    const [listed] = await s.call('kpi-list', { eventId });
    expect(listed!.points).toEqual(after.points);
  });

  it('says why when the reference window has no rows, on the card rather than as a crash', async () => {
    const v1 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv('a.csv', days(1, 3), () => 0) }, name: 'Inference log' });
    const kpi = await s.call('kpi-create', {
      eventId,
      name: 'PSI score',
      direction: 'lower',
      source: { kind: 'drift', datasetId: v1.datasetId!, column: 'score', timeColumn: 'timestamp', reference: { kind: 'dates', column: 'timestamp', from: '2025-01-01', to: '2025-01-02' }, binning: 'quantile', categorical: false, bucket: 'day', minRows: 20 },
    });
    const k = await s.call('kpi-get', { id: kpi.id });
    expect(k.points).toEqual([]);
    expect(k.sourceError).toBe('"score" has no values in the reference window.');
  });
});
