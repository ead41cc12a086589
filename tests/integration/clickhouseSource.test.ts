// The ClickHouse source against a real clickhouse-server (Debian's 18.16), compared statistic by statistic with the
// SQLite path (the same rows imported into kaizen.db, read through the SQLite source).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateQuery, AggregateResult } from '../../common/domain/sources/queryTree';
import { upperBound } from '../../common/domain/stats/quantile';
import { createClickHouseSource } from '../../main/services/sources/clickhouse/source';
import type { Source } from '../../main/services/sources/source';
import { latestVersion } from '../../main/db/repositories/datasets';
import { createSqliteSource } from '../../main/services/sources/sqlite/sqliteSource';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { clickHouseSkipReason, startClickHouse } from '../helpers/clickhouseServer';
import type { ClickHouseServer } from '../helpers/clickhouseServer';
import { generateLog, loadLogIntoClickHouse, writeLogCsv } from '../helpers/clickhouseLog';
import { writeLinkedLog } from '../helpers/linkedLog';
import type { LogRow } from '../helpers/clickhouseLog';

const skip = clickHouseSkipReason();

/** PSI's open binning (common/domain/drift/psi): bin = number of inner edges ≤ x. */
function countOpenBins(values: ArrayLike<number>, edges: readonly number[]): number[] {
  const counts = new Array<number>(edges.length + 1).fill(0);
  for (let i = 0; i < values.length; i++) counts[upperBound(edges, values[i]!)]!++;
  return counts;
}
const N = 30_000;

