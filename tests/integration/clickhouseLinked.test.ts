// A linked ClickHouse dataset read through the app's source layer (sources/open.ts): results recorded with their
// fingerprint and query; rows added on the server → "re-link" with the earlier result kept; a server that goes away
// mid-query → a clear error and no result written.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateQuery } from '../../common/domain/sources/queryTree';
import { findLinkedResult } from '../../main/db/repositories/sources';
import { linkClickHouse } from '../../main/services/sources/clickhouse/link';
import { aggregateDataset } from '../../main/services/sources/open';
import { clickHouseSkipReason, startClickHouse } from '../helpers/clickhouseServer';
import type { ClickHouseServer } from '../helpers/clickhouseServer';
import { generateLog, loadLogIntoClickHouse } from '../helpers/clickhouseLog';
import { runKaizen } from '../helpers/cli';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

const skip = clickHouseSkipReason();
const dayP95: AggregateQuery = {
  bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 },
  measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0.5, 0.95] }, { kind: 'rate', condition: { column: 'status', op: '=', value: 'failed' } }],
};

describe.skipIf(skip !== null)('linked ClickHouse dataset through the source layer (real server)', () => {
  let server: ClickHouseServer;
  let s: TestServices;
  const before = process.env.KAIZEN_CLICKHOUSE_PASSWORD;

  beforeAll(async () => {
    server = await startClickHouse();
    await loadLogIntoClickHouse(server, 'inference', generateLog(8_000, 11));
    await server.exec(`CREATE VIEW ${server.database}.slow_log AS SELECT * FROM ${server.database}.inference WHERE sleepEachRow(0.0002) = 0`);
    process.env.KAIZEN_CLICKHOUSE_PASSWORD = server.password;
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    if (before === undefined) delete process.env.KAIZEN_CLICKHOUSE_PASSWORD;
    else process.env.KAIZEN_CLICKHOUSE_PASSWORD = before;
  });

  afterEach(() => s?.close());

  const url = (table: string) => `clickhouse://${server.user}@127.0.0.1:${server.httpPort}/${server.database}/${table}`;

  it('records the result with fingerprint and query; rows added on the server → re-link, the earlier result kept', async () => {
    s = await tempServices();
    const eventId = (await s.call('event-create', { name: 'Linked ClickHouse' })).id;
    const { datasetId } = await linkClickHouse(s.ctx, { eventId, url: url('inference') });
    const { result, provenance } = await aggregateDataset(s.ctx, datasetId, 'kpi:p95', dayP95);
    expect(result.rows.length).toBeGreaterThanOrEqual(10);
    expect(provenance).toMatchObject({ kind: 'clickhouse', location: url('inference'), quantileMethod: 'type7', exact: true });
    const kept = findLinkedResult(s.db, datasetId, 'kpi:p95')!;
    expect(kept).toMatchObject({ quantileMethod: 'type7', exact: true, fingerprint: expect.stringMatching(/^rows=8000;maxTime=\d+$/) });
    expect(kept.query).toContain('arraySort(groupArrayIf(');

    await server.exec(`INSERT INTO ${server.database}.inference FORMAT TabSeparated`, `${Date.UTC(2026, 10, 20) / 1000}\t/score\tEU\tok\t99.5\t0.5\t10\n`);
    const err = await aggregateDataset(s.ctx, datasetId, 'kpi:p95', dayP95).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'CONFLICT', details: { reLink: true, kept: { fingerprint: kept.fingerprint } } });
    expect((err as Error).message).toContain('changed since it was linked');
    expect(findLinkedResult(s.db, datasetId, 'kpi:p95')).toEqual(kept);

    // Re-link (the Data page / `kaizen link --relink ID`): a new version, the new fingerprint; queries run again.
    const re = await s.call('clickhouse-relink', { datasetId });
    expect(re).toMatchObject({ rows: 8001, fingerprint: { parts: { rows: 8001, maxTime: Date.UTC(2026, 10, 20) } } });
    const again = await aggregateDataset(s.ctx, datasetId, 'kpi:p95', dayP95);
    expect(again.result.rows.length).toBe(result.rows.length + 1);
    expect(findLinkedResult(s.db, datasetId, 'kpi:p95')!.fingerprint).toBe(re.fingerprint.value);
    s.close();
    await server.exec(`INSERT INTO ${server.database}.inference FORMAT TabSeparated`, `${Date.UTC(2026, 10, 21) / 1000}\t/score\tEU\tok\t99.5\t0.5\t10\n`);
    const cli = await runKaizen('link', '--relink', datasetId, '--data-dir', s.dataDir, '--json');
    expect(cli.err).toBe('');
    expect(JSON.parse(cli.out)).toMatchObject({ datasetId, source: 'clickhouse', rows: 8002 });
    s = await tempServices({ dataDir: s.dataDir });
    expect(s.db.prepare('SELECT max(version) FROM dataset_versions WHERE dataset_id = ?').pluck().get(datasetId)).toBe(3);
  });

  it('a server that goes away mid-query: a clear error, no result written', async () => {
    s = await tempServices();
    const eventId = (await s.call('event-create', { name: 'Server gone' })).id;
    const { datasetId } = await linkClickHouse(s.ctx, { eventId, url: url('slow_log') });
    const pending = aggregateDataset(s.ctx, datasetId, 'kpi:p95', dayP95).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 700));
    server.kill();
    const err = await pending;
    expect(err).toMatchObject({ code: 'BAD_INPUT', details: { reason: 'connection-lost' } });
    expect((err as Error).message).toMatch(/went away|stopped mid-query/);
    expect(findLinkedResult(s.db, datasetId, 'kpi:p95')).toBeNull();
    expect(s.db.prepare('SELECT count(*) FROM linked_results').pluck().get()).toBe(0);
  });
});
