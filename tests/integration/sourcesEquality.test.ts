import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateQuery, AggregateResult } from '../../common/domain/sources/queryTree';
import { latestVersion } from '../../main/db/repositories/datasets';
import { createDuckSource, describeLocation, storageType } from '../../main/services/sources/duckdb/duckdbSource';
import { DuckRunner } from '../../main/services/sources/duckdb/runner';
import type { DuckLink } from '../../main/services/sources/duckdb/sql';
import type { Source } from '../../main/services/sources/source';
import { createSqliteSource } from '../../main/services/sources/sqlite/sqliteSource';
import { writeLinkedLog } from '../helpers/linkedLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * Every statistic equal between the imported SQLite table and DuckDB over the same rows (as CSV and as Parquet),
 * exact mode; approximate quantiles within their documented error. Counts, min, max, bucket starts, groups and spans
 * are equal exactly. Type-7 quantiles pick the same two order statistics and the same fraction d; DuckDB's
 * quantile_cont then writes the interpolation as lo·(1 − d) + hi·d where ours is lo + d·(hi − lo), which can differ
 * in the last bit: compared to 4e-16 relative (2 ulp). Sums and means to 1e-12 relative (DuckDB adds in parallel).
 */

let s: TestServices;
let sqlite: Source;
let csv: Source;
let parquet: Source;
let parquetSplit: Source;
const ROWS = 30_000;

async function linkOf(format: DuckLink['format'], location: string): Promise<DuckLink> {
  const r = new DuckRunner();
  try {
    const d = await describeLocation(r, format, location);
    return { format, location, columns: d.columns.map((c) => ({ name: c.physical, physical: c.physical, nativeType: c.nativeType, type: c.physical === 'model' || c.physical === 'endpoint' || c.physical === 'status' ? 'category' : storageType(c.nativeType) })) };
  } finally {
    await r.close();
  }
}

