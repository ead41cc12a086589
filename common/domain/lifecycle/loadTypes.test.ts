import { describe, expect, it } from 'vitest';
import { loadTypes } from './loadTypes';
import { logTable } from './table';

// Full loads: 60, 80, 100 min of 1,000 rows each. Incremental: 10 min / 100 rows, 20 min / 200 rows.
const t = logTable('loads.csv', [
  { name: 'load_type', values: ['full', 'incremental', 'full', 'incremental', 'full'] },
  { name: 'minutes', values: [60, 10, 80, 20, 100] },
  { name: 'rows', values: [1000, 100, 1000, 200, 1000] },
]);

describe('loadTypes', () => {
  it('per type and the saving of switching full → incremental', () => {
    // full: 240 min = 4 h; median 80; p95 (h = 1.9) 80 + 0.9·20 = 98; ms per row 240·60,000 / 3,000 = 4,800.
    // incremental: 30 min = 0.5 h; median 15; p95 (h = 0.95) 10 + 0.95·10 = 19.5; 30·60,000 / 300 = 6,000.
    // Switch: 3 full runs at incremental's median 15 min = 0.75 h; saved 4 − 0.75 = 3.25 h of 4.5 h = 0.7222….
    const r = loadTypes(t, { type: 'load_type', duration: 'minutes', rows: 'rows' });
    expect(r.types).toEqual([
      { type: 'full', runs: 3, totalHours: 4, medianMinutes: 80, p95Minutes: 98, medianRows: 1000, msPerRow: 4800 },
      { type: 'incremental', runs: 2, totalHours: 0.5, medianMinutes: 15, p95Minutes: 19.5, medianRows: 150, msPerRow: 6000 },
    ]);
    expect(r.switch).toEqual({ from: 'full', to: 'incremental', runs: 3, currentHours: 4, projectedHours: 0.75, savedHours: 3.25, savedShare: 0.722222222222 });
  });

  it('start and end times, and bad input', () => {
    const s = logTable('s.csv', [
      { name: 'type', values: ['full', 'incr'] },
      { name: 'a', values: ['2026-11-02T00:00:00Z', '2026-11-02T01:00:00Z'] },
      { name: 'b', values: ['2026-11-02T00:30:00Z', '2026-11-02T01:06:00Z'] },
    ]);
    expect(loadTypes(s, { type: 'type', start: 'a', end: 'b' }).types.map((x) => x.medianMinutes)).toEqual([30, 6]);
    expect(() => loadTypes(t, { type: 'load_type' })).toThrow('Give the run time');
    expect(() => loadTypes(t, { type: 'load_type', duration: 'minutes', from: 'delta' })).toThrow('no load type "delta" in column "load_type" (types: full, incremental)');
  });
});
