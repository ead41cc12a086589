import { build } from 'esbuild';
import path from 'node:path';
import fs from 'node:fs';

const ROOT = path.resolve(__dirname, '..', '..');

/** Bundles a TypeScript entry to a CommonJS file plain Node can run as a child process (crash tests). */
export async function bundleForNode(entry: string): Promise<string> {
  // Inside the repo so the child resolves better-sqlite3 from our node_modules.
  const dir = path.join(ROOT, 'node_modules', '.cache', 'kaizen-test-bundles');
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}-${process.pid}-${Date.now()}.cjs`);
  await build({
    absWorkingDir: ROOT,
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'electron', 'exceljs'],
    logLevel: 'error',
  });
  return outfile;
}
