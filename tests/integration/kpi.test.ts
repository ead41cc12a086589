import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { unpackChart } from '../../common/domain/spc/packed';

let s: TestServices;
let eventId: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

/** A small inference log: 10 days before (≈400 ms) and 10 after (≈300 ms), 4 requests a day, one endpoint failing. */
function writeLog(name: string, shiftAfter = 100): string {
  const rows = ['timestamp,endpoint,total_ms,status'];
  for (let d = 0; d < 20; d++) {
    for (let h = 0; h < 4; h++) {
      const day = new Date(Date.UTC(2026, 10, 2 + d, 6 * h, 5)).toISOString();
      const base = d < 10 ? 400 : 400 - shiftAfter;
      rows.push(`${day},${h === 3 ? '/explain' : '/score'},${base + ((d * 7 + h * 13) % 20)},${h === 0 && d % 2 === 0 ? 'failed' : 'ok'}`);
    }
  }
  const file = path.join(s.dataDir, name);
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

async function importLog(file: string): Promise<string> {
  const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Inference log' });
  return (r as { datasetId: string }).datasetId;
}

describe('KPIs from a dataset', () => {
  it('computes a daily p95 with filters, baseline period, progress, status and signals after the change', async () => {
    const datasetId = await importLog(writeLog('log.csv'));
    const kpi = await s.call('kpi-create', {
      eventId,
      name: 'p95 latency /score',
      unit: 'ms',
      direction: 'lower',
      source: { kind: 'dataset', datasetId, column: 'total_ms', statistic: 'p95', bucket: 'day', filters: [{ column: 'endpoint', op: '=', value: '/score' }] },
      baselineFrom: '2026-11-02',
      baselineTo: '2026-11-11',
      target: 320,
      alertThreshold: 415,
    });
    const [card] = await s.call('kpi-list', { eventId });
    expect(card!.id).toBe(kpi.id);
    expect(card!.points).toHaveLength(20);
    expect(card!.points[0]).toMatchObject({ date: '2026-11-02', n: 3 });
    // Day 0, /score rows: 400, 413, 406 → type-7 p95 = 406 + 0.9·(413 − 406).
    expect(card!.points[0]!.value).toBeCloseTo(412.3, 10);
    expect(card!.baselineValue).toBeGreaterThan(400);
    expect(card!.current).toBeLessThan(320);
    expect(card!.status).toBe('on-track');
    expect(card!.progress).toBeGreaterThan(1);
    expect(card!.alert).toMatchObject({ active: false });
    expect(card!.sourceLabel).toContain("p95 of total_ms per day where endpoint = '/score'");
    const chart = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id, settings: { stages: [{ date: '2026-11-12', name: 'After' }] } }));
    expect(chart.panels.map((p) => p.statistic)).toEqual(['i', 'mr']);
    expect(chart.panels[0]!.stages.map((st) => [st.name, st.from, st.to])).toEqual([['Before', 1, 10], ['After', 11, 20]]);
    // Without stages the drop shows as signals (test 1 / test 2) on the single set of limits.
    const flat = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id }));
    expect(flat.panels[0]!.signals.length).toBeGreaterThan(0);
    expect(flat.testDescriptions[1]!.text).toBe('Test 2: 9 points in a row on the same side of the centre line');
  });

  it('recomputes when a new dataset version arrives and tells the board', async () => {
    const datasetId = await importLog(writeLog('a.csv'));
    const kpi = await s.call('kpi-create', { eventId, name: 'Mean latency', unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'total_ms', statistic: 'mean', bucket: 'day' } });
    const first = await s.call('kpi-get', { id: kpi.id });
    expect(first.datasetVersion).toBe(1);
    const seen: string[] = [];
    s.bus.on((e) => e.name === 'data-changed' && seen.push(e.payload.area));
    await importLog(writeLog('b.csv', 90));
    expect(seen).toContain('kpis');
    const after = await s.call('kpi-get', { id: kpi.id });
    // Days before the change are identical; the last day is 10 ms slower in version 2.
    expect(after.points[0]!.value).toBe(first.points[0]!.value);
    expect(after.points[19]!.value).toBeCloseTo(first.points[19]!.value + 10, 10);
    expect(after.datasetVersion).toBe(2);
  });

  it('rate of a condition per day and a P chart from it', async () => {
    const datasetId = await importLog(writeLog('r.csv'));
    const kpi = await s.call('kpi-create', { eventId, name: 'Failure rate', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'status', statistic: 'rate', bucket: 'day', condition: { column: 'status', op: '=', value: 'failed' } } });
    const got = await s.call('kpi-get', { id: kpi.id });
    expect(got.points.slice(0, 2).map((p) => p.value)).toEqual([0.25, 0]);
    const p = unpackChart(await s.call('spc-chart-get', { kpiId: kpi.id, settings: { chart: 'p' } }));
    expect(p.panels[0]!.center).toBeCloseTo(10 / 80, 12);
    await expect(s.call('spc-chart-get', { kpiId: kpi.id, settings: { chart: 'c' } })).rejects.toThrow(/C charts need a count KPI/);
  });

  it('a removed dataset leaves the card with a clear error instead of breaking the board', async () => {
    const datasetId = await importLog(writeLog('x.csv'));
    await s.call('kpi-create', { eventId, name: 'p95', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'total_ms', statistic: 'p95', bucket: 'day' } });
    await s.call('dataset-delete', { datasetId });
    const [card] = await s.call('kpi-list', { eventId });
    expect(card!.points).toEqual([]);
    expect(card!.sourceError).toMatch(/Dataset .* was not found/);
  });
});

