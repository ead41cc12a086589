import { describe, expect, it } from 'vitest';
import { batchSchedule, hourOfWeek } from './batchSchedule';
import { logTable } from './table';

// 2026-11-02 is a Monday. Two logged runs of 2 h each (Mon and Tue 01:00–03:00); four requests.
const runs = logTable('runs.csv', [
  { name: 'run', values: ['r1', 'r2'] },
  { name: 'start', values: ['2026-11-02T01:00:00Z', '2026-11-03T01:00:00Z'] },
  { name: 'end', values: ['2026-11-02T03:00:00Z', '2026-11-03T03:00:00Z'] },
]);
const traffic = logTable('traffic.csv', [{ name: 'ts', values: ['2026-11-02T01:00:00Z', '2026-11-02T12:00:00Z', '2026-11-03T02:00:00Z', '2026-11-03T12:00:00Z'] }]);

describe('batchSchedule', () => {
  it('hour of week counts from Monday 00:00 UTC', () => {
    expect(hourOfWeek(Date.parse('2026-11-02T00:00:00Z'))).toBe(0);
    expect(hourOfWeek(Date.parse('2026-11-08T23:30:00Z'))).toBe(167.5);
  });

  it('data age, peak overlap and off-peak windows for a daily batch at 00:00', () => {
    // Batch = median run = 2 h. Proposal every 24 h: starts at week hours 0, 24, …, 144.
    // Requests at week hours 1, 12, 26, 36. Hour 1: Monday's batch is still running (1 < 2), so the data is
    // Sunday's (started at 144): (1 − 144) mod 168 = 25 h. Hour 12 → 12 h; hour 26 → Tuesday's just finished → 2 h;
    // hour 36 → 12 h. Ages 2, 12, 12, 25: p50 12, p95 (h = 2.85) 12 + 0.85·13 = 23.05, mean 51/4 = 12.75.
    // Peak cells: the 75th percentile of the 168 counts is 0, so peak = the 4 cells with a request. Batch time in
    // peak: Monday's run covers cell 1 → 1 h of 14 h of running → 1/14. Requests while a batch runs: hour 1 only → 1/4.
    // Off-peak (2-hour daily windows): traffic by hour 1:1, 2:1, 12:2; windows from 03:00 have none; the first
    // three without overlap: 03:00, 05:00, 07:00.
    const r = batchSchedule(runs, traffic, { run: 'run', start: 'start', end: 'end', traffic: 'ts', everyHours: 24 });
    expect(r.batchHours).toBe(2);
    expect(r.batchHoursFrom).toBe('runs');
    expect(r.starts.slice(0, 2)).toEqual(['Mon 00:00', 'Tue 00:00']);
    expect(r.dataAge).toEqual({ p50Hours: 12, p95Hours: 23.05, meanHours: 12.75, requests: 4 });
    expect(r.peakOverlap).toBe(0.0714285714286);
    expect(r.trafficDuringBatch).toBe(0.25);
    expect(r.offPeakWindows).toEqual([
      { start: '03:00', hours: 2, trafficShare: 0 },
      { start: '05:00', hours: 2, trafficShare: 0 },
      { start: '07:00', hours: 2, trafficShare: 0 },
    ]);
    // Today, from the logged runs: Mon 12:00 → r1 (started 01:00) → 11 h; Tue 02:00 → r2 not finished → r1 → 25 h;
    // Tue 12:00 → r2 → 11 h; Mon 01:00 has no finished run and is left out. p50 11, p95 11 + 0.9·14 = 23.6.
    expect(r.currentDataAge).toEqual({ p50Hours: 11, p95Hours: 23.6, meanHours: 15.6666666667, requests: 3 });
  });

  it('daily times and bad proposals', () => {
    // At 13:00 daily: 7 starts (week hours 13, 37, …, 157). Without a run column, one batch = the median row (2 h).
    // Hour 1 → Sunday's batch: (1 − 157) mod 168 = 12 h; hour 12 → 23 h; hour 26 → Monday's: 13 h; hour 36 → 23 h.
    // Ages 12, 13, 23, 23 → p50 18.
    const r = batchSchedule(runs, traffic, { start: 'start', end: 'end', traffic: 'ts', at: ['13:00'] });
    expect(r.starts).toHaveLength(7);
    expect(r.batchHoursFrom).toBe('rows');
    expect(r.dataAge.p50Hours).toBe(18);
    expect(() => batchSchedule(runs, traffic, { start: 'start', end: 'end', traffic: 'ts', everyHours: 5 })).toThrow('must divide a week (168 h)');
    expect(() => batchSchedule(runs, traffic, { start: 'start', end: 'end', traffic: 'ts', at: ['25:00'] })).toThrow('"25:00" is not a time of day');
    expect(() => batchSchedule(runs, traffic, { start: 'start', end: 'end', traffic: 'when', everyHours: 24 })).toThrow('traffic.csv has no column "when"');
  });
});
