// Analyses on a big store (npm run bench analysis; issue 15): drift (3 numeric columns, quantile PSI + KS, two date
// windows) and the latency profile (4 stages + total) over a dataset of ROWS rows, through the service (dispatch)
// vs the same aggregation written directly in SQL against the same table (the anchor), interleaved runs, medians,
// their ratio (budget ≤ 1.5×) and the host's peak RSS during each (budget ≤ 500 MB, the analysis worker thread
// included: same process), sampled every 20 ms from a worker thread; then the API's latency (event-list every
// 50 ms) while drift runs in its worker (budget ≤ 100 ms). The store is tests/bench/bigStore.ts's (a small CSV
// import whose table is refilled inside SQLite, as an import would leave it), cached between runs.
import Database from 'better-sqlite3';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { invoke } from '../../main/dispatch';
import { report } from './benchUtil';
import { DAY, START, openBigStore } from './bigStore';

const ROWS = Number(process.env.KAIZEN_BENCH_ROWS ?? 10_000_000);
const RUNS = Number(process.env.KAIZEN_BENCH_RUNS ?? 3);

/** Peak RSS of this process while `fn` runs, sampled by a worker thread (the main thread is busy in SQLite). */
async function withPeakRss<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; peakMb: number }> {
  const w = new Worker(
    `const { parentPort } = require('node:worker_threads'); let peak = 0;
     const t = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
     parentPort.on('message', () => { clearInterval(t); peak = Math.max(peak, process.memoryUsage().rss); parentPort.postMessage(peak); });`,
    { eval: true },
  );
  await new Promise((r) => setTimeout(r, 50));
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const peak = await new Promise<number>((resolve) => {
    w.once('message', resolve);
    w.postMessage('stop');
  });
  await w.terminate();
  return { value, ms, peakMb: peak / 2 ** 20 };
}

const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!;
const num = (c: string) => `(typeof(${c}) IN ('integer','real') AND ${c} > -9e999 AND ${c} < 9e999)`;

/** Drift written directly against the table: per-window counts, one sorted grouped pass per column (KS + the reference's order statistics), cumulative bin counts per window. */
function driftAnchor(db: Database.Database, t: string, ts: string, cols: string[], ref: [number, number], cur: [number, number]): number[] {
  const w = (s: [number, number]) => `FROM ${t} WHERE ${ts} >= ${s[0]} AND ${ts} < ${s[1]}`;
  const out: number[] = [];
  const counts = (s: [number, number]) => db.prepare(`SELECT ${cols.map((c) => `count(CASE WHEN ${num(c)} THEN 1 END)`).join(', ')} ${w(s)}`).raw().get() as number[];
  const nr = counts(ref);
  const nc = counts(cur);
  const sums: string[] = [];
  cols.forEach((c, k) => {
    const n = nr[k]!;
    const m = nc[k]!;
    const pos = [...new Set(Array.from({ length: 9 }, (_, j) => Math.floor((n - 1) * ((j + 1) / 10))).flatMap((p) => [p, p + 1]))].sort((x, y) => x - y);
    // One sorted, grouped pass over both windows: KS from running counts, the reference's order statistics.
    const at = new Map<number, number>();
    let p = 0;
    let i = 0;
    let j = 0;
    let best = 0;
    for (const row of db.prepare(`SELECT v, sum(a), sum(1 - a) FROM (SELECT ${c} AS v, 1 AS a ${w(ref)} AND ${num(c)} UNION ALL SELECT ${c}, 0 ${w(cur)} AND ${num(c)}) GROUP BY v ORDER BY v`).raw().iterate()) {
      const [x, ra, ca] = row as [number, number, number];
      while (p < pos.length && pos[p]! < i + ra) at.set(pos[p++]!, x);
      i += ra;
      j += ca;
      best = Math.max(best, Math.abs(i / n - j / m));
    }
    sums.push(...pos.filter((_, idx) => idx % 2 === 0).map((q) => `sum(${num(c)} AND ${c} >= ${at.get(q)!})`));
    out.push(best);
  });
  // Every column's bins in one scan per window.
  out.push(...(db.prepare(`SELECT ${sums.join(', ')} ${w(ref)}`).raw().get() as number[]), ...(db.prepare(`SELECT ${sums.join(', ')} ${w(cur)}`).raw().get() as number[]));
  return out;
}

