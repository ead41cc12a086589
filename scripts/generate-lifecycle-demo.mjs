#!/usr/bin/env node
// Deterministic sample logs for the demo event's Lifecycle page (issue 22):
//   node scripts/generate-lifecycle-demo.mjs   → resources/demo/lifecycle/*
// training-epochs.csv (4 retraining runs of the fraud model, validation loss per epoch, GPU hours per epoch),
// search-trials.csv (grid / random / Bayesian hyper-parameter search, validation AUC per trial),
// gpu-jobs.csv (a week of the shared 16-GPU pool's scheduler log), load-runs.csv (four weeks of the feature
// table's loads, full and incremental), serving-benchmark.csv (fp32 / fp16 / int8 / int8-qat variants on three
// memory sizes, cold starts marked), profiler-trace.json (PyTorch profiler, Chrome trace format, 8 steps).
// The threshold and batch-schedule analyses use the demo's inference log and pipeline runs as they are.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { prng, standardNormal } from './lib/random.mjs';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'resources', 'demo', 'lifecycle');
fs.mkdirSync(dir, { recursive: true });

const rnd = prng(20261122);
const normal = () => standardNormal(rnd);
const r = (x, d = 4) => Number(x.toFixed(d));
const csv = (name, header, rows) => fs.writeFileSync(path.join(dir, name), [header.join(','), ...rows.map((row) => row.join(','))].join('\n') + '\n');
const iso = (ms) => new Date(ms).toISOString().replace('.000Z', 'Z');
const H = 3_600_000;

// Training runs: loss falls to a floor, then creeps up (over-fitting) after a run-specific epoch.
const epochs = [];
[['retrain-2026-10', 0.212, 0.42, 7, 14, 0.31], ['retrain-2026-11a', 0.205, 0.45, 6, 12, 0.31], ['retrain-2026-11b', 0.198, 0.4, 8, 18, 0.44], ['retrain-2026-11c', 0.201, 0.44, 5, 11, 0.44]].forEach(([run, floor, span, tau, turn, gpu]) => {
  for (let e = 1; e <= 30; e++) {
    const over = e > turn ? 0.0022 * (e - turn) : 0;
    epochs.push([run, e, r(floor + span * Math.exp(-e / tau) + over + 0.0025 * normal()), gpu]);
  }
});
csv('training-epochs.csv', ['run_id', 'epoch', 'val_loss', 'gpu_hours'], epochs);

// Search trials: Bayesian reaches a good region sooner; grid walks a fixed lattice.
const trials = [];
for (const [strategy, speed, noise] of [['grid', 0.05, 0.012], ['random', 0.12, 0.02], ['bayesian', 0.28, 0.008]]) {
  let best = 0.86;
  for (let t = 1; t <= 24; t++) {
    const ceiling = 0.86 + 0.074 * (1 - Math.exp(-speed * t));
    const auc = Math.min(0.9399, ceiling - Math.abs(noise * normal()) - (strategy === 'grid' ? 0.01 * (t % 3) : 0));
    best = Math.max(best, auc);
    trials.push([strategy, t, r(auc), r(0.8 + 0.4 * rnd(), 2)]);
  }
}
csv('search-trials.csv', ['strategy', 'trial', 'val_auc', 'gpu_hours'], trials);

// GPU scheduler: a week (Mon 2026-11-02 …) on a pool of 16 GPUs; training jobs at night queue behind HPO sweeps.
const jobs = [];
const t0 = Date.UTC(2026, 10, 2);
const teams = [['fraud-ml', ['training', 'hpo', 'batch-inference']], ['risk-analytics', ['training', 'notebook']], ['platform', ['batch-inference', 'notebook']]];
const gpusOf = { training: [4, 8], hpo: [2, 4], 'batch-inference': [1, 2], notebook: [1, 1] };
const hoursOf = { training: [3, 9], hpo: [1, 4], 'batch-inference': [0.5, 2], notebook: [1, 5] };
for (let k = 1; k <= 84; k++) {
  const [team, types] = teams[Math.floor(rnd() * teams.length)];
  const type = types[Math.floor(rnd() * types.length)];
  const submit = t0 + Math.floor(rnd() * 7 * 24) * H + Math.floor(rnd() * 60) * 60_000;
  const night = new Date(submit).getUTCHours() < 6;
  const wait = (type === 'training' ? 25 : 6) * (night ? 3 : 1) * (0.2 + rnd()) * 60_000;
  const [lo, hi] = hoursOf[type];
  const dur = (lo + (hi - lo) * rnd()) * H;
  const g = gpusOf[type][Math.floor(rnd() * 2)];
  jobs.push([`job-${String(k).padStart(3, '0')}`, team, type, iso(submit), iso(submit + Math.round(wait / 60_000) * 60_000), iso(submit + Math.round(wait / 60_000) * 60_000 + Math.round(dur / 60_000) * 60_000), g]);
}
jobs.sort((a, b) => a[3].localeCompare(b[3]));
csv('gpu-jobs.csv', ['job_id', 'team', 'job_type', 'submitted_at', 'started_at', 'ended_at', 'gpus'], jobs);

