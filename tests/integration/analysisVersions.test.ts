import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

// Two imports of the same small log: version 2 has its latency shifted up by ~40 ms, region unchanged.
let s: TestServices;
let eventId: string;
let datasetId: string;
let v1Id: string;
let v2Id: string;

/** A deterministic CSV of 300 requests; `shift` is added to every latency. */
function writeLog(dir: string, name: string, shift: number): string {
  const regions = ['EU', 'US', 'APAC'];
  const rows = Array.from({ length: 300 }, (_, i) => {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const ms = 100 + ((i * 37) % 41) + shift;
    return `2026-11-${day}T10:00:00Z,r${i},${ms},${regions[i % 3]}`;
  });
  const f = path.join(dir, name);
  fs.writeFileSync(f, ['timestamp,request_id,total_ms,region', ...rows].join('\n') + '\n');
  return f;
}

beforeAll(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Drift by version' })).id;
  const dir = tempDir('kaizen-drift-versions-');
  const imp = (file: string) => s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log' });
  const v1 = await imp(writeLog(dir, 'week1.csv', 0));
  const v2 = await imp(writeLog(dir, 'week2.csv', 40));
  expect(v1).toMatchObject({ status: 'imported', version: 1 });
  expect(v2).toMatchObject({ status: 'imported', version: 2, datasetId: v1.datasetId });
  datasetId = v1.datasetId!;
  v1Id = v1.versionId!;
  v2Id = v2.versionId!;
}, 60_000);
afterAll(() => s.close());

describe('analysis-drift with dataset-version windows', () => {
  it('sees the shifted latency between version 1 and version 2 (PSI and KS) and leaves region stable', async () => {
    const r = await s.call('analysis-drift', { eventId, datasetId, reference: { kind: 'version', version: 1 }, current: { kind: 'version', version: 2 }, features: ['total_ms', 'region'] });
    expect(r.referenceRows).toBe(300);
    expect(r.currentRows).toBe(300);
    expect(r.datasetVersionIds).toEqual([v1Id, v2Id]);
    expect(r.features.map((f) => f.column)).toEqual(['total_ms', 'region']);
    const ms = r.features[0]!;
    expect(ms.drift).toBe(true);
    expect(ms.band).toBe('significant');
    expect(ms.ks!.statistic).toBeGreaterThan(0.9);
    expect(ms.ks!.pvalue).toBeLessThan(1e-6);
    const region = r.features[1]!;
    expect(region.binning).toBe('categorical');
    expect(region.psi).toBeCloseTo(0, 6);
    expect(region.drift).toBe(false);
  });

  it('finds no drift comparing a version with itself and records that one version', async () => {
    const r = await s.call('analysis-drift', { eventId, datasetId, reference: { kind: 'version', version: 2 }, current: { kind: 'version', version: 2 }, features: ['total_ms'] });
    expect(r.datasetVersionIds).toEqual([v2Id]);
    expect(r.features[0]!.psi).toBeCloseTo(0, 6);
    expect(r.features[0]!.ks!.statistic).toBe(0);
  });

  it('saves the result with both dataset version ids and a title naming the versions', async () => {
    const r = await s.call('analysis-drift', { eventId, datasetId, reference: { kind: 'version', version: 1 }, current: { kind: 'version', version: 2 }, features: ['total_ms'], save: true });
    const stored = (await s.call('analysis-result-list', { eventId })).find((x) => x.id === r.resultId)!;
    expect(stored.kind).toBe('drift');
    expect(stored.title).toBe('Drift: version 2 vs version 1');
    expect(stored.datasetVersionIds).toEqual([v1Id, v2Id]);
  });

  it('refuses a version that does not exist', async () => {
    await expect(s.call('analysis-drift', { eventId, datasetId, reference: { kind: 'version', version: 1 }, current: { kind: 'version', version: 3 }, features: ['total_ms'] })).rejects.toThrow(/has no version 3/);
  });
});
