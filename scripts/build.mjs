// Builds the Node side (Electron main, preload, CLI + host, workers) with esbuild and the renderer with Vite.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const only = process.argv[2];
// KAIZEN_OUT_DIR lets parallel work build to its own folder (default out/).
const outDir = process.env.KAIZEN_OUT_DIR ?? 'out';
// @duckdb/node-api loads a native binding and libduckdb.so from its own package folder: never bundled.
const external = ['electron', 'better-sqlite3', 'exceljs', '@duckdb/node-api'];

const nodeEntries = {
  'main/index': 'main/index.ts',
  'preload/index': 'preload/index.ts',
  'cli/index': 'main/cli/index.ts',
};
// Worker entries (main/**/*.worker.ts) are bundled beside the CLI so services can find them as <name>.worker.cjs.
for (const f of fs.readdirSync(path.join(root, 'main'), { recursive: true })) {
  if (String(f).endsWith('.worker.ts')) nodeEntries[`workers/${path.basename(String(f), '.ts')}`] = path.join('main', String(f));
}

if (only !== 'renderer') {
  for (const [out, entry] of Object.entries(nodeEntries)) {
    await build({
      absWorkingDir: root,
      entryPoints: [entry],
      outfile: `${outDir}/${out}.cjs`,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external,
      sourcemap: 'linked',
      logLevel: 'warning',
      define: { 'process.env.KAIZEN_VERSION': JSON.stringify(JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version) },
    });
  }
}
if (only !== 'node') {
  execFileSync(process.execPath, [path.join(root, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.config.mts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}
