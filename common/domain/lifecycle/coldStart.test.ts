import { describe, expect, it } from 'vitest';
import { coldStartByMemory } from './coldStart';
import { logTable } from './table';

// 512 MB: cold 900, 1100; warm 100, 120, 140. 1024 MB: cold 500; warm 80, 100.
const rows: [number, number, boolean][] = [[512, 900, true], [512, 1100, true], [512, 100, false], [512, 120, false], [512, 140, false], [1024, 500, true], [1024, 80, false], [1024, 100, false]];
const t = logTable('serving.csv', [
  { name: 'memory_mb', values: rows.map((r) => r[0]) },
  { name: 'latency_ms', values: rows.map((r) => r[1]) },
  { name: 'cold_start', values: rows.map((r) => r[2]) },
]);

describe('coldStartByMemory', () => {
  it('cold vs warm percentiles and the penalty per memory size, in numeric order', () => {
    // 512: cold p50 1000, p95 900 + 0.95·200 = 1090; warm p50 120, p95 120 + 0.9·20 = 138 → penalty 880 / 952.
    // 1024: cold 500 / 500; warm p50 90, p95 80 + 0.95·20 = 99 → penalty 410 / 401.
    const r = coldStartByMemory(t, { group: 'memory_mb', latency: 'latency_ms', cold: 'cold_start' });
    expect(r.groups).toEqual([
      { group: '512', requests: 5, coldStarts: 2, coldShare: 0.4, coldP50: 1000, coldP95: 1090, warmP50: 120, warmP95: 138, penaltyP50: 880, penaltyP95: 952 },
      { group: '1024', requests: 3, coldStarts: 1, coldShare: 0.333333333333, coldP50: 500, coldP95: 500, warmP50: 90, warmP95: 99, penaltyP50: 410, penaltyP95: 401 },
    ]);
  });

  it('names a text latency', () => {
    const bad = logTable('b.csv', [
      { name: 'm', values: [512] },
      { name: 'l', values: ['slow'] },
      { name: 'c', values: [true] },
    ]);
    expect(() => coldStartByMemory(bad, { group: 'm', latency: 'l', cold: 'c' })).toThrow('b.csv, column "l", row 1: "slow" is not a number');
  });
});
