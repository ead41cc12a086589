import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ksTwoSample } from '../../common/domain/drift/ks';
import { latestVersion } from '../../main/db/repositories/datasets';
import type { ParsedInput } from '../../common/contract/api';
import { linkedDrift } from '../../main/services/analysis/linkedDrift';
import type { LinkedDriftFeature } from '../../main/services/analysis/linkedDrift';
import { ksOnSource, psiOnSource } from '../../main/services/sources/drift';
import { createDuckSource, describeLocation, storageType } from '../../main/services/sources/duckdb/duckdbSource';
import { DuckRunner } from '../../main/services/sources/duckdb/runner';
import type { DuckLink } from '../../main/services/sources/duckdb/sql';
import type { Source } from '../../main/services/sources/source';
import { createSqliteSource } from '../../main/services/sources/sqlite/sqliteSource';
import { writeLinkedLog } from '../helpers/linkedLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * The Drift analysis's KS on a linked dataset (sources/drift.ts ksOnSource): the same generated log imported (SQLite)
 * and linked (DuckDB over Parquet). Windows that fit the sample size give the imported Drift analysis's KS exactly;
 * a smaller sample size is a seeded sample, labelled as such, and reproducible.
 */

let s: TestServices;
let sqlite: Source;
let parquet: Source;
let eventId: string;
let datasetId: string;
let pqFile: string;
const ROWS = 20_000;
// Inclusive UTC days as the Drift page's date windows, and the same windows in epoch ms.
const REF = { from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 5) };
const CUR = { from: Date.UTC(2026, 10, 5), to: Date.UTC(2026, 10, 8) };

async function linkOf(location: string): Promise<DuckLink> {
  const r = new DuckRunner();
  try {
    const d = await describeLocation(r, 'parquet', location);
    return { format: 'parquet', location, columns: d.columns.map((c) => ({ name: c.physical, physical: c.physical, nativeType: c.nativeType, type: ['model', 'endpoint', 'status'].includes(c.physical) ? 'category' : storageType(c.nativeType) })) };
  } finally {
    await r.close();
  }
}

beforeAll(async () => {
  s = await tempServices();
  const dir = fs.mkdtempSync(path.join(s.dataDir, 'linked-drift-'));
  const file = path.join(dir, 'log.csv');
  writeLinkedLog(file, ROWS);
  eventId = (await s.call('event-create', { name: 'Linked drift' })).id;
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log' });
  datasetId = imp.datasetId!;
  sqlite = createSqliteSource(s.ctx, latestVersion(s.db, datasetId)!, 'log');
  const pq = path.join(dir, 'log.parquet');
  const r = new DuckRunner();
  await r.query(`COPY (SELECT * FROM read_csv('${file}', header = true)) TO '${pq}' (FORMAT parquet, ROW_GROUP_SIZE 4096)`);
  await r.close();
  parquet = createDuckSource(await linkOf(pq));
  pqFile = pq;
}, 60_000);

afterAll(async () => {
  await parquet?.close();
  s?.close();
});

