// Opening a dataset control chart in the app (issue 15): request → decode → painted, measured in Chromium
// through the real host (`kaizen serve` from out/, or KAIZEN_OUT_DIR: run `npm run build` first), against a bare
// canvas drawing the same points with the same drawing code in the same page and run (ratio). The host keeps a
// computed chart per (dataset version, options), so the FIRST open (the host reads the column and computes) and
// a re-open (served from that cache) are reported apart. Also, in Node: the answer's size and the service time,
// first open (cache emptied) vs re-open, packed and decimated vs full resolution vs the object form sent before.
// Then a 10,000,000-row column of the shared big store (tests/bench/bigStore.ts): first open and re-open through
// a host of its own, and that host's peak RSS (VmHWM).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { datasetChartCache, datasetChartColumns, datasetChartOf } from '../../main/services/spc/datasetChart';
import { DatasetChartInput } from '../../common/contract/schemas/spc';
import { bundleForPage, report } from './benchUtil';
import { openBigStore } from './bigStore';

const SIZES = (process.env.KAIZEN_BENCH_CHART_SIZES ?? '100000,1000000').split(',').map(Number).filter((n) => n > 0);
/** Rows of the big-store case (0 skips it). */
const BIG_ROWS = Number(process.env.KAIZEN_BENCH_CHART_BIG_ROWS ?? 10_000_000);
const WIDTH = 1200;
const ROUNDS = 5;

/** The plotted column: noise, a shift after 60 %, a spike every 50,000 rows (test 1). Same formula in the page. */
const valueAt = (i: number, n: number) => 400 + ((i * 7919) % 97) / 10 - (i > n * 0.6 ? 3 : 0) + (i % 50_000 === 25_000 ? 200 : 0);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function prepare(dir: string): Promise<Record<number, string>> {
  const s = await createServices({ dataDir: dir, logger: { error: () => undefined } });
  const ids: Record<number, string> = {};
  try {
    const e = await invoke(s.dispatch, 'event-create', { name: 'chart bench' });
    for (const n of SIZES) {
      const file = path.join(dir, `rows-${n}.csv`);
      const lines = ['total_ms'];
      for (let i = 0; i < n; i++) lines.push(valueAt(i, n).toFixed(1));
      fs.writeFileSync(file, lines.join('\n') + '\n');
      const imp = await invoke(s.dispatch, 'dataset-import', { eventId: e.id, source: { kind: 'path', path: file }, name: `rows ${n}` });
      ids[n] = imp.datasetId!;
      const input = { datasetId: imp.datasetId!, value: 'total_ms', chart: 'imr' as const, preset: 'custom' as const, tests: [1] };
      const timed = async (extra: object, cold: boolean) => {
        const times: number[] = [];
        let bytes = 0;
        for (let r = 0; r < 3; r++) {
          if (cold) datasetChartCache(s.ctx).clear();
          const t = performance.now();
          bytes = JSON.stringify(await invoke(s.dispatch, 'spc-dataset-chart', { ...input, ...extra })).length;
          times.push(performance.now() - t);
        }
        return { ms: median(times), bytes };
      };
      // The very first open in this process (cold JIT, cold cache), then first opens with the cache emptied, then re-opens.
      datasetChartCache(s.ctx).clear();
      const t0 = performance.now();
      await invoke(s.dispatch, 'spc-dataset-chart', { ...input, view: { width: WIDTH } });
      const veryFirst = performance.now() - t0;
      const first = await timed({ view: { width: WIDTH } }, true);
      const dec = await timed({ view: { width: WIDTH } }, false);
      const full = await timed({}, false);
      // The object form the contract sent before (one object per point, limits repeated), from the same engine result.
      const t = performance.now();
      const c = datasetChartOf(s.ctx, DatasetChartInput.parse(input));
      const objectBytes = JSON.stringify({ ...c, panels: c.panels.map((p) => ({ ...p, points: p.points.map((q) => ({ ...q, ucl: Number.isFinite(q.ucl) ? q.ucl : null, lcl: Number.isFinite(q.lcl) ? q.lcl : null })) })) }).length;
      const objectMs = performance.now() - t;
      const label = `${n.toLocaleString('en-US')}-point I-MR dataset chart`;
      report(`${label}: answer, decimated to ${WIDTH} px`, dec.bytes / 1e6, 'MB');
      report(`${label}: answer, packed, full resolution`, full.bytes / 1e6, 'MB');
      report(`${label}: answer as the object form sent before (context)`, objectBytes / 1e6, 'MB');
      report(`${label}: service time, first open in this process (read + chart + pack)`, veryFirst, 'ms');
      report(`${label}: service time, first open, cache emptied (read + chart + pack; median of 3)`, first.ms, 'ms');
      report(`${label}: service time, re-open from the cache, decimated (pack)`, dec.ms, 'ms');
      report(`${label}: service time, re-open from the cache, packed full resolution`, full.ms, 'ms');
      report(`${label}: chart + object form JSON, as before (context)`, objectMs, 'ms');
    }
  } finally {
    s.close();
  }
  return ids;
}

