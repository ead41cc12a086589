// Issue 15: the dataset KPIs of an event that share a version, bucket, filters and time column are computed
// in ONE scan of the store (one GROUP BY with every statistic), give exactly the series each KPI gets alone,
// and a KPI whose (dataset version, definition) did not change is not recomputed.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateByBucket } from '../../common/domain/kpi/aggregate';
import { requireVersion } from '../../main/services/datasets/access';
import { versionTables } from '../../main/db/repositories/datasets';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
let datasetId: string;
let scans: string[] = [];
const N = 2500;
const T0 = Date.UTC(2026, 9, 26, 5);
const time: number[] = [];
const ms: (number | null)[] = [];

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'KPIs in one scan' })).id;
  const lines = ['timestamp,total_ms,queue_ms,endpoint,code'];
  let r = 7;
  const rnd = () => ((r = (r * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < N; i++) {
    const t = T0 + Math.floor(i * 23.1 * 60_000 + rnd() * 600_000);
    const v = rnd() < 0.04 ? null : Math.round((150 + rnd() * 400) * 10) / 10;
    const q = rnd() < 0.3 ? '' : String(Math.round(rnd() * 900) / 10);
    const e = ['/score', '/explain', '/batch'][Math.floor(rnd() * 3)]!;
    const c = [200, 200, 429, 500][Math.floor(rnd() * 4)]!;
    time.push(t);
    ms.push(v);
    lines.push(`${new Date(t).toISOString()},${v ?? ''},${q},${e},${c}`);
  }
  const file = path.join(s.dataDir, 'log.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  datasetId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log' })).datasetId!;
  // Every statement that reads the dataset's rows is a scan of the store: record them at prepare time.
  const { v } = requireVersion(s.ctx, datasetId);
  const tables = versionTables(s.ctx.db, v);
  const db = s.ctx.db;
  const prepare = db.prepare.bind(db);
  db.prepare = ((sql: string) => {
    if (tables.some((t) => sql.includes(`"${t}"`))) scans.push(sql);
    return prepare(sql);
  }) as typeof db.prepare;
});
afterAll(() => s.close());

type Src = { column: string; statistic: string; bucket?: string; filters?: unknown[]; condition?: unknown };
const create = (name: string, src: Src) =>
  s.call('kpi-create', { eventId, name, unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId, bucket: 'day', ...src } });

describe('dataset KPIs computed together', () => {
  it('three percentiles of one column are one scan, with the series each gives alone', async () => {
    const p50 = await create('p50', { column: 'total_ms', statistic: 'median' });
    const p95 = await create('p95', { column: 'total_ms', statistic: 'p95' });
    const p99 = await create('p99', { column: 'total_ms', statistic: 'p99' });
    const mean = await create('queue mean', { column: 'queue_ms', statistic: 'mean' }); // another column, same group
    const rate = await create('429 rate', { column: 'total_ms', statistic: 'rate', condition: { column: 'code', op: '=', value: 429 } });
    const filtered = await create('p95 /score', { column: 'total_ms', statistic: 'p95', filters: [{ column: 'endpoint', op: '=', value: '/score' }] });
    const ids = [p50.id, p95.id, p99.id, mean.id, rate.id, filtered.id];

    scans = [];
    const board = await s.call('kpi-list', { eventId });
    // Two groups (no filter; endpoint = '/score'): two scans for six KPIs.
    expect(scans).toHaveLength(2);
    // The unfiltered group reads the time, total_ms once (for p50, p95 and p99), queue_ms and the rate's condition.
    expect(scans[0]).toMatch(/^SELECT kz_kpi_collect\(c\d+, c\d+, c\d+, CASE WHEN .* THEN 1\.0 ELSE 0\.0 END\) FROM/);
    expect(scans[0]).not.toMatch(/GROUP BY/);

    const together = ids.map((id) => board.find((k) => k.id === id)!);
    for (const k of together) expect(k.sourceError).toBeNull();
    // Against each KPI computed alone (cache cleared, kpi-get): exactly the same numbers.
    s.ctx.db.prepare('DELETE FROM kpi_series_cache').run();
    scans = [];
    for (const [i, id] of ids.entries()) {
      const alone = await s.call('kpi-get', { id });
      expect(alone.points, together[i]!.name).toEqual(together[i]!.points);
    }
    expect(scans).toHaveLength(ids.length);

    // And against the in-memory reference for the percentiles.
    const value = ms.map((v) => (v === null ? NaN : v));
    for (const [k, stat] of [[together[0]!, 'median'], [together[1]!, 'p95'], [together[2]!, 'p99']] as const) {
      const want = aggregateByBucket(time, value, stat, 'day');
      expect(k.points.map((p) => [p.time, p.n])).toEqual(want.map((p) => [p.start, p.n]));
      k.points.forEach((p, j) => expect(p.value).toBeCloseTo(want[j]!.value, 9));
    }
  });

  it('an unchanged (dataset version, definition) is not recomputed, even for another KPI with that definition', async () => {
    await s.call('kpi-list', { eventId });
    scans = [];
    await s.call('kpi-list', { eventId });
    expect(scans).toHaveLength(0);

    // A new KPI with the definition of an existing one reuses its cached series.
    const twin = await create('p95 twin', { column: 'total_ms', statistic: 'p95' });
    scans = [];
    const board = await s.call('kpi-list', { eventId });
    expect(scans).toHaveLength(0);
    expect(board.find((k) => k.id === twin.id)!.points).toEqual(board.find((k) => k.name === 'p95')!.points);

    // Editing one definition recomputes that KPI only (one scan), the others stay cached.
    const p99 = board.find((k) => k.name === 'p99')!;
    await s.call('kpi-update', { id: p99.id, patch: { source: { ...p99.source, bucket: 'week' } } });
    scans = [];
    const after = await s.call('kpi-list', { eventId });
    expect(scans).toHaveLength(1);
    expect(scans[0]).toMatch(/^SELECT kz_kpi_collect\(c\d+, c\d+\) FROM/);
    expect(after.find((k) => k.id === p99.id)!.points.length).toBeLessThan(p99.points.length);
  });

  it('a member SQL cannot express is aggregated in JavaScript without losing the others', async () => {
    const text = await create('numeric op on text', { column: 'total_ms', statistic: 'p90', filters: [{ column: 'endpoint', op: '>', value: 3 }] });
    const missing = await create('gone', { column: 'no_such_column', statistic: 'p90' });
    const board = await s.call('kpi-list', { eventId });
    expect(board.find((k) => k.id === text.id)!.sourceError).toBeNull();
    expect(board.find((k) => k.id === missing.id)!.sourceError).toMatch(/no column "no_such_column"/);
    for (const k of board.filter((x) => x.id !== missing.id)) expect(k.sourceError).toBeNull();
  });
});
