// Streaming JSON-array and XLSX imports: a 1,000,000-row JSON array and a 200,000-row workbook, each
// imported through the real path (importDataset) in its own process so each peak RSS is its own.
// Prints figures; asserts nothing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import ExcelJS from 'exceljs';
import { createServices } from '../../main/createServices';
import { importDataset } from '../../main/services/datasets/handlers';
import { report } from './benchUtil';

const JSON_ROWS = Number(process.env.KAIZEN_BENCH_JSON_ROWS ?? 1_000_000);
const XLSX_ROWS = Number(process.env.KAIZEN_BENCH_XLSX_ROWS ?? 200_000);

/** The demo inference log's rows, typed (numbers, booleans, dates), read line by line. */
async function* logRows(csv: string, limit: number): AsyncGenerator<{ names: string[]; values: (string | number | boolean)[] }> {
  let names: string[] | null = null;
  let n = 0;
  for await (const line of readline.createInterface({ input: fs.createReadStream(csv), crlfDelay: Infinity })) {
    if (!names) {
      names = line.split(',');
      continue;
    }
    if (n++ >= limit) break;
    const values = line.split(',').map((v) => (v === 'true' || v === 'false' ? v === 'true' : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v));
    yield { names, values };
  }
}

async function writeJsonArray(csv: string, file: string): Promise<void> {
  const fd = fs.openSync(file, 'w');
  let buf: string[] = [];
  let first = true;
  for await (const { names, values } of logRows(csv, JSON_ROWS)) {
    const o: Record<string, unknown> = {};
    names.forEach((k, i) => (o[k] = values[i]));
    buf.push(`${first ? '[\n' : ',\n'}${JSON.stringify(o)}`);
    first = false;
    if (buf.length >= 10_000) {
      fs.writeSync(fd, buf.join(''));
      buf = [];
    }
  }
  fs.writeSync(fd, `${buf.join('')}\n]\n`);
  fs.closeSync(fd);
}

/** Written with exceljs's streaming writer (shared strings, like Excel) so generating it stays small too. */
async function writeXlsx(csv: string, file: string): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
  wb.addWorksheet('About').addRow(['inference log for the import benchmark']).commit();
  const ws = wb.addWorksheet('Log');
  let header = false;
  for await (const { names, values } of logRows(csv, XLSX_ROWS)) {
    if (!header) {
      ws.addRow(names).commit();
      header = true;
    }
    ws.addRow(values.map((v, i) => (i === 0 ? new Date(v as string) : v))).commit();
  }
  ws.commit();
  await wb.commit();
}

/** Child mode: one import, its figures printed under the format's name. */
async function importOne(file: string, label: string, sheet: string | undefined): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-formats-db-'));
  const services = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  const ev = services.ctx.newId();
  services.db.prepare("INSERT INTO events (id, name, created_at, updated_at) VALUES (?, 'bench', '2026-11-01', '2026-11-01')").run(ev);
  const t0 = performance.now();
  const r = await importDataset(
    services.ctx,
    { eventId: ev, source: { kind: 'path', path: file }, options: { encoding: 'auto', ...(sheet ? { sheet } : {}) }, rules: [], append: false, dryRun: false },
    { file, displayName: path.basename(file) },
  );
  const seconds = (performance.now() - t0) / 1000;
  services.close();
  fs.rmSync(dir, { recursive: true, force: true });
  report(`${label} import rows`, r.rows, 'rows');
  report(`${label} import seconds`, seconds, 's');
  report(`${label} import throughput`, r.rows / seconds, 'rows/s');
  report(`${label} import peak RSS`, process.resourceUsage().maxRSS / 1024, 'MB', '< 400 MB');
}

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-formats-'));
  const csv = path.join(dir, 'log.csv');
  execFileSync(process.execPath, [path.resolve('scripts/generate-demo-data.mjs'), '--rows', String(Math.max(JSON_ROWS, XLSX_ROWS)), '--out', csv]);
  const json = path.join(dir, 'inference-log.json');
  const xlsx = path.join(dir, 'inference-log.xlsx');
  let t = performance.now();
  await writeJsonArray(csv, json);
  report('JSON array file size', fs.statSync(json).size / 1024 ** 2, 'MiB');
  report('JSON array generation seconds', (performance.now() - t) / 1000, 's');
  t = performance.now();
  await writeXlsx(csv, xlsx);
  report('XLSX file size', fs.statSync(xlsx).size / 1024 ** 2, 'MiB');
  report('XLSX generation seconds (exceljs streaming writer)', (performance.now() - t) / 1000, 's');
  fs.rmSync(csv);
  for (const [file, label, sheet] of [[json, 'JSON array', ''], [xlsx, 'XLSX', 'Log']] as const) {
    const child = spawnSync(process.execPath, [process.argv[1]!], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, KAIZEN_BENCH_IMPORT: JSON.stringify({ file, label, sheet }) },
    });
    process.stdout.write(child.stdout ?? '');
    if (child.status !== 0) console.log(`${label} import exited with ${child.status}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

const only = process.env.KAIZEN_BENCH_IMPORT;
if (only) {
  const { file, label, sheet } = JSON.parse(only) as { file: string; label: string; sheet: string };
  void importOne(file, label, sheet || undefined);
} else void main();