describe('manual KPIs, alerts, before/after, capability', () => {
  it('entries drive the card; the alert remembers the first crossing; compare gives a verdict', async () => {
    const kpi = await s.call('kpi-create', { eventId, name: 'Retraining latency', unit: 'h', direction: 'lower', source: { kind: 'manual' }, baseline: 48, target: 24, alertThreshold: 60 });
    const vals = [50, 47, 62, 49, 51, 46, 30, 28, 26, 27, 25, 29];
    for (let i = 0; i < vals.length; i++) await s.call('kpi-entry-add', { kpiId: kpi.id, date: `2026-11-${String(i + 1).padStart(2, '0')}`, value: vals[i] });
    const card = await s.call('kpi-get', { id: kpi.id });
    expect(card.current).toBe(29);
    expect(card.progress).toBeCloseTo((29 - 48) / (24 - 48), 12);
    expect(card.status).toBe('at-risk');
    expect(card.alert).toEqual({ firstCrossedAt: '2026-11-03', active: false, lastValue: 29 });
    const cmp = await s.call('kpi-compare', { id: kpi.id, splitDate: '2026-11-07' });
    expect(cmp.nBefore).toBe(6);
    expect(cmp.improved).toBe(true);
    expect(cmp.verdict).toMatch(/^Strong evidence that the KPI improved/);
    await expect(s.call('kpi-compare', { id: kpi.id, splitDate: '2026-11-02' })).rejects.toThrow(/at least 2 points on each side/);
    // Capability uses the KPI's own spec limits (none yet: a clear error).
    await expect(s.call('spc-capability', { kpiId: kpi.id })).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringMatching(/no spec limits/) });
    await s.call('kpi-update', { id: kpi.id, patch: { usl: 48 } });
    const cap = await s.call('spc-capability', { kpiId: kpi.id });
    expect(cap.cp).toBeNull();
    expect(cap.values).toHaveLength(12);
    expect(cap.sigma_within_method).toContain('1.128');
    await expect(s.call('kpi-update', { id: kpi.id, patch: { lsl: 50, usl: 40 } })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringMatching(/upper spec limit \(40\) must be above the lower spec limit \(50\)/) });
  });

  it('validates input and logs governance changes', async () => {
    await expect(s.call('kpi-create', { eventId, name: '', direction: 'lower', source: { kind: 'manual' } })).rejects.toThrow(/name: must not be empty/);
    await expect(s.call('kpi-create', { eventId, name: 'x', direction: 'lower', source: { kind: 'manual' }, ownerId: 'nobody' })).rejects.toThrow(/no team member "nobody"/);
    const k = await s.call('kpi-create', { eventId, name: 'x', direction: 'lower', source: { kind: 'manual' } });
    await expect(s.call('kpi-entry-add', { kpiId: k.id, date: '2026-13-01', value: 1 })).rejects.toThrow();
    await s.call('kpi-update', { id: k.id, patch: { target: 5 } });
    const log = s.db.prepare("SELECT action FROM change_log WHERE entity = 'kpi' ORDER BY seq").pluck().all();
    expect(log).toEqual(['create', 'update']);
    await s.call('kpi-delete', { id: k.id });
    expect(await s.call('kpi-list', { eventId })).toEqual([]);
  });
});
