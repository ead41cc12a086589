import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * Issue 19: KPI points gained `partial` (a partly covered first/last bucket). A store whose series cache was
 * written before that keeps points without the flag; the cache key carries a version, so such a series is
 * recomputed on its next read instead of showing a one-day week as a whole week's status.
 */
let s: TestServices | null = null;
afterEach(() => {
  s?.close();
  if (s) fs.rmSync(s.dataDir, { recursive: true, force: true });
  s = null;
});

/** Pipeline runs every 6 h from Monday 2 Nov to Sunday 15 Nov 2026, then Monday 16 Nov only (all of those failing). */
function runs(): string {
  const lines = ['started_at,status'];
  const start = Date.parse('2026-11-02T00:00:00Z');
  for (let k = 0; k < 15 * 4 - 2; k++) lines.push(`${new Date(start + k * 6 * 3_600_000).toISOString()},${k >= 56 ? 'failed' : k % 10 === 0 ? 'failed' : 'ok'}`);
  return lines.join('\n') + '\n';
}

describe('KPI series cache written before partial buckets', () => {
  it('is recomputed on the next read: the one-day week is flagged again and kept out of the status and alert', async () => {
    s = await tempServices();
    const eventId = (await s.call('event-create', { name: 'Cache' })).id;
    const file = path.join(s.dataDir, 'runs.csv');
    fs.writeFileSync(file, runs());
    const { datasetId } = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'Runs' })) as { datasetId: string };
    const source = { kind: 'dataset', datasetId, column: 'status', statistic: 'rate', bucket: 'week', condition: { column: 'status', op: '=', value: 'failed' } } as const;
    const kpi = await s.call('kpi-create', { eventId, name: 'Failure rate', unit: 'share of runs', direction: 'lower', source, target: 0.05, alertThreshold: 0.5 });
    const fresh = await s.call('kpi-get', { id: kpi.id });
    expect(fresh.points.at(-1)).toMatchObject({ date: '2026-11-16', partial: 6 / 168 });

    // The store as an older build left it: the same dataset version, the source keyed by its definition alone,
    // points without `partial`.
    const row = s.db.prepare('SELECT version_id, points FROM kpi_series_cache WHERE kpi_id = ?').get(kpi.id) as { version_id: string; points: string };
    const oldPoints = (JSON.parse(row.points) as Record<string, unknown>[]).map(({ partial: _drop, ...p }) => p);
    expect(oldPoints).toHaveLength(3);
    s.db.prepare('UPDATE kpi_series_cache SET source_key = ?, points = ? WHERE kpi_id = ?').run(JSON.stringify(kpi.source), JSON.stringify(oldPoints), kpi.id);
    const dataDir = s.dataDir;
    s.close();
    s = await tempServices({ dataDir });

    const got = await s.call('kpi-get', { id: kpi.id });
    expect(got.points.map((p) => [p.date, p.partial])).toEqual([['2026-11-02', undefined], ['2026-11-09', undefined], ['2026-11-16', 6 / 168]]);
    expect(got.currentDate).toBe('2026-11-09');
    expect(got.alert).toBeNull();
    const board = await s.call('kpi-list', { eventId });
    expect(board.find((k) => k.id === kpi.id)).toMatchObject({ currentDate: '2026-11-09', alert: null });
    // The recomputed series replaced the old row, so the next read is a cache hit with the flag.
    const after = s.db.prepare('SELECT source_key, points FROM kpi_series_cache WHERE kpi_id = ?').get(kpi.id) as { source_key: string; points: string };
    expect(after.source_key).not.toBe(JSON.stringify(kpi.source));
    expect((JSON.parse(after.points) as { partial?: number }[]).at(-1)?.partial).toBe(6 / 168);
  });
});
