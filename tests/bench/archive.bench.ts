// The .kaizen event archive (npm run bench archive): export and import of the demo event and of an event with a
// 1,000,000-row dataset (issue 18 budget: 1M export ≤ 10 s, import ≤ 15 s, peak RSS ≤ 400 MB). Each export and
// each import runs in a child process of its own, so its peak RSS (the kernel's high-water mark) is its own.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { exportArchive } from '../../main/services/archive/exportArchive';
import { importArchive } from '../../main/services/archive/importArchive';
import { report } from './benchUtil';
import { openBigStore } from './bigStore';

type Phase = { ms: number; cpuMs: number; peakMb: number; bytes: number; rows: number };

async function child(kind: string, dataDir: string, file: string, eventId: string): Promise<void> {
  const s = await createServices({ dataDir, logger: { error: () => undefined } });
  try {
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    let bytes = 0;
    let rows = 0;
    if (kind === 'export') bytes = (await exportArchive(s.ctx, { eventId, target: file })).bytes;
    else rows = (await importArchive(s.ctx, { file, label: path.basename(file) })).rows;
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(c0);
    const phase: Phase = { ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb: process.resourceUsage().maxRSS / 1024, bytes, rows };
    console.log(`PHASE ${JSON.stringify(phase)}`);
  } finally {
    s.close();
  }
}

function run(kind: 'export' | 'import', dataDir: string, file: string, eventId: string): Phase {
  const r = spawnSync(process.execPath, [__filename, 'child', kind, dataDir, file, eventId], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], env: process.env });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('PHASE '));
  if (!line) throw new Error(`${kind} failed (exit ${r.status}): ${r.stdout}`);
  return JSON.parse(line.slice(6)) as Phase;
}

function bench(label: string, dataDir: string, eventId: string, budgets: { exportMs?: number; importMs?: number } = {}): void {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-archive-'));
  try {
    const file = path.join(work, 'event.kaizen');
    const ex = run('export', dataDir, file, eventId);
    console.log(`${label}: archive ${(ex.bytes / 1e6).toFixed(1)} MB`);
    const dst = path.join(work, 'dst');
    fs.mkdirSync(dst);
    const im = run('import', dst, file, eventId);
    report(`Archive export, ${label}`, ex.ms, 'ms', budgets.exportMs ? `≤ ${budgets.exportMs} ms` : undefined);
    report(`Archive export, ${label}: CPU`, ex.cpuMs, 'ms');
    report(`Archive export, ${label}: peak RSS`, ex.peakMb, 'MB', budgets.exportMs ? '≤ 400 MB' : undefined);
    report(`Archive size, ${label}`, ex.bytes / 1e6, 'MB');
    report(`Archive import, ${label} (${im.rows.toLocaleString('en-US')} dataset rows)`, im.ms, 'ms', budgets.importMs ? `≤ ${budgets.importMs} ms` : undefined);
    report(`Archive import, ${label}: CPU`, im.cpuMs, 'ms');
    report(`Archive import, ${label}: peak RSS`, im.peakMb, 'MB', budgets.importMs ? '≤ 400 MB' : undefined);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const [, , mode, kind, dataDir, file, eventId] = process.argv;
  if (mode === 'child') return child(kind!, dataDir!, file!, eventId!);
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  const demoDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-archive-demo-'));
  try {
    const s = await createServices({ dataDir: demoDir, logger: { error: () => undefined } });
    const demo = await invoke(s.dispatch, 'demo-create', {});
    s.close();
    bench('demo event', demoDir, demo.id);
  } finally {
    fs.rmSync(demoDir, { recursive: true, force: true });
  }
  const big = await openBigStore(1_000_000, 'archive');
  const { dir, eventId: bigEvent } = big;
  big.s.close();
  try {
    bench('event with a 1,000,000-row dataset', dir, bigEvent, { exportMs: 10_000, importMs: 15_000 });
  } finally {
    big.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
