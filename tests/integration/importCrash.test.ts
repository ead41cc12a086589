import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDir, tempServices } from '../helpers/tempServices';

const ROWS = 30_000;
let work: string;
let child: string;
let file: string;
let baseDir: string;
let eventId: string;
let importMs = 1000;

/** Deterministic 0..1 from a seed (mulberry32). */
function rand(seed: number): number {
  let t = (seed + 0x6d2b79f5) >>> 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function runChild(dataDir: string, killAfterMs: number | null): Promise<{ done: boolean; ms: number }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [child, dataDir, eventId, file], { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KAIZEN_RESOURCES_DIR: path.resolve('resources') } });
    let out = '';
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (killAfterMs !== null && out.includes('START') && !out.includes('KILLING')) {
        out += 'KILLING';
        setTimeout(() => p.kill('SIGKILL'), killAfterMs);
      }
    });
    p.on('exit', () => {
      const m = /DONE (\d+) (\d+)/.exec(out);
      resolve({ done: !!m, ms: m ? Number(m[2]) : 0 });
    });
  });
}

function inspect(dataDir: string): { integrity: string; datasets: number; rows: number[]; tables: number; versions: number } {
  const db = new Database(path.join(dataDir, 'kaizen.db'));
  try {
    const integrity = db.pragma('integrity_check', { simple: true }) as string;
    const datasets = db.prepare('SELECT COUNT(*) FROM datasets').pluck().get() as number;
    const versions = db.prepare('SELECT table_name, row_count FROM dataset_versions ORDER BY imported_at').all() as { table_name: string; row_count: number }[];
    const tables = db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name LIKE 'ds_%'").pluck().get() as number;
    const rows = versions.map((v) => db.prepare(`SELECT COUNT(*) FROM "${v.table_name}"`).pluck().get() as number);
    return { integrity, datasets, rows, tables, versions: versions.length };
  } finally {
    db.close();
  }
}

beforeAll(async () => {
  work = tempDir('kaizen-crash-');
  child = path.join(work, 'child.cjs');
  await build({ entryPoints: [path.resolve('tests/integration/importCrashChild.ts')], outfile: child, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['better-sqlite3', 'exceljs', 'electron'], logLevel: 'warning', nodePaths: [path.resolve('node_modules')] });
  fs.symlinkSync(path.resolve('node_modules'), path.join(work, 'node_modules'));
  file = path.join(work, 'crash.csv');
  execFileSync(process.execPath, [path.resolve('scripts/generate-demo-data.mjs'), '--rows', String(ROWS), '--out', file]);
  baseDir = path.join(work, 'base');
  const s = await tempServices({ dataDir: baseDir });
  eventId = (await s.call('event-create', { name: 'Crash' })).id;
  await s.call('dataset-import', { eventId, source: { kind: 'path', path: path.resolve('tests/fixtures/import/small.csv') }, name: 'earlier' });
  s.close();
  const cal = await runChild(copyBase('cal'), null);
  expect(cal.done).toBe(true);
  importMs = Math.max(200, cal.ms);
}, 120_000);

function copyBase(name: string): string {
  const dir = path.join(work, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(baseDir, dir, { recursive: true });
  return dir;
}

describe('crash safety: SIGKILL during an import', () => {
  it('leaves an intact database with the row count before or after, never between (many seeds)', async () => {
    const outcomes = { before: 0, after: 0, orphans: 0 };
    for (let seed = 1; seed <= 12; seed++) {
      const dir = copyBase(`seed-${seed}`);
      await runChild(dir, Math.floor(rand(seed) * importMs * 1.3));
      // The import writes its rows in slices: a kill may leave its table with no version row pointing to it.
      const killed = inspect(dir);
      expect(killed.integrity).toBe('ok');
      expect(killed.tables - killed.versions).toBeLessThanOrEqual(1);
      outcomes.orphans += killed.tables - killed.versions;
      // The next open drops such a table.
      (await tempServices({ dataDir: dir })).close();
      const r = inspect(dir);
      expect(r.integrity).toBe('ok');
      // The earlier dataset is always intact.
      expect(r.rows[0]).toBe(4);
      if (r.datasets === 1) {
        expect([r.versions, r.tables]).toEqual([1, 1]);
        outcomes.before++;
      } else {
        expect(r.datasets).toBe(2);
        expect([r.versions, r.tables]).toEqual([2, 2]);
        expect(r.rows[1]).toBe(ROWS);
        outcomes.after++;
      }
    }
    expect(outcomes.before + outcomes.after).toBe(12);
    expect(outcomes.before).toBeGreaterThan(0);
  }, 300_000);
});