/** The latency profile written directly in SQL: count and sum of every stage and the total in one scan, then each column's p50/p90/p95/p99 from one sort. */
function latencyAnchor(db: Database.Database, t: string, cols: string[]): number[] {
  const sums = db.prepare(`SELECT ${cols.map((c) => `count(CASE WHEN ${num(c)} THEN 1 END), sum(CASE WHEN ${num(c)} THEN ${c} END)`).join(', ')} FROM ${t}`).raw().get() as number[];
  const out: number[] = [...sums];
  cols.forEach((c, k) => {
    const n = sums[2 * k]!;
    const pos = [0.5, 0.9, 0.95, 0.99].flatMap((p) => [Math.floor((n - 1) * p), Math.min(Math.floor((n - 1) * p) + 1, n - 1)]);
    const rows = db.prepare(`SELECT pos, v FROM (SELECT ${c} AS v, row_number() OVER (ORDER BY ${c}) - 1 AS pos FROM ${t} WHERE ${num(c)}) WHERE pos IN (SELECT value FROM json_each(?))`).raw().all(JSON.stringify(pos)) as number[][];
    out.push(rows.length);
  });
  return out;
}

async function main(): Promise<void> {
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  // The shared big store (tests/bench/bigStore.ts): built once, then kept under the temp folder between runs.
  const big = await openBigStore(ROWS, 'analysis');
  const { dir, s, eventId } = big;
  const imp = { datasetId: big.datasetId };
  const v = big.table;
  try {
    const call = (m: Parameters<typeof invoke>[1], i: unknown) => invoke(s.dispatch, m, i);
    const [ts, f1, f2, f3, pre, model, post, total] = big.cols as [string, string, string, string, string, string, string, string];
    const anchorDb = new Database(path.join(dir, 'kaizen.db'), { readonly: true });
    const refW: [number, number] = [START, START + 10 * DAY];
    const curW: [number, number] = [START + 10 * DAY, START + 20 * DAY];
    const driftInput = {
      eventId,
      datasetId: imp.datasetId,
      reference: { kind: 'dates', column: 'timestamp', from: '2026-11-01', to: '2026-11-10' },
      current: { kind: 'dates', column: 'timestamp', from: '2026-11-11', to: '2026-11-20' },
      features: ['f1', 'f2', 'f3'],
    };
    const latencyInput = { eventId, datasetId: imp.datasetId, stages: ['pre_ms', 'model_ms', 'post_ms'], total: 'total_ms' };
    const cases = [
      { name: 'Drift (3 columns, quantile PSI + KS)', service: () => call('analysis-drift', driftInput), anchor: async () => driftAnchor(anchorDb, `"${v}"`, ts, [f1, f2, f3], refW, curW) },
      { name: 'Latency profile (3 stages + total)', service: () => call('analysis-latency', latencyInput), anchor: async () => latencyAnchor(anchorDb, `"${v}"`, [pre, model, post, total]) },
    ];
    for (const c of cases) {
      const a: number[] = [];
      const b: number[] = [];
      let rssA = 0;
      let rssB = 0;
      for (let k = 0; k < RUNS; k++) {
        const x = await withPeakRss(c.service);
        a.push(x.ms);
        rssA = Math.max(rssA, x.peakMb);
        const y = await withPeakRss(c.anchor);
        b.push(y.ms);
        rssB = Math.max(rssB, y.peakMb);
      }
      const label = `${ROWS.toLocaleString('en-US')} rows`;
      report(`${c.name}, ${label}: service (median of ${RUNS}, interleaved)`, median(a), 'ms');
      report(`${c.name}, ${label}: the same aggregation in SQL`, median(b), 'ms');
      report(`  service / SQL`, median(a) / median(b), '×', '≤ 1.5×');
      report(`  host peak RSS during the service runs`, rssA, 'MB', '≤ 500 MB');
      report(`  host peak RSS during the SQL runs`, rssB, 'MB');
    }
    // API responsiveness: event-list every 50 ms while drift runs (in its worker thread). Each call's latency is
    // counted from the moment it was due, so a main thread blocked by the analysis would show as late answers.
    {
      let done = false;
      const running = call('analysis-drift', driftInput).finally(() => (done = true));
      const waits: number[] = [];
      const t0 = performance.now();
      for (let k = 1; !done; k++) {
        const due = t0 + k * 50;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
        if (done) break;
        await call('event-list', {});
        waits.push(performance.now() - due);
      }
      await running;
      const label = `${ROWS.toLocaleString('en-US')} rows`;
      report(`event-list every 50 ms during drift, ${label}: calls answered`, waits.length, 'calls');
      report(`  median latency (from when due)`, median(waits), 'ms', '≤ 100 ms');
      report(`  max latency (from when due)`, Math.max(...waits), 'ms', '≤ 100 ms');
    }
    anchorDb.close();
  } finally {
    s.close();
    big.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