/** User + system CPU time of a process so far (Linux /proc/PID/stat, clock ticks of 10 ms), in ms. */
function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) * 10;
}

/** Peak and current resident set of a process (Linux /proc), in MB. */
function rssOf(pid: number): { peakMb: number; nowMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string) => Number(new RegExp(`${key}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN);
  return { peakMb: kb('VmHWM') / 1024, nowMb: kb('VmRSS') / 1024 };
}

async function startHost(dir: string): Promise<{ origin: string; token: string; pid: number; stop: () => void }> {
  const root = process.cwd();
  const server = spawn(process.execPath, [path.join(root, 'bin', 'kaizen.cjs'), 'serve', '--no-open', '--port', '0', '--data-dir', dir], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  server.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    server.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (http:\/\/\S+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    server.on('exit', (code) => reject(new Error(`kaizen serve exited with ${code}: ${stderr}`)));
  });
  const u = new URL(url);
  return { origin: u.origin, token: u.searchParams.get('token')!, pid: server.pid!, stop: () => server.kill('SIGTERM') };
}

type OpenCase = { n: number; datasetId: string; value: string; label: string; bare: boolean; full: boolean; rounds: number; target?: string };

/** Opens each case's chart in Chromium through a host on `dir`: the first open, re-opens, and (when asked) the bare canvas and full resolution. */
async function openInChromium(dir: string, cases: OpenCase[]): Promise<{ pid: number }> {
  const script = await bundleForPage(`import { drawSeries } from './renderer/src/charts/controlChart/draw';
        import { modelFromArrays, modelFromPanel } from './renderer/src/charts/controlChart/model';
        import { buildOverlay } from './renderer/src/charts/controlChart/overlay';
        window.bench = { drawSeries, modelFromArrays, modelFromPanel, buildOverlay };`);
  const host = await startHost(dir);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    // The host's page CSP forbids inline scripts; the bench injects its drawing code, so CSP is bypassed here.
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, bypassCSP: true });
    // A page of the host's origin (its API answers same-origin calls with the session token).
    await page.goto(`${host.origin}/api-bench-blank`, { waitUntil: 'domcontentloaded' }).catch(() => undefined);
    await page.setContent('<canvas id="a" width="1100" height="340"></canvas><canvas id="b" width="1100" height="220"></canvas>');
    await page.addScriptTag({ content: script });
    for (const c of cases) {
      const run = (phase: 'first' | 'rounds') => page.evaluate(async ({ n, datasetId, value, token, width, rounds, origin, withBare, withFull, phase }) => {
        // Runs in Chromium; typed structurally because this file is compiled without the DOM library.
        type Ctx = { clearRect: (x: number, y: number, w: number, h: number) => void; getImageData: (x: number, y: number, w: number, h: number) => unknown };
        type Model = { values: Float64Array; index: Int32Array; tests: Uint8Array };
        type B = { drawSeries: (...a: unknown[]) => void; modelFromArrays: (...a: unknown[]) => Model; modelFromPanel: (p: unknown) => Model; buildOverlay: (...a: unknown[]) => { frame: unknown } };
        const g = globalThis as unknown as { bench: B; fetch: (u: string, o: object) => Promise<{ json: () => Promise<{ ok: boolean; value: { panels: unknown[] } }> }>; document: { getElementById: (id: string) => { getContext: (k: '2d') => Ctx } } };
        const b = g.bench;
        const ctxs = [g.document.getElementById('a').getContext('2d'), g.document.getElementById('b').getContext('2d')];
        const heights = [340, 220];
        const paint = (models: Model[]) => {
          models.forEach((m, k) => {
            const d = { i0: 0, i1: m.values.length, index: m.index };
            ctxs[k]!.clearRect(0, 0, 1100, heights[k]!);
            const o = b.buildOverlay(m, d, 1100, heights[k]!, 'ms');
            b.drawSeries(ctxs[k], m, d, o.frame, { line: '#0072b2', signal: '#cc3311' });
            ctxs[k]!.getImageData(0, 0, 1, 1); // flush the canvas work
          });
        };
        const open = async (view: object | undefined) => {
          const t = performance.now();
          const res = await g.fetch(`${origin}/api/spc-dataset-chart`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ datasetId, value, chart: 'imr', preset: 'custom', tests: [1], view }) });
          const body = await res.json();
          if (!body.ok) throw new Error(`spc-dataset-chart failed: ${JSON.stringify(body).slice(0, 300)}`);
          paint(body.value.panels.map((p) => b.modelFromPanel(p)));
          return performance.now() - t;
        };
        // The first open: the host reads the column and computes the chart (nothing cached yet).
        if (phase === 'first') return { first: await open({ width }), open: NaN, bare: NaN, full: NaN };
        // The bare canvas: the same points (I and MR), already in memory, drawn by the same code.
        let bare = () => NaN;
        if (withBare) {
          const x = new Float64Array(n);
          for (let i = 0; i < n; i++) x[i] = Number((400 + ((i * 7919) % 97) / 10 - (i > n * 0.6 ? 3 : 0) + (i % 50_000 === 25_000 ? 200 : 0)).toFixed(1));
          const mr = new Float64Array(n - 1);
          for (let i = 1; i < n; i++) mr[i - 1] = Math.abs(x[i]! - x[i - 1]!);
          bare = () => {
            const t = performance.now();
            paint([b.modelFromArrays(x, 400, 430, 370), b.modelFromArrays(mr, 5, 15, 0)]);
            return performance.now() - t;
          };
        }
        const opened: number[] = [];
        const full: number[] = [];
        const bares: number[] = [];
        bare();
        for (let k = 0; k < rounds; k++) {
          opened.push(await open({ width }));
          if (withBare) bares.push(bare());
          if (withFull) full.push(await open(undefined));
        }
        const med = (xs: number[]) => (xs.length ? [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]! : NaN);
        return { first: NaN, open: med(opened), bare: med(bares), full: med(full) };
      }, { n: c.n, datasetId: c.datasetId, value: c.value, token: host.token, width: WIDTH, rounds: c.rounds, origin: host.origin, withBare: c.bare, withFull: c.full, phase });
      // The host's CPU time (user + system, all its threads) for the first open: a figure the machine's load stretches less than wall time.
      const cpu0 = cpuMsOf(host.pid);
      const { first } = await run('first');
      const firstCpu = cpuMsOf(host.pid) - cpu0;
      const r = { ...(await run('rounds')), first };
      const label = `${c.label} in Chromium through the host`;
      report(`${label}: FIRST open, request → decode → painted (host reads + computes; decimated to ${WIDTH} px)`, r.first, 'ms', c.target);
      report(`  host CPU time during the first open`, firstCpu, 'ms');
      report(`${label}: re-open (the host's chart cache), request → decode → painted`, r.open, 'ms', c.target);
      if (c.bare) {
        report(`  bare canvas drawing the same ${c.n.toLocaleString('en-US')} points (same run)`, r.bare, 'ms');
        report('  ratio first open / bare canvas', r.first / r.bare, '×');
        report('  ratio re-open / bare canvas', r.open / r.bare, '×');
      }
      if (c.full) report(`  request → decode → painted, packed at full resolution, re-open (context)`, r.full, 'ms');
    }
    return { pid: host.pid };
  } finally {
    await browser.close();
    const rss = rssOf(host.pid);
    report(`  host peak RSS (VmHWM, whole run of this host)`, rss.peakMb, 'MB', cases.some((c) => c.n >= 10_000_000) ? '≤ 500 MB' : undefined);
    report(`  host RSS at the end (the chart cache holds the computed charts)`, rss.nowMb, 'MB');
    host.stop();
  }
}