describe('KS on a linked dataset', () => {
  it('equals the imported Drift analysis (KS statistic, p-value, method; PSI) when the windows fit the sample', async () => {
    const imported = await s.call('analysis-drift', {
      eventId,
      datasetId,
      reference: { kind: 'dates', column: 'timestamp', from: '2026-11-02', to: '2026-11-04' },
      current: { kind: 'dates', column: 'timestamp', from: '2026-11-05', to: '2026-11-07' },
      features: ['latency_ms'],
    });
    const f = imported.features.find((x) => x.column === 'latency_ms')!;
    expect(f.ks).toBeDefined();
    for (const src of [sqlite, parquet]) {
      const ks = await ksOnSource(src, 'latency_ms', 'timestamp', REF, CUR);
      expect(ks.sampled).toBe(false);
      expect(ks.sampling).toMatch(/^reference: all [\d,]+ rows; current: all [\d,]+ rows$/);
      expect(ks.statistic).toBe(f.ks!.statistic);
      expect(ks.pvalue).toBeCloseTo(f.ks!.pvalue, 12);
      expect(ks.method).toBe(f.ks!.method);
      // The log shifts upwards after day 3: KS sees it.
      expect(ks.statistic).toBeGreaterThan(0.05);
      expect(ks.pvalue).toBeLessThan(1e-6);
      const psi = await psiOnSource(src, 'latency_ms', 'timestamp', REF, CUR);
      expect(psi.psi).toBeCloseTo(f.psi, 12);
    }
  }, 60_000);

  it('a window larger than the sample size: a seeded sample, labelled, the same on both sources and on a second run', async () => {
    const a = await ksOnSource(parquet, 'latency_ms', 'timestamp', REF, CUR, { sampleSize: 2000, seed: 5 });
    expect(a.sampled).toBe(true);
    expect(a.referenceN).toBeLessThanOrEqual(2000);
    expect(a.referenceRows).toBeGreaterThan(2000);
    expect(a.sampling).toBe(`reference: a seeded sample of 2,000 of ${a.referenceRows.toLocaleString('en-US')} rows (seed 5); current: a seeded sample of 2,000 of ${a.currentRows.toLocaleString('en-US')} rows (seed 5)`);
    const again = await ksOnSource(parquet, 'latency_ms', 'timestamp', REF, CUR, { sampleSize: 2000, seed: 5 });
    expect(again.statistic).toBe(a.statistic);
    // The full KS on every row, for scale: the sampled statistic is near it (the shift is large).
    const full = await ksOnSource(parquet, 'latency_ms', 'timestamp', REF, CUR);
    expect(Math.abs(a.statistic - full.statistic)).toBeLessThan(0.08);
    const imp = await ksOnSource(sqlite, 'latency_ms', 'timestamp', REF, CUR, { sampleSize: 2000, seed: 5 });
    expect(imp.sampled).toBe(true);
    expect(imp.referenceRows).toBe(a.referenceRows);
  }, 60_000);

  it('the same values give ksTwoSample exactly; a window without values is a clear error', async () => {
    const all = await sqlite.sample(['timestamp', 'latency_ms'], 1_000_000, 1);
    const pick = (w: { from: number; to: number }) =>
      all.columns.latency_ms!.filter((x, i) => {
        const t = all.columns.timestamp![i];
        return typeof x === 'number' && typeof t === 'number' && t >= w.from && t < w.to;
      }) as number[];
    const expected = ksTwoSample(pick(REF), pick(CUR));
    const got = await ksOnSource(parquet, 'latency_ms', 'timestamp', REF, CUR);
    expect(got.statistic).toBe(expected.statistic);
    expect(got.referenceN).toBe(pick(REF).length);
    await expect(ksOnSource(parquet, 'latency_ms', 'timestamp', { from: Date.UTC(2030, 0, 1), to: Date.UTC(2030, 0, 2) }, CUR)).rejects.toThrow(/reference window has no numeric values of "latency_ms"/);
  }, 60_000);
});

