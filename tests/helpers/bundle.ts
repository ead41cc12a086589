import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import path from 'node:path';
import fs from 'node:fs';

export const ROOT = path.resolve(__dirname, '..', '..');

/**
 * How tests bundle TypeScript for plain Node (child processes, worker threads), as the app's build does: output
 * inside the repo so it resolves better-sqlite3 and exceljs from our node_modules.
 */
export async function bundleNode(opts: Pick<BuildOptions, 'entryPoints' | 'outfile' | 'outdir' | 'outExtension'>): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    ...opts,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['better-sqlite3', 'electron', 'exceljs'],
    logLevel: 'error',
  });
}

/** Bundles a TypeScript entry to a CommonJS file plain Node can run as a child process (crash tests). */
export async function bundleForNode(entry: string): Promise<string> {
  const dir = path.join(ROOT, 'node_modules', '.cache', 'kaizen-test-bundles');
  fs.mkdirSync(dir, { recursive: true });
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}-${process.pid}-${Date.now()}.cjs`);
  await bundleNode({ entryPoints: [entry], outfile });
  return outfile;
}
