import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DatasetChartInput } from '../../common/contract/schemas/spc';
import { buildChart } from '../../common/domain/spc/buildChart';
import { packPanels } from '../../common/domain/spc/packed';
import { getDataset, readColumns } from '../../main/services/datasets/access';
import { ChartCache } from '../../main/services/spc/chartCache';
import { datasetChartCache } from '../../main/services/spc/datasetChart';
import { checkSubgroups, datasetSubgroups, selectRows } from '../../main/services/spc/datasetRows';
import type { ChartColumns } from '../../main/services/spc/datasetRows';
import { testConfigOf } from '../../main/services/spc/kpiChart';
import { MAX_CHART_POINTS } from '../../common/contract/schemas/spc';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
let datasetId: string;

/**
 * 600 rows over 25 days: total_ms with a shift and spikes, some empty cells, a value of -0; phase before/after
 * and back (three stage runs), an endpoint to filter on, defects out of a varying inspected count.
 */
function writeLog(file: string): void {
  const lines = ['timestamp,endpoint,total_ms,phase,defects,inspected'];
  for (let i = 0; i < 600; i++) {
    const t = new Date(Date.UTC(2026, 10, 2, i)).toISOString();
    const ms = i % 97 === 13 ? '' : i === 40 ? '-0' : String(400 + ((i * 7919) % 97) / 4 - (i > 350 ? 12 : 0) + (i % 83 === 7 ? 90 : 0));
    const phase = i < 200 ? 'before' : i < 420 ? 'after' : 'before';
    lines.push(`${i % 113 === 50 ? '' : t},${i % 3 === 0 ? '/explain' : '/score'},${ms},${phase},${(i * 5) % 7},${20 + (i % 9)}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Columns' })).id;
  const file = path.join(s.dataDir, 'log.csv');
  writeLog(file);
  datasetId = ((await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Log' })) as { datasetId: string }).datasetId;
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

/** The dataset chart the way the service computed it before the column path: whole columns, row objects, subgroup objects, buildChart, packPanels. */
function objectPath(raw: Record<string, unknown>) {
  const input = DatasetChartInput.parse({ datasetId, value: 'total_ms', ...raw });
  const info = getDataset(s.ctx, datasetId);
  const g = input.subgrouping;
  const cols: ChartColumns = {
    value: input.value,
    size: input.size,
    time: input.stages.length > 0 ? 'timestamp' : undefined,
    stage: input.stageColumn,
    group: undefined,
  };
  expect(g.kind === 'none' || g.kind === 'size').toBe(true);
  const names = [...new Set([cols.value, cols.size, cols.time, cols.stage, ...input.filters.map((f) => f.column)].filter((c): c is string => c !== undefined))];
  const data = readColumns(s.ctx, datasetId, names);
  const source = `dataset "${info.name}"`;
  const { rows, counts } = selectRows(data, cols, input.filters, source);
  const types = Object.fromEntries(info.columns.map((c) => [c.name, c.type]));
  const subgroups = datasetSubgroups(data, rows, cols, input, types, source);
  checkSubgroups(subgroups, input, counts, MAX_CHART_POINTS);
  const r = buildChart({ chart: input.chart, subgroups, limitsFrom: input.limitsFrom ?? undefined, tests: testConfigOf(input), nsigmas: input.nsigmas, lambda: input.lambda, cusumK: input.cusumK, cusumH: input.cusumH });
  return { rows: counts, sigmaMethod: r.sigmaMethod, panels: packPanels(r.panels, input.view) };
}

const cases: [string, Record<string, unknown>][] = [
  ['I-MR, one point per row, rows without a value left out', { chart: 'imr' }],
  ['I-MR with a filter and Nelson tests', { chart: 'imr', filters: [{ column: 'endpoint', op: '=', value: '/score' }], preset: 'nelson' }],
  ['I-MR with a stage column (three runs)', { chart: 'imr', stageColumn: 'phase', view: { width: 100 } }],
  ['I-MR with stage split dates (rows without a time left out)', { chart: 'imr', stages: [{ date: '2026-11-10', name: 'After' }], firstStage: 'Before' }],
  ['X̄-R of 5 consecutive rows, stage column', { chart: 'xbar-r', subgrouping: { kind: 'size', size: 5 }, stageColumn: 'phase' }],
  ['X̄-S of 6 consecutive rows, Phase I, a zoomed range', { chart: 'xbar-s', subgrouping: { kind: 'size', size: 6 }, limitsFrom: { from: 1, to: 40 }, view: { width: 50, range: { from: 10, to: 90 } } }],
  ['EWMA per row', { chart: 'ewma', lambda: 0.3 }],
  ['CUSUM of 3 consecutive rows with stages', { chart: 'cusum', subgrouping: { kind: 'size', size: 3 }, stageColumn: 'phase', view: { width: 50 } }],
  ['P chart per row with the inspected count as size', { chart: 'p', value: 'defects', size: 'inspected' }],
  ['U chart of 6 consecutive rows', { chart: 'u', value: 'defects', size: 'inspected', subgrouping: { kind: 'size', size: 6 } }],
  ['C chart per row, filtered', { chart: 'c', value: 'defects', filters: [{ column: 'total_ms', op: '>', value: 405 }] }],
];

describe('spc-dataset-chart read straight into columns', () => {
  it.each(cases)('%s: the same answer as the row and subgroup objects gave', async (_, input) => {
    const got = await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', ...input });
    const want = objectPath(input);
    expect({ rows: got.rows, sigmaMethod: got.sigmaMethod, panels: got.panels }).toEqual(JSON.parse(JSON.stringify(want)));
  });

  it('an appended version (rows in two tables) reads both, in order; the first version still charts its own rows', async () => {
    const file = path.join(s.dataDir, 'later.csv');
    const lines = ['timestamp,endpoint,total_ms,phase,defects,inspected'];
    for (let i = 0; i < 150; i++) lines.push(`${new Date(Date.UTC(2026, 11, 1, i)).toISOString()},/score,${380 + ((i * 31) % 17)},later,${i % 5},30`);
    fs.writeFileSync(file, lines.join('\n') + '\n');
    const v2 = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Log', append: true })) as { datasetId: string; version: number };
    expect([v2.datasetId, v2.version]).toEqual([datasetId, 2]);
    for (const input of [{ chart: 'imr', stageColumn: 'phase' }, { chart: 'xbar-r', subgrouping: { kind: 'size', size: 5 } }]) {
      const got = await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', ...input });
      expect(got.rows.total).toBe(750);
      expect({ rows: got.rows, sigmaMethod: got.sigmaMethod, panels: got.panels }).toEqual(JSON.parse(JSON.stringify(objectPath(input))));
    }
    const first = await s.call('spc-dataset-chart', { datasetId, version: 1, value: 'total_ms', chart: 'imr' });
    expect(first.rows.total).toBe(600);
  });

  it('the same messages for a value that is not a number and for subgroups that do not fit', async () => {
    const file = path.join(s.dataDir, 'bad.csv');
    fs.writeFileSync(file, 'total_ms,size\n1,4\n2,4\nabc,4\n3,0\n');
    const bad = ((await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Bad' })) as { datasetId: string }).datasetId;
    await expect(s.call('spc-dataset-chart', { datasetId: bad, value: 'total_ms', chart: 'imr' })).rejects.toThrow('Column "total_ms" (plotted) must hold numbers, but row 3 of dataset "Bad" is "abc". Choose a numeric column.');
    await expect(s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'imr', subgrouping: { kind: 'size', size: 2 } })).rejects.toThrow('I-MR plots one value per point, but subgroup "1" has 2 rows of "total_ms".');
    await expect(s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'xbar-r', subgrouping: { kind: 'size', size: 4 } })).rejects.toThrow('X̄-R needs at least 2 observations per subgroup, but subgroup "149" has 1 row of "total_ms".');
  });

  it('keeps the computed chart per version and options: re-opening, zooming and another width are served from it, identical', async () => {
    const cache = datasetChartCache(s.ctx);
    const before = cache.size;
    const first = await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'imr', view: { width: 50 } });
    expect(cache.size).toBe(before + 1);
    const again = await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'imr', view: { width: 50 } });
    const zoom = await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'imr', view: { width: 50, range: { from: 100, to: 180 } } });
    expect(cache.size).toBe(before + 1);
    expect(again).toEqual(first);
    expect(zoom.panels[0]!.decimated).toBe(false);
    expect(zoom.panels[0]!.count).toBe(81);
    // Other options are another chart.
    await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'imr', preset: 'we' });
    expect(cache.size).toBe(before + 2);
  });

  it('the cache is bounded by bytes, least recently used out first; a chart over the bound is not kept', async () => {
    const c = await s.call('spc-dataset-chart', { datasetId, value: 'total_ms', chart: 'imr' });
    expect(c.panels).toHaveLength(2);
    const held = datasetChartCache(s.ctx);
    const key = [...(held as unknown as { entries: Map<string, { chart: Parameters<ChartCache<number>['set']>[2] }> }).entries.values()][0]!.chart;
    const small = new ChartCache<number>(3 * 600 * 8 * 2);
    small.set('a', 1, key);
    small.set('b', 2, key);
    expect(small.size).toBe(2);
    small.get('a');
    small.set('c', 3, key);
    expect([small.get('a')?.meta, small.get('b')?.meta, small.get('c')?.meta]).toEqual([1, undefined, 3]);
    expect(small.bytes).toBeLessThanOrEqual(small.maxBytes);
    // Room is made before a big chart is computed: least recently used out first.
    small.makeRoom(3 * 600 * 8 * 2 - small.bytes + 1);
    expect([small.size, small.get('c')?.meta]).toEqual([1, 3]);
    const tiny = new ChartCache<number>(100);
    tiny.set('a', 1, key);
    expect(tiny.size).toBe(0);
  });
});
