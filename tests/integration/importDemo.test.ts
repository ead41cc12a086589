import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { getDataset, listDatasets, readColumns, recordDatasetUse } from '../../main/services/datasets/access';

let s: TestServices | undefined;
afterEach(() => s?.close());

describe('demo datasets', () => {
  it('creates the demo event with the three sample logs, roles and units set', async () => {
    s = await tempServices({ resourcesDir: path.resolve('resources') });
    const e = await s.call('demo-create', {});
    const list = listDatasets(s.ctx, e.id);
    expect(list.map((d) => d.name)).toEqual(['Inference log', 'Pipeline runs', 'Model performance', 'Gateway log', 'User corrections', 'Training epochs', 'Search trials', 'GPU jobs', 'Load runs', 'Serving benchmark', 'Profiler trace']);
    const inf = list[0]!;
    expect(inf.rowCount).toBe(50_000);
    expect(inf.columns.find((c) => c.name === 'total_ms')).toMatchObject({ type: 'real', role: 'latency', unit: 'ms' });
    expect(inf.columns.find((c) => c.name === 'region')).toMatchObject({ role: 'group' });
    expect(inf.columns.find((c) => c.name === 'timestamp')).toMatchObject({ type: 'timestamp', role: 'timestamp' });

    // The story is in the data: feature_ms falls after the change date (2026-11-12).
    const cols = readColumns(s.ctx, inf.id, ['timestamp', 'feature_ms', 'cache_hit']);
    const change = Date.UTC(2026, 10, 12);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const before = cols.feature_ms!.filter((_, i) => (cols.timestamp![i] as number) < change) as number[];
    const after = cols.feature_ms!.filter((_, i) => (cols.timestamp![i] as number) >= change) as number[];
    expect(mean(after)).toBeLessThan(mean(before) * 0.8);
    expect(cols.cache_hit!.every((v) => v === 0 || v === 1)).toBe(true);

    const runs = getDataset(s.ctx, list[1]!.id);
    expect(runs.columns.map((c) => c.name)).toEqual(['run_id', 'stage', 'started_at', 'ended_at', 'status', 'rows_in', 'rows_out']);
    const stages = new Set(readColumns(s.ctx, runs.id, ['stage']).stage);
    expect(stages).toEqual(new Set(['Data ingestion', 'Validation', 'Feature engineering', 'Training', 'Evaluation', 'Approval / registry', 'Deployment']));

    recordDatasetUse(s.ctx, inf.versionId, 'spc:chart-1', 'SPC chart of total_ms');
    const versions = await s.call('dataset-versions', { datasetId: inf.id });
    expect(versions[0]!.uses).toEqual(expect.arrayContaining([expect.objectContaining({ usedBy: 'spc:chart-1', label: 'SPC chart of total_ms' })]));
  });
});