beforeAll(async () => {
  s = await tempServices();
  const dir = fs.mkdtempSync(path.join(s.dataDir, 'linked-'));
  const file = path.join(dir, 'log.csv');
  writeLinkedLog(file, ROWS);
  const eventId = (await s.call('event-create', { name: 'Linked' })).id;
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log' });
  const v = latestVersion(s.db, imp.datasetId!)!;
  sqlite = createSqliteSource(s.ctx, v, 'log');
  const pq = path.join(dir, 'log.parquet');
  const r = new DuckRunner();
  await r.query(`COPY (SELECT * FROM read_csv('${file}', header = true)) TO '${pq}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
  await r.close();
  csv = createDuckSource(await linkOf('csv', file));
  const pqLink = await linkOf('parquet', pq);
  parquet = createDuckSource(pqLink);
  parquetSplit = createDuckSource(pqLink, { partitionAbove: 1000, partitionRows: 9000 });
}, 60_000);

afterAll(async () => {
  await Promise.all([csv?.close(), parquet?.close(), parquetSplit?.close()]);
  s?.close();
});

function expectSame(a: AggregateResult, b: AggregateResult) {
  expect(b.rows.length).toBe(a.rows.length);
  a.rows.forEach((ra, i) => {
    const rb = b.rows[i]!;
    expect([rb.start, rb.group]).toEqual([ra.start, ra.group]);
    ra.cells.forEach((ca, j) => {
      const cb = rb.cells[j]!;
      expect(cb.n).toBe(ca.n);
      if (ca.values) {
        expect(cb.values!.map((x) => x === null)).toEqual(ca.values.map((x) => x === null));
        ca.values.forEach((x, k) => {
          if (x !== null) expect(Math.abs(cb.values![k]! - x) / Math.max(1e-300, Math.abs(x))).toBeLessThanOrEqual(4.5e-16);
        });
      }
      else if (ca.value === null) expect(cb.value).toBeNull();
      else expect(Math.abs(cb.value! - ca.value) / Math.max(1, Math.abs(ca.value))).toBeLessThan(1e-12);
    });
  });
  expect(b.spans).toEqual(a.spans);
}

const kpiQuery: AggregateQuery = {
  bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 },
  filters: [{ column: 'endpoint', op: '=', value: '/score' }],
  measures: [
    { kind: 'count' },
    { kind: 'mean', column: 'latency_ms' },
    { kind: 'sum', column: 'latency_ms' },
    { kind: 'min', column: 'latency_ms' },
    { kind: 'max', column: 'latency_ms' },
    { kind: 'quantiles', column: 'latency_ms', probs: [0.5, 0.9, 0.95, 0.99] },
    { kind: 'rate', condition: { column: 'status', op: '=', value: 'failed' } },
    { kind: 'rate', condition: { column: 'status', op: '!=', value: 'ok' } },
  ],
};

describe('SQLite and DuckDB sources agree', () => {
  it('per-day KPI buckets: count, mean, sum, min, max, p50/p90/p95/p99, failure rates, with a filter', async () => {
    const a = await sqlite.aggregate(kpiQuery);
    expect(a.rows).toHaveLength(6);
    expect(a.rows[0]!.cells[0]!.n).toBeGreaterThan(3000);
    for (const src of [parquet, csv, parquetSplit]) {
      const b = await src.aggregate(kpiQuery);
      expect(b.quantileMethod).toBe('type7');
      expectSame(a, b);
    }
  });

  it('hour buckets in a UTC+5:30 zone, week buckets, group by, a window, numeric filters and per-measure conditions', async () => {
    const queries: AggregateQuery[] = [
      { bucket: { column: 'timestamp', unit: 'hour', utcOffsetMinutes: 330 }, measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0.5, 0.95] }, { kind: 'count' }] },
      { bucket: { column: 'timestamp', unit: 'week', utcOffsetMinutes: -300 }, measures: [{ kind: 'mean', column: 'score' }] },
      { bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 }, groupBy: 'model', measures: [{ kind: 'rate', condition: { column: 'status', op: '=', value: 'failed' } }, { kind: 'mean', column: 'score', where: [{ column: 'status', op: '=', value: 'ok' }] }] },
      { groupBy: 'status', window: { column: 'timestamp', from: Date.UTC(2026, 10, 3, 12), to: Date.UTC(2026, 10, 5) }, measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0, 0.25, 1] }, { kind: 'count', where: [{ column: 'latency_ms', op: '>=', value: 300 }] }] },
      { filters: [{ column: 'latency_ms', op: '>', value: 200 }, { column: 'status', op: '!=', value: 'failed' }], measures: [{ kind: 'count' }, { kind: 'max', column: 'score' }] },
      { filters: [{ column: 'endpoint', op: '=', value: 'nowhere' }], measures: [{ kind: 'count' }] },
    ];
    for (const q of queries) {
      const a = await sqlite.aggregate(q);
      expectSame(a, await parquet.aggregate(q));
      expectSame(a, await csv.aggregate(q));
    }
  });

  it('histogram with reference edges and seeded samples', async () => {
    const edges = [100, 150.5, 200, 300, 600];
    const opts = { filters: [{ column: 'endpoint', op: '=' as const, value: '/score' }], window: { column: 'timestamp', from: Date.UTC(2026, 10, 4) } };
    const a = await sqlite.histogram('latency_ms', edges, undefined, opts);
    const b = await parquet.histogram('latency_ms', edges, undefined, opts);
    expect(b.counts).toEqual(a.counts);
    expect(b.missing).toBe(a.missing);
    expect(a.missing).toBeGreaterThan(0);

    const s1 = await parquet.sample(['latency_ms', 'status'], 500, 42);
    const s2 = await parquet.sample(['latency_ms', 'status'], 500, 42);
    expect(s1.columns.latency_ms).toHaveLength(500);
    expect(s2.columns).toEqual(s1.columns);
    expect(s1.sampled).toBe(true);
    expect(s1.queryText).toMatch(/reservoir\(500 ROWS\) REPEATABLE \(42\)/);
    const all = await parquet.sample(['status'], 1_000_000, 1);
    expect(all.sampled).toBe(false);
    expect(all.columns.status).toHaveLength(ROWS);
  });

  it('approximate quantiles are labelled and within 0.01 of the asked rank (t-digest; the documented error)', async () => {
    const q: AggregateQuery = { ...kpiQuery, quantiles: 'approx' };
    const approx = await parquet.aggregate(q);
    expect(approx.quantileMethod).toBe('approx');
    expect(approx.queryText).toMatch(/approx_quantile/);
    const all = await sqlite.sample(['timestamp', 'latency_ms', 'endpoint'], 1_000_000, 1);
    const probs = [0.5, 0.9, 0.95, 0.99];
    for (const r of approx.rows) {
      const day: number[] = [];
      all.columns.timestamp!.forEach((t, i) => {
        const x = all.columns.latency_ms![i];
        if (typeof t === 'number' && t >= r.start! && t < r.start! + 86_400_000 && all.columns.endpoint![i] === '/score' && typeof x === 'number') day.push(x);
      });
      r.cells[5]!.values!.forEach((x, k) => {
        const below = day.filter((y) => y < x!).length / day.length;
        const atOrBelow = day.filter((y) => y <= x!).length / day.length;
        // The value's rank range [below, atOrBelow] comes within 0.01 of p.
        expect(Math.max(below - probs[k]!, probs[k]! - atOrBelow, 0)).toBeLessThanOrEqual(0.01);
      });
    }
  });
});

describe('PSI on a source', () => {
  it('equals psiQuantile over the same rows (reference deciles as edges, histogram counts)', async () => {
    const { psiOnSource } = await import('../../main/services/sources/drift');
    const { psiQuantile } = await import('../../common/domain/drift/psi');
    const ref = { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 5) };
    const cur = { from: Date.UTC(2026, 10, 5), to: Date.UTC(2026, 10, 8) };
    const all = await sqlite.sample(['timestamp', 'latency_ms'], 1_000_000, 1);
    const pick = (w: { from: number; to: number }) =>
      all.columns.latency_ms!.filter((x, i) => {
        const t = all.columns.timestamp![i];
        return typeof x === 'number' && typeof t === 'number' && t >= w.from && t < w.to;
      }) as number[];
    const expected = psiQuantile(pick(ref), pick(cur));
    for (const src of [sqlite, parquet]) {
      const got = await psiOnSource(src, 'latency_ms', 'timestamp', ref, cur);
      expect(got.bins.map((b) => [b.referenceCount, b.currentCount])).toEqual(expected.bins.map((b) => [b.referenceCount, b.currentCount]));
      expect(got.psi).toBeCloseTo(expected.psi, 12);
      expect(got.psi).toBeGreaterThan(0.01);
    }
  });
});