describe('the Drift analysis of a linked dataset (analysis/linkedDrift.ts)', () => {
  const windows = {
    reference: { kind: 'dates', column: 'timestamp', from: '2026-11-02', to: '2026-11-04' },
    current: { kind: 'dates', column: 'timestamp', from: '2026-11-05', to: '2026-11-07' },
  } as const;
  const inputOf = (id: string, features: string[]): ParsedInput<'analysis-drift'> => ({
    eventId, datasetId: id, ...windows, features, allColumns: false, categorical: [], binning: 'quantile', threshold: 0.2, driftShare: 0.5, save: false,
  });

  it('equals the imported Drift analysis: PSI bins, KS, Evidently test, missing, rows, dataset verdict; not sampled', async () => {
    const linked = await s.call('source-link', { eventId, path: pqFile, name: 'log linked' });
    const imported = await s.call('analysis-drift', { eventId, datasetId, ...windows, features: ['latency_ms', 'score'] });
    const steps: string[] = [];
    const got = await linkedDrift(s.ctx, inputOf(linked.datasetId, ['latency_ms', 'score']), (_d, _t, m) => steps.push(m));
    expect(got.title).toMatch(/linked duckdb\)$/);
    expect(got.result.referenceRows).toBe(imported.referenceRows);
    expect(got.result.currentRows).toBe(imported.currentRows);
    expect(got.result.features.map((f) => f.column)).toEqual(imported.features.map((f) => f.column));
    for (const f of got.result.features as LinkedDriftFeature[]) {
      const i = imported.features.find((x) => x.column === f.column)!;
      expect(f.sampled).toBe(false);
      expect(f.sampling).toMatch(/^reference: all [\d,]+ rows; current: all [\d,]+ rows$/);
      expect(f.bins.map((b) => [b.reference, b.current])).toEqual(i.bins.map((b) => [b.reference, b.current]));
      expect(f.psi).toBeCloseTo(i.psi, 12);
      expect(f.ks).toEqual(i.ks);
      expect(f.stats!.test).toEqual(i.stats!.test);
      expect(f.missing).toBe(i.missing);
      expect(f.drift).toBe(i.drift);
    }
    expect(got.result.datasetDrift).toEqual(imported.datasetDrift);
    expect(steps).toContain('Compared the distributions of latency_ms');
    // Categorical features and value windows say what to do instead.
    await expect(linkedDrift(s.ctx, inputOf(linked.datasetId, ['endpoint']), () => {})).rejects.toThrow(/Categorical drift of "endpoint" is not available for a linked dataset yet.*import the file/);
    await expect(linkedDrift(s.ctx, { ...inputOf(linked.datasetId, ['latency_ms']), current: { kind: 'value', column: 'model', value: 'v2' } }, () => {})).rejects.toThrow(/date ranges/);
  }, 60_000);

  it('a file changed since linking: the re-link message, nothing computed', async () => {
    const dir = fs.mkdtempSync(path.join(s.dataDir, 'linked-drift-change-'));
    const csv = path.join(dir, 'other.csv');
    writeLinkedLog(csv, 3000);
    const pq = path.join(dir, 'other.parquet');
    const r = new DuckRunner();
    await r.query(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${pq}' (FORMAT parquet)`);
    const linked = await s.call('source-link', { eventId, path: pq });
    writeLinkedLog(csv, 1500, 6, 99);
    await r.query(`COPY (SELECT * FROM read_csv('${csv}', header = true)) TO '${pq}' (FORMAT parquet)`);
    await r.close();
    await expect(linkedDrift(s.ctx, inputOf(linked.datasetId, ['latency_ms']), () => {})).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/changed since it was linked.*re-link/s),
    });
  }, 60_000);
});

describe('analysis-drift on a linked dataset', () => {
  it('the Drift page call answers from the linked source (no UNSUPPORTED), equal to the imported KS', async () => {
    const linked = await s.call('source-link', { eventId, path: pqFile, name: 'log via page' });
    const w = { reference: { kind: 'dates', column: 'timestamp', from: '2026-11-02', to: '2026-11-04' }, current: { kind: 'dates', column: 'timestamp', from: '2026-11-05', to: '2026-11-07' } } as const;
    const imported = await s.call('analysis-drift', { eventId, datasetId, ...w, features: ['latency_ms'] });
    const got = await s.call('analysis-drift', { eventId, datasetId: linked.datasetId, ...w, features: ['latency_ms'] });
    expect(got.features[0]!.ks).toEqual(imported.features[0]!.ks);
    expect(got.features[0]!.psi).toBeCloseTo(imported.features[0]!.psi, 12);
  }, 60_000);
});
