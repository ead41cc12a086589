// 1,000,000-row import through the real path (parse, infer, validate, insert, profile), compared with
// sqlite3's bare `.import` of the same file when /usr/bin/sqlite3 exists. Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import { importDataset } from '../../main/services/datasets/handlers';
import { createDemoEvent } from '../../main/services/demo/createDemo';
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

  // Written-back before timing (the generated file's dirty pages would otherwise be flushed mid-import).
  spawnSync('sync');
  // Three rounds, sqlite3's bare .import then ours, each into a fresh database; medians reported (the two
  // share the machine, so interleaving keeps a slow moment from favouring either). The child runs that
  // measure peak RSS at other sizes import once.
  const rounds = CHILD ? 1 : 3;
  const bare: { seconds: number; cpu: number }[] = [];
  const ours: { seconds: number; cpu: number; rows: number }[] = [];
  const rssBefore = process.resourceUsage().maxRSS / 1024;
  for (let round = 0; round < rounds; round++) {
    if (!CHILD && fs.existsSync('/usr/bin/sqlite3')) {
      const db = path.join(dir, 'bare.db');
      const t1 = performance.now();
      const c1 = childCpuSeconds();
      const s = spawnSync('/usr/bin/sqlite3', [db, '-cmd', '.mode csv', `.import ${file} t`], { encoding: 'utf8' });
      if (s.status === 0) bare.push({ seconds: (performance.now() - t1) / 1000, cpu: childCpuSeconds() - c1 });
      else console.log(`sqlite3 failed: ${s.stderr}`);
      fs.rmSync(db, { force: true });
    }
    const services = await createServices({ dataDir: path.join(dir, `data${round}`), logger: { error: () => undefined } });
    const ev = services.ctx.newId();
    services.db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES (?, 'bench', '2026-11-01', '2026-11-01')").run(ev);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const r = await importDataset(
      services.ctx,
      { eventId: ev, source: { kind: 'path', path: file }, options: { encoding: 'auto' }, rules: [{ column: 'total_ms', kind: 'min', value: 0 }, { column: 'region', kind: 'required' }], append: false, dryRun: false },
      { file, displayName: 'inference-log.csv' },
    );
    ours.push({ seconds: (performance.now() - t0) / 1000, cpu: cpuSeconds(process.cpuUsage(cpu0)), rows: r.rows });
    services.close();
    fs.rmSync(path.join(dir, `data${round}`), { recursive: true, force: true });
  }
  const median = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1]!;
  const seconds = median(ours.map((o) => o.seconds));
  const cpu = median(ours.map((o) => o.cpu));
  report('import rows', ours[0]!.rows, 'rows');
  report(`import seconds (full path${rounds > 1 ? `, median of ${rounds}` : ''})`, seconds, 's');
  report('import CPU seconds', cpu, 's');
  report('import throughput', ours[0]!.rows / seconds, 'rows/s');
  report(CHILD ? `import peak RSS, ${ROWS.toLocaleString('en')} rows (${Math.round(size / 1024 ** 2)} MiB)` : 'import peak RSS', Math.max(rssBefore, process.resourceUsage().maxRSS / 1024), 'MB', '< 400 MB');
  if (CHILD) {
    fs.rmSync(dir, { recursive: true, force: true });
    return;
  }

  if (bare.length > 0) {
    const bareSeconds = median(bare.map((b) => b.seconds));
    const bareCpu = median(bare.map((b) => b.cpu));
    report(`sqlite3 .import seconds (median of ${bare.length})`, bareSeconds, 's');
    report('sqlite3 .import CPU seconds', bareCpu, 's');
    report('ratio full import / sqlite3 .import (wall, medians)', seconds / bareSeconds, 'x', '<= 1.5');
    report('ratio full import / sqlite3 .import (CPU)', cpu / bareCpu, 'x');
    console.log(`  rounds (sqlite3 / ours, s): ${bare.map((b, i) => `${b.seconds.toFixed(2)} / ${ours[i]!.seconds.toFixed(2)}`).join(', ')}`);
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
