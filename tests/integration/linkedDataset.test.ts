import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findLinkedResult } from '../../main/db/repositories/sources';
import { latestVersion } from '../../main/db/repositories/datasets';
import { createDuckSource } from '../../main/services/sources/duckdb/duckdbSource';
import { DuckRunner } from '../../main/services/sources/duckdb/runner';
import { boundColumnsOf } from '../../main/services/sources/link';
import { runKaizen } from '../helpers/cli';
import { writeLinkedLog } from '../helpers/linkedLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * Linked datasets end to end: `kaizen link` (Parquet, converted CSV), a KPI on the linked dataset equal to the same
 * KPI on the imported rows, and bad input — not Parquet, truncated Parquet, a missing file, a file changed since
 * linking (clear message, old results kept, re-link), a folder that disappears in the middle of a query (clear
 * error, nothing half-written).
 */

let s: TestServices;
let eventId: string;
let dir: string;

async function toParquet(csv: string, out: string, perDayFolder = false): Promise<void> {
  const r = new DuckRunner();
  try {
    const to = perDayFolder ? `'${out}' (FORMAT parquet, PARTITION_BY (d))` : `'${out}' (FORMAT parquet)`;
    const sel = perDayFolder ? `SELECT *, CAST(timestamp AS DATE) AS d FROM read_csv('${csv}', header = true)` : `SELECT * FROM read_csv('${csv}', header = true)`;
    await r.query(`COPY (${sel}) TO ${to}`);
  } finally {
    await r.close();
  }
}

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Linked log' })).id;
  dir = fs.mkdtempSync(path.join(s.dataDir, 'files-'));
});
afterEach(() => s.close());

const kpiInput = (datasetId: string, statistic: 'p95' | 'mean' | 'rate' | 'count') => ({
  eventId,
  name: `${statistic} latency ${datasetId.slice(0, 4)}`,
  unit: 'ms',
  direction: 'lower',
  source: { kind: 'dataset', datasetId, column: 'latency_ms', statistic, bucket: 'day', filters: [{ column: 'endpoint', op: '=', value: '/score' }], ...(statistic === 'rate' ? { condition: { column: 'status', op: '=', value: 'failed' } } : {}) },
});

describe('kaizen link and KPIs on a linked dataset', () => {
  it('links a Parquet file (JSON fields), and its KPIs equal the imported rows’ KPIs', async () => {
    const csv = path.join(dir, 'log.csv');
    writeLinkedLog(csv, 8000);
    const pq = path.join(dir, 'log.parquet');
    await toParquet(csv, pq);
    const r = await runKaizen('link', pq, '--data-dir', s.dataDir, '--event', eventId, '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { datasetId: string; source: string; rows: number; columns: { name: string; type: string }[]; fingerprint: { value: string; parts: Record<string, unknown> } };
    expect(out.source).toBe('duckdb');
    expect(out.rows).toBe(8000);
    expect(out.columns.map((c) => c.name)).toEqual(['timestamp', 'endpoint', 'latency_ms', 'status', 'score', 'model']);
    expect(out.columns.find((c) => c.name === 'timestamp')!.type).toBe('timestamp');
    expect(out.fingerprint.parts).toMatchObject({ size: fs.statSync(pq).size });
    expect(out.fingerprint.parts.footerSha256).toMatch(/^[0-9a-f]{64}$/);

    const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv }, name: 'imported' });
    for (const stat of ['p95', 'mean', 'rate', 'count'] as const) {
      await s.call('kpi-create', kpiInput(out.datasetId, stat));
      await s.call('kpi-create', kpiInput(imp.datasetId!, stat));
    }
    const cards = await s.call('kpi-list', { eventId });
    expect(cards).toHaveLength(8);
    for (let i = 0; i < 8; i += 2) {
      const [linked, imported] = [cards.find((c) => c.name === cards[i]!.name)!, cards.find((c) => c.name === cards[i + 1]!.name)!];
      expect(linked.sourceError ?? null).toBeNull();
      expect(linked.points.length).toBe(6);
      expect(linked.points.map((p) => [p.date, p.n, p.partial ?? null])).toEqual(imported.points.map((p) => [p.date, p.n, p.partial ?? null]));
      linked.points.forEach((p, k) => expect(Math.abs(p.value - imported.points[k]!.value) / Math.max(1, Math.abs(imported.points[k]!.value))).toBeLessThan(1e-12));
    }
    // The result is recorded with the source's fingerprint, its query and exactness.
    const kept = findLinkedResult(s.db, out.datasetId, 'kpi:timestamp|day|[{"column":"endpoint","op":"=","value":"/score"}]');
    expect(kept).toMatchObject({ fingerprint: out.fingerprint.value, quantileMethod: 'type7', exact: true });
    expect(kept!.query).toMatch(/quantile_cont/);
  }, 60_000);

  it('converts a CSV once to day-partitioned Parquet in the data folder and reads that', async () => {
    const csv = path.join(dir, 'big.csv');
    writeLinkedLog(csv, 5000, 4);
    const r = await runKaizen('link', csv, '--data-dir', s.dataDir, '--event', eventId, '--convert-parquet', '--name', 'big', '--json');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.out) as { datasetId: string; rows: number; location: string; format: string; convertedFrom: string };
    expect(out).toMatchObject({ rows: 5000, format: 'parquet-folder', convertedFrom: csv });
    expect(out.location.startsWith(path.join(s.dataDir, 'linked'))).toBe(true);
    const days = fs.readdirSync(out.location).filter((d) => d.startsWith('kaizen_day=2026-11-0'));
    expect(days).toHaveLength(4);
    expect(fs.existsSync(`${out.location}.partial`)).toBe(false);
    await s.call('kpi-create', kpiInput(out.datasetId, 'count'));
    const [card] = await s.call('kpi-list', { eventId });
    expect(card!.points.reduce((a, p) => a + p.n, 0)).toBe(scoreRowsWithTime(csv));
  }, 60_000);
});

