import { describe, expect, it } from 'vitest';
import { buildChart, buildChartColumns } from './buildChart';
import { arraysOfSubgroups, segmentsOf, toSpcPanel } from './chartColumns';
import { packColumnPanels, packPanels, unpackPanel } from './packed';
import type { PanelView } from './packed';
import { presetConfig } from './runRules';
import type { ChartKind, ChartSpec, Subgroup } from './types';

/** A seeded generator (mulberry32), so the fixtures are the same on every run. */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Subgroups with a shift after 70 %, a spike every 37 points, some points without a time, optional stages and unequal sizes. */
function subgroups(m: number, size: number, seed: number, o: { stages?: number; varySize?: boolean; attribute?: boolean; numbered?: boolean } = {}): Subgroup[] {
  const r = rng(seed);
  return Array.from({ length: m }, (_, i) => {
    const k = o.varySize ? 2 + (i % 3) : size;
    const values = Array.from({ length: k }, () => Math.round((100 + r() * 10 + (i > m * 0.7 ? 6 : 0) + (i % 37 === 5 ? 30 : 0)) * 10) / 10);
    return {
      label: o.numbered ? String(i + 1) : `g${i + 1}`,
      values: o.attribute ? [Math.floor(values[0]! - 95) % 40] : values,
      size: o.attribute || i % 4 === 0 ? 50 + Math.floor(r() * 30) : undefined,
      time: i % 5 === 0 ? undefined : Date.UTC(2026, 0, 1) + i * 3_600_000,
      stage: o.stages ? `S${Math.floor((i * o.stages) / m)}` : undefined,
    };
  });
}

const presets = ['minitab', 'we', 'nelson'] as const;
const kinds: ChartKind[] = ['imr', 'xbar-r', 'xbar-s', 'p', 'np', 'c', 'u', 'ewma', 'cusum'];
const specs: [string, ChartSpec][] = kinds.flatMap((chart, c) => {
  const attribute = ['p', 'np', 'c', 'u'].includes(chart);
  const size = chart === 'imr' || chart === 'ewma' || chart === 'cusum' ? 1 : 5;
  const g = (seed: number, o: Parameters<typeof subgroups>[3] = {}) => subgroups(2000, size, seed, { attribute, ...o });
  const list: [string, ChartSpec][] = [
    [`${chart}, one stage`, { chart, subgroups: g(c * 10 + 1, { numbered: true }), tests: presetConfig(presets[c % 3]!) }],
    [`${chart}, three stages`, { chart, subgroups: g(c * 10 + 2, { stages: 3 }), tests: presetConfig('nelson'), nsigmas: 2.5 }],
    [`${chart}, Phase I limits`, { chart, subgroups: g(c * 10 + 3), limitsFrom: { from: 100, to: 900 }, tests: presetConfig('we'), lambda: 0.3 }],
  ];
  if (chart === 'xbar-r' || chart === 'xbar-s') list.push([`${chart}, unequal subgroup sizes (limits per point)`, { chart, subgroups: g(c * 10 + 4, { varySize: true, stages: 2 }), tests: presetConfig('nelson') }]);
  if (chart === 'ewma' || chart === 'cusum') list.push([`${chart}, subgroups of 4`, { chart, subgroups: subgroups(2000, 4, c * 10 + 5, { stages: 2 }), tests: presetConfig('minitab') }]);
  return list;
});

const views: PanelView[] = [{}, { width: 300 }, { width: 200, range: { from: 500, to: 1900 } }, { width: 900, range: { from: 1000, to: 1600 } }, { width: 50, range: { from: 1990, to: 2000 } }, { width: 10, range: { from: 1, to: 1 } }];

