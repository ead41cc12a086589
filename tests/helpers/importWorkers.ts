// Bundles the import and parse workers (as the app's build does) so an integration test can run an import
// the way the app does: in a worker thread on its own connection. KAIZEN_WORKERS_DIR points the services at them.
import path from 'node:path';
import { build } from 'esbuild';

const ROOT = path.resolve(__dirname, '..', '..');

/** Builds both workers into a folder inside the repo (so they resolve better-sqlite3 and exceljs) and returns it. */
export async function buildImportWorkers(tag: string): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', `kaizen-workers-${tag}-${process.pid}`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: { 'import.worker': 'main/importers/worker/import.worker.ts', 'parse.worker': 'main/importers/worker/parse.worker.ts' },
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'electron', 'exceljs'],
    logLevel: 'error',
  });
  return dir;
}
