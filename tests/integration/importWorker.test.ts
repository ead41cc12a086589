// The import's parse half runs in its own worker thread for big files (rowProducer via parse.worker):
// the same rows, profile, quarantine and errors as in-process, cancel and failures without leftovers.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { bundleNode } from '../helpers/bundle';
import { tempDir, tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';
import { readColumns } from '../../main/services/datasets/access';
import { runImport } from '../../main/importers/importer';

const ROOT = path.resolve(__dirname, '..', '..');
let workers: string;
let s: TestServices;
let eventId: string;
let dir: string;
const env = { ...process.env };

beforeAll(async () => {
  // Inside the repo so the worker resolves better-sqlite3 and exceljs from our node_modules.
  workers = path.join(ROOT, 'node_modules', '.cache', `kaizen-parse-worker-${process.pid}`);
  // The parse worker only: the import itself stays in-process here.
  await bundleNode({ entryPoints: { 'parse.worker': 'main/importers/worker/parse.worker.ts' }, outdir: workers, outExtension: { '.js': '.cjs' } });
});
afterAll(() => {
  process.env = env;
});
beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Worker' })).id;
  dir = tempDir('kaizen-import-files-');
});
afterEach(() => {
  s.close();
  process.env = { ...env };
});

function usingWorker(workerDir = workers): void {
  process.env.KAIZEN_WORKERS_DIR = workerDir;
  process.env.KAIZEN_PARSE_WORKER_MIN_BYTES = '0';
}
function inProcess(): void {
  delete process.env.KAIZEN_WORKERS_DIR;
  process.env.KAIZEN_PARSE_WORKER_MIN_BYTES = String(Number.MAX_SAFE_INTEGER);
}

/** 20,000 rows (several 64 KiB parse blocks): timestamps, text, booleans, missing values, rule breakers. */
function logFile(name: string, raggedAt?: number): string {
  const lines = ['timestamp,request_id,region,cache_hit,total_ms'];
  for (let i = 0; i < 20_000; i++) {
    const ts = new Date(Date.UTC(2026, 10, 1) + i * 60_000).toISOString();
    const ms = i % 997 === 0 ? '-5' : i % 501 === 0 ? '' : (100 + (i % 37) * 3.5).toFixed(1);
    lines.push(i + 2 === raggedAt ? `${ts},r${i},EU` : `${ts},r${i},${['EU', 'US', 'APAC'][i % 3]},${i % 4 === 0},${ms}`);
  }
  const f = path.join(dir, name);
  fs.writeFileSync(f, lines.join('\n') + '\n');
  return f;
}

const rules = [{ column: 'total_ms', kind: 'min' as const, value: 0 }];
const imp = (file: string, name: string) => s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name, rules });

describe('import parse worker', () => {
  it('gives the same rows, profile, warnings and quarantine as parsing in-process', async () => {
    const file = logFile('log.csv');
    inProcess();
    const a = await imp(file, 'in-process');
    usingWorker();
    const b = await imp(file, 'worker');
    const strip = (r: typeof a) => ({ ...r, datasetId: null, versionId: null, seconds: 0 });
    expect(strip(b)).toEqual(strip(a));
    expect(a).toMatchObject({ rows: 20_000 - 21, rejected: 21 });
    const pa = await s.call('dataset-profile', { datasetId: a.datasetId! });
    const pb = await s.call('dataset-profile', { datasetId: b.datasetId! });
    expect(pb.columns).toEqual(pa.columns);
    const cols = ['timestamp', 'request_id', 'region', 'cache_hit', 'total_ms'];
    expect(readColumns(s.ctx, b.datasetId!, cols)).toEqual(readColumns(s.ctx, a.datasetId!, cols));
    const q = (id: string) => s.db.prepare('SELECT line, column_name, value, reason FROM dataset_quarantine WHERE version_id = ? ORDER BY line').all(id);
    expect(q(b.versionId!)).toEqual(q(a.versionId!));
    expect(q(b.versionId!)).toHaveLength(21);
  });

  it('quarantines a bad row found by the worker with its line; in strict mode refuses the file and writes nothing', async () => {
    usingWorker();
    const r = await imp(logFile('ragged.csv', 15_000), 'ragged');
    expect(r).toMatchObject({ rows: 20_000 - 21 - 1, rejected: 22 });
    const q = s.db.prepare("SELECT line, reason FROM dataset_quarantine WHERE version_id = ? AND rule = 'malformed row'").all(r.versionId);
    expect(q).toEqual([{ line: 15_000, reason: 'expected 5 fields (as in the header), found 3' }]);
    await s.call('dataset-delete', { datasetId: r.datasetId! });
    const strict = s.call('dataset-import', { eventId, source: { kind: 'path', path: path.join(dir, 'ragged.csv') }, name: 'strict', rules, options: { strict: true } });
    await expect(strict).rejects.toThrow(/ragged\.csv: line 15000: expected 5 fields/);
    expect(await s.call('dataset-list', { eventId })).toEqual([]);
    expect(s.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'ds_%'").pluck().get()).toBe(0);
  });

  it('a worker that dies fails the import cleanly (no partial dataset)', async () => {
    const broken = tempDir('kaizen-broken-worker-');
    fs.writeFileSync(path.join(broken, 'parse.worker.cjs'), 'process.exit(3);\n');
    usingWorker(broken);
    await expect(imp(logFile('log.csv'), 'broken')).rejects.toThrow(/stopped unexpectedly \(exit code 3\)\. Nothing was written/);
    expect(await s.call('dataset-list', { eventId })).toEqual([]);
  });

  it('cancel stops the worker and rolls back', async () => {
    usingWorker();
    const file = logFile('log.csv');
    let blocks = 0;
    const job = {
      file, displayName: 'log.csv', eventId, name: 'cancelled', datasetId: null, newDatasetId: 'ds1', versionId: 'v1', options: {}, rules: [], append: false, dryRun: false,
      salt: null, nowIso: '2026-11-20T09:00:00.000Z', actor: 'test',
    };
    await expect(runImport(s.db, job as never, { progress: () => void blocks++, cancelled: () => blocks >= 2 })).rejects.toThrow(/cancelled/);
    expect(blocks).toBe(2);
    expect(s.db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name LIKE 'ds_%'").pluck().get()).toBe(0);
    expect(s.db.inTransaction).toBe(false);
  });
});