async function main(): Promise<void> {
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  if (SIZES.length > 0) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-chart-'));
    try {
      const ids = await prepare(dir);
      await openInChromium(dir, SIZES.map((n) => ({ n, datasetId: ids[n]!, value: 'total_ms', label: `${n.toLocaleString('en-US')}-point I-MR dataset chart`, bare: true, full: true, rounds: ROUNDS, target: n === 100_000 ? '< 100 ms' : '< 150 ms' })));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  if (BIG_ROWS > 0) {
    // A column of the big store (one point per row), through a host of its own so its RSS is this chart's. post_ms
    // (c/10 of a hash of the row number) looks like noise; total_ms sums two sawtooths and has 4.8 million of its
    // 10 million points flagged by test 1, so a decimated answer still carries every one of them (README).
    const column = process.env.KAIZEN_BENCH_CHART_BIG_COLUMN ?? 'post_ms';
    const big = await openBigStore(BIG_ROWS, 'chart');
    const { datasetId } = big;
    // The big store is filled inside SQLite (bigStore.ts), so its table has no column packs (migration 0230) until
    // a chart packs the column: the first open of a store from before 0230. An import packs its numeric columns
    // itself. Measured here in Node (the cost once per column of such a store); the host below opens a packed column.
    const sqlName = (big.s.ctx.db.prepare('SELECT columns FROM dataset_versions WHERE id = ?').pluck().get(big.versionId) as string);
    const col = (JSON.parse(sqlName) as { name: string; sqlName: string }[]).find((c) => c.name === column)!.sqlName;
    const packed = big.s.ctx.db.prepare('SELECT count(*) FROM dataset_column_packs WHERE table_name = ? AND column_name = ?').pluck().get(big.table, col) as number;
    if (packed === 0) {
      const t = performance.now();
      const { view: _view, ...input } = DatasetChartInput.parse({ datasetId, value: column, chart: 'imr', preset: 'custom', tests: [1] });
      datasetChartColumns(big.s.ctx, input);
      report(`${BIG_ROWS.toLocaleString('en-US')}-row column (${column}): first open of a store from before migration 0230 (reads the rows, packs the column; in Node)`, performance.now() - t, 'ms');
    } else console.log(`the big store's ${column} is already packed (an earlier run packed it)`);
    const bytes = big.s.ctx.db.prepare('SELECT sum(length(data)) FROM dataset_column_packs WHERE table_name = ? AND column_name = ?').pluck().get(big.table, col) as number;
    report(`${BIG_ROWS.toLocaleString('en-US')}-row column (${column}): its packs in the store`, bytes / 1e6, 'MB');
    big.s.close();
    try {
      console.log(`load average before the ${BIG_ROWS.toLocaleString('en-US')}-row chart: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
      await openInChromium(big.dir, [{ n: BIG_ROWS, datasetId, value: column, label: `${BIG_ROWS.toLocaleString('en-US')}-row column (${column}) I-MR chart`, bare: false, full: false, rounds: ROUNDS, target: '≤ 1 s' }]);
    } finally {
      big.dispose();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
