import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { unpackChart } from '../../common/domain/spc/packed';

let s: TestServices;
let eventId: string;
let datasetId: string;

/**
 * A line's log: 12 days from Monday 2026-11-02, 4 rows a day (00:05, 06:05, 12:05, 18:05 UTC); total_ms ≈ 400
 * for 6 days, then ≈ 300; batch b0..b3 every 3 days; phase before/after; defects out of 50 inspected.
 */
function writeLog(name: string, rows = 12): string {
  const lines = ['timestamp,endpoint,total_ms,batch,phase,defects,inspected'];
  for (let d = 0; d < rows; d++) {
    for (let h = 0; h < 4; h++) {
      const t = new Date(Date.UTC(2026, 10, 2 + d, 6 * h, 5)).toISOString();
      const ms = (d < 6 ? 400 : 300) + ((d * 7 + h * 13) % 20);
      lines.push(`${t},${h === 3 ? '/explain' : '/score'},${ms},b${Math.floor(d / 3)},${d < 6 ? 'before' : 'after'},${(d * 3 + h) % 4},50`);
    }
  }
  const file = path.join(s.dataDir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

const msAt = (d: number, h: number) => (d < 6 ? 400 : 300) + ((d * 7 + h * 13) % 20);
const dayMean = (d: number) => [0, 1, 2, 3].reduce((a, h) => a + msAt(d, h), 0) / 4;

async function importFile(file: string, name = 'Line log'): Promise<string> {
  const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name });
  return (r as { datasetId: string }).datasetId;
}

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Latency kaizen' })).id;
  datasetId = await importFile(writeLog('line.csv'));
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

