import { describe, expect, it } from 'vitest';
import { DatasetChartInput } from '../../../../common/contract/schemas/spc';
import { columnChartHref, columnChartLink, initialForm, toInput, withGrouping } from './columnChartForm';

const columns = [
  { name: 'timestamp', type: 'timestamp' as const, role: 'timestamp' as const, unit: null },
  { name: 'endpoint', type: 'category' as const, role: 'stage' as const, unit: null },
  { name: 'preprocess_ms', type: 'real' as const, role: null, unit: 'ms' },
  { name: 'total_ms', type: 'real' as const, role: 'latency' as const, unit: 'ms' },
];

describe('column chart form', () => {
  it('starts on the latency column with one I-MR point per row, or on the linked column with daily X̄-S subgroups', () => {
    expect(initialForm(columns)).toMatchObject({ value: 'total_ms', chart: 'imr', grouping: 'none', timeColumn: 'timestamp', groupColumn: 'endpoint' });
    expect(initialForm(columns, { column: 'preprocess_ms', bucket: 'week' })).toMatchObject({ value: 'preprocess_ms', chart: 'xbar-s', grouping: 'time', bucket: 'week' });
    expect(initialForm(columns, { column: 'gone' }).value).toBe('total_ms');
  });

  it('keeps the chart type consistent with the grouping', () => {
    const f = initialForm(columns);
    expect(withGrouping(f, 'time').chart).toBe('xbar-s');
    expect(withGrouping({ ...f, chart: 'xbar-r' }, 'none').chart).toBe('imr');
    expect(withGrouping({ ...f, chart: 'ewma' }, 'size').chart).toBe('ewma');
  });

  it('builds a valid contract input: time bucket, stage dates, a numeric filter value', () => {
    const f = { ...withGrouping(initialForm(columns), 'time'), stageMode: 'dates' as const, stages: [{ date: '2026-11-12', name: 'After' }], filter: { column: 'preprocess_ms', op: '>' as const, value: ' 10 ' } };
    const input = toInput(f, 'ds1');
    expect(input).toMatchObject({ datasetId: 'ds1', value: 'total_ms', chart: 'xbar-s', subgrouping: { kind: 'time', column: 'timestamp', bucket: 'day' }, stages: [{ date: '2026-11-12', name: 'After' }], filters: [{ column: 'preprocess_ms', op: '>', value: 10 }] });
    expect(input.stageColumn).toBeUndefined();
    expect(DatasetChartInput.safeParse(input).success).toBe(true);
    const byColumn = toInput({ ...f, stageMode: 'column', stageColumn: 'endpoint', filter: { column: '', op: '=', value: '' } }, 'ds1');
    expect(byColumn).toMatchObject({ stageColumn: 'endpoint', stages: [], filters: [] });
    expect(DatasetChartInput.safeParse(byColumn).success).toBe(true);
    // Phase I: limits from points 12–3 (either order) held for all; no stages with it.
    const phase1 = toInput({ ...f, stageMode: 'phase1', limitsFrom: { from: 12, to: 3 } }, 'ds1');
    expect(phase1).toMatchObject({ limitsFrom: { from: 3, to: 12 }, stages: [] });
    expect(phase1.stageColumn).toBeUndefined();
    expect(DatasetChartInput.safeParse(phase1).success).toBe(true);
    expect(toInput(f, 'ds1').limitsFrom).toBeNull();
  });

  it('a chart link round-trips through the hash and leaves the dataset as the route’s sub', () => {
    const href = columnChartHref('ev 1', 'ds/2', { column: 'total ms', bucket: 'day' });
    expect(href).toBe('#/event/ev%201/data/ds%2F2/chart/total%20ms/day');
    expect(columnChartLink(href)).toEqual({ column: 'total ms', bucket: 'day' });
    expect(columnChartLink('#/event/e/data/d/chart')).toEqual({ column: undefined, bucket: undefined });
    expect(columnChartLink('#/event/e/data/d')).toBeNull();
  });
});