// Loads: four weeks of the feature table; a full reload on Sundays and whenever the upstream schema changed.
const loads = [];
for (let d = 0; d < 28; d++) {
  const day = Date.UTC(2026, 10, 1) + d * 24 * H;
  const full = d % 7 === 0 || [3, 10, 11, 17, 24].includes(d);
  const minutes = full ? 84 + 22 * rnd() : 8 + 7 * rnd();
  const rows = full ? Math.round(12_400_000 + 600_000 * rnd()) : Math.round(310_000 + 290_000 * rnd());
  const start = day + 1 * H + Math.floor(rnd() * 20) * 60_000;
  loads.push([`load-${String(d + 1).padStart(2, '0')}`, full ? 'full' : 'incremental', iso(start), iso(start + Math.round(minutes * 60) * 1000), rows]);
}
csv('load-runs.csv', ['run_id', 'load_type', 'started_at', 'ended_at', 'rows'], loads);

// Serving benchmark: variant size and speed, accuracy per variant, cold starts slower on less memory and bigger models.
const bench = [];
const variants = [['fp32', 412, 38, 0.941], ['fp16', 206, 24, 0.94], ['int8', 104, 15, 0.921], ['int8-qat', 104, 16, 0.936]];
for (const [variant, size, base, acc] of variants) {
  // Exactly round(acc · 150) correct answers per variant, in shuffled order (accuracy is the variant's, not noise's).
  const correct = Array.from({ length: 150 }, (_, i) => (i < Math.round(acc * 150) ? 1 : 0));
  for (let i = correct.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [correct[i], correct[j]] = [correct[j], correct[i]];
  }
  let n = 0;
  for (const mem of [1024, 2048, 4096]) {
    for (let q = 0; q < 50; q++) {
      const cold = rnd() < 0.04;
      const speed = mem === 1024 ? 1.25 : mem === 2048 ? 1.05 : 1;
      const load = cold ? (size * 4.2 * (4096 / mem) ** 0.6) * (0.85 + 0.3 * rnd()) : 0;
      bench.push([variant, size, mem, cold, r(base * speed * Math.exp(0.18 * normal()) + load, 1), correct[n++]]);
    }
  }
}
csv('serving-benchmark.csv', ['variant', 'size_mb', 'memory_mb', 'cold_start', 'latency_ms', 'correct'], bench);

// Profiler trace: 8 steps of the fraud model's forward pass (µs), CPU ops on thread 1, CUDA kernels on stream 7.
const events = [];
let ts = 1_000;
for (let s = 1; s <= 8; s++) {
  const stepStart = ts;
  const ops = [];
  const span = (name, cat, dur, tid = 1) => {
    ops.push({ name, cat, ph: 'X', ts, dur: Math.round(dur), pid: 4242, tid });
  };
  const jitter = () => 0.9 + 0.2 * rnd();
  span('aten::to', 'cpu_op', 900 * jitter());
  ops.push({ name: 'Memcpy HtoD (Pageable -> Device)', cat: 'gpu_memcpy', ph: 'X', ts: ts + 100, dur: Math.round(700 * jitter()), pid: 4242, tid: 7 });
  ts += 1_000;
  const modStart = ts;
  span('aten::embedding', 'cpu_op', 2_400 * jitter());
  ts += 2_500;
  for (let layer = 0; layer < 3; layer++) {
    const lin = 5_200 * jitter();
    ops.push({ name: 'aten::linear', cat: 'cpu_op', ph: 'X', ts, dur: Math.round(lin), pid: 4242, tid: 1 });
    ops.push({ name: 'aten::addmm', cat: 'cpu_op', ph: 'X', ts: ts + 300, dur: Math.round(lin - 600), pid: 4242, tid: 1 });
    ops.push({ name: 'ampere_sgemm_128x64_tn', cat: 'kernel', ph: 'X', ts: ts + 600, dur: Math.round(3_100 * jitter()), pid: 4242, tid: 7 });
    ts += Math.round(lin) + 100;
    span('aten::layer_norm', 'cpu_op', 1_300 * jitter());
    ts += 1_400;
    span('aten::gelu', 'cpu_op', 800 * jitter());
    ts += 900;
  }
  ops.push({ name: 'nn.Module: FraudNet.encoder', cat: 'python_function', ph: 'X', ts: modStart, dur: ts - modStart, pid: 4242, tid: 1 });
  span('aten::softmax', 'cpu_op', 600 * jitter());
  ts += 700;
  span('aten::item', 'cpu_op', 3_800 * jitter()); // a device → host sync that waits for the GPU
  ts += 3_900;
  events.push({ name: `ProfilerStep#${s}`, cat: 'user_annotation', ph: 'X', ts: stepStart, dur: ts - stepStart, pid: 4242, tid: 1 }, ...ops);
  ts += 2_000;
}
fs.writeFileSync(path.join(dir, 'profiler-trace.json'), JSON.stringify({ schemaVersion: 1, displayTimeUnit: 'ms', traceEvents: events }, null, 1) + '\n');
console.log(`wrote ${dir}: ${epochs.length} epochs, ${trials.length} trials, ${jobs.length} jobs, ${loads.length} loads, ${bench.length} benchmark rows, ${events.length} trace events`);
