import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runKaizen } from '../helpers/cli';
import { writeLinkedLog } from '../helpers/linkedLog';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

/**
 * The analysis CLIs read a stored dataset (`--dataset ID --data-dir DIR [--version N]`) as they read a file: the same
 * command gives the same JSON from the file, from the file imported into the store and from the file linked as a
 * CSV through DuckDB. Unknown datasets and missing data folders are a clear message and exit 2.
 */

let s: TestServices;
let eventId: string;
let dir: string;

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'CLI inputs' })).id;
  dir = fs.mkdtempSync(path.join(s.dataDir, 'files-'));
});
afterEach(() => s.close());

/** The file, its imported dataset's id and its linked (CSV via DuckDB) dataset's id. */
async function storeBoth(name: string, rows: number, seed: number, full = false): Promise<{ file: string; imported: string; linked: string }> {
  const file = path.join(dir, `${name}.csv`);
  writeLinkedLog(file, rows, 6, seed);
  if (full) complete(file);
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name: `${name} imported` });
  const r = await runKaizen('link', file, '--data-dir', s.dataDir, '--event', eventId, '--name', `${name} linked`, '--json');
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  const linked = (JSON.parse(r.out) as { datasetId: string; source: string }).datasetId;
  return { file, imported: imp.datasetId!, linked };
}

/** Exit code, parsed JSON and stderr (warnings such as skipped empty values must match too). */
async function json(...argv: string[]): Promise<{ code: number; json: unknown; err: string }> {
  const r = await runKaizen(...argv);
  expect(r.code, r.err).toBe(0);
  return { code: r.code, json: JSON.parse(r.out), err: r.err };
}

/** Drops the rows with an empty cell (SPC and capability refuse a missing value, as they should). */
function complete(file: string): void {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  fs.writeFileSync(file, lines.filter((l) => !l.split(',').includes('')).join('\n') + '\n');
}

