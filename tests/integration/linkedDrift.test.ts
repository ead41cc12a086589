import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ksTwoSample } from '../../common/domain/drift/ks';
import { latestVersion } from '../../main/db/repositories/datasets';
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
