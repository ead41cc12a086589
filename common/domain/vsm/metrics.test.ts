import { describe, expect, it } from 'vitest';
import { computeMetrics, groupBlocks } from './metrics';
import { stage } from './testMaps';

const H = 3_600_000;

describe('computeMetrics on a hand-computed serial map', () => {
  // A: PT 1 h; B: WT 1 h, PT 2 h; C: WT 30 min, PT 30 min. LT = 1 + 3 + 1 = 5 h; PT = 3.5 h; PCE = 0.7.
  const map = {
    stages: [
      stage('A', 1, 0, { ca: 90 }),
      stage('B', 2, 1, { ca: 80 }),
      stage('C', { value: 30, unit: 'min' }, { value: 1800, unit: 's' }, { ca: 100 }),
    ],
    demand: 8,
    availableTime: { value: 8, unit: 'h' as const },
  };
  const m = computeMetrics(map);
  it('adds wait and process times across units', () => {
    expect(m.leadTimeMs).toBe(5 * H);
    expect(m.processTimeMs).toBe(3.5 * H);
    expect(m.waitTimeMs).toBe(1.5 * H);
    expect(m.pce).toBeCloseTo(0.7, 12);
  });
  it('rolls %C&A as the product of first-pass yields', () => {
    expect(m.rolledCa).toBeCloseTo(0.9 * 0.8 * 1, 12);
    expect(m.caKnown).toBe(3);
  });
  it('computes takt and names the stage above takt as the constraint', () => {
    expect(m.taktMs).toBe(H);
    expect(m.constraint).toMatchObject({ stageId: 'B', criterion: 'above-takt', effectivePtMs: 2 * H });
    expect(m.stages.map((s) => s.aboveTakt)).toEqual([false, true, false]);
  });
  it('gives each stage its share of lead time and a ladder step', () => {
    expect(m.stages.map((s) => s.shareOfLeadTime)).toEqual([0.2, 0.6, 0.2]);
    expect(m.ladder).toEqual([
      { stageId: 'A', name: 'A', waitMs: 0, processMs: H },
      { stageId: 'B', name: 'B', waitMs: H, processMs: 2 * H },
      { stageId: 'C', name: 'C', waitMs: 0.5 * H, processMs: 0.5 * H },
    ]);
  });
});

describe('constraint without takt', () => {
  it('uses the largest PT and says so', () => {
    const m = computeMetrics({ stages: [stage('A', 1), stage('B', 3), stage('C', 2)], demand: null, availableTime: null });
    expect(m.taktMs).toBeNull();
    expect(m.constraint).toMatchObject({ stageId: 'B', criterion: 'largest-pt' });
  });
  it('divides PT by uptime: 1 h at 50 % uptime outweighs 1.5 h at 100 %', () => {
    const m = computeMetrics({ stages: [stage('A', 1, 0, { uptime: 50 }), stage('B', 1.5)], demand: null, availableTime: null });
    expect(m.constraint).toMatchObject({ stageId: 'A', effectivePtMs: 2 * H });
  });
  it('is largest-pt when every stage is within takt', () => {
    const m = computeMetrics({ stages: [stage('A', 1), stage('B', 2)], demand: 2, availableTime: { value: 8, unit: 'h' } });
    expect(m.constraint?.criterion).toBe('largest-pt');
  });
  it('is null for an empty map, with LT 0 and PCE undefined', () => {
    const m = computeMetrics({ stages: [], demand: null, availableTime: null });
    expect(m).toMatchObject({ leadTimeMs: 0, pce: null, rolledCa: null, constraint: null });
  });
});

describe('parallel branches', () => {
  // A 1 h | (B1: PT 2 h) ∥ (B2: WT 1 h, PT 2 h) | C 1 h. The block adds its longest branch, B2 = 3 h.
  const stages = [
    stage('A', 1, 0, { ca: 90 }),
    stage('B1', 2, 0, { parallelGroup: 'p', ca: 50 }),
    stage('B2', 2, 1, { parallelGroup: 'p', ca: 100 }),
    stage('C', 1),
  ];
  const m = computeMetrics({ stages, demand: null, availableTime: null });
  it('groups adjacent stages of the same group', () => {
    expect(groupBlocks(stages)).toEqual([['A'], ['B1', 'B2'], ['C']]);
    expect(groupBlocks([stage('X', 1, 0, { parallelGroup: 'p' }), stage('Y', 1), stage('Z', 1, 0, { parallelGroup: 'p' })])).toEqual([['X'], ['Y'], ['Z']]);
  });
  it('adds the longest branch to lead time and its PT to process time', () => {
    expect(m.leadTimeMs).toBe(5 * H);
    expect(m.processTimeMs).toBe(4 * H);
    expect(m.stages.find((s) => s.stageId === 'B2')!.onCriticalPath).toBe(true);
    expect(m.stages.find((s) => s.stageId === 'B1')!.onCriticalPath).toBe(false);
    expect(m.ladder.map((l) => l.stageId)).toEqual(['A', 'B2', 'C']);
  });
  it('multiplies %C&A over every branch', () => {
    expect(m.rolledCa).toBeCloseTo(0.9 * 0.5 * 1, 12);
  });
});

describe('rework loops', () => {
  it('inflates the looped segment by 1/(1 − r)', () => {
    // C sends 50 % back to B: B and C are passed 2 times on average. LT = 1 + (1+1)·2 + 1·2 = 7 h.
    const m = computeMetrics({ stages: [stage('A', 1), stage('B', 1, 1), stage('C', 1, 0, { reworkToId: 'B', reworkShare: 0.5 })], demand: null, availableTime: null });
    expect(m.leadTimeMs).toBe(7 * H);
    expect(m.processTimeMs).toBe(5 * H);
    expect(m.stages.map((s) => s.reworkMultiplier)).toEqual([1, 2, 2]);
  });
  it('multiplies overlapping loops and allows a self-loop', () => {
    const m = computeMetrics({
      stages: [stage('A', 1), stage('B', 1, 0, { reworkToId: 'B', reworkShare: 0.2 }), stage('C', 1, 0, { reworkToId: 'A', reworkShare: 0.5 })],
      demand: null,
      availableTime: null,
    });
    expect(m.stages.map((s) => s.reworkMultiplier)).toEqual([2, 2.5, 2]);
    expect(m.leadTimeMs).toBeCloseTo(6.5 * H, 6);
  });
  it('ignores a loop that points forward and warns', () => {
    const m = computeMetrics({ stages: [stage('A', 1, 0, { reworkToId: 'B', reworkShare: 0.5 }), stage('B', 1)], demand: null, availableTime: null });
    expect(m.leadTimeMs).toBe(2 * H);
    expect(m.warnings.map((w) => w.message)).toContain('A: a rework loop must go back to this or an earlier stage; it is ignored.');
  });
  it('keeps rolled %C&A first-pass (loops do not change it)', () => {
    const m = computeMetrics({ stages: [stage('A', 1, 0, { ca: 80, reworkToId: 'A', reworkShare: 0.2 })], demand: null, availableTime: null });
    expect(m.rolledCa).toBeCloseTo(0.8, 12);
  });
});

describe('missing values', () => {
  it('counts a missing PT as 0 and warns, naming the stage', () => {
    const m = computeMetrics({ stages: [stage('A', null, 1), stage('B', 1)], demand: null, availableTime: null });
    expect(m.leadTimeMs).toBe(2 * H);
    expect(m.warnings[0]).toEqual({ stageId: 'A', message: 'A: process time is missing (counted as 0).' });
  });
});
