import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { latencyByGroup, latencyProfile, p95Heatmap } from '../../common/domain/latency/profile';
import { bucketStart, load, utcDate } from '../../main/services/analysis/data';
import type { Cell } from '../../main/services/analysis/data';
import { getDataset } from '../../main/services/datasets/access';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// analysis-latency runs in bounded memory (latencySql.ts: one row-order scan for counts and sums, exact type-7
// percentiles from sorted, grouped passes in SQLite). These tests compare its result with the in-memory path it
// replaced — whole columns read into arrays, latencyProfile / latencyByGroup / p95Heatmap — bit for bit, on the
// demo's inference log and on a small log with blanks, ties, integer and real stages, blank groups and times.
let s: TestServices;
let eventId: string;
let demoId: string;
let oddId: string;

type Spec = { stages: string[]; total?: string; timestamp?: string; groupBy?: string; bucket?: 'hour' | 'day'; utcOffsetMinutes?: number };

/** The latency path before issue 15, kept here as the reference. */
function inMemory(datasetId: string, input: Spec) {
  const ds = getDataset(s.ctx, datasetId);
  const cols = load(s.ctx, ds, [...input.stages, input.total, input.timestamp, input.groupBy]);
  const aligned = (col: readonly Cell[]) => Float64Array.from(col, (v) => (typeof v === 'number' ? v : Number.NaN));
  const keyOf = (col: readonly Cell[] | undefined, i: number) => {
    const v = col?.[i];
    return v === null || v === undefined ? '(blank)' : String(v);
  };
  const stages: Record<string, Float64Array> = {};
  for (const st of input.stages) stages[st] = aligned(cols[st]!);
  const total = input.total ? aligned(cols[input.total]!) : undefined;
  const profile = latencyProfile(stages, total);
  const totals =
    total ??
    (() => {
      const t = new Float64Array(ds.rowCount);
      for (const st of input.stages) stages[st]!.forEach((v, i) => (t[i]! += Number.isFinite(v) ? v : 0));
      return t;
    })();
  const byGroup = input.groupBy ? latencyByGroup(cols[input.groupBy]!.map((_, i) => keyOf(cols[input.groupBy!], i)), stages, totals) : null;
  let byTime = null;
  let heatmap = null;
  if (input.timestamp) {
    const ts = aligned(cols[input.timestamp]!);
    if (input.bucket) {
      const bucket = input.bucket;
      const keys = Array.from(ts, (t) => (Number.isFinite(t) ? (bucket === 'day' ? utcDate(t) : new Date(bucketStart(t, 'hour')).toISOString().slice(0, 13) + ':00') : '(no time)'));
      byTime = latencyByGroup(keys, stages, totals).sort((a, b) => a.group.localeCompare(b.group));
    }
    heatmap = p95Heatmap(ts, totals, input.utcOffsetMinutes ?? 0);
  }
  return { rowCount: ds.rowCount, profile, byGroup, byTime, heatmap };
}

function writeOdd(dir: string): string {
  const rows = ['timestamp,endpoint,shard,a_ms,b_ms,total_ms'];
  for (let i = 0; i < 600; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const hour = String((i * 7) % 24).padStart(2, '0');
    const ts = i % 37 === 0 ? '' : `2026-11-${day}T${hour}:${String(i % 60).padStart(2, '0')}:00Z`;
    const endpoint = i % 13 === 0 ? '' : ['/score', '/explain', '/batch'][i % 3];
    const a = i % 11 === 0 ? '' : String((i * 7919) % 53);
    const b = i % 17 === 0 ? '' : ((i * 104729) % 89 / 4).toFixed(2);
    const total = i % 19 === 0 ? '' : String(((i * 7919) % 53) + ((i * 104729) % 89) / 4 + (i % 5));
    rows.push(`${ts},${endpoint},${i % 4},${a},${b},${total}`);
  }
  const f = path.join(dir, 'odd-latency.csv');
  fs.writeFileSync(f, rows.join('\n') + '\n');
  return f;
}

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('demo-create', {})).id;
  demoId = (await s.call('dataset-list', { eventId })).find((d) => d.name === 'Inference log')!.id;
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: writeOdd(tempDir('kaizen-latency-sql-')) }, name: 'odd latency' });
  oddId = imp.datasetId!;
}, 120_000);
afterAll(() => s.close());

describe('analysis-latency in bounded memory equals the in-memory path', () => {
  const cases: [string, () => string, Spec][] = [
    ['demo log: 4 stages + total, by endpoint, per day', () => demoId, { stages: ['preprocess_ms', 'feature_ms', 'model_ms', 'postprocess_ms'], total: 'total_ms', timestamp: 'timestamp', groupBy: 'endpoint', bucket: 'day' }],
    ['demo log: stages without a total, by model version, per hour, UTC+05:30', () => demoId, { stages: ['feature_ms', 'model_ms'], timestamp: 'timestamp', groupBy: 'model_version', bucket: 'hour', utcOffsetMinutes: 330 }],
    ['blanks, ties, integer and real stages, blank groups and times, per day, UTC−05:00', () => oddId, { stages: ['a_ms', 'b_ms'], total: 'total_ms', timestamp: 'timestamp', groupBy: 'endpoint', bucket: 'day', utcOffsetMinutes: -300 }],
    ['no total column, a numeric group, per hour', () => oddId, { stages: ['b_ms', 'a_ms'], timestamp: 'timestamp', groupBy: 'shard', bucket: 'hour' }],
    ['stages only', () => oddId, { stages: ['a_ms', 'b_ms', 'total_ms'] }],
  ];
  for (const [name, id, spec] of cases) {
    it(name, async () => {
      const { resultId: _r, datasetVersionIds: _d, ...r } = await s.call('analysis-latency', { eventId, datasetId: id(), ...spec });
      expect(r).toEqual(inMemory(id(), spec));
    });
  }
  it('an unknown column is NOT_FOUND naming the columns that exist', async () => {
    await expect(s.call('analysis-latency', { eventId, datasetId: oddId, stages: ['a_ms', 'nope_ms'] })).rejects.toThrow(/no column "nope_ms" \(columns: timestamp, endpoint/);
  });
});
