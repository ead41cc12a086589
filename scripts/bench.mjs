// `npm run bench`: bundles each tests/bench/*.bench.ts with esbuild, runs it in its own Node process and
// collects the lines it prints as `BENCH {"name","value","unit","target"?}` into one table and one JSON file.
// Benchmarks print figures; they never assert time.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const filter = process.argv[2];
const files = fs
  .readdirSync(path.join(root, 'tests', 'bench'))
  .filter((f) => f.endsWith('.bench.ts') && (!filter || f.includes(filter)))
  .sort();
const outDir = path.join(root, 'bench-results');
fs.mkdirSync(outDir, { recursive: true });
// Imports and analyses run in worker threads in the app; bundle them so the benchmark measures that same path.
// A folder per run: a bench started meanwhile must not rewrite the workers a running one is starting.
const workersDir = path.join(outDir, `workers-${process.pid}`);
await build({
  absWorkingDir: root,
  entryPoints: { 'import.worker': 'main/importers/worker/import.worker.ts', 'parse.worker': 'main/importers/worker/parse.worker.ts', 'analysis.worker': 'main/services/analysis/analysis.worker.ts' },
  outdir: workersDir,
  outExtension: { '.js': '.cjs' },
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron', 'better-sqlite3', 'exceljs', 'playwright-core', '@duckdb/node-api'],
  logLevel: 'warning',
});
const results = [];
for (const f of files) {
  const outfile = path.join(outDir, f.replace(/\.ts$/, '.cjs'));
  await build({
    absWorkingDir: root,
    entryPoints: [path.join('tests', 'bench', f)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3', 'exceljs', 'playwright-core', '@duckdb/node-api'],
    logLevel: 'warning',
  });
  console.log(`\n▶ ${f}`);
  const r = spawnSync(process.execPath, ['--expose-gc', outfile], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, KAIZEN_RESOURCES_DIR: path.join(root, 'resources'), KAIZEN_WORKERS_DIR: workersDir } });
  for (const line of (r.stdout ?? '').split('\n')) {
    if (line.startsWith('BENCH ')) {
      const entry = { file: f, ...JSON.parse(line.slice(6)) };
      results.push(entry);
      console.log(`  ${entry.name}: ${entry.value} ${entry.unit}${entry.target ? `  (target ${entry.target})` : ''}`);
    } else if (line.trim()) console.log(`  ${line}`);
  }
  if (r.status !== 0) console.log(`  (exited with ${r.status})`);
}
fs.rmSync(workersDir, { recursive: true, force: true });
fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
console.log('\n| benchmark | figure | target |\n|---|---|---|');
for (const e of results) console.log(`| ${e.name} | ${e.value} ${e.unit} | ${e.target ?? ''} |`);
