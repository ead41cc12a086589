import { describe, expect, it } from 'vitest';
import { DomainInputError } from '../errors';
import { earlyStopping } from './earlyStopping';
import { logTable } from './table';

// Two runs of validation loss (mode min), 0.5 GPU hours per epoch.
//   run a: 1.00 0.80 0.70 0.71 0.69 0.72 0.73 0.60
//   run b: 0.90 0.85 0.84 0.83
const a = [1.0, 0.8, 0.7, 0.71, 0.69, 0.72, 0.73, 0.6];
const b = [0.9, 0.85, 0.84, 0.83];
const table = logTable('epochs.csv', [
  { name: 'run', values: [...a.map(() => 'a'), ...b.map(() => 'b')] },
  { name: 'epoch', values: [...a.map((_, i) => i + 1), ...b.map((_, i) => i + 1)] },
  { name: 'val_loss', values: [...a, ...b] },
  { name: 'gpu_h', values: [...a.map(() => 0.5), ...b.map(() => 0.5)] },
]);

describe('earlyStopping', () => {
  it('patience 2, min-delta 0: run a stops at epoch 7, run b never triggers', () => {
    // Run a, reference starts at 1.00 (epoch 1). Epoch 2: 0.80 < 1.00 → improves (ref 0.80, wait 0). Epoch 3: 0.70 →
    // improves (ref 0.70). Epoch 4: 0.71 not < 0.70 → wait 1. Epoch 5: 0.69 < 0.70 → improves (ref 0.69, wait 0).
    // Epoch 6: 0.72 → wait 1. Epoch 7: 0.73 → wait 2 = patience → stop at epoch 7.
    // Best of epochs 1..7 = 0.69 at epoch 5; final best = 0.60 (epoch 8); given up 0.69 − 0.60 = 0.09.
    // Epochs after the stop: epoch 8 only → 1 epoch, 0.5 GPU hours saved.
    // Run b improves every epoch → never triggers: stop = last epoch 4, best 0.83 both, 0 saved.
    const r = earlyStopping(table, { run: 'run', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 2, gpuHoursPerEpoch: 'gpu_h' });
    expect(r.runs).toEqual([
      { run: 'a', epochs: 8, lastEpoch: 8, stopEpoch: 7, triggered: true, bestEpoch: 5, bestBeforeStop: 0.69, finalBest: 0.6, metricGivenUp: 0.09, epochsSaved: 1, gpuHoursSaved: 0.5, gpuHoursUsed: 4 },
      { run: 'b', epochs: 4, lastEpoch: 4, stopEpoch: 4, triggered: false, bestEpoch: 4, bestBeforeStop: 0.83, finalBest: 0.83, metricGivenUp: 0, epochsSaved: 0, gpuHoursSaved: 0, gpuHoursUsed: 2 },
    ]);
    expect(r.totalGpuHoursSaved).toBe(0.5);
    expect(r.totalGpuHours).toBe(6);
  });

  it('min-delta 0.015 makes small gains count as no improvement', () => {
    // Run a with δ = 0.015: epoch 2 0.80 < 1.00 − 0.015 → improves; epoch 3 0.70 < 0.785 → improves (ref 0.70);
    // epoch 4 0.71 → wait 1; epoch 5 0.69 is not < 0.685 → wait 2 → stop at epoch 5.
    // Best of 1..5 = 0.69 (epoch 5); final 0.60 → given up 0.09; epochs 6, 7, 8 saved → 3 × 0.25 = 0.75 h.
    // Run b with δ = 0.015: epoch 2 0.85 < 0.885 → improves (ref 0.85); epoch 3 0.84 not < 0.835 → wait 1;
    // epoch 4 0.83 < 0.835 → improves. Never triggers.
    const r = earlyStopping(table, { run: 'run', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 2, minDelta: 0.015, gpuHoursPerEpoch: 0.25 });
    expect(r.runs.map((x) => [x.run, x.stopEpoch, x.bestEpoch, x.metricGivenUp, x.epochsSaved, x.gpuHoursSaved])).toEqual([
      ['a', 5, 5, 0.09, 3, 0.75],
      ['b', 4, 4, 0, 0, 0],
    ]);
    expect(r.totalGpuHoursSaved).toBe(0.75);
  });

  it('max mode (accuracy), rows out of order, no GPU figures', () => {
    // Accuracy 0.5, 0.6, 0.55, 0.58, 0.7 given in reverse order; patience 2: epoch 3 wait 1, epoch 4 wait 2 → stop 4.
    // Best before stop 0.6 (epoch 2), final best 0.7 → given up 0.1; 1 epoch saved; GPU null.
    const acc = [0.5, 0.6, 0.55, 0.58, 0.7];
    const t = logTable('acc.csv', [
      { name: 'run', values: acc.map(() => 'x') },
      { name: 'epoch', values: [5, 4, 3, 2, 1] },
      { name: 'acc', values: [...acc].reverse() },
    ]);
    const r = earlyStopping(t, { run: 'run', epoch: 'epoch', metric: 'acc', mode: 'max', patience: 2 });
    expect(r.runs[0]).toMatchObject({ stopEpoch: 4, bestEpoch: 2, bestBeforeStop: 0.6, finalBest: 0.7, metricGivenUp: 0.1, epochsSaved: 1, gpuHoursSaved: null });
    expect(r.totalGpuHoursSaved).toBeNull();
  });

  it('bad input names the file, column and row', () => {
    expect(() => earlyStopping(table, { run: 'run', epoch: 'epoch', metric: 'loss', mode: 'min', patience: 2 })).toThrow('epochs.csv has no column "loss" (columns: run, epoch, val_loss, gpu_h)');
    const bad = logTable('e.csv', [
      { name: 'run', values: ['a', 'a'] },
      { name: 'epoch', values: [1, 'two'] },
      { name: 'm', values: [1, 2] },
    ]);
    expect(() => earlyStopping(bad, { run: 'run', epoch: 'epoch', metric: 'm', mode: 'min', patience: 1 })).toThrow('e.csv, column "epoch", row 2: "two" is not a number');
    const dup = logTable('d.csv', [
      { name: 'run', values: ['a', 'a'] },
      { name: 'epoch', values: [1, 1] },
      { name: 'm', values: [1, 2] },
    ]);
    expect(() => earlyStopping(dup, { run: 'run', epoch: 'epoch', metric: 'm', mode: 'min', patience: 1 })).toThrow('run "a" logs epoch 1 twice');
    expect(() => earlyStopping(logTable('empty.csv', [{ name: 'run', values: [] }]), { run: 'run', epoch: 'epoch', metric: 'm', mode: 'min', patience: 1 })).toThrow('empty.csv has no rows');
    expect(() => earlyStopping(table, { run: 'run', epoch: 'epoch', metric: 'val_loss', mode: 'min', patience: 0 })).toThrow(DomainInputError);
  });
});
