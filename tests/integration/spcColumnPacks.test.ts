import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readPacked, PACK_ROWS } from '../../main/db/repositories/columnPacks';
import { latestVersion } from '../../main/db/repositories/datasets';
import { getDataset } from '../../main/services/datasets/access';
import { datasetChartCache } from '../../main/services/spc/datasetChart';
import { runImport } from '../../main/importers/importer';
import { tempServices } from '../helpers/tempServices';
import type { TestServices } from '../helpers/tempServices';

let s: TestServices;
let eventId: string;

/**
 * `rows` rows: total_ms with a shift, spikes, empty cells (NULL), a -0; an integer count; a text column;
 * a user id (pseudonymised) and a region (dropped). More than one pack chunk when rows > 65,536.
 */
function writeLog(file: string, rows: number, from = 0): void {
  const lines = ['timestamp,total_ms,count,endpoint,user,region'];
  for (let i = from; i < from + rows; i++) {
    const t = new Date(Date.UTC(2026, 10, 2) + i * 60_000).toISOString();
    const ms = i % 97 === 13 ? '' : i === 40 ? '-0' : String(400 + ((i * 7919) % 97) / 4 - (i > rows / 2 ? 12 : 0) + (i % 83 === 7 ? 90 : 0));
    lines.push(`${i % 113 === 50 ? '' : t},${ms},${i % 7 === 3 ? '' : (i * 5) % 11},${i % 3 === 0 ? '/explain' : '/score'},u${i % 50},r${i % 4}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

const columns = [
  { source: 'timestamp', name: 'timestamp', type: 'timestamp' },
  { source: 'total_ms', name: 'total_ms', type: 'real' },
  { source: 'count', name: 'count', type: 'integer' },
  { source: 'endpoint', name: 'endpoint', type: 'category' },
  { source: 'user', name: 'user', type: 'text', privacy: 'pseudonymise' },
  { source: 'region', name: 'region', type: 'category', privacy: 'drop' },
];

async function importLog(name: string, rows: number, opts: { append?: boolean; from?: number } = {}) {
  const file = path.join(s.dataDir, `${name}-${opts.from ?? 0}.csv`);
  writeLog(file, rows, opts.from);
  return (await s.call('dataset-import', { eventId, source: { kind: 'path', path: file }, name, columns, append: opts.append ?? false })) as { datasetId: string; version: number };
}

const packCount = (where = '1') => s.ctx.db.prepare(`SELECT count(*) FROM dataset_column_packs WHERE ${where}`).pluck().get() as number;

/** The chart as a first open computes it (the host's chart cache emptied). */
async function firstOpen(datasetId: string, input: Record<string, unknown>, version?: number) {
  datasetChartCache(s.ctx).clear();
  const c = await s.call('spc-dataset-chart', { datasetId, ...(version ? { version } : {}), ...input });
  return { rows: c.rows, sigmaMethod: c.sigmaMethod, panels: c.panels };
}

/** The chart read from the rows: every pack dropped first (the chart then packs the column again). */
async function rowPath(datasetId: string, input: Record<string, unknown>, version?: number) {
  s.ctx.db.exec('DELETE FROM dataset_column_packs');
  return firstOpen(datasetId, input, version);
}

const cases: [string, Record<string, unknown>][] = [
  ['I-MR of a REAL column with NULLs and -0, Nelson tests', { value: 'total_ms', chart: 'imr', preset: 'nelson' }],
  ['I-MR decimated to 300 px', { value: 'total_ms', chart: 'imr', view: { width: 300 } }],
  ['I-MR zoomed at full resolution', { value: 'total_ms', chart: 'imr', view: { width: 300, range: { from: 1000, to: 1400 } } }],
  ['X̄-S of 6 consecutive rows, Phase I limits', { value: 'total_ms', chart: 'xbar-s', subgrouping: { kind: 'size', size: 6 }, limitsFrom: { from: 1, to: 50 } }],
  ['EWMA of an INTEGER column with NULLs', { value: 'count', chart: 'ewma', lambda: 0.3 }],
  ['C chart of the integer column', { value: 'count', chart: 'c' }],
  ['CUSUM of 3 consecutive rows', { value: 'total_ms', chart: 'cusum', subgrouping: { kind: 'size', size: 3 } }],
];

beforeEach(async () => {
  s = await tempServices();
  eventId = (await s.call('event-create', { name: 'Packs' })).id;
});
afterEach(() => {
  s.close();
  fs.rmSync(s.dataDir, { recursive: true, force: true });
});

describe('packed numeric columns (migration 0230)', () => {
  it('the import packs every numeric column, in whole chunks covering every row; text, pseudonymised and dropped columns are not packed', async () => {
    const rows = PACK_ROWS + 4_000;
    const { datasetId } = await importLog('Big', rows);
    const info = latestVersion(s.ctx.db, datasetId)!;
    const table = s.ctx.db.prepare('SELECT table_name FROM dataset_versions WHERE dataset_id = ?').pluck().get(datasetId) as string;
    const sql = (n: string) => info.columns.find((c) => c.name === n);
    const stored = s.ctx.db.prepare(`SELECT ${sql('total_ms')!.sqlName} FROM "${table}" ORDER BY rowid`).pluck().all() as (number | null)[];
    const packed = readPacked(s.ctx.db, table, sql('total_ms')!.sqlName, rows)!;
    expect(packed).not.toBeNull();
    // NULL ↔ NaN, every other value bit for bit (−0 included).
    const diff = stored.flatMap((v, i) => (Object.is(v, Number.isNaN(packed[i]!) ? null : packed[i]) ? [] : [[i, v, packed[i]]]));
    expect(diff.slice(0, 5)).toEqual([]);
    expect(stored.filter((v) => v === null).length).toBeGreaterThan(600);
    // The file's −0 comes back from SQLite as 0, and so from the packs.
    expect(Object.is(packed[40], 0)).toBe(true);
    const packedCols = s.ctx.db.prepare('SELECT DISTINCT column_name FROM dataset_column_packs WHERE table_name = ? ORDER BY column_name').pluck().all(table);
    expect(packedCols).toEqual(['timestamp', 'total_ms', 'count'].map((n) => sql(n)!.sqlName).sort());
    expect(sql('region')).toBeUndefined();
    expect(packCount(`table_name = '${table}'`)).toBe(3 * 2);
  });

  it.each(cases)('%s: the same chart from the packs as from the rows (generated data over two chunks)', async (_, input) => {
    const { datasetId } = await importLog('Big', PACK_ROWS + 1_234);
    const packs = packCount();
    const fromPacks = await firstOpen(datasetId, input);
    expect(packCount()).toBe(packs);
    const fromRows = await rowPath(datasetId, input);
    expect(fromPacks).toEqual(fromRows);
    expect(fromRows.rows.missing).toBeGreaterThan(0);
  });

  it('an old store without packs (or an archive import) still charts, and the first chart packs the column for the next open', async () => {
    const { datasetId } = await importLog('Log', 3_000);
    const want = await firstOpen(datasetId, { value: 'total_ms', chart: 'imr' });
    s.ctx.db.exec('DELETE FROM dataset_column_packs');
    expect(await firstOpen(datasetId, { value: 'total_ms', chart: 'imr' })).toEqual(want);
    // Packed by that open: only the plotted column.
    expect(packCount()).toBe(1);
    expect(await firstOpen(datasetId, { value: 'total_ms', chart: 'imr' })).toEqual(want);
    // That open read the packs, not the rows (packs overwritten with zeros give a chart of zeros).
    s.ctx.db.exec('UPDATE dataset_column_packs SET data = zeroblob(length(data))');
    const zeros = await firstOpen(datasetId, { value: 'total_ms', chart: 'imr' });
    expect([zeros.rows.missing, zeros.rows.used]).toEqual([0, 3_000]);
    // A partial set of packs (the last rows missing) is never used: the chart reads the rows.
    s.ctx.db.exec('UPDATE dataset_column_packs SET rows = rows - 1, data = substr(data, 1, length(data) - 8)');
    expect(await firstOpen(datasetId, { value: 'total_ms', chart: 'imr' })).toEqual(want);
  });

  it('append: the new version reads both tables\' packs in order; the first version still charts its own rows; both equal the row path', async () => {
    const { datasetId } = await importLog('Log', 5_000);
    const v2 = await importLog('Log', 2_500, { append: true, from: 5_000 });
    expect(v2.version).toBe(2);
    expect(packCount()).toBe(2 * 3);
    const input = { value: 'total_ms', chart: 'imr', preset: 'we' };
    const both = await firstOpen(datasetId, input);
    const first = await firstOpen(datasetId, input, 1);
    // Append keeps only rows newer than the last version's (rows without a timestamp are left out).
    expect(both.rows.total).toBe(getDataset(s.ctx, datasetId).rowCount);
    expect(both.rows.total).toBeGreaterThan(7_400);
    expect(first.rows.total).toBe(5_000);
    expect(await rowPath(datasetId, input)).toEqual(both);
    expect(await rowPath(datasetId, input, 1)).toEqual(first);
  });

  it('deleting a dataset deletes its packs (every version); another dataset keeps its own', async () => {
    const a = await importLog('A', 2_000);
    await importLog('A', 1_000, { append: true, from: 2_000 });
    const b = await importLog('B', 1_500);
    expect(packCount()).toBe(3 * 3);
    await s.call('dataset-delete', { datasetId: a.datasetId });
    expect(packCount()).toBe(3);
    const bTable = s.ctx.db.prepare('SELECT table_name FROM dataset_versions WHERE dataset_id = ?').pluck().get(b.datasetId) as string;
    expect(packCount(`table_name = '${bTable}'`)).toBe(3);
    const c = await firstOpen(b.datasetId, { value: 'count', chart: 'c' });
    expect(c.rows.total).toBe(1_500);
  });

  it('a cancelled import leaves no packs behind', async () => {
    const file = path.join(s.dataDir, 'big.csv');
    writeLog(file, PACK_ROWS * 2);
    // Cancelled once the first chunk's packs are committed (in-process, each block is its own transaction).
    let seen = 0;
    const job = {
      file, displayName: 'big.csv', eventId, name: 'X', datasetId: null, newDatasetId: 'ds1', versionId: 'v1', options: {}, rules: [], append: false, dryRun: false,
      salt: null, nowIso: '2026-11-20T09:00:00.000Z', actor: 'test',
    };
    await expect(runImport(s.ctx.db, job as never, { progress: () => undefined, cancelled: () => (seen = packCount()) > 0 })).rejects.toThrow(/cancelled/);
    expect(seen).toBe(3);
    expect(packCount()).toBe(0);
    expect(s.ctx.db.prepare("SELECT count(*) FROM sqlite_master WHERE name GLOB 'ds_*'").pluck().get()).toBe(0);
  });

  it('archive: export then import (copy, and replace) charts the same; the imported tables are packed on their first chart', async () => {
    const { datasetId } = await importLog('Log', 4_000);
    const input = { value: 'total_ms', chart: 'imr', preset: 'nelson' };
    const want = await firstOpen(datasetId, input);
    const archive = path.join(s.dataDir, 'e.kaizen');
    await s.call('archive-export', { eventId, out: archive });
    const dst = await tempServices();
    try {
      await dst.call('archive-import', { source: { kind: 'path', path: archive } });
      expect(dst.ctx.db.prepare('SELECT count(*) FROM dataset_column_packs').pluck().get()).toBe(0);
      const c = await dst.call('spc-dataset-chart', { datasetId, ...input });
      expect({ rows: c.rows, sigmaMethod: c.sigmaMethod, panels: c.panels }).toEqual(want);
      expect(dst.ctx.db.prepare('SELECT count(*) FROM dataset_column_packs').pluck().get()).toBe(1);
    } finally {
      dst.close();
      fs.rmSync(dst.dataDir, { recursive: true, force: true });
    }
    // Replace this event from the archive: the old tables' packs go with their version rows, the new tables chart right.
    await s.call('archive-import', { source: { kind: 'path', path: archive }, mode: 'replace' });
    expect(packCount()).toBe(0);
    expect(await firstOpen(datasetId, input)).toEqual(want);
  });
});
