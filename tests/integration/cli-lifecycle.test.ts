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
});
