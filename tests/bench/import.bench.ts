// 1,000,000-row import through the real path (parse, infer, validate, insert, profile), compared with
// sqlite3's bare `.import` of the same file when /usr/bin/sqlite3 exists. Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import { importDataset } from '../../main/services/datasets';
import { createDemoEvent } from '../../main/services/demo';
import { report } from './benchUtil';

const ROWS = Number(process.env.KAIZEN_BENCH_ROWS ?? 1_000_000);
/** Set in the child runs that measure peak RSS at other file sizes: import only, print RSS. */
const CHILD = process.env.KAIZEN_BENCH_CHILD === '1';

/** CPU seconds used by finished child processes (/proc/self/stat cutime + cstime, 100 ticks/s). */
function childCpuSeconds(): number {
  const f = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(f[13]) + Number(f[14])) / 100;
}

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-import-'));
  const file = path.join(dir, 'inference-log.csv');
  execFileSync(process.execPath, [path.resolve('scripts/generate-demo-data.mjs'), '--rows', String(ROWS), '--out', file]);
  const size = fs.statSync(file).size;
  report('import file size', size / 1024 ** 2, 'MiB');

  // sqlite3's bare .import of the same file first (our import's worker checkpoints the WAL after it returns).
  let bare: { seconds: number; cpu: number } | null = null;
  if (!CHILD && fs.existsSync('/usr/bin/sqlite3')) {
    const db = path.join(dir, 'bare.db');
    const t1 = performance.now();
    const c1 = childCpuSeconds();
    const s = spawnSync('/usr/bin/sqlite3', [db, '-cmd', '.mode csv', `.import ${file} t`], { encoding: 'utf8' });
    if (s.status === 0) bare = { seconds: (performance.now() - t1) / 1000, cpu: childCpuSeconds() - c1 };
    else console.log(`sqlite3 failed: ${s.stderr}`);
    fs.rmSync(db, { force: true });
  }

  const services = await createServices({ dataDir: path.join(dir, 'data'), logger: { error: () => undefined } });
  const ev = services.ctx.newId();
  services.db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES (?, 'bench', '2026-11-01', '2026-11-01')").run(ev);
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = await importDataset(
    services.ctx,
    { eventId: ev, source: { kind: 'path', path: file }, options: { encoding: 'auto' }, rules: [{ column: 'total_ms', kind: 'min', value: 0 }, { column: 'region', kind: 'required' }], append: false, dryRun: false },
    { file, displayName: 'inference-log.csv' },
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  services.close();
  report('import rows', r.rows, 'rows');
  report('import seconds (full path)', seconds, 's');
  report('import CPU seconds', cpu, 's');
  report('import throughput', r.rows / seconds, 'rows/s');
  report(CHILD ? `import peak RSS, ${ROWS.toLocaleString('en')} rows (${Math.round(size / 1024 ** 2)} MiB)` : 'import peak RSS', Math.max(rssBefore, process.resourceUsage().maxRSS / 1024), 'MB', '< 400 MB');
  if (CHILD) {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }

  if (bare) {
    report('sqlite3 .import seconds', bare.seconds, 's');
    report('sqlite3 .import CPU seconds', bare.cpu, 's');
    report('ratio full import / sqlite3 .import (wall)', seconds / bare.seconds, 'x', '<= 1.5');
    report('ratio full import / sqlite3 .import (CPU)', cpu / bare.cpu, 'x');
  }

  // Memory must stay flat whatever the file size: the same import of 100,000 and 3,000,000 rows, each in a fresh process.
  for (const rows of [100_000, 3_000_000]) {
    const c = spawnSync(process.execPath, [process.argv[1]!], { encoding: 'utf8', env: { ...process.env, KAIZEN_BENCH_ROWS: String(rows), KAIZEN_BENCH_CHILD: '1' } });
    for (const line of c.stdout.split('\n')) if (line.includes('peak RSS')) console.log(line);
  }

  // Demo creation imports the three sample logs (target < 3 s in total).
  const demo = await createServices({ dataDir: path.join(dir, 'demo'), resourcesDir: path.resolve('resources'), logger: { error: () => undefined } });
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  await createDemoEvent(demo.ctx);
  report('demo event creation (with 3 sample logs)', (performance.now() - t2) / 1000, 's', '< 3 s');
  report('demo event creation CPU', cpuSeconds(process.cpuUsage(c2)), 's');
  demo.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

void main();
