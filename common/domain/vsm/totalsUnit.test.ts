import { describe, expect, it } from 'vitest';
import { metricDeltas } from './deltas';
import { computeMetrics } from './metrics';
import { renderVsmSvg } from './renderSvg';
import { buildVsmScene, describeMap } from './scene';
import type { SceneMap } from './scene';
import { fullStage } from './testMaps';
import { serialize } from './svgNode';
import { formatDuration, formatPercent, roundSig, totalsUnit } from './units';

/** A 4-stage inference path timed in milliseconds, shown in hours (the default unit). */
function msMap(scale = 1): SceneMap {
  const st = (id: string, pt: number, wt: number) => ({ ...fullStage(id, id, null), pt: { value: pt * scale, unit: 'ms' as const }, wt: { value: wt * scale, unit: 'ms' as const } });
  return { name: 'Scoring request', kind: 'current', displayUnit: 'h', externals: [], bursts: [], stages: [st('Gateway', 12, 3), st('Features', 140, 60), st('Model', 95, 20), st('Response', 8, 2)] };
}

describe('totals pick a sensible unit', () => {
  it('keeps the chosen unit while the largest value reads 1 … 9,999 in it, else the unit that fits', () => {
    expect(totalsUnit('h', 5 * 3_600_000, 2 * 3_600_000)).toBe('h');
    expect(totalsUnit('h', 340, 255)).toBe('ms');
    expect(totalsUnit('h', 42_000)).toBe('s');
    expect(totalsUnit('ms', 30 * 86_400_000)).toBe('d');
    expect(totalsUnit('min', null, 0)).toBe('min');
  });

  it('a millisecond map reads "Lead time 340 ms", not "0 h", in the drawing and its text alternative', () => {
    const map = msMap();
    const m = computeMetrics({ ...map, demand: null, availableTime: null });
    expect(m.leadTimeMs).toBe(340);
    const svg = renderVsmSvg(map, m, { width: 1240 });
    expect(svg).toContain('Lead time 340 ms · Process time 255 ms');
    expect(svg).not.toMatch(/Lead time 0 h/);
    expect(describeMap(map, m)).toContain('Lead time 340 ms, process time 255 ms');
  });

  it('a future map 30 % faster: the change reads in ms too (was "−0 h (−30 %)")', () => {
    const cur = computeMetrics({ ...msMap(), demand: null, availableTime: null });
    const fut = computeMetrics({ ...msMap(0.7), demand: null, availableTime: null });
    const lead = metricDeltas(cur, fut).find((d) => d.key === 'leadTimeMs')!;
    const u = totalsUnit('h', cur.leadTimeMs, fut.leadTimeMs);
    expect(`${formatDuration(Math.abs(lead.delta!), u)} (${Math.round(lead.relative! * 100)} %)`).toBe('102 ms (-30 %)');
  });
});

describe('numbers in the app locale on screen, fixed in reports', () => {
  it('formats durations and shares with the locale given, and the fixed form without one', () => {
    expect(formatDuration(4.5 * 3_600_000, 'h')).toBe('4.5 h');
    expect(formatDuration(4.5 * 3_600_000, 'h', 'de-DE')).toBe('4,5 h');
    expect(formatDuration(4.5 * 3_600_000, 'h', 'en-US')).toBe('4.5 h');
    expect(formatPercent(0.925)).toBe('92.5 %');
    expect(formatPercent(0.925, 'de-DE')).toBe('92,5 %');
    expect(roundSig(2345.6, 'de-DE')).toBe('2.346');
    expect(roundSig(2345.6)).toBe('2346');
  });

  it('the drawing and its text alternative follow the locale; without one they keep the fixed form', () => {
    const m = msMap(1.5);
    const metrics = computeMetrics({ ...m, demand: null, availableTime: null });
    const de = serializeScene(m, metrics, 'de-DE');
    // At 1.5× the Gateway waits 4.5 ms: the drawing writes it the locale's way.
    expect(de).toContain('WT 4,5 ms');
    expect(de).not.toContain('4.5 ms');
    expect(serializeScene(m, metrics)).toContain('WT 4.5 ms');
    // At 0.05× the process time totals 12.75 ms (3 figures: 12.8).
    const small = msMap(0.05);
    const sm = computeMetrics({ ...small, demand: null, availableTime: null });
    expect(describeMap(small, sm, 'de-DE')).toContain('Lead time 17 ms, process time 12,8 ms, PCE 75 %');
    expect(describeMap(small, sm)).toContain('Lead time 17 ms, process time 12.8 ms, PCE 75 %');
  });
});

function serializeScene(m: SceneMap, metrics: ReturnType<typeof computeMetrics>, locale?: string): string {
  return serialize(buildVsmScene(m, metrics, { locale }).root);
}
