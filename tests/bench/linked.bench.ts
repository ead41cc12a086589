import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { latestVersion } from '../../main/db/repositories/datasets';
import { convertToDayParquet } from '../../main/services/sources/duckdb/convert';
import { createDuckSource } from '../../main/services/sources/duckdb/duckdbSource';
import { DuckRunner } from '../../main/services/sources/duckdb/runner';
import { psiOnSource } from '../../main/services/sources/drift';
import { boundColumnsOf } from '../../main/services/sources/link';
import type { AggregateQuery } from '../../common/domain/sources/queryTree';
import { report } from './benchUtil';

/**
 * `npm run bench linked` — linked datasets (issue 21). A 10M-row generated inference log as Parquet: link + the first
 * per-day p50/p95/p99 KPI through the app (services, contract, DuckDB child process) against DuckDB's binding alone
 * running the same quantile query (interleaved, medians of 3), with the peak RSS of the app and its DuckDB child;
 * CSV → day-partitioned Parquet of 10M rows against DuckDB's COPY alone; PSI of a column (reference vs current
 * window) on 10M rows. KAIZEN_BENCH_100M=1 adds 100M rows (ten 10M-row files made here and deleted after): exact
 * per-day KPI (per partition) with RSS, and approximate mode against DuckDB alone.
 */

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 1);

/** Peak RSS (MB) of this process's children while `fn` runs (the DuckDB child), polled every 50 ms from /proc. */
async function withChildRss<T>(fn: () => Promise<T>): Promise<{ value: T; childMb: number }> {
  let peak = 0;
  const poll = () => {
    for (const p of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(p)) continue;
      try {
        const st = fs.readFileSync(`/proc/${p}/status`, 'utf8');
        if (Number(/PPid:\s+(\d+)/.exec(st)?.[1]) !== process.pid) continue;
        const kb = Number(/VmHWM:\s+(\d+)/.exec(st)?.[1] ?? /VmRSS:\s+(\d+)/.exec(st)?.[1] ?? 0);
        peak = Math.max(peak, kb / 1024);
      } catch {
        // gone
      }
    }
  };
  const timer = setInterval(poll, 50);
  try {
    const value = await fn();
    poll();
    return { value, childMb: peak };
  } finally {
    clearInterval(timer);
  }
}

async function generate(file: string, rows: number, fromDay: number, days: number, format: 'parquet' | 'csv'): Promise<void> {
  const r = new DuckRunner({ memoryLimit: '2GB' });
  const stepUs = Math.floor((days * DAY * 1000) / rows);
  const startUs = (START + fromDay * DAY) * 1000;
  await r.query(
    `COPY (SELECT make_timestamp(${startUs} + i * ${stepUs}) AS timestamp,
        CASE WHEN i % 10 < 7 THEN '/score' ELSE '/explain' END AS endpoint,
        round(100 + 80 * -ln(1 - random()) + CASE WHEN i > ${Math.floor(rows / 2)} THEN 20 ELSE 0 END, 1) AS latency_ms,
        CASE WHEN random() < 0.04 THEN 'failed' ELSE 'ok' END AS status
      FROM range(${rows}) t(i)) TO '${file}' (FORMAT ${format}${format === 'parquet' ? ', ROW_GROUP_SIZE 122880' : ''})`,
  );
  await r.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function duckAlone(sql: string): Promise<number> {
  const t0 = performance.now();
  const inst = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: '1GB' });
  const c = await inst.connect();
  await c.runAndReadAll(sql);
  c.closeSync();
  inst.closeSync();
  return performance.now() - t0;
}

const dailySql = (from: string, fn = 'quantile_cont', probs = '[0.5, 0.95, 0.99]') =>
  `SELECT floor(epoch_ms(timestamp) / ${DAY}) AS d, ${fn}(latency_ms, ${probs}) FROM ${from} WHERE endpoint = '/score' GROUP BY d ORDER BY d`;