describe('the column engine and packer (the dataset chart path) against the object form', () => {
  it.each(specs)('%s: same points, limits, stages and signals; same packed answer for every view', (_, spec) => {
    const objects = buildChart(spec);
    const columns = buildChartColumns({ ...spec, data: arraysOfSubgroups(spec) });
    expect(columns.sigmaMethod).toBe(objects.sigmaMethod);
    expect(columns.panels.map((p) => toSpcPanel(p, columns.data))).toEqual(objects.panels);
    for (const view of views) expect(packColumnPanels(columns, view)).toEqual(packPanels(objects.panels, view));
  });

  it('keeps limits once per stage when they do not change within it, per point when they do', () => {
    const imr = buildChartColumns({ ...specs[1]![1], data: arraysOfSubgroups(specs[1]![1]) });
    expect(imr.panels.map((p) => [p.limits, p.segLimits.length])).toEqual([[null, 3], [null, 3]]);
    const p = specs.find(([name]) => name === 'p, one stage')![1];
    expect(buildChartColumns({ ...p, data: arraysOfSubgroups(p) }).panels[0]!.limits).not.toBeNull();
  });

  it('a chart given as plain columns (no subgroup objects) equals the one built from subgroups', () => {
    const r = rng(42);
    const m = 50_000;
    const x = Float64Array.from({ length: m }, (_, i) => 400 + r() * 10 + (i % 5000 === 2500 ? 80 : 0) + (i > 30_000 ? 3 : 0));
    const tests = presetConfig('nelson');
    const columns = buildChartColumns({ chart: 'imr', tests, data: { m, x, n: 1, segments: segmentsOf(() => '', m), labels: null, time: null } });
    const objects = buildChart({ chart: 'imr', tests, subgroups: Array.from(x, (v, i) => ({ label: String(i + 1), values: [v] })) });
    expect(columns.panels.map((p) => toSpcPanel(p, columns.data))).toEqual(objects.panels);
    const packed = packColumnPanels(columns, { width: 1000 });
    expect(packed).toEqual(packPanels(objects.panels, { width: 1000 }));
    // Asked again (the positions kept with the panel), and zoomed: the same as the object form.
    expect(packColumnPanels(columns, { width: 1000 })).toEqual(packed);
    expect(packColumnPanels(columns, { width: 500, range: { from: 2001, to: 9000 } })).toEqual(packPanels(objects.panels, { width: 500, range: { from: 2001, to: 9000 } }));
    // Decimated, every signal point is sent with its exact value.
    const sent = new Map(unpackPanel(packed[0]!).points.map((q) => [q.index, q.value]));
    expect(packed[0]!.decimated).toBe(true);
    for (const s of objects.panels[0]!.signals) expect(sent.get(s.index)).toBe(x[s.index - 1]);
    expect(objects.panels[0]!.signals.length).toBeGreaterThan(10);
  });

  it('refuses bad columns with the subgroup messages', () => {
    const tests = presetConfig('minitab');
    const seg = segmentsOf(() => '', 3);
    expect(() => buildChartColumns({ chart: 'imr', tests, data: { m: 1, x: Float64Array.of(1), n: 1, segments: segmentsOf(() => '', 1), labels: null, time: null } })).toThrow('at least 2 points; got 1');
    expect(() => buildChartColumns({ chart: 'imr', tests, data: { m: 3, x: Float64Array.of(1, NaN, 2), n: 1, segments: seg, labels: null, time: null } })).toThrow('Subgroup "2" has a value that is not a number.');
    expect(() => buildChartColumns({ chart: 'p', tests, data: { m: 3, count: Float64Array.of(1, 9, 2), n: Float64Array.of(5, 5, 5), segments: seg, labels: ['a', 'b', 'c'], time: null } })).toThrow('Subgroup "b" has more defectives (9) than items inspected (5).');
    expect(() => buildChartColumns({ chart: 'imr', tests, limitsFrom: { from: 2, to: 9 }, data: { m: 3, x: Float64Array.of(1, 2, 3), n: 1, segments: seg, labels: null, time: null } })).toThrow('Limits range 2-9 must be within subgroups 1-3.');
  });
});