const chart = async (input: Record<string, unknown>) => unpackChart(await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', ...input }));

describe('spc-dataset-chart: subgrouping', () => {
  it('no subgrouping: one I-MR point per row, in row order, and the chart is recorded in the lineage', async () => {
    const c = await chart({ chart: 'imr' });
    expect(c.panels.map((p) => p.statistic)).toEqual(['i', 'mr']);
    const i = c.panels[0]!;
    expect(i.points).toHaveLength(48);
    expect(i.points.slice(0, 3).map((p) => p.value)).toEqual([msAt(0, 0), msAt(0, 1), msAt(0, 2)]);
    expect(c.rows).toEqual({ total: 48, filtered: 0, missing: 0, used: 48 });
    expect(c.source).toBe('Line log v1: total_ms, one point per row');
    expect(c.title).toBe('total_ms (Line log): I-MR (individuals and moving range)');
    expect(c.sigmaMethod).toBe('σ = MR̄/d2(2) = MR̄/1.128');
    // The drop after day 6 is a special cause on one set of limits.
    expect(i.signals.length).toBeGreaterThan(0);
    const [v] = await s.call('dataset-versions', { datasetId });
    expect(v!.uses).toContainEqual(expect.objectContaining({ usedBy: 'spc-column:total_ms', label: 'Control chart of total_ms' }));
  });

  it('by size: consecutive rows form subgroups of 4 (X̄-R)', async () => {
    const c = await chart({ chart: 'xbar-r', subgrouping: { kind: 'size', size: 4 } });
    expect(c.panels.map((p) => p.statistic)).toEqual(['xbar', 'r']);
    const x = c.panels[0]!;
    expect(x.points).toHaveLength(12);
    expect(x.points[0]).toMatchObject({ subgroup: '1', n: 4 });
    x.points.forEach((p, d) => expect(p.value).toBeCloseTo(dayMean(d), 12));
    expect(c.sigmaMethod).toBe('σ = R̄/d2(n)');
  });

  it('by column: rows with the same batch form a subgroup, in order of first appearance (X̄-S)', async () => {
    const c = await chart({ chart: 'xbar-s', subgrouping: { kind: 'column', column: 'batch' } });
    const x = c.panels[0]!;
    expect(x.points.map((p) => [p.subgroup, p.n])).toEqual([['b0', 12], ['b1', 12], ['b2', 12], ['b3', 12]]);
    expect(x.points[0]!.value).toBeCloseTo((dayMean(0) + dayMean(1) + dayMean(2)) / 3, 12);
    expect(c.source).toBe('Line log v1: total_ms, subgroups by batch');
  });

  it('by time bucket: daily subgroups of the timestamp column, split at a date into stages with their own limits', async () => {
    const flat = await chart({ chart: 'xbar-s', subgrouping: { kind: 'time', bucket: 'day' } });
    const x = flat.panels[0]!;
    expect(x.points.map((p) => p.subgroup)).toEqual(Array.from({ length: 12 }, (_, d) => `2026-11-${String(2 + d).padStart(2, '0')}`));
    x.points.forEach((p, d) => {
      expect(p.value).toBeCloseTo(dayMean(d), 12);
      expect(p.time).toBe(Date.UTC(2026, 10, 2 + d));
    });
    expect(x.signals.length).toBeGreaterThan(0);
    expect(flat.source).toBe('Line log v1: total_ms, subgroups per day (UTC) of timestamp');

    const staged = await chart({ chart: 'xbar-s', subgrouping: { kind: 'time', bucket: 'day' }, stages: [{ date: '2026-11-08', name: 'After change' }], firstStage: 'Before' });
    const st = staged.panels[0]!.stages;
    expect(st.map((g) => [g.name, g.from, g.to])).toEqual([['Before', 1, 6], ['After change', 7, 12]]);
    expect(st[1]!.center).toBeLessThan(st[0]!.center - 50);
    expect(staged.source).toContain('stages from 2026-11-08 (After change)');
  });

  it('by hour and by ISO week (weeks start on Monday, UTC)', async () => {
    const hourly = await chart({ chart: 'imr', subgrouping: { kind: 'time', column: 'timestamp', bucket: 'hour' } });
    expect(hourly.panels[0]!.points).toHaveLength(48);
    expect(hourly.panels[0]!.points[1]!.subgroup).toBe('2026-11-02T06:00Z');
    const weekly = await chart({ chart: 'xbar-r', subgrouping: { kind: 'time', bucket: 'week' } });
    expect(weekly.panels[0]!.points.map((p) => [p.subgroup, p.n])).toEqual([['2026-11-02', 28], ['2026-11-09', 20]]);
  });

  it('stage split dates also work for row-by-row charts (the stage of each row’s date)', async () => {
    const c = await chart({ chart: 'imr', stages: [{ date: '2026-11-08', name: 'After' }] });
    expect(c.panels[0]!.stages.map((g) => [g.name, g.from, g.to])).toEqual([['Before', 1, 24], ['After', 25, 48]]);
  });

  it('a stage column names each subgroup’s stage from its first row', async () => {
    const c = await chart({ chart: 'xbar-r', subgrouping: { kind: 'size', size: 4 }, stageColumn: 'phase' });
    expect(c.panels[0]!.stages.map((g) => [g.name, g.from, g.to])).toEqual([['before', 1, 6], ['after', 7, 12]]);
    expect(c.source).toContain('stages by phase');
  });

  it('filters keep only matching rows and are counted', async () => {
    const c = await chart({ chart: 'xbar-s', subgrouping: { kind: 'time', bucket: 'day' }, filters: [{ column: 'endpoint', op: '=', value: '/score' }] });
    expect(c.rows).toEqual({ total: 48, filtered: 12, missing: 0, used: 36 });
    expect(c.panels[0]!.points[0]).toMatchObject({ n: 3, value: (msAt(0, 0) + msAt(0, 1) + msAt(0, 2)) / 3 });
    expect(c.source).toContain("where endpoint = '/score'");
  });

  it('attribute charts: a P chart of defects per day with the inspected count as size', async () => {
    const c = await chart({ value: 'defects', size: 'inspected', chart: 'p', subgrouping: { kind: 'time', bucket: 'day' } });
    const p = c.panels[0]!;
    expect(p.statistic).toBe('p');
    const defects = (d: number) => [0, 1, 2, 3].reduce((a, h) => a + ((d * 3 + h) % 4), 0);
    expect(p.points[0]).toMatchObject({ n: 200, value: defects(0) / 200 });
    expect(p.center).toBeCloseTo(Array.from({ length: 12 }, (_, d) => defects(d)).reduce((a, b) => a + b, 0) / 2400, 12);
    expect(c.unit).toBe('');
  });

  it('CUSUM of daily subgroups, with the plan (k, h) passed through', async () => {
    const c = await chart({ chart: 'cusum', subgrouping: { kind: 'time', bucket: 'day' }, cusumK: 0.5, cusumH: 5 });
    expect(c.panels.map((p) => p.statistic)).toEqual(['cusum-upper', 'cusum-lower']);
    expect(c.panels[0]!.points).toHaveLength(12);
    // The drop from ≈400 to ≈300 ms drives the lower sum beyond −H.
    expect(c.panels[1]!.signals.length).toBeGreaterThan(0);
    expect(c.testDescriptions).toEqual([{ test: 1, text: expect.stringContaining('±H = 5 σ') }]);
  });

  it('rows without the plotted value are left out and counted', async () => {
    const file = path.join(s.dataDir, 'gaps.csv');
    fs.writeFileSync(file, 'timestamp,total_ms\n2026-11-02T00:00:00Z,10\n2026-11-02T01:00:00Z,\n2026-11-02T02:00:00Z,12\n2026-11-02T03:00:00Z,11\n');
    const id = await importFile(file, 'Gaps');
    const c = unpackChart(await s.call('spc-dataset-chart', { datasetId: id, value: 'total_ms' }));
    expect(c.rows).toEqual({ total: 4, filtered: 0, missing: 1, used: 3 });
    expect(c.panels[0]!.points.map((p) => p.value)).toEqual([10, 12, 11]);
  });
});

describe('spc-dataset-chart: bad input comes back as a clear message', () => {
  it('an unknown column is NOT_FOUND, naming the column and listing the dataset’s columns', async () => {
    await expect(chart({ value: 'latency' })).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringMatching(/^Dataset "Line log" has no column "latency" \(the plotted column\)\. Its columns: timestamp, endpoint, total_ms/) });
    await expect(chart({ subgrouping: { kind: 'column', column: 'shift' } })).rejects.toThrow(/no column "shift" \(to group rows by\)/);
    await expect(chart({ filters: [{ column: 'region', op: '=', value: 'EU' }] })).rejects.toThrow(/no column "region" \(in a filter\)/);
    await expect(s.call('spc-dataset-chart', { datasetId: 'nope', value: 'total_ms' })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('non-numeric values name the column and the row', async () => {
    await expect(chart({ value: 'endpoint' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'Column "endpoint" (plotted) must hold numbers, but row 1 of dataset "Line log" is "/score". Choose a numeric column.' });
    await expect(chart({ value: 'defects', size: 'batch', chart: 'p' })).rejects.toThrow('Column "batch" (size) must hold numbers, but row 1 of dataset "Line log" is "b0".');
  });

  it('subgroups that do not fit the chart type', async () => {
    await expect(chart({ chart: 'xbar-r' })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'X̄-R needs at least 2 observations per subgroup, but subgroup "1" has 1 row of "total_ms". Use larger subgroups, or I-MR for one value per point.' });
    await expect(chart({ chart: 'xbar-s', subgrouping: { kind: 'size', size: 1 } })).rejects.toThrow(/X̄-S needs at least 2 observations per subgroup/);
    await expect(chart({ chart: 'imr', subgrouping: { kind: 'time', bucket: 'day' } })).rejects.toThrow('I-MR plots one value per point, but subgroup "2026-11-02" has 4 rows of "total_ms". Choose X̄-R or X̄-S for subgroups, or no subgrouping for one point per row.');
    await expect(chart({ value: 'defects', chart: 'p' })).rejects.toThrow(/A P chart needs a size column/);
    await expect(chart({ size: 'inspected', chart: 'imr' })).rejects.toThrow(/A size column applies only to attribute charts/);
  });

  it('fewer than 2 points', async () => {
    await expect(chart({ filters: [{ column: 'total_ms', op: '>', value: 100000 }] })).rejects.toMatchObject({ code: 'BAD_INPUT', message: 'Only 0 points to plot from 0 rows of "total_ms" (48 rows left out by the filters, 0 without a value); a control chart needs at least 2.' });
    await expect(chart({ chart: 'xbar-r', subgrouping: { kind: 'size', size: 48 } })).rejects.toThrow(/^Only 1 point to plot from 48 rows of "total_ms"; a control chart needs at least 2\.$/);
  });

  it('time buckets and stage dates need a timestamp; stages exclude Phase I limits and each other', async () => {
    await expect(chart({ chart: 'xbar-r', subgrouping: { kind: 'time', column: 'endpoint', bucket: 'day' } })).rejects.toThrow('Grouping rows by day needs a timestamp column, but "endpoint" is category.');
    await expect(chart({ stages: [{ date: '2026-11-08', name: 'After' }], limitsFrom: { from: 1, to: 10 } })).rejects.toThrow(/Use either stages .* or Phase I limits/);
    await expect(chart({ stageColumn: 'phase', stages: [{ date: '2026-11-08', name: 'After' }] })).rejects.toMatchObject({ code: 'VALIDATION', message: expect.stringContaining('Use either a stage column or stage split dates, not both.') });
    await expect(chart({ limitsFrom: { from: 1, to: 60 } })).rejects.toThrow('Limits range 1-60 must be within subgroups 1-48.');
    const file = path.join(s.dataDir, 'plain.csv');
    fs.writeFileSync(file, 'run,total_ms\n1,10\n2,12\n3,11\n');
    const id = await importFile(file, 'Plain');
    await expect(s.call('spc-dataset-chart', { datasetId: id, value: 'total_ms', stages: [{ date: '2026-11-08', name: 'After' }] })).rejects.toThrow('Splitting stages at dates needs a timestamp column, and dataset "Plain" has none.');
  });
});

describe('spc-dataset-chart: a million rows, no point limit', () => {
  it('charts 1,000,000 rows one point per row: decimated to the pixel width with every signal, the zoomed range at full resolution', async () => {
    const m = 1_000_000;
    const lines: string[] = ['total_ms'];
    // A sawtooth with a spike (test 1) every 50,000 rows.
    for (let i = 0; i < m; i++) lines.push(String(i % 50_000 === 25_000 ? 500 : 100 + ((i * 7919) % 97) / 10));
    const file = path.join(s.dataDir, 'million.csv');
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const id = await importFile(file, 'Million');
    const packed = await s.call('spc-dataset-chart', { datasetId: id, value: 'total_ms', tests: [1], preset: 'custom', view: { width: 1000 } });
    const [i, mr] = packed.panels;
    expect(i).toMatchObject({ total: m, decimated: true });
    expect(mr).toMatchObject({ total: m - 1, decimated: true });
    expect(JSON.stringify(packed).length).toBeLessThan(200_000);
    const c = unpackChart(packed);
    const spikes = Array.from({ length: m / 50_000 }, (_, k) => k * 50_000 + 25_001);
    expect(c.panels[0]!.signals.map((x) => x.index)).toEqual(spikes);
    const sent = new Map(c.panels[0]!.points.map((q) => [q.index, q]));
    for (const k of spikes) expect(sent.get(k)).toMatchObject({ value: 500, tests: [1] });
    // Zoom: 1,500 points on 1,000 pixels come at full resolution, with their exact values.
    const zoom = unpackChart(await s.call('spc-dataset-chart', { datasetId: id, value: 'total_ms', tests: [1], preset: 'custom', view: { width: 1000, range: { from: 24_001, to: 25_500 } } }));
    expect(zoom.panels[0]).toMatchObject({ decimated: false, total: m });
    expect(zoom.panels[0]!.points.map((q) => q.index)).toEqual(Array.from({ length: 1500 }, (_, k) => 24_001 + k));
    expect(zoom.panels[0]!.points.map((q) => q.value)).toEqual(Array.from({ length: 1500 }, (_, k) => Number(lines[24_001 + k])));
  }, 120_000);
});
