import { describe, expect, it } from 'vitest';
import { gpuAllocation } from './gpu';
import { logTable } from './table';

// Three jobs on 2026-11-02 (UTC):
//   A/train  submitted 00:00, ran 00:30–02:30 on 2 GPUs → 4 GPU h, waited 30 min
//   A/eval   submitted 01:00, ran 01:00–02:00 on 1 GPU  → 1 GPU h, waited 0
//   B/train  submitted 00:00, ran 01:30–03:00 on 4 GPUs → 6 GPU h, waited 90 min
const d = (hm: string) => `2026-11-02T${hm}:00Z`;
const t = logTable('scheduler.csv', [
  { name: 'team', values: ['A', 'A', 'B'] },
  { name: 'job_type', values: ['train', 'eval', 'train'] },
  { name: 'submitted', values: [d('00:00'), d('01:00'), d('00:00')] },
  { name: 'started', values: [d('00:30'), d('01:00'), d('01:30')] },
  { name: 'ended', values: [d('02:30'), d('02:00'), d('03:00')] },
  { name: 'gpus', values: [2, 1, 4] },
]);
const spec = { team: 'team', jobType: 'job_type', submit: 'submitted', start: 'started', end: 'ended', gpus: 'gpus' };

describe('gpuAllocation', () => {
  it('GPU hours and waits per team and job type; utilisation against the peak', () => {
    // Total 11 GPU h: B 6 (6/11), A 5. A's waits 0, 30 → p50 15, p95 0 + 0.95·30 = 28.5. B: 90.
    // Peak held at once: 2 (00:30) → 3 (01:00) → 7 (01:30) → capacity 7.
    // Hour 00: job 1 for 0.5 h × 2 = 1 GPU h → 1/7. Hour 01: 2 + 1 + 0.5·4 = 5 → 5/7. Hour 02: 0.5·2 + 4 = 5 → 5/7.
    // Mean (1 + 5 + 5) / 21 = 11/21.
    const r = gpuAllocation(t, spec);
    expect(r.totalGpuHours).toBe(11);
    expect(r.teams).toEqual([
      { group: 'B', jobs: 1, gpuHours: 6, share: 0.545454545455, waitP50Min: 90, waitP95Min: 90 },
      { group: 'A', jobs: 2, gpuHours: 5, share: 0.454545454545, waitP50Min: 15, waitP95Min: 28.5 },
    ]);
    expect(r.jobTypes!.map((g) => [g.group, g.gpuHours])).toEqual([['train', 10], ['eval', 1]]);
    expect(r.capacity).toBe(7);
    expect(r.capacitySource).toBe('peak');
    expect(r.utilisation).toEqual([
      { start: '2026-11-02T00:00:00.000Z', gpuHours: 1, utilisation: 0.142857142857 },
      { start: '2026-11-02T01:00:00.000Z', gpuHours: 5, utilisation: 0.714285714286 },
      { start: '2026-11-02T02:00:00.000Z', gpuHours: 5, utilisation: 0.714285714286 },
    ]);
    expect(r.meanUtilisation).toBe(0.52380952381);
    // A pool of 10 GPUs: 0.1, 0.5, 0.5.
    expect(gpuAllocation(t, { ...spec, capacity: 10 }).utilisation.map((u) => u.utilisation)).toEqual([0.1, 0.5, 0.5]);
  });

  it('a job that ends before it starts is named', () => {
    const bad = logTable('s.csv', [
      { name: 'team', values: ['A'] },
      { name: 'submitted', values: [d('00:00')] },
      { name: 'started', values: [d('02:00')] },
      { name: 'ended', values: [d('01:00')] },
    ]);
    expect(() => gpuAllocation(bad, { team: 'team', submit: 'submitted', start: 'started', end: 'ended' })).toThrow('s.csv, row 1: the job ends ("ended") before it starts ("started")');
    expect(() => gpuAllocation(t, { ...spec, start: 'when' })).toThrow('scheduler.csv has no column "when"');
  });
});
