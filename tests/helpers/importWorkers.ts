// Bundles the import and parse workers (as the app's build does) so an integration test can run an import
// the way the app does: in a worker thread on its own connection. KAIZEN_WORKERS_DIR points the services at them.
import path from 'node:path';
import { ROOT, bundleNode } from './bundle';

/** Builds both workers into a folder inside the repo and returns it. */
export async function buildImportWorkers(tag: string): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', `kaizen-workers-${tag}-${process.pid}`);
  await bundleNode({
    entryPoints: { 'import.worker': 'main/importers/worker/import.worker.ts', 'parse.worker': 'main/importers/worker/parse.worker.ts' },
    outdir: dir,
    outExtension: { '.js': '.cjs' },
  });
  return dir;
}