describe.skipIf(skip !== null)('ClickHouse source (real server)', () => {
  let server: ClickHouseServer;
  let source: Source;
  let rows: LogRow[];
  let s: TestServices;
  let sqlite: Source;

  beforeAll(async () => {
    server = await startClickHouse();
    rows = generateLog(N);
    await loadLogIntoClickHouse(server, 'inference', rows);
    s = await tempServices();
    const csv = writeLogCsv(rows, path.join(fs.mkdtempSync(path.join(s.dataDir, 'ch-')), 'log.csv'));
    const eventId = (await s.call('event-create', { name: 'ClickHouse vs SQLite' })).id;
    const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv }, name: 'log' });
    sqlite = createSqliteSource(s.ctx, latestVersion(s.db, imp.datasetId!)!, 'log');
    source = createClickHouseSource({
      config: { secure: false, host: server.host, port: server.httpPort, database: server.database, table: 'inference', user: server.user },
      password: async () => server.password,
    });
  }, 120_000);

  afterAll(async () => {
    await source?.close();
    await server?.stop();
    s?.close();
  });

  /** Both answers, with sums and means compared to 1e-12 relative (summation order differs), the rest exactly. */
  async function compare(q: AggregateQuery): Promise<AggregateResult> {
    const want = await sqlite.aggregate(q);
    const got = await source.aggregate(q);
    expect(got.rows.length).toBe(want.rows.length);
    got.rows.forEach((row, i) => {
      const w = want.rows[i]!;
      expect(row.start).toBe(w.start);
      expect(row.group).toBe(w.group);
      row.cells.forEach((cell, j) => {
        const wc = w.cells[j]!;
        const m = q.measures[j]!;
        expect(cell.n, `measure ${j} n, row ${i}`).toBe(wc.n);
        if (m.kind === 'sum' || m.kind === 'mean') {
          if (wc.value === null) expect(cell.value).toBeNull();
          else expect(Math.abs(cell.value! - wc.value) / Math.max(1, Math.abs(wc.value))).toBeLessThan(1e-12);
        } else {
          expect(cell.value, `measure ${j} (${m.kind}) row ${i}`).toBe(wc.value);
          if (wc.values) expect(cell.values).toEqual(wc.values);
        }
      });
    });
    expect(got.spans).toEqual(want.spans);
    expect(got.quantileMethod).toBe('type7');
    return got;
  }

  it('per-day count, mean, min, max, sum, p50/p95/p99 and failure rate equal the SQLite path', async () => {
    const got = await compare({
      bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 },
      measures: [
        { kind: 'count' },
        { kind: 'mean', column: 'latency_ms' },
        { kind: 'min', column: 'latency_ms' },
        { kind: 'max', column: 'latency_ms' },
        { kind: 'sum', column: 'latency_ms' },
        { kind: 'quantiles', column: 'latency_ms', probs: [0.5, 0.95, 0.99] },
        { kind: 'rate', condition: { column: 'status', op: '=', value: 'failed' } },
        { kind: 'quantiles', column: 'score', probs: [0.1, 0.9] },
      ],
    });
    expect(got.rows.length).toBeGreaterThanOrEqual(10);
    expect(got.rowsScanned).toBe(N);
    expect(got.queryText).toContain('GROUP BY b');
    // Only results come back: one row per day, no column holding a bucket's values.
    const answer = JSON.parse(await server.exec(`${got.queryText}\nFORMAT JSONCompact`)) as { meta: { name: string; type: string }[]; rows: number };
    expect(answer.rows).toBe(got.rows.length);
    expect(answer.meta.filter((m) => m.type.startsWith('Array(Float64)')).map((m) => m.name)).toEqual([]);
  });

  it('filters, groups, hour and week buckets with a UTC offset, a window and per-measure conditions agree', async () => {
    await compare({
      bucket: { column: 'timestamp', unit: 'hour', utcOffsetMinutes: 0 },
      filters: [{ column: 'endpoint', op: '=', value: '/score' }],
      measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0.95] }],
    });
    await compare({
      bucket: { column: 'timestamp', unit: 'week', utcOffsetMinutes: 60 },
      groupBy: 'region',
      window: { column: 'timestamp', from: Date.UTC(2026, 10, 3), to: Date.UTC(2026, 10, 8, 12) },
      filters: [{ column: 'latency_ms', op: '>=', value: 60 }, { column: 'region', op: '!=', value: 'US' }],
      measures: [
        { kind: 'count', where: [{ column: 'status', op: '!=', value: 'ok' }] },
        { kind: 'mean', column: 'score', where: [{ column: 'tokens', op: '<', value: 250 }] },
        { kind: 'rate', condition: { column: 'status', op: '=', value: 'timeout' } },
        { kind: 'quantiles', column: 'tokens', probs: [0, 0.25, 0.5, 1] },
      ],
    });
    await compare({
      bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: -330 },
      groupBy: 'tokens',
      filters: [{ column: 'tokens', op: '<', value: 3 }],
      measures: [{ kind: 'max', column: 'score' }, { kind: 'min', column: 'latency_ms' }],
    });
    // Whole table, no time; a numeric compare against a text column ("abc" is no number: only != holds).
    await compare({ measures: [{ kind: 'count' }, { kind: 'sum', column: 'tokens' }], filters: [{ column: 'status', op: '!=', value: 5 }] });
  });

  it('hostile column names and filter values stay names and values (never SQL)', async () => {
    const db = server.database;
    await server.exec(`CREATE TABLE ${db}.hostile (ts DateTime, \`we\\\`ird\\\\name\` String, v Float64) ENGINE = MergeTree() ORDER BY ts`);
    const evil = "it's \\ a'; DROP TABLE inference; --";
    const tsv = (x: string) => x.replace(/\\/g, '\\\\');
    await server.exec(`INSERT INTO ${db}.hostile FORMAT TabSeparated`, `1700000000\t${tsv(evil)}\t1.5\n1700000001\tplain\t2.5\n`);
    const hostile = createClickHouseSource({
      config: { secure: false, host: server.host, port: server.httpPort, database: db, table: 'hostile', user: server.user },
      password: async () => server.password,
      columns: [{ name: 'time', source: 'ts' }, { name: 'label', source: 'we`ird\\name' }, { name: 'v', source: 'v' }],
    });
    const got = await hostile.aggregate({ measures: [{ kind: 'sum', column: 'v' }], filters: [{ column: 'label', op: '=', value: evil }] });
    expect(got.rows[0]!.cells[0]).toEqual({ value: 1.5, n: 1 });
    expect((await hostile.schema()).columns.map((c) => c.name)).toEqual(['time', 'label', 'v']);
    expect(await server.exec(`SELECT count() FROM ${db}.inference`)).toBe(`${N}\n`);
    await hostile.close();
  });

  it('the histogram for PSI equals countOpenBins over the same edges', async () => {
    const edges = [60, 80.5, 100, 0.1 + 150.2, 250];
    const got = await source.histogram('latency_ms', edges);
    const values = Float64Array.from(rows.map((r) => r.latency_ms)).sort();
    expect(got.counts).toEqual(countOpenBins(values, edges));
    expect(got.missing).toBe(0);
    const window = { column: 'timestamp', to: Date.UTC(2026, 10, 4) };
    const scores = await source.histogram('score', [0.25, 0.5, 0.75], undefined, { window, filters: [{ column: 'region', op: '!=', value: 'EU' }] });
    const kept = rows.filter((r) => r.timestamp < window.to && r.region !== 'EU');
    const sc = Float64Array.from(kept.filter((r) => r.score !== null).map((r) => r.score!)).sort();
    expect(scores.counts).toEqual(countOpenBins(sc, [0.25, 0.5, 0.75]));
    expect(scores.missing).toBe(kept.filter((r) => r.score === null).length);
    // The SQLite path's histogram, same rows.
    const fromSqlite = await sqlite.histogram('score', [0.25, 0.5, 0.75], undefined, { window, filters: [{ column: 'region', op: '!=', value: 'EU' }] });
    expect({ counts: scores.counts, missing: scores.missing }).toEqual({ counts: fromSqlite.counts, missing: fromSqlite.missing });
  });

  it('ClickHouse’s own quantileExact is NOT type 7: it returns the observed value at ⌊p·n⌋ (why the source sorts and interpolates)', async () => {
    const got = await server.exec(`SELECT quantileExact(0.5)(number), quantileExact(0.95)(number) FROM numbers(10)`);
    // Type 7 of 0…9: median 4.5, p95 8.55. quantileExact: sorted[⌊0.5·10⌋] = 5, sorted[⌊0.95·10⌋] = 9.
    expect(got.trim().split('\t').map(Number)).toEqual([5, 9]);
    const q = await source.aggregate({ measures: [{ kind: 'quantiles', column: 'tokens', probs: [0.5] }], filters: [{ column: 'tokens', op: '<', value: 10 }] });
    const tokens = rows.filter((r) => r.tokens < 10).map((r) => r.tokens).sort((a, b) => a - b);
    const h = (tokens.length - 1) * 0.5;
    const type7 = tokens[Math.floor(h)]! + (h - Math.floor(h)) * (tokens[Math.ceil(h)]! - tokens[Math.floor(h)]!);
    expect(q.rows[0]!.cells[0]!.value).toBe(type7);
  });

  it('schema, fingerprint (row count + max timestamp) and a seeded sample', async () => {
    const schema = await source.schema();
    expect(schema.rowCount).toBe(N);
    expect(Object.fromEntries(schema.columns.map((c) => [c.name, c.type]))).toEqual({
      timestamp: 'timestamp', endpoint: 'category', region: 'text', status: 'text', latency_ms: 'real', score: 'real', tokens: 'integer',
    });
    const fp = await source.fingerprint();
    expect(fp.parts).toEqual({ rows: N, maxTime: Math.max(...rows.map((r) => r.timestamp)), timeColumn: 'timestamp' });
    const a = await source.sample(['latency_ms', 'region'], 500, 7);
    const b = await source.sample(['latency_ms', 'region'], 500, 7);
    const c = await source.sample(['latency_ms', 'region'], 500, 8);
    expect(a.columns).toEqual(b.columns);
    expect(a.columns.latency_ms).not.toEqual(c.columns.latency_ms);
    expect(a.columns.latency_ms!.length).toBe(500);
    expect(a).toMatchObject({ totalRows: N, sampled: true });
    const all = await source.sample(['tokens'], 1000, 1, undefined, { filters: [{ column: 'tokens', op: '=', value: 7 }] });
    expect(all.sampled).toBe(false);
    expect(all.columns.tokens).toEqual(rows.filter((r) => r.tokens === 7).map(() => 7));
  });
});

