// Opening a dataset control chart in the app (issue 15): request → decode → painted, measured in Chromium
// through the real host (`kaizen serve` from out/: run `npm run build` first), against a bare canvas drawing
// the same points with the same drawing code in the same page and run (ratio). Also, in Node: the answer's
// size and the service time, packed and decimated vs packed at full resolution vs the object form sent before.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { createServices } from '../../main/createServices';
import { invoke } from '../../main/dispatch';
import { datasetChartOf } from '../../main/services/spc/datasetChart';
import { DatasetChartInput } from '../../common/contract/schemas/spc';
import { bundleForPage, report } from './benchUtil';

const SIZES = (process.env.KAIZEN_BENCH_CHART_SIZES ?? '100000,1000000').split(',').map(Number);
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
      const timed = async (extra: object) => {
        const times: number[] = [];
        let bytes = 0;
        for (let r = 0; r < 3; r++) {
          const t = performance.now();
          bytes = JSON.stringify(await invoke(s.dispatch, 'spc-dataset-chart', { ...input, ...extra })).length;
          times.push(performance.now() - t);
        }
        return { ms: median(times), bytes };
      };
      await timed({}); // warm: the first read of a table and the JIT
      const dec = await timed({ view: { width: WIDTH } });
      const full = await timed({});
      // The object form the contract sent before (one object per point, limits repeated), from the same engine result.
      const t = performance.now();
      const c = datasetChartOf(s.ctx, DatasetChartInput.parse(input));
      const objectBytes = JSON.stringify({ ...c, panels: c.panels.map((p) => ({ ...p, points: p.points.map((q) => ({ ...q, ucl: Number.isFinite(q.ucl) ? q.ucl : null, lcl: Number.isFinite(q.lcl) ? q.lcl : null })) })) }).length;
      const objectMs = performance.now() - t;
      const label = `${n.toLocaleString('en-US')}-point I-MR dataset chart`;
      report(`${label}: answer, decimated to ${WIDTH} px`, dec.bytes / 1e6, 'MB');
      report(`${label}: answer, packed, full resolution`, full.bytes / 1e6, 'MB');
      report(`${label}: answer as the object form sent before (context)`, objectBytes / 1e6, 'MB');
      report(`${label}: service time, decimated (read + chart + pack)`, dec.ms, 'ms');
      report(`${label}: service time, packed full resolution`, full.ms, 'ms');
      report(`${label}: chart + object form JSON, as before (context)`, objectMs, 'ms');
    }
  } finally {
    s.close();
  }
  return ids;
}

async function startHost(dir: string): Promise<{ origin: string; token: string; stop: () => void }> {
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
  return { origin: u.origin, token: u.searchParams.get('token')!, stop: () => server.kill('SIGTERM') };
}

async function openInChromium(dir: string, ids: Record<number, string>): Promise<void> {
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
    for (const n of SIZES) {
      const r = await page.evaluate(async ({ n, datasetId, token, width, rounds, origin }) => {
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
          const res = await g.fetch(`${origin}/api/spc-dataset-chart`, { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ datasetId, value: 'total_ms', chart: 'imr', preset: 'custom', tests: [1], view }) });
          const body = await res.json();
          if (!body.ok) throw new Error('spc-dataset-chart failed');
          paint(body.value.panels.map((p) => b.modelFromPanel(p)));
          return performance.now() - t;
        };
        // The bare canvas: the same points (I and MR), already in memory, drawn by the same code.
        const x = new Float64Array(n);
        for (let i = 0; i < n; i++) x[i] = Number((400 + ((i * 7919) % 97) / 10 - (i > n * 0.6 ? 3 : 0) + (i % 50_000 === 25_000 ? 200 : 0)).toFixed(1));
        const mr = new Float64Array(n - 1);
        for (let i = 1; i < n; i++) mr[i - 1] = Math.abs(x[i]! - x[i - 1]!);
        const bare = () => {
          const t = performance.now();
          paint([b.modelFromArrays(x, 400, 430, 370), b.modelFromArrays(mr, 5, 15, 0)]);
          return performance.now() - t;
        };
        const opened: number[] = [];
        const full: number[] = [];
        const bares: number[] = [];
        await open({ width });
        bare();
        for (let k = 0; k < rounds; k++) {
          opened.push(await open({ width }));
          bares.push(bare());
          full.push(await open(undefined));
        }
        const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)]!;
        return { open: med(opened), bare: med(bares), full: med(full) };
      }, { n, datasetId: ids[n]!, token: host.token, width: WIDTH, rounds: ROUNDS, origin: host.origin });
      const label = `${n.toLocaleString('en-US')}-point I-MR dataset chart in Chromium through the host`;
      report(`${label}: request → decode → painted (decimated to ${WIDTH} px)`, r.open, 'ms', n === 100_000 ? '< 100 ms' : '< 150 ms');
      report(`  bare canvas drawing the same ${n.toLocaleString('en-US')} points (same run)`, r.bare, 'ms');
      report('  ratio open / bare canvas', r.open / r.bare, '×');
      report(`  request → decode → painted, packed at full resolution (context)`, r.full, 'ms');
    }
  } finally {
    await browser.close();
    host.stop();
  }
}

async function main(): Promise<void> {
  console.log(`load average at start: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} cores`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kaizen-bench-chart-'));
  try {
    const ids = await prepare(dir);
    await openInChromium(dir, ids);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