describe('analysis CLIs read --dataset ID --data-dir DIR as they read --input FILE', () => {
  it('spc, capability and fairness give the same JSON from the file, the imported dataset and the linked CSV', async () => {
    const log = await storeBoth('log', 3000, 7, true);
    const commands: string[][] = [
      ['spc', '--value', 'latency_ms', '--chart', 'imr', '--json'],
      ['spc', '--value', 'latency_ms', '--chart', 'xbar-s', '--subgroup-size', '5', '--json'],
      ['capability', '--value', 'latency_ms', '--lsl', '60', '--usl', '600', '--method', 'percentile', '--json'],
      ['fairness', '--label', 'status', '--pos-label', 'ok', '--score', 'score', '--threshold', '0.1', '--group', 'model', '--group2', 'endpoint', '--json'],
    ];
    for (const cmd of commands) {
      const fromFile = await json(...cmd, '--input', log.file);
      expect(fromFile.json).toBeTruthy();
      expect(await json(...cmd, '--dataset', log.imported, '--data-dir', s.dataDir)).toEqual(fromFile);
      expect(await json(...cmd, '--dataset', log.linked, '--data-dir', s.dataDir, '--version', '1')).toEqual(fromFile);
    }
  });

  it('drift (one column and --all-columns) gives the same JSON from files and from stored datasets, mixed too', async () => {
    const ref = await storeBoth('ref', 2000, 7);
    const cur = await storeBoth('cur', 2000, 11);
    for (const mode of [['--column', 'latency_ms'], ['--column', 'endpoint', '--categorical'], ['--all-columns']]) {
      const fromFiles = await json('drift', ...mode, '--reference', ref.file, '--current', cur.file, '--json');
      for (const [r, c] of [
        [ref.imported, cur.imported],
        [ref.linked, cur.linked],
      ] as const) {
        expect(await json('drift', ...mode, '--reference-dataset', r, '--current-dataset', c, '--data-dir', s.dataDir, '--json')).toEqual(fromFiles);
      }
      expect(await json('drift', ...mode, '--reference', ref.file, '--current-dataset', cur.linked, '--data-dir', s.dataDir, '--json')).toEqual(fromFiles);
    }
  });

  it('a stored version is read as it was: --version N reads an older version of an imported dataset', async () => {
    const a = path.join(dir, 'a.csv');
    const b = path.join(dir, 'b.csv');
    writeLinkedLog(a, 500, 2, 3);
    writeLinkedLog(b, 800, 2, 5);
    complete(a);
    complete(b);
    const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: a }, name: 'versions' });
    const again = await s.call('dataset-import', { eventId, source: { kind: 'path', path: b }, name: 'versions' });
    expect(again.datasetId).toBe(imp.datasetId);
    const cmd = ['capability', '--value', 'latency_ms', '--lsl', '60', '--usl', '600', '--json'];
    const v1 = await json(...cmd, '--input', a);
    const v2 = await json(...cmd, '--input', b);
    expect(v1.json).not.toEqual(v2.json);
    expect(await json(...cmd, '--dataset', imp.datasetId!, '--data-dir', s.dataDir, '--version', '1')).toEqual(v1);
    expect(await json(...cmd, '--dataset', imp.datasetId!, '--data-dir', s.dataDir)).toEqual(v2);
  });

  it('unknown dataset, missing data folder, a folder without a store, both inputs, and a changed linked file: clear message, exit 2', async () => {
    const log = await storeBoth('log', 300, 7);
    const cmd = ['spc', '--value', 'latency_ms', '--chart', 'imr', '--json'];
    const unknown = await runKaizen(...cmd, '--dataset', 'no-such-dataset', '--data-dir', s.dataDir);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toBe('');
    expect(unknown.err).toMatch(/Dataset.*no-such-dataset/);

    const missing = path.join(dir, 'nowhere');
    const noDir = await runKaizen(...cmd, '--dataset', log.imported, '--data-dir', missing);
    expect(noDir.code).toBe(2);
    expect(noDir.err).toContain(`--data-dir ${missing} is not a folder`);

    const empty = fs.mkdtempSync(path.join(dir, 'empty-'));
    const noStore = await runKaizen(...cmd, '--dataset', log.imported, '--data-dir', empty);
    expect(noStore.code).toBe(2);
    expect(noStore.err).toContain('kaizen.db is missing');
    expect(fs.readdirSync(empty)).toEqual([]);

    const noDataDir = await runKaizen(...cmd, '--dataset', log.imported);
    expect(noDataDir.code).toBe(2);
    expect(noDataDir.err).toContain('give --data-dir DIR');

    const both = await runKaizen(...cmd, '--dataset', log.imported, '--data-dir', s.dataDir, '--input', log.file);
    expect(both.code).toBe(2);
    expect(both.err).toContain('not both');

    const badVersion = await runKaizen(...cmd, '--dataset', log.imported, '--data-dir', s.dataDir, '--version', '9');
    expect(badVersion.code).toBe(2);
    expect(badVersion.err).toContain('has no version 9');

    const noColumn = await runKaizen('spc', '--value', 'nope', '--chart', 'imr', '--dataset', log.imported, '--data-dir', s.dataDir);
    expect(noColumn.code).toBe(2);
    expect(noColumn.err).toContain('nope');

    fs.appendFileSync(log.file, '2026-11-08T00:00:00.000Z,/score,1.0,ok,0.5,v1\n');
    const changed = await runKaizen(...cmd, '--dataset', log.linked, '--data-dir', s.dataDir);
    expect(changed.code).toBe(2);
    expect(changed.err).toContain('changed since it was linked');

    fs.rmSync(log.file);
    const gone = await runKaizen(...cmd, '--dataset', log.linked, '--data-dir', s.dataDir);
    expect(gone.code).toBe(2);
    expect(gone.err).toContain('is missing');
  });
});
