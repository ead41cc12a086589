import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { runKaizen, writeFile } from '../helpers/cli';
import { tempDir } from '../helpers/tempServices';

const dir = tempDir('kaizen-cli-lifecycle-');
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => writeFile(dir, name, text);

// Run a: loss 1.00 0.80 0.70 0.71 0.69 0.72 0.73 0.60; run b: 0.90 0.85 0.84 0.83 (epoch hours 0.5).
const epochs = file(
  'epochs.csv',
  ['run_id,epoch,val_loss,gpu_h', ...[1.0, 0.8, 0.7, 0.71, 0.69, 0.72, 0.73, 0.6].map((m, i) => `a,${i + 1},${m},0.5`), ...[0.9, 0.85, 0.84, 0.83].map((m, i) => `b,${i + 1},${m},0.5`)].join('\n') + '\n',
);
const scored = file('scored.csv', 'score,label\n0.8,fraud\n0.1,legit\n0.4,fraud\n0.9,fraud\n0.4,legit\n0.6,legit\n');
const trials = file(
  'trials.csv',
  'strategy,trial,auc\ngrid,1,0.70\ngrid,2,0.80\ngrid,3,0.85\ngrid,4,0.90\nrandom,1,0.75\nrandom,2,0.95\nrandom,3,0.85\nbayesian,1,0.80\nbayesian,2,0.92\nbayesian,3,1.00\n',
);

