// A dataset KPI is aggregated in SQLite (main/services/kpiSql.ts) when its filters can be expressed there
// with the same meaning, and in JavaScript otherwise: both must give aggregateByBucket's numbers exactly.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aggregateByBucket, KPI_BUCKETS, KPI_STATISTICS } from '../../common/domain/kpi/aggregate';
import type { RowCondition } from '../../common/contract/schemas/kpi';
import { matches } from '../../main/services/kpi/series';
import { aggregateInSql } from '../../main/services/kpi/sql';
import { requireVersion } from '../../main/services/datasets/access';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;
let datasetId: string;
const N = 3000;
const T0 = Date.UTC(2026, 9, 26, 5); // a Monday, so hour, day and ISO-week buckets all cut the data
const time: number[] = [];
const ms: (number | null)[] = [];
const endpoint: (string | null)[] = [];
const code: (number | null)[] = [];
const status: string[] = [];

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'KPI in SQL' })).id;
  const lines = ['timestamp,total_ms,endpoint,code,status'];
  let r = 42;
  const rnd = () => ((r = (r * 1103515245 + 12345) % 2147483648) / 2147483648);
  for (let i = 0; i < N; i++) {
    const t = T0 + Math.floor(i * 17.3 * 60_000 + rnd() * 600_000);
    const v = rnd() < 0.03 ? null : Math.round((200 + rnd() * 300 + (i > N / 2 ? -50 : 0)) * 10) / 10;
    const e = rnd() < 0.02 ? null : ['/score', '/explain', '/batch'][Math.floor(rnd() * 3)]!;
    const c = rnd() < 0.02 ? null : [200, 200, 200, 429, 500][Math.floor(rnd() * 5)]!;
    const st = c === 500 ? 'failed' : 'ok';
    time.push(t);
    ms.push(v);
    endpoint.push(e);
    code.push(c);
    status.push(st);
    lines.push(`${new Date(t).toISOString()},${v ?? ''},${e ?? ''},${c ?? ''},${st}`);
  }
  const file = path.join(s.dataDir, 'log.csv');
  fs.writeFileSync(file, lines.join('\n') + '\n');
  datasetId = (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log' })).datasetId!;
});
afterAll(() => s.close());

const cols: Record<string, (number | string | null)[]> = { total_ms: ms, endpoint, code, status };

function expected(statistic: (typeof KPI_STATISTICS)[number], bucket: (typeof KPI_BUCKETS)[number], filters: RowCondition[], condition?: RowCondition) {
  const include = time.map((_, i) => (filters.every((f) => matches(cols[f.column]![i] ?? null, f)) ? 1 : 0));
  const cond = condition ? time.map((_, i) => (matches(cols[condition.column]![i] ?? null, condition) ? 1 : 0)) : undefined;
  const value = ms.map((v) => (v === null ? NaN : v));
  return aggregateByBucket(time, value, statistic, bucket, include, cond);
}

async function actual(statistic: (typeof KPI_STATISTICS)[number], bucket: (typeof KPI_BUCKETS)[number], filters: RowCondition[], condition?: RowCondition) {
  const kpi = await s.call('kpi-create', { eventId, name: `${statistic} ${bucket}`, unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId, column: 'total_ms', statistic, bucket, filters, ...(condition ? { condition } : {}) } });
  const got = await s.call('kpi-get', { id: kpi.id });
  expect(got.sourceError ?? null).toBeNull();
  return got.points;
}

function same(got: { time: number; value: number; n: number }[], want: { start: number; value: number; n: number }[]): void {
  expect(got.map((p) => [p.time, p.n])).toEqual(want.map((p) => [p.start, p.n]));
  got.forEach((p, i) => expect(p.value, `bucket ${i}`).toBeCloseTo(want[i]!.value, 9));
}

describe('dataset KPI aggregation', () => {
  const filterSets: [string, RowCondition[]][] = [
    ['no filter', []],
    ['text =', [{ column: 'endpoint', op: '=', value: '/score' }]],
    ['text != (keeps missing)', [{ column: 'endpoint', op: '!=', value: '/batch' }]],
    ['numeric >= and =', [{ column: 'code', op: '>=', value: 200 }, { column: 'code', op: '=', value: 200 }]],
    ['numeric != (keeps missing)', [{ column: 'code', op: '!=', value: 500 }]],
    // Not expressible in SQL with matches()'s meaning: a numeric comparison on a text column (JavaScript path).
    ['numeric op on a text column', [{ column: 'endpoint', op: '>', value: 3 }]],
  ];
  for (const bucket of KPI_BUCKETS) {
    for (const [label, filters] of filterSets) {
      it(`every statistic per ${bucket}, ${label}`, async () => {
        for (const statistic of KPI_STATISTICS) {
          const condition: RowCondition | undefined = statistic === 'rate' ? { column: 'status', op: '=', value: 'failed' } : undefined;
          same(await actual(statistic, bucket, filters, condition), expected(statistic, bucket, filters, condition));
        }
      });
    }
  }

  it('runs in SQLite when the filters mean the same there, and leaves the rest to JavaScript', () => {
    const { v } = requireVersion(s.ctx, datasetId);
    const col = (n: string) => v.columns.find((c) => c.name === n)!;
    const src = (filters: RowCondition[]) => ({ kind: 'dataset' as const, datasetId, column: 'total_ms', statistic: 'p95' as const, bucket: 'day' as const, filters });
    const inSql = aggregateInSql(s.ctx, v, src([{ column: 'endpoint', op: '=', value: '/score' }]), col('timestamp'), col('total_ms'));
    expect(inSql).not.toBeNull();
    same(inSql!.map((p) => ({ time: p.start, value: p.value, n: p.n })), expected('p95', 'day', [{ column: 'endpoint', op: '=', value: '/score' }]));
    expect(aggregateInSql(s.ctx, v, src([{ column: 'endpoint', op: '>', value: 3 }]), col('timestamp'), col('total_ms'))).toBeNull();
    expect(aggregateInSql(s.ctx, v, src([{ column: 'code', op: '=', value: '200' }]), col('timestamp'), col('total_ms'))).toBeNull();
  });

  it('rate of a numeric condition', async () => {
    const condition: RowCondition = { column: 'code', op: '>=', value: 429 };
    same(await actual('rate', 'day', [], condition), expected('rate', 'day', [], condition));
  });
});