describe.skipIf(skip !== null)('ClickHouse source on the linked-dataset tests’ log (missing cells, epoch-ms time column)', () => {
  it('equals the SQLite path on writeLinkedLog’s rows, time stored as Nullable(Int64) epoch ms', async () => {
    const server = await startClickHouse();
    const s = await tempServices();
    try {
      const file = path.join(fs.mkdtempSync(path.join(s.dataDir, 'linked-')), 'log.csv');
      writeLinkedLog(file, 20_000);
      const eventId = (await s.call('event-create', { name: 'Same generator' })).id;
      const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log' });
      const sqlite = createSqliteSource(s.ctx, latestVersion(s.db, imp.datasetId!)!, 'log');
      const db = server.database;
      await server.exec(`CREATE TABLE ${db}.linked (timestamp Nullable(Int64), endpoint String, latency_ms Nullable(Float64), status Nullable(String), score Float64, model String) ENGINE = MergeTree() ORDER BY tuple()`);
      const tsv = fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => {
          const [ts, endpoint, latency, status, score, model] = line.split(',');
          const cell = (x: string | undefined) => (x === undefined || x === '' ? '\\N' : x);
          return [ts ? String(Date.parse(ts)) : '\\N', endpoint, cell(latency), cell(status), score, model].join('\t');
        })
        .join('\n');
      await server.exec(`INSERT INTO ${db}.linked FORMAT TabSeparated`, tsv + '\n');
      const ch = createClickHouseSource({
        config: { secure: false, host: server.host, port: server.httpPort, database: db, table: 'linked', user: server.user },
        password: async () => server.password,
      });
      const queries: AggregateQuery[] = [
        {
          bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 },
          measures: [
            { kind: 'count' },
            { kind: 'quantiles', column: 'latency_ms', probs: [0.5, 0.95, 0.99] },
            { kind: 'min', column: 'latency_ms' },
            { kind: 'max', column: 'latency_ms' },
            { kind: 'sum', column: 'latency_ms' },
            { kind: 'mean', column: 'score' },
            { kind: 'rate', condition: { column: 'status', op: '=', value: 'failed' } },
          ],
        },
        { bucket: { column: 'timestamp', unit: 'hour', utcOffsetMinutes: 120 }, groupBy: 'model', filters: [{ column: 'status', op: '!=', value: 'ok' }], measures: [{ kind: 'count' }, { kind: 'quantiles', column: 'latency_ms', probs: [0.9] }] },
        { groupBy: 'status', measures: [{ kind: 'count' }, { kind: 'max', column: 'timestamp' }] },
      ];
      for (const q of queries) {
        const want = await sqlite.aggregate(q);
        const got = await ch.aggregate(q);
        expect(got.rows.map((r) => [r.start, r.group, r.cells.map((c) => c.n)])).toEqual(want.rows.map((r) => [r.start, r.group, r.cells.map((c) => c.n)]));
        got.rows.forEach((r, i) =>
          r.cells.forEach((c, j) => {
            const w = want.rows[i]!.cells[j]!;
            const kind = q.measures[j]!.kind;
            if (kind === 'sum' || kind === 'mean') expect(Math.abs(c.value! - w.value!) / Math.max(1, Math.abs(w.value!))).toBeLessThan(1e-12);
            else expect([c.value, c.values]).toEqual([w.value, w.values]);
          }),
        );
        expect(got.spans).toEqual(want.spans);
      }
      const edges = [100, 150, 200.5, 300];
      const h = await ch.histogram('latency_ms', edges);
      const hw = await sqlite.histogram('latency_ms', edges);
      expect([h.counts, h.missing]).toEqual([hw.counts, hw.missing]);
      await ch.close();
    } finally {
      s.close();
      await server.stop();
    }
  }, 120_000);
});

