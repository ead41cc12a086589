// Full demo report: HTML (target < 1 s) and PDF through the local Chromium (target < 5 s); A3 PDF and XLSX too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { report } from './benchUtil';

async function medianMs(runs: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-report-'));
  const s = await createServices({ dataDir, logger: { error: () => undefined } });
  try {
    const e = await invoke(s.dispatch, 'demo-create', {});
    const out = path.join(dataDir, 'out');
    fs.mkdirSync(out);
    const run = (format: string, file: string) => () => invoke(s.dispatch, 'report-export', { eventId: e.id, format, out: path.join(out, file) });
    await run('html', 'warm.html')();
    // Wall times depend on machine load (shared CI boxes): print the load so figures can be read fairly.
    report('report: 1-min load average per core at start', (os.loadavg()[0] ?? 0) / os.cpus().length, '');
    report('report: full demo report to HTML', await medianMs(5, run('html', 'r.html')), 'ms', '< 1000 ms');
    report('report: HTML size', fs.statSync(path.join(out, 'r.html')).size / 1024, 'KB');
    report('report: full demo report to XLSX', await medianMs(3, run('xlsx', 'r.xlsx')), 'ms');
    try {
      report('report: full demo report to PDF (local Chromium)', await medianMs(3, run('pdf', 'r.pdf')), 'ms', '< 5000 ms');
      report('report: PDF size', fs.statSync(path.join(out, 'r.pdf')).size / 1024, 'KB');
      report('report: A3 to PDF', await medianMs(3, run('a3-pdf', 'a3.pdf')), 'ms');
    } catch (err) {
      console.log(`PDF skipped: ${(err as Error).message}`);
    }
  } finally {
    s.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

void main();
