import { describe, expect, it } from 'vitest';
import { metricDeltas, stageDeltas } from './deltas';
import { computeMetrics } from './metrics';
import { stage } from './testMaps';
import { formatDuration, toMs, durationFromMs } from './units';

const H = 3_600_000;

describe('future-state deltas', () => {
  const cur = computeMetrics({ stages: [stage('A', 1, 1, { ca: 80 }), stage('B', 2, 4)], demand: null, availableTime: null });
  const fut = computeMetrics({ stages: [stage('A', 1, 0, { ca: 90 }), stage('B', 2, 1)], demand: null, availableTime: null });
  const d = metricDeltas(cur, fut);
  const get = (k: string) => d.find((x) => x.key === k)!;
  it('reports lead time down 4 h of 8 h as better', () => {
    expect(get('leadTimeMs')).toMatchObject({ current: 8 * H, future: 4 * H, delta: -4 * H, relative: -0.5, better: true });
  });
  it('reports PCE and %C&A up as better, unchanged PT as neither', () => {
    expect(get('pce')).toMatchObject({ current: 3 / 8, future: 3 / 4, better: true });
    expect(get('rolledCa').delta).toBeCloseTo(0.1, 12);
    expect(get('processTimeMs')).toMatchObject({ delta: 0, better: null });
    expect(get('taktMs')).toMatchObject({ current: null, delta: null, relative: null });
  });
  it('matches stages by name', () => {
    expect(stageDeltas(cur, fut)).toEqual([
      { name: 'A', currentMs: 2 * H, futureMs: H, delta: -H },
      { name: 'B', currentMs: 6 * H, futureMs: 3 * H, delta: -3 * H },
    ]);
  });
});

describe('units', () => {
  it('converts every unit to ms and formats in the best unit', () => {
    expect(toMs({ value: 1.5, unit: 'd' })).toBe(1.5 * 24 * H);
    expect(toMs({ value: 250, unit: 'ms' })).toBe(250);
    expect(formatDuration(90_000)).toBe('1.5 min');
    expect(formatDuration(5.4 * H, 'h')).toBe('5.4 h');
    expect(formatDuration(null)).toBe('—');
    expect(durationFromMs(2 * H + 30 * 60_000)).toEqual({ value: 2.5, unit: 'h' });
  });
});
