// Bundles the analysis worker (as the app's build does) so an integration test runs analyses the way the app does:
// in a worker thread on their own read-only connection. KAIZEN_WORKERS_DIR points the services at it.
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, bundleNode } from './bundle';
import type { TestServices } from './tempServices';

/** Builds the analysis worker into a folder inside the repo and returns it. */
export async function buildAnalysisWorker(tag: string): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', `kaizen-analysis-worker-${tag}-${process.pid}`);
  await bundleNode({ entryPoints: { 'analysis.worker': 'main/services/analysis/analysis.worker.ts' }, outdir: dir, outExtension: { '.js': '.cjs' } });
  return dir;
}

/**
 * A dataset of `rows` inference-log rows (timestamp over 20 days, f1–f3 drifting in the second half, three latency
 * stages and their total): a two-row CSV import whose table is refilled inside SQLite with a recursive CTE, so
 * the store holds exactly what an import would leave (as the analysis bench builds its big store).
 */
export async function bigLatencyLog(s: TestServices, eventId: string, rows: number): Promise<{ datasetId: string; versionId: string }> {
  const dir = fs.mkdtempSync(path.join(s.dataDir, 'big-'));
  const csv = path.join(dir, 'log.csv');
  fs.writeFileSync(csv, 'timestamp,f1,f2,f3,pre_ms,model_ms,post_ms,total_ms\n2026-11-01T00:00:00Z,1.5,2.5,3.5,1.5,2.5,3.5,7.5\n2026-11-02T00:00:00Z,1.25,2.25,3.25,1.25,2.25,3.25,6.75\n');
  const imp = await s.call('dataset-import', { eventId, source: { kind: 'path', path: csv }, name: 'big log' });
  const table = s.db.prepare('SELECT table_name FROM dataset_versions WHERE id = ?').pluck().get(imp.versionId) as string;
  const cols = (s.db.prepare('SELECT name FROM pragma_table_info(?)').pluck().all(table) as string[]).filter((c) => /^c\d+$/.test(c));
  const start = Date.UTC(2026, 10, 1);
  const h = (k: number) => `((i * ${k}) % 1000003)`;
  s.db.exec(`DELETE FROM "${table}";
    INSERT INTO "${table}" (${cols.join(', ')})
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${rows - 1}),
      r AS (SELECT i, i >= ${rows / 2} AS late, ${h(7919)} / 10000.0 AS a, ${h(104729)} / 100000.0 AS b, ${h(1299709)} / 5000.0 AS c FROM n)
      SELECT ${start} + i * ${Math.floor((20 * 86_400_000) / rows)}, a + late * 5, b * (1 + late * 0.2), c, b, a, c / 10, b + a + c / 10 FROM r;
    UPDATE dataset_versions SET row_count = ${rows}, own_rows = ${rows} WHERE id = '${imp.versionId}';`);
  s.db.pragma('wal_checkpoint(TRUNCATE)');
  return { datasetId: imp.datasetId!, versionId: imp.versionId! };
}
