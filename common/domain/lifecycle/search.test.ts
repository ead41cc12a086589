import { describe, expect, it } from 'vitest';
import { searchStrategies } from './search';
import { logTable } from './table';

// AUC by trial (mode max):
//   grid:     0.70 0.80 0.85 0.90        (GPU 1 h per trial)
//   random:   0.75 0.95 0.85             (GPU 1 h per trial)
//   bayesian: 0.80 0.92 1.00             (GPU 2 h per trial)
const rows = [
  ['grid', 1, 0.7, 1], ['grid', 2, 0.8, 1], ['grid', 3, 0.85, 1], ['grid', 4, 0.9, 1],
  ['random', 1, 0.75, 1], ['random', 2, 0.95, 1], ['random', 3, 0.85, 1],
  ['bayesian', 1, 0.8, 2], ['bayesian', 2, 0.92, 2], ['bayesian', 3, 1.0, 2],
] as const;
const t = logTable('trials.csv', [
  { name: 'strategy', values: rows.map((r) => r[0]) },
  { name: 'trial', values: rows.map((r) => r[1]) },
  { name: 'auc', values: rows.map((r) => r[2]) },
  { name: 'gpu_h', values: rows.map((r) => r[3]) },
]);

describe('searchStrategies', () => {
  it('counts trials to 95 % of the overall best', () => {
    // Overall best 1.00 → target 0.95. grid never reaches it (best 0.90) → null; random reaches 0.95 at trial 2
    // (2 GPU h); bayesian reaches 1.00 at trial 3 (6 GPU h). Sorted by trials to target, never last.
    const r = searchStrategies(t, { strategy: 'strategy', trial: 'trial', metric: 'auc', mode: 'max', gpuHours: 'gpu_h' });
    expect(r.target).toBe(0.95);
    expect(r.strategies.map((s) => [s.strategy, s.trials, s.best, s.trialsToTarget, s.gpuHoursToTarget])).toEqual([
      ['random', 3, 0.95, 2, 2],
      ['bayesian', 3, 1, 3, 6],
      ['grid', 4, 0.9, null, null],
    ]);
    // Random's best-so-far curve: 0.75, 0.95, 0.95 (the third trial 0.85 does not improve it).
    expect(r.strategies[0]!.curve.map((p) => p.bestSoFar)).toEqual([0.75, 0.95, 0.95]);
  });

  it('target share 0.9 and min mode', () => {
    // share 0.9 → target 0.9: grid at trial 4, random at 2, bayesian at 2.
    const r = searchStrategies(t, { strategy: 'strategy', trial: 'trial', metric: 'auc', mode: 'max', targetShare: 0.9 });
    expect(Object.fromEntries(r.strategies.map((s) => [s.strategy, s.trialsToTarget]))).toEqual({ grid: 4, random: 2, bayesian: 2 });
    // Min mode on losses 2, 1, 0.5 (one strategy): best 0.5, target 0.5 / 0.5 = 1 → reached at trial 2.
    const l = logTable('loss.csv', [
      { name: 's', values: ['x', 'x', 'x'] },
      { name: 'n', values: [1, 2, 3] },
      { name: 'loss', values: [2, 1, 0.5] },
    ]);
    expect(searchStrategies(l, { strategy: 's', trial: 'n', metric: 'loss', mode: 'min', targetShare: 0.5 }).strategies[0]!.trialsToTarget).toBe(2);
  });

  it('bad input is named', () => {
    expect(() => searchStrategies(t, { strategy: 'algo', trial: 'trial', metric: 'auc', mode: 'max' })).toThrow('trials.csv has no column "algo"');
    expect(() => searchStrategies(t, { strategy: 'strategy', trial: 'trial', metric: 'auc', mode: 'max', targetShare: 1.5 })).toThrow('target share must be in (0, 1]');
  });
});