/** Rows of the generated log a /score count KPI counts: with a time, endpoint /score. */
function scoreRowsWithTime(csv: string): number {
  return fs
    .readFileSync(csv, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .filter((l) => {
      const [ts, endpoint] = l.split(',');
      return ts !== '' && endpoint === '/score';
    }).length;
}

describe('bad input on linked datasets', () => {
  it('refuses a file that is not Parquet, a truncated Parquet and a missing file with clear messages, writing nothing', async () => {
    const fake = path.join(dir, 'fake.parquet');
    fs.writeFileSync(fake, 'timestamp,latency_ms\n2026-11-02T00:00:00Z,12\n');
    const a = await runKaizen('link', fake, '--data-dir', s.dataDir, '--event', eventId, '--json');
    expect(a.code).toBe(2);
    expect(a.err).toMatch(/fake\.parquet is not a Parquet file/);

    const csv = path.join(dir, 'log.csv');
    writeLinkedLog(csv, 2000);
    const pq = path.join(dir, 'log.parquet');
    await toParquet(csv, pq);
    const cut = path.join(dir, 'cut.parquet');
    const bytes = fs.readFileSync(pq);
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const b = await runKaizen('link', cut, '--data-dir', s.dataDir, '--event', eventId, '--json');
    expect(b.code).toBe(2);
    expect(b.err).toMatch(/cut\.parquet is a truncated or damaged Parquet file/);

    const c = await runKaizen('link', path.join(dir, 'nowhere.parquet'), '--data-dir', s.dataDir, '--event', eventId, '--json');
    expect(c.code).not.toBe(0);
    expect(c.err).toMatch(/nowhere\.parquet is missing/);
    expect(await s.call('dataset-list', { eventId })).toHaveLength(0);
  }, 60_000);

  it('a file changed since linking: KPI keeps its points with a re-link message; re-link reads the new rows', async () => {
    const csv = path.join(dir, 'log.csv');
    writeLinkedLog(csv, 3000);
    const pq = path.join(dir, 'log.parquet');
    await toParquet(csv, pq);
    const linked = await s.call('source-link', { eventId, path: pq });
    await s.call('kpi-create', kpiInput(linked.datasetId, 'p95'));
    const [before] = await s.call('kpi-list', { eventId });
    expect(before!.points).toHaveLength(6);

    // The file is rewritten with other rows and columns (schema changed).
    writeLinkedLog(csv, 1500, 3, 99);
    const r = new DuckRunner();
    await r.query(`COPY (SELECT timestamp, latency_ms, endpoint FROM read_csv('${csv}', header = true)) TO '${pq}' (FORMAT parquet)`);
    await r.close();

    const [after] = await s.call('kpi-list', { eventId });
    expect(after!.points).toEqual(before!.points);
    expect(after!.sourceError).toMatch(/changed since it was linked.*re-link/s);
    const info = await s.call('source-info', { id: linked.datasetId });
    expect(info).toMatchObject({ changed: true });
    await expect(s.call('source-link', { eventId, path: pq, name: 'log' })).rejects.toThrow(/already has a dataset named "log"/);

    const relinked = await s.call('source-relink', { datasetId: linked.datasetId });
    expect(relinked.rows).toBe(1500);
    expect(relinked.columns.map((c) => c.name)).toEqual(['timestamp', 'latency_ms', 'endpoint']);
    const [fresh] = await s.call('kpi-list', { eventId });
    expect(fresh!.sourceError ?? null).toBeNull();
    expect(fresh!.points).toHaveLength(3);
  }, 60_000);

  it('a folder that disappears in the middle of a query: a clear error, and no result recorded', async () => {
    const csv = path.join(dir, 'log.csv');
    writeLinkedLog(csv, 6000);
    const folder = path.join(dir, 'days');
    await toParquet(csv, folder, true);
    const linked = await s.call('source-link', { eventId, path: folder });
    const v = latestVersion(s.db, linked.datasetId)!;
    // Exact quantiles partition by partition: the folder goes away after the first partition's query.
    const src = createDuckSource({ format: 'parquet-folder', location: folder, columns: boundColumnsOf(v.columns) }, { partitionAbove: 100, partitionRows: 1000 });
    const runner = src.runner();
    const query = runner.query.bind(runner);
    let calls = 0;
    runner.query = async (...args) => {
      const res = await query(...args);
      if (++calls === 3) fs.rmSync(folder, { recursive: true, force: true });
      return res;
    };
    await expect(
      src.aggregate({ bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 }, measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0.95] }] }),
    ).rejects.toThrow(/disappeared while it was being read; nothing was saved/);
    await src.close();
    await s.call('kpi-create', kpiInput(linked.datasetId, 'p95'));
    const [card] = await s.call('kpi-list', { eventId });
    expect(card!.points).toEqual([]);
    expect(card!.sourceError).toMatch(/days is missing/);
    expect(findLinkedResult(s.db, linked.datasetId, 'kpi:timestamp|day|[{"column":"endpoint","op":"=","value":"/score"}]')).toBeNull();
  }, 60_000);
});
