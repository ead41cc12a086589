import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { readColumns } from '../../main/services/datasets/access';

let s: TestServices;
let eventId: string;
let dir: string;
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Versions' })).id;
  dir = tempDir('kaizen-import-files-');
});
afterEach(() => s.close());

function csv(name: string, rows: string[]): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, ['timestamp,request_id,total_ms,region', ...rows].join('\n') + '\n');
  return f;
}
const row = (day: number, id: string, ms: number, region = 'EU') => `2026-11-${String(day).padStart(2, '0')}T10:00:00Z,${id},${ms},${region}`;
const imp = (file: string, extra: Record<string, unknown> = {}) =>
  s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: 'log', ...extra });

describe('dataset versions', () => {
  it('identical file → unchanged (same as version N); changed file → version N+1 with row delta', async () => {
    const a = csv('a.csv', [row(1, 'r1', 100), row(2, 'r2', 110)]);
    const v1 = await imp(a);
    expect(v1).toMatchObject({ status: 'imported', version: 1, rows: 2, rowDelta: null });
    expect(v1.sha256).toMatch(/^[0-9a-f]{64}$/);
    const again = await imp(a);
    expect(again).toMatchObject({ status: 'unchanged', unchangedSameAs: 1, version: 1, datasetId: v1.datasetId });
    const b = csv('b.csv', [row(1, 'r1', 100), row(2, 'r2', 110), row(3, 'r3', 120)]);
    const v2 = await imp(b);
    expect(v2).toMatchObject({ status: 'imported', version: 2, rows: 3, rowDelta: 1, datasetId: v1.datasetId });
    const versions = await s.call('dataset-versions', { datasetId: v1.datasetId! });
    expect(versions.map((v) => [v.version, v.rowCount, v.fileName, v.mode])).toEqual([[1, 2, 'a.csv', 'full'], [2, 3, 'b.csv', 'full']]);
    expect(versions[0]!.fileSize).toBe(fs.statSync(a).size);
    expect(versions[0]!.fileMtime).toBe(fs.statSync(a).mtime.toISOString());
    // Earlier versions stay readable for reproducibility.
    expect(readColumns(s.ctx, v1.datasetId!, ['request_id'], { version: 1 }).request_id).toEqual(['r1', 'r2']);
    expect(readColumns(s.ctx, v1.datasetId!, ['request_id']).request_id).toEqual(['r1', 'r2', 'r3']);
  });

  it('append adds only rows newer than the last timestamp, without copying old rows', async () => {
    const v1 = await imp(csv('a.csv', [row(1, 'r1', 100), row(2, 'r2', 110)]));
    const v2 = await imp(csv('b.csv', [row(2, 'r2', 110), row(3, 'r3', 120), row(4, 'r4', 130)]), { append: true });
    expect(v2).toMatchObject({ status: 'imported', version: 2, rows: 4, rowDelta: 2 });
    expect(v2.warnings.find((w) => w.code === 'append-skipped')?.count).toBe(1);
    const versions = await s.call('dataset-versions', { datasetId: v1.datasetId! });
    expect(versions[1]).toMatchObject({ mode: 'append', ownRows: 2, rowCount: 4 });
    expect(readColumns(s.ctx, v1.datasetId!, ['request_id']).request_id).toEqual(['r1', 'r2', 'r3', 'r4']);
    const page = await s.call('dataset-rows', { datasetId: v1.datasetId!, offset: 1, limit: 2 });
    expect(page.rows.map((r) => r[1])).toEqual(['r2', 'r3']);
    const tables = s.db.prepare("SELECT name FROM sqlite_master WHERE name LIKE 'ds_%'").pluck().all() as string[];
    const counts = tables.map((t) => (s.db.prepare(`SELECT COUNT(*) FROM "${t}"`).pluck().get() as number)).sort();
    expect(counts).toEqual([2, 2]);
    const profile = await s.call('dataset-profile', { datasetId: v1.datasetId! });
    expect(profile.columns.find((c) => c.name === 'total_ms')).toMatchObject({ count: 4, min: 100, max: 130 });
  });

  it('append without a timestamp uses unseen entity-id keys', async () => {
    const f1 = path.join(dir, 'k1.csv');
    fs.writeFileSync(f1, 'request_id,v\nr1,1\nr2,2\n');
    const f2 = path.join(dir, 'k2.csv');
    fs.writeFileSync(f2, 'request_id,v\nr2,2\nr3,3\n');
    const v1 = await s.call('dataset-import', { eventId, source: { kind: 'path', path: f1 }, name: 'keys' });
    await s.call('dataset-import', { eventId, source: { kind: 'path', path: f2 }, name: 'keys', append: true });
    expect(readColumns(s.ctx, v1.datasetId!, ['request_id']).request_id).toEqual(['r1', 'r2', 'r3']);
  });

  it('rules: violations go to quarantine with line, column, value and reason; rules are saved and reused', async () => {
    const f = csv('r.csv', [row(1, 'r1', 100), row(2, 'r2', -5), row(3, 'r2', 120, 'MARS'), row(4, '', 130)]);
    const rules = [
      { column: 'total_ms', kind: 'min', value: 0 },
      { column: 'region', kind: 'allowed', values: ['EU', 'US', 'APAC'] },
      { column: 'request_id', kind: 'required' },
      { column: 'request_id', kind: 'unique' },
      { column: 'request_id', kind: 'regex', pattern: 'r\\d+' },
    ];
    const dry = await imp(f, { rules, dryRun: true });
    expect(dry).toMatchObject({ status: 'dry-run', rejected: 3, datasetId: null });
    expect(await s.call('dataset-list', { eventId })).toEqual([]);
    const r = await imp(f, { rules });
    expect(r).toMatchObject({ status: 'imported', rows: 1, rejected: 3 });
    expect(r.rejectedByReason).toEqual(
      expect.arrayContaining([
        { reason: 'total_ms: min 0', count: 1 },
        { reason: 'region: allowed values', count: 1 },
        { reason: 'request_id: required', count: 1 },
        { reason: 'request_id: unique', count: 1 },
      ]),
    );
    const q = await s.call('dataset-quarantine', { versionId: r.versionId! });
    expect(q.rows).toContainEqual({ line: 3, column: 'total_ms', value: '-5', reason: 'below the minimum 0', rule: 'total_ms: min 0' });
    expect(q.rows).toContainEqual({ line: 4, column: 'region', value: 'MARS', reason: '"MARS" is not an allowed value', rule: 'region: allowed values' });
    // Next import of the same dataset reuses the saved rules.
    const next = await imp(csv('r2.csv', [row(5, 'r9', -1)]));
    expect(next.rejected).toBe(1);
  });

  it('privacy: drop and salted SHA-256 pseudonymise (salt per event), recorded in the profile', async () => {
    const f = csv('log.csv', [row(1, 'alice', 100), row(2, 'bob', 110), row(3, 'alice', 120)]);
    const cols = [
      { source: 'request_id', name: 'request_id', type: 'text', privacy: 'pseudonymise' },
      { source: 'region', name: 'region', type: 'category', privacy: 'drop' },
    ];
    const r = await imp(f, { columns: cols });
    const info = await s.call('dataset-get', { datasetId: r.datasetId! });
    expect(info.columns.map((c) => c.name)).toEqual(['timestamp', 'request_id', 'total_ms']);
    const ids = readColumns(s.ctx, r.datasetId!, ['request_id']).request_id as string[];
    expect(ids[0]).toMatch(/^[0-9a-f]{64}$/);
    expect(ids[0]).toBe(ids[2]);
    expect(ids[0]).not.toBe(ids[1]);
    expect(JSON.stringify(ids)).not.toContain('alice');
    const profile = await s.call('dataset-profile', { datasetId: r.datasetId! });
    expect(profile.columns.find((c) => c.name === 'request_id')!.transformed).toMatchObject({ action: 'pseudonymise' });
    expect(r.warnings.find((w) => w.code === 'privacy-dropped')?.column).toBe('region');
    // The next preview of the same dataset offers the previous choices (schema reused).
    const again = await s.call('dataset-preview', { eventId, source: { kind: 'path', path: f } });
    expect(again.previousColumns.filter((c) => c.privacy !== 'keep').map((c) => [c.source, c.privacy])).toEqual([['request_id', 'pseudonymise'], ['region', 'drop']]);
    // Another event gets another salt: the same value hashes differently.
    const other = (await s.call('event-create', { name: 'Other' })).id;
    const r2 = await s.call('dataset-import', { eventId: other, source: { kind: 'path', path: f }, name: 'log', columns: cols });
    expect((readColumns(s.ctx, r2.datasetId!, ['request_id']).request_id as string[])[0]).not.toBe(ids[0]);
  });

  it('profile flags distribution shift against the previous version (PSI quantile bins > 0.2)', async () => {
    const base = Array.from({ length: 200 }, (_, i) => row(1 + (i % 20), `r${i}`, 100 + (i % 50)));
    const v1 = await imp(csv('d1.csv', base));
    const shifted = Array.from({ length: 200 }, (_, i) => row(1 + (i % 20), `r${i}`, 140 + (i % 50)));
    const v2 = await imp(csv('d2.csv', shifted));
    const p = await s.call('dataset-profile', { datasetId: v1.datasetId! });
    const ms = p.columns.find((c) => c.name === 'total_ms')!;
    expect(ms.psi).toMatchObject({ againstVersion: 1, flagged: true });
    expect(ms.psi!.value).toBeGreaterThan(0.2);
    expect(v2.warnings.some((w) => w.code === 'drift' && w.column === 'total_ms')).toBe(true);
  });

  it('ambiguous day/month dates are asked, not guessed', async () => {
    const f = path.join(dir, 'amb.csv');
    fs.writeFileSync(f, 'date,v\n03/04/2026,1\n05/06/2026,2\n');
    const preview = await s.call('dataset-preview', { eventId, source: { kind: 'path', path: f } });
    expect(preview.columns[0]).toMatchObject({ type: 'timestamp', needsDateOrder: true, dateFormat: null });
    await expect(s.call('dataset-import', { eventId, source: { kind: 'path', path: f } })).rejects.toThrow(/dates like "03\/04\/2026" could be day\/month or month\/day/);
    const r = await s.call('dataset-import', { eventId, source: { kind: 'path', path: f }, columns: [{ source: 'date', name: 'date', type: 'timestamp', dateFormat: 'dmy' }] });
    expect(readColumns(s.ctx, r.datasetId!, ['date']).date).toEqual([Date.UTC(2026, 3, 3), Date.UTC(2026, 5, 5)]);
  });

  it('a cancelled import rolls back and leaves nothing', async () => {
    const f = csv('c.csv', Array.from({ length: 50 }, (_, i) => row(1 + (i % 28), `r${i}`, i)));
    const pending = s.call('dataset-import', { eventId, source: { kind: 'path', path: f }, jobId: 'job-1' });
    expect(await s.call('job-cancel', { jobId: 'job-1' })).toEqual({ cancelled: true });
    await expect(pending).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(await s.call('dataset-list', { eventId })).toEqual([]);
    expect(await s.call('job-cancel', { jobId: 'job-1' })).toEqual({ cancelled: false });
  });

  it('browser-mode upload in base64 chunks, then preview and import', async () => {
    const f = csv('u.csv', [row(1, 'r1', 100), row(2, 'r2', 110)]);
    const bytes = fs.readFileSync(f);
    const { uploadId } = await s.call('dataset-upload-begin', { fileName: 'u.csv', size: bytes.length, lastModified: Date.UTC(2026, 10, 3, 9) });
    await expect(s.call('dataset-preview', { eventId, source: { kind: 'upload', uploadId } })).rejects.toThrow(/upload is incomplete/);
    await s.call('dataset-upload-chunk', { uploadId, offset: 0, data: bytes.subarray(0, 30).toString('base64') });
    await expect(s.call('dataset-upload-chunk', { uploadId, offset: 0, data: 'AA==' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await s.call('dataset-upload-chunk', { uploadId, offset: 30, data: bytes.subarray(30).toString('base64') });
    const preview = await s.call('dataset-preview', { eventId, source: { kind: 'upload', uploadId } });
    expect(preview).toMatchObject({ fileName: 'u.csv', headers: ['timestamp', 'request_id', 'total_ms', 'region'] });
    expect(preview.columns.map((c) => c.type)).toEqual(['timestamp', 'text', 'integer', 'category']);
    const r = await s.call('dataset-import', { eventId, source: { kind: 'upload', uploadId } });
    expect(r).toMatchObject({ status: 'imported', rows: 2 });
    expect((await s.call('dataset-list', { eventId }))[0]!.name).toBe('u');
    // Lineage keeps the user's file name and modified time, not the upload's.
    const versions = await s.call('dataset-versions', { datasetId: r.datasetId! });
    expect(versions[0]).toMatchObject({ fileName: 'u.csv', fileMtime: '2026-11-03T09:00:00.000Z', fileSize: bytes.length });
  });
});

describe('dataset-delete', () => {
  it('drops every version table, the metadata and quarantine, and logs the deletion', async () => {
    const v1 = await imp(csv('a.csv', [row(1, 'r1', 100)]));
    await imp(csv('b.csv', [row(1, 'r1', 100), row(2, 'r2', -1)]), { rules: [{ column: 'total_ms', kind: 'min', value: 0 }] });
    expect(s.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'ds_%'").pluck().get()).toBe(2);
    await s.call('dataset-delete', { datasetId: v1.datasetId! });
    expect(await s.call('dataset-list', { eventId })).toEqual([]);
    expect(s.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'ds_%'").pluck().get()).toBe(0);
    expect(s.db.prepare('SELECT COUNT(*) FROM dataset_quarantine').pluck().get()).toBe(0);
    expect(s.db.prepare("SELECT action FROM change_log WHERE entity = 'dataset' ORDER BY seq").pluck().all()).toEqual(['import', 'import', 'delete']);
    await expect(s.call('dataset-get', { datasetId: v1.datasetId! })).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('abandoned uploads', () => {
  it('are removed after a day, when the next upload begins; fresh ones stay', async () => {
    const dataDir = tempDir();
    let now = Date.UTC(2026, 10, 20, 9);
    const t = await tempServices({ dataDir, clock: { now: () => new Date(now) } });
    const a = await t.call('dataset-upload-begin', { fileName: 'a.csv', size: 10 });
    const partA = path.join(dataDir, 'uploads', `${a.uploadId}.part`);
    expect(fs.existsSync(partA)).toBe(true);
    now = Date.now() + 2 * 24 * 3600 * 1000;
    const b = await t.call('dataset-upload-begin', { fileName: 'b.csv', size: 10 });
    expect(fs.existsSync(partA)).toBe(false);
    expect(fs.existsSync(path.join(dataDir, 'uploads', `${b.uploadId}.part`))).toBe(true);
    t.close();
  });
});