async function appLinkAndKpi(file: string): Promise<number> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-linked-store-'));
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  try {
    const eventId = (await invoke(s.dispatch, 'event-create', { name: 'bench' })).id;
    const t0 = performance.now();
    const linked = await invoke(s.dispatch, 'source-link', { eventId, path: file });
    for (const statistic of ['median', 'p95', 'p99'] as const) {
      await invoke(s.dispatch, 'kpi-create', { eventId, name: statistic, unit: 'ms', direction: 'lower', source: { kind: 'dataset', datasetId: linked.datasetId, column: 'latency_ms', statistic, bucket: 'day', filters: [{ column: 'endpoint', op: '=', value: '/score' }] } });
    }
    const cards = await invoke(s.dispatch, 'kpi-list', { eventId });
    const ms = performance.now() - t0;
    if (cards.some((c) => c.sourceError || c.points.length < 29)) throw new Error(`KPI failed: ${cards.map((c) => c.sourceError).join('; ')}`);
    return ms;
  } finally {
    s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-linked-'));
  try {
    const pq = path.join(work, 'log10m.parquet');
    let t0 = performance.now();
    await generate(pq, 10_000_000, 0, 30, 'parquet');
    console.log(`generated 10M rows as Parquet in ${Math.round(performance.now() - t0)} ms (${Math.round(fs.statSync(pq).size / 1e6)} MB)`);

    // 1. link + first per-day p50/p95/p99 KPI vs DuckDB alone, interleaved.
    const app: number[] = [];
    const alone: number[] = [];
    let childMb = 0;
    for (let i = 0; i < 3; i++) {
      const r = await withChildRss(() => appLinkAndKpi(pq));
      app.push(r.value);
      childMb = Math.max(childMb, r.childMb);
      alone.push(await duckAlone(dailySql(`read_parquet('${pq}')`)));
    }
    report('linked 10M Parquet: link + first per-day p50/p95/p99 KPI', median(app), 'ms', '≤ 5000 ms');
    report('DuckDB alone (binding), same per-day quantile query', median(alone), 'ms');
    report('linked KPI / DuckDB alone', median(app) / median(alone), '×', '≤ 1.3×');
    report('linked 10M: peak RSS of the app process', process.resourceUsage().maxRSS / 1024, 'MB', '≤ 600 MB');
    report('linked 10M: peak RSS of the DuckDB child', childMb, 'MB');

    // 2. PSI of a column, reference (first 15 days) vs current (last 15 days).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-linked-store-'));
    const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
    const eventId = (await invoke(s.dispatch, 'event-create', { name: 'bench' })).id;
    const linked = await invoke(s.dispatch, 'source-link', { eventId, path: pq });
    const v = latestVersion(s.db, linked.datasetId)!;
    const src = createDuckSource({ format: 'parquet', location: pq, columns: boundColumnsOf(v.columns) }, { rowCount: linked.rows });
    const psiTimes: number[] = [];
    let psi = 0;
    for (let i = 0; i < 3; i++) {
      t0 = performance.now();
      psi = (await psiOnSource(src, 'latency_ms', 'timestamp', { from: START, to: START + 15 * DAY }, { from: START + 15 * DAY, to: START + 30 * DAY })).psi;
      psiTimes.push(performance.now() - t0);
    }
    await src.close();
    s.close();
    fs.rmSync(dir, { recursive: true, force: true });
    report(`PSI of latency_ms, 10M rows (reference vs current window; PSI ${psi.toFixed(3)})`, median(psiTimes), 'ms', '≤ 2000 ms');

    // 3. CSV → day-partitioned Parquet, 10M rows, vs DuckDB's COPY alone (same statement).
    const csv = path.join(work, 'log10m.csv');
    await generate(csv, 10_000_000, 0, 30, 'csv');
    const outApp = path.join(work, 'converted');
    t0 = performance.now();
    await convertToDayParquet('csv', csv, { physical: 'timestamp', nativeType: 'TIMESTAMP' }, outApp, {});
    const convApp = performance.now() - t0;
    const outAlone = path.join(work, 'copied');
    const convAlone = await duckAlone(
      `COPY (SELECT *, CAST(make_timestamp(epoch_us("timestamp")) AS DATE) AS kaizen_day FROM read_csv('${csv}', header = true, delim = ',', sample_size = 100000)) TO '${outAlone}' (FORMAT parquet, PARTITION_BY (kaizen_day), COMPRESSION zstd)`,
    );
    report('CSV → day-partitioned Parquet, 10M rows (app, with progress)', convApp, 'ms');
    report('DuckDB COPY alone, same statement', convAlone, 'ms');
    report('conversion / COPY alone', convApp / convAlone, '×', '≤ 1.2×');
    fs.rmSync(csv, { force: true });

    // 4. 100M rows (opt-in: minutes).
    if (process.env.KAIZEN_BENCH_100M === '1') {
      const folder = path.join(work, 'log100m');
      fs.mkdirSync(folder);
      t0 = performance.now();
      for (let k = 0; k < 10; k++) await generate(path.join(folder, `part-${k}.parquet`), 10_000_000, k * 3, 3, 'parquet');
      console.log(`generated 100M rows (10 files) in ${Math.round(performance.now() - t0)} ms`);
      const columns = boundColumnsOf(v.columns);
      const q: AggregateQuery = { bucket: { column: 'timestamp', unit: 'day', utcOffsetMinutes: 0 }, filters: [{ column: 'endpoint', op: '=', value: '/score' }], measures: [{ kind: 'quantiles', column: 'latency_ms', probs: [0.5, 0.95, 0.99] }] };
      const exactSrc = createDuckSource({ format: 'parquet-folder', location: folder, columns }, { rowCount: 100_000_000 });
      t0 = performance.now();
      const exact = await withChildRss(() => exactSrc.aggregate({ ...q, quantiles: 'exact' }));
      const exactMs = performance.now() - t0;
      await exactSrc.close();
      report(`100M rows: exact per-day p50/p95/p99 (per partition, ${exact.value.rows.length} days)`, exactMs, 'ms');
      report('100M rows exact: peak RSS of the DuckDB child', exact.childMb, 'MB', '≤ 1024 MB');
      const approxApp: number[] = [];
      const approxAlone: number[] = [];
      for (let i = 0; i < 3; i++) {
        const a = createDuckSource({ format: 'parquet-folder', location: folder, columns }, { rowCount: 100_000_000 });
        t0 = performance.now();
        await a.aggregate({ ...q, quantiles: 'approx' });
        approxApp.push(performance.now() - t0);
        await a.close();
        approxAlone.push(await duckAlone(dailySql(`read_parquet('${folder}/*.parquet')`, 'approx_quantile', '[0.5::FLOAT, 0.95::FLOAT, 0.99::FLOAT]')));
      }
      report('100M rows: approximate per-day p50/p95/p99 (labelled approx)', median(approxApp), 'ms');
      report('DuckDB alone, approx_quantile, same query', median(approxAlone), 'ms');
      report('approx / DuckDB alone', median(approxApp) / median(approxAlone), '×', '≤ 1.2×');
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

void main();
