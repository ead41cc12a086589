// The big store the benches share (issue 15): a small CSV import whose dataset table is then refilled inside
// SQLite with a recursive CTE, so the store has exactly what an import would leave — 20 days of rows, the second
// half's features shifted (drift), latency stages from deterministic hashes of the row number. Building 10,000,000
// rows takes a minute or more, so the finished store is kept under the temp folder, keyed by BIG_STORE_VERSION,
// the row count and the bench using it (two benches may run at once, and a store is opened by one process at a time).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import type { Services } from '../../main/createServices';
import { invoke } from '../../main/dispatch';

/** Bump when the content or the schema the store is built with changes: a stale cached store is then rebuilt. */
export const BIG_STORE_VERSION = 'bigstore-1';

export const DAY = 86_400_000;
export const START = Date.UTC(2026, 10, 1);

export type BigStore = {
  dir: string;
  s: Services;
  eventId: string;
  datasetId: string;
  versionId: string;
  /** The dataset table and its SQL columns: timestamp, f1, f2, f3, pre_ms, model_ms, post_ms, total_ms. */
  table: string;
  cols: string[];
  /** False when the store came from the cache. */
  built: boolean;
};

type Marker = Omit<BigStore, 'dir' | 's' | 'built'> & { version: string; rows: number };

/**
 * Opens (building it the first time) a store holding one dataset "big log" of `rows` rows. `cacheAs` names the
 * bench: each bench keeps its own copy. Set KAIZEN_BENCH_NO_CACHE=1 to build in a fresh temp folder (removed by
 * the caller via `dispose`).
 */
export async function openBigStore(rows: number, cacheAs: string): Promise<BigStore & { dispose: () => void }> {
  const fresh = process.env.KAIZEN_BENCH_NO_CACHE === '1';
  const dir = fresh ? fs.mkdtempSync(path.join(os.tmpdir(), `kaizen-bench-${cacheAs}-`)) : path.join(os.tmpdir(), `kaizen-${BIG_STORE_VERSION}-${rows}-${cacheAs}`);
  const markerFile = path.join(dir, 'bench-store.json');
  const dispose = () => (fresh ? fs.rmSync(dir, { recursive: true, force: true }) : undefined);
  if (!fresh && fs.existsSync(markerFile)) {
    const m = JSON.parse(fs.readFileSync(markerFile, 'utf8')) as Marker;
    if (m.version === BIG_STORE_VERSION && m.rows === rows) {
      const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
      const { version: _v, rows: _r, ...ids } = m;
      return { dir, s, ...ids, built: false, dispose };
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  const call = (m: Parameters<typeof invoke>[1], i: unknown) => invoke(s.dispatch, m, i);
  const eventId = ((await call('event-create', { name: 'Analysis bench' })) as { id: string }).id;
  const csv = path.join(dir, 'log.csv');
  fs.writeFileSync(csv, 'timestamp,f1,f2,f3,pre_ms,model_ms,post_ms,total_ms\n2026-11-01T00:00:00Z,1.5,2.5,3.5,1.5,2.5,3.5,7.5\n2026-11-02T00:00:00Z,1.25,2.25,3.25,1.25,2.25,3.25,6.75\n');
  const imp = (await call('dataset-import', { eventId, source: { kind: 'path', path: csv }, name: 'big log' })) as { datasetId: string; versionId: string };
  const table = s.db.prepare('SELECT table_name FROM dataset_versions WHERE id = ?').pluck().get(imp.versionId) as string;
  const cols = (s.db.prepare(`SELECT name FROM pragma_table_info(?)`).pluck().all(table) as string[]).filter((c) => /^c\d+$/.test(c));
  const t0 = performance.now();
  // 20 days of rows; the second half's features shifted (drift), latency stages from deterministic hashes of i.
  const h = (k: number) => `((i * ${k}) % 1000003)`;
  s.db.exec(`DELETE FROM "${table}";
    INSERT INTO "${table}" (${cols.join(', ')})
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows - 1}),
      r AS (SELECT i, i >= ${rows / 2} AS late, ${h(7919)} / 10000.0 AS a, ${h(104729)} / 100000.0 AS b, ${h(1299709)} / 5000.0 AS c FROM n)
      SELECT ${START} + i * ${Math.floor((20 * DAY) / rows)}, a + late * 5, b * (1 + late * 0.2), c, b, a, c / 10, b + a + c / 10 FROM r;
    UPDATE dataset_versions SET row_count = ${rows}, own_rows = ${rows} WHERE id = '${imp.versionId}';`);
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  fs.rmSync(csv, { force: true });
  console.log(`built a ${rows.toLocaleString('en-US')}-row dataset table in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${(fs.statSync(path.join(dir, 'kaizen.db')).size / 1e9).toFixed(2)} GB store${fresh ? '' : ` (kept in ${dir})`}`);
  const ids = { eventId, datasetId: imp.datasetId, versionId: imp.versionId, table, cols };
  if (!fresh) fs.writeFileSync(markerFile, JSON.stringify({ version: BIG_STORE_VERSION, rows, ...ids } satisfies Marker));
  return { dir, s, ...ids, built: true, dispose };
}