describe.skipIf(skip !== null)('ClickHouse source: refused password, cancel, a server that goes away', () => {
  let server: ClickHouseServer;
  const open = (table: string, password: string): Source =>
    createClickHouseSource({
      config: { secure: false, host: server.host, port: server.httpPort, database: server.database, table, user: server.user },
      password: async () => password,
    });
  const dayP95: AggregateQuery = {
    bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 },
    measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0.95] }],
  };
  /** Queries currently running on the server that read the slow view. */
  const running = async () => Number((await server.exec(`SELECT count() FROM system.processes WHERE query LIKE '%slow_log%' AND query NOT LIKE '%system.processes%'`)).trim());

  beforeAll(async () => {
    server = await startClickHouse();
    await loadLogIntoClickHouse(server, 'inference', generateLog(20_000, 5));
    // A view that takes ~2 s to read (0.1 ms a row; under 18.16's 3 s sleep limit per block): a query is in flight
    // long enough to cancel it or to kill the server under it.
    await server.exec(`CREATE VIEW ${server.database}.slow_log AS SELECT * FROM ${server.database}.inference WHERE sleepEachRow(0.0001) = 0`);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('a refused password gives a clear message naming the server and user, not the password', async () => {
    const source = open('inference', 'not-the-password');
    const err = await source.aggregate(dayP95).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'auth' } });
    const message = (err as Error).message;
    expect(message).toContain(`ClickHouse at http://127.0.0.1:${server.httpPort} refused the password for user "kaizen"`);
    expect(message).toContain('KAIZEN_CLICKHOUSE_PASSWORD');
    expect(message).not.toContain('not-the-password');
    await source.close();
  });

  it('a missing table and an unreachable server are named', async () => {
    const missing = open('no_such_table', server.password);
    await expect(missing.schema()).rejects.toMatchObject({ code: 'NOT_FOUND', message: expect.stringContaining('no_such_table') });
    await missing.close();
    const gone = createClickHouseSource({
      config: { secure: false, host: '127.0.0.1', port: 1, database: 'logs', table: 't', user: 'kaizen' },
      password: async () => 'x',
    });
    await expect(gone.fingerprint()).rejects.toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining('Cannot reach ClickHouse at http://127.0.0.1:1: connection refused') });
    await gone.close();
  });

  it('an aborted query is cancelled on the server too (KILL QUERY)', async () => {
    const source = open('slow_log', server.password);
    await source.schema();
    const ac = new AbortController();
    const pending = source.aggregate(dayP95, ac.signal).catch((e: unknown) => e);
    for (let i = 0; i < 50 && (await running()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await running()).toBe(1);
    ac.abort();
    expect(await pending).toMatchObject({ code: 'CANCELLED' });
    // The query alone takes ~2 s: gone within 0.5 s means the server stopped it.
    let left = 1;
    for (let i = 0; i < 25 && left > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      left = await running();
    }
    expect(left).toBe(0);
    await source.close();
  });

  it('a server that goes away mid-query gives a clear error', async () => {
    const source = open('slow_log', server.password);
    await source.schema();
    const pending = source.aggregate(dayP95).catch((e: unknown) => e);
    for (let i = 0; i < 50 && (await running()) === 0; i++) await new Promise((r) => setTimeout(r, 20));
    server.kill();
    const err = await pending;
    expect(err).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'connection-lost' } });
    expect((err as Error).message).toMatch(/closed the connection during the query|incomplete answer/);
    expect((err as Error).message).toContain('nothing was saved');
    await source.close();
  });
});
