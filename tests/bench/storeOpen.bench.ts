// Opening a store (npm run bench storeOpen): `kaizen events` on a store holding a 10,000,000-row table vs an
// empty store, interleaved runs, medians and their ratio (issue 15 budget: ≤ 2×). The big table is built once
// inside SQLite with a recursive CTE; the full integrity_check it no longer waits for is timed for context.
import Database from 'better-sqlite3';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { main as cliMain } from '../../main/cli/index';
import { createServices } from '../../main/createServices';
import { report } from './benchUtil';

const ROWS = 10_000_000;

async function newStore(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-open-'));
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  s.close();
  return dir;
}

async function events(dir: string): Promise<number> {
  const t = performance.now();
  const code = await cliMain(['events', '--data-dir', dir, '--json'], { out: () => undefined, err: (s) => console.log(s) });
  if (code !== 0) throw new Error(`kaizen events exited with ${code}`);
  return performance.now() - t;
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;

async function main(): Promise<void> {
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  const empty = await newStore();
  const big = await newStore();
  try {
    const t0 = performance.now();
    const raw = new Database(path.join(big, 'kaizen.db'));
    raw.pragma('synchronous = OFF');
    // A dataset version's table, as an import names it (ds_<id>): what makes a store big.
    raw.exec(`CREATE TABLE ds_bench10m (id INTEGER PRIMARY KEY, ts INTEGER NOT NULL, v REAL NOT NULL, tag TEXT NOT NULL) STRICT;
      INSERT INTO ds_bench10m (ts, v, tag)
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
        SELECT 1764547200000 + i * 1000, (i * 7919 % 1000) / 10.0, 'stage-' || (i % 7) FROM n;`);
    raw.pragma('wal_checkpoint(TRUNCATE)');
    raw.close();
    const bytes = fs.statSync(path.join(big, 'kaizen.db')).size;
    console.log(`built a ${ROWS.toLocaleString('en-US')}-row table in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${(bytes / 1e9).toFixed(2)} GB store`);
    const probe = new Database(path.join(big, 'kaizen.db'), { readonly: true });
    const t1 = performance.now();
    probe.pragma('integrity_check');
    const full = performance.now() - t1;
    const t2 = performance.now();
    probe.pragma('quick_check');
    const quick = performance.now() - t2;
    probe.close();
    await events(empty);
    await events(big);
    const a: number[] = [];
    const b: number[] = [];
    for (let k = 0; k < 7; k++) {
      a.push(await events(empty));
      b.push(await events(big));
    }
    report('kaizen events, empty store (median of 7, interleaved)', median(a), 'ms');
    report(`kaizen events, store with a ${ROWS.toLocaleString('en-US')}-row table (${(bytes / 1e9).toFixed(2)} GB)`, median(b), 'ms');
    report('  big / empty', median(b) / median(a), '×', '≤ 2×');
    report('  for context: the quick_check the open runs on the big store', quick, 'ms');
    report('  for context: the full integrity_check the open no longer waits for', full, 'ms');
  } finally {
    fs.rmSync(empty, { recursive: true, force: true });
    fs.rmSync(big, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