describe('kaizen lifecycle', () => {
  it('early-stopping prints the issue\'s fields', async () => {
    const r = await runKaizen('lifecycle', 'early-stopping', '--input', epochs, '--run', 'run_id', '--epoch', 'epoch', '--metric', 'val_loss', '--mode', 'min', '--patience', '2', '--gpu-hours-per-epoch', 'gpu_h', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    // Worked in common/domain/lifecycle/earlyStopping.test.ts: run a stops at epoch 7 (best 0.69 at 5), 1 epoch saved.
    expect(j.runs[0]).toMatchObject({ run: 'a', stopEpoch: 7, bestEpoch: 5, bestBeforeStop: 0.69, finalBest: 0.6, metricGivenUp: 0.09, epochsSaved: 1, gpuHoursSaved: 0.5 });
    for (const k of ['run', 'stopEpoch', 'bestEpoch', 'bestBeforeStop', 'finalBest', 'metricGivenUp', 'epochsSaved', 'gpuHoursSaved']) expect(j.runs[1]).toHaveProperty(k);
    expect(j.totalGpuHoursSaved).toBe(0.5);
    // A constant per epoch: 0.25 h × 1 epoch.
    const c = JSON.parse((await runKaizen('lifecycle', 'early-stopping', '--input', epochs, '--run', 'run_id', '--epoch', 'epoch', '--metric', 'val_loss', '--mode', 'min', '--patience', '2', '--gpu-hours-per-epoch', '0.25', '--json')).out);
    expect(c.totalGpuHoursSaved).toBe(0.25);
  });

  it('threshold prints threshold, cost, confusion and curve', async () => {
    const r = await runKaizen('lifecycle', 'threshold', '--input', scored, '--score', 'score', '--label', 'label', '--positive', 'fraud', '--cost-fp', '1', '--cost-fn', '5', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.threshold).toBe(0.4);
    expect(j.cost).toBe(2);
    expect(j.confusion).toEqual({ tp: 3, fp: 2, tn: 1, fn: 0 });
    expect(j.curve).toEqual([{ threshold: 0.1, cost: 3 }, { threshold: 0.4, cost: 2 }, { threshold: 0.6, cost: 6 }, { threshold: 0.8, cost: 5 }, { threshold: 0.9, cost: 10 }]);
  });

  it('search prints strategies with trials, best and trials to target', async () => {
    const r = await runKaizen('lifecycle', 'search', '--input', trials, '--strategy', 'strategy', '--trial', 'trial', '--metric', 'auc', '--mode', 'max', '--target-share', '0.95', '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.strategies.map((s: Record<string, unknown>) => [s.strategy, s.trials, s.best, s.trialsToTarget])).toEqual([
      ['random', 3, 0.95, 2],
      ['bayesian', 3, 1, 3],
      ['grid', 4, 0.9, null],
    ]);
  });

  it('text output says it in words', async () => {
    const r = await runKaizen('lifecycle', 'threshold', '--input', scored, '--score', 'score', '--label', 'label', '--positive', 'fraud', '--cost-fp', '1', '--cost-fn', '5');
    expect(r.out).toContain('Threshold 0.4: cost 2 (FP × 1 + FN × 5); TP 3, FP 2, TN 1, FN 0 over 6 rows.');
  });

  it('bad input exits 2 naming the file, column and row', async () => {
    const missing = await runKaizen('lifecycle', 'threshold', '--input', scored, '--score', 'prob', '--label', 'label', '--positive', 'fraud', '--cost-fp', '1', '--cost-fn', '5', '--json');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('scored.csv has no column "prob" (columns: score, label)');
    const text = file('text.csv', 'run,epoch,loss\na,1,0.5\na,2,high\n');
    const wrong = await runKaizen('lifecycle', 'early-stopping', '--input', text, '--run', 'run', '--epoch', 'epoch', '--metric', 'loss', '--mode', 'min', '--patience', '1', '--json');
    expect(wrong.code).toBe(2);
    expect(wrong.err).toContain('text.csv, column "loss", row 2: "high" is not a number');
    const empty = file('empty.csv', 'strategy,trial,auc\n');
    const none = await runKaizen('lifecycle', 'search', '--input', empty, '--strategy', 'strategy', '--trial', 'trial', '--metric', 'auc', '--mode', 'max', '--json');
    expect(none.code).toBe(2);
    expect(none.err).toContain('empty.csv: the file has a header row but no data rows');
    const mode = await runKaizen('lifecycle', 'search', '--input', trials, '--strategy', 'strategy', '--trial', 'trial', '--metric', 'auc', '--mode', 'up');
    expect(mode.code).toBe(2);
    expect(mode.err).toContain('--mode must be min or max');
    const kind = await runKaizen('lifecycle', 'forecast', '--input', trials);
    expect(kind.code).toBe(2);
    expect(kind.err).toContain('Choose an analysis: batch-schedule, load-types, early-stopping');
  });

  // The other analyses through their flags; the numbers are worked in common/domain/lifecycle/<analysis>.test.ts.
  it('batch-schedule, load-types, gpu, trace, quantization, cold-start and anonymisation through their flags', async () => {
    const json = async (...argv: string[]) => {
      const r = await runKaizen('lifecycle', ...argv, '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      return JSON.parse(r.out);
    };
    const runs = file('runs.csv', 'run,start,end\nr1,2026-11-02T01:00:00Z,2026-11-02T03:00:00Z\nr2,2026-11-03T01:00:00Z,2026-11-03T03:00:00Z\n');
    const traffic = file('traffic.csv', 'ts\n2026-11-02T01:00:00Z\n2026-11-02T12:00:00Z\n2026-11-03T02:00:00Z\n2026-11-03T12:00:00Z\n');
    const b = await json('batch-schedule', '--input', runs, '--run', 'run', '--start', 'start', '--end', 'end', '--traffic', traffic, '--traffic-time', 'ts', '--every', '24');
    expect(b.dataAge).toEqual({ p50Hours: 12, p95Hours: 23.05, meanHours: 12.75, requests: 4 });
    expect(b.offPeakWindows.map((w: { start: string }) => w.start)).toEqual(['03:00', '05:00', '07:00']);

    const loads = file('loads.csv', 'load_type,minutes,rows\nfull,60,1000\nincremental,10,100\nfull,80,1000\nincremental,20,200\nfull,100,1000\n');
    expect((await json('load-types', '--input', loads, '--type', 'load_type', '--duration', 'minutes', '--rows', 'rows')).switch).toEqual({ from: 'full', to: 'incremental', runs: 3, currentHours: 4, projectedHours: 0.75, savedHours: 3.25, savedShare: 0.722222222222 });

    const jobs = file('jobs.csv', 'team,job_type,submitted,started,ended,gpus\nA,train,2026-11-02T00:00:00Z,2026-11-02T00:30:00Z,2026-11-02T02:30:00Z,2\nA,eval,2026-11-02T01:00:00Z,2026-11-02T01:00:00Z,2026-11-02T02:00:00Z,1\nB,train,2026-11-02T00:00:00Z,2026-11-02T01:30:00Z,2026-11-02T03:00:00Z,4\n');
    const g = await json('gpu', '--input', jobs, '--team', 'team', '--job-type', 'job_type', '--submit', 'submitted', '--start', 'started', '--end', 'ended', '--gpus', 'gpus');
    expect([g.totalGpuHours, g.capacity, g.meanUtilisation]).toEqual([11, 7, 0.52380952381]);
    expect((await json('gpu', '--input', jobs, '--team', 'team', '--submit', 'submitted', '--start', 'started', '--end', 'ended', '--gpus', 'gpus', '--capacity', '10')).utilisation.map((u: { utilisation: number }) => u.utilisation)).toEqual([0.1, 0.5, 0.5]);

    const step = (k: number) => {
      const o = k * 1000;
      return [
        { name: `ProfilerStep#${k + 1}`, ph: 'X', ts: o, dur: 1000, pid: 1, tid: 1 },
        { name: 'aten::linear', cat: 'cpu_op', ph: 'X', ts: o + 100, dur: 400, pid: 1, tid: 1 },
        { name: 'aten::addmm', cat: 'cpu_op', ph: 'X', ts: o + 150, dur: 300, pid: 1, tid: 1 },
        { name: 'aten::relu', cat: 'cpu_op', ph: 'X', ts: o + 600, dur: 100, pid: 1, tid: 1 },
        { name: 'void gemm', cat: 'kernel', ph: 'X', ts: o + 200, dur: 250, pid: 1, tid: 7 },
      ];
    };
    const trace = file('trace.json', JSON.stringify({ traceEvents: [...step(0), ...step(1)] }));
    const t = await json('trace', '--input', trace, '--top', '2');
    expect(t.operators.map((o: { name: string }) => o.name)).toEqual(['aten::addmm', 'void gemm', 'aten::linear', 'aten::relu']);
    expect(t.topShareOfRequest).toBe(0.55);

    const bench = file('bench.csv', 'variant,latency_ms,correct,size_mb\nfp32,10,1,400\nfp32,20,1,400\nfp32,30,1,400\nint8,5,1,100\nint8,9,0,100\nint8,13,0,100\n');
    const q = await json('quantization', '--input', bench, '--variant', 'variant', '--latency', 'latency_ms', '--size', 'size_mb', '--accuracy', 'correct');
    expect(q.variants.map((v: { variant: string; p95: number; paretoEfficient: boolean }) => [v.variant, v.p95, v.paretoEfficient])).toEqual([['fp32', 29, true], ['int8', 12.6, true]]);

    const serving = file('serving.csv', 'memory_mb,latency_ms,cold_start\n512,900,true\n512,1100,true\n512,100,false\n512,120,false\n512,140,false\n1024,500,true\n1024,80,false\n1024,100,false\n');
    expect((await json('cold-start', '--input', serving, '--group', 'memory_mb', '--latency', 'latency_ms', '--cold', 'cold_start')).groups.map((x: { group: string; penaltyP50: number }) => [x.group, x.penaltyP50])).toEqual([['512', 880], ['1024', 410]]);

    const before = file('original.csv', 'name,age,region,amount\nAnn,30,N,10\nBob,40,N,20\nCid,50,S,30\nDee,60,S,40\n');
    const after = file('released.csv', 'age,region,amount\n30,r1,10\n30,r1,20\n50,r2,30\n50,r2,40\n');
    const a = await json('anonymisation', '--input', after, '--before', before, '--qi', 'region,age', '--k', '3', '--metric', 'amount');
    expect(a.kAnonymity).toMatchObject({ groups: 2, smallestGroup: 2, rowsBelowK: 4, shareBelowK: 1, satisfied: false });
    expect(a.columns.map((c: { column: string; status: string }) => [c.column, c.status])).toEqual([['name', 'dropped'], ['age', 'changed'], ['region', 'changed'], ['amount', 'kept']]);

    const noPlan = await runKaizen('lifecycle', 'batch-schedule', '--input', runs, '--start', 'start', '--end', 'end', '--traffic', traffic, '--traffic-time', 'ts');
    expect(noPlan.code).toBe(2);
    expect(noPlan.err).toContain('Give the proposed schedule: --every N (hours) or --at HH:MM,HH:MM (UTC), not both.');
    const notTrace = await runKaizen('lifecycle', 'trace', '--input', loads);
    expect(notTrace.code).toBe(2);
    expect(notTrace.err).toContain('loads.csv: Unexpected token');
  });
});
