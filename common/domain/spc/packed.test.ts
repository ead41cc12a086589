import { describe, expect, it } from 'vitest';
import { base64ToBytes, bytesToBase64, bytesToBase64Portable, packFloat64, unpackFloat64 } from './base64';
import { buildChart } from './buildChart';
import { decimatedPositions, packPanel, packPanels, unpackPanel } from './packed';
import { presetConfig } from './runRules';
import type { ChartSpec, SpcPanel, Subgroup } from './types';

const minitab = presetConfig('minitab');

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

/**
 * The object form the contract sent before packing (kpiChart's former panelOut, then JSON): open limits
 * (±∞) and σ = ∞ become null, everything else as the engine computed it.
 */
function oldForm(p: SpcPanel) {
  const nullIfInfinite = (v: number | undefined) => (v === undefined ? undefined : Number.isFinite(v) ? v : null);
  const out = {
    ...p,
    sigma: nullIfInfinite(p.sigma) ?? null,
    ucl: nullIfInfinite(p.ucl),
    lcl: nullIfInfinite(p.lcl),
    points: p.points.map((q) => ({ ...q, ucl: nullIfInfinite(q.ucl) ?? null, lcl: nullIfInfinite(q.lcl) ?? null })),
    // The contract's schema never carried a stage's CUSUM target.
    stages: p.stages.map(({ target: _t, ...st }) => ({ ...st, sigma: nullIfInfinite(st.sigma) ?? null })),
  };
  const { target: _t, ...rest } = JSON.parse(JSON.stringify(out)) as typeof out;
  return rest;
}

function subgroups(m: number, size: number, seed: number, stageAt?: number): Subgroup[] {
  const r = rng(seed);
  return Array.from({ length: m }, (_, i) => ({
    label: `2026-01-${String(i + 1).padStart(3, '0')}`,
    values: Array.from({ length: size }, () => 100 + r() * 10 + (i > m * 0.8 ? 8 : 0)),
    size: 50 + Math.floor(r() * 30),
    time: Date.UTC(2026, 0, 1) + i * 3_600_000,
    stage: stageAt === undefined ? undefined : i < stageAt ? 'Before' : 'After',
  }));
}

const attribute = (g: Subgroup[]): Subgroup[] => g.map((s) => ({ ...s, values: [Math.floor(s.values[0]! - 95)] }));

describe('packed chart columns', () => {
  const specs: [string, ChartSpec][] = [
    ['I-MR with stages', { chart: 'imr', subgroups: subgroups(300, 1, 1, 150), tests: minitab }],
    ['X̄-S', { chart: 'xbar-s', subgroups: subgroups(120, 5, 2), tests: minitab }],
    ['P with varying n (limits per point)', { chart: 'p', subgroups: attribute(subgroups(200, 1, 3)), tests: minitab }],
    ['C with an LCL below 0 (open limit)', { chart: 'c', subgroups: attribute(subgroups(50, 1, 4)).map((s) => ({ ...s, values: [s.values[0]! % 3] })), tests: minitab }],
    ['EWMA (limits widen at the start)', { chart: 'ewma', subgroups: subgroups(200, 1, 5, 100), tests: minitab }],
    ['CUSUM, Phase I', { chart: 'cusum', subgroups: subgroups(200, 1, 6), limitsFrom: { from: 1, to: 100 }, tests: minitab }],
  ];
  it.each(specs)('%s: decoding gives the same points, limits, stages and signals as the object form', (_, spec) => {
    const r = buildChart(spec);
    let signals = 0;
    for (const p of r.panels) {
      const packed = JSON.parse(JSON.stringify(packPanel(p))) as ReturnType<typeof packPanel>;
      const { total, decimated, ...decoded } = unpackPanel(packed);
      expect(decoded).toEqual(oldForm(p));
      expect([total, decimated]).toEqual([p.points.length, false]);
      signals += p.signals.length;
    }
    if (spec.chart !== 'xbar-s' && spec.chart !== 'c') expect(signals).toBeGreaterThan(0);
  });

  it('is a fraction of the object form for 10,000 individuals (a seventh with point-number names)', () => {
    const dated = buildChart({ chart: 'imr', subgroups: subgroups(10_000, 1, 7), tests: minitab }).panels[0]!;
    expect(JSON.stringify(packPanel(dated)).length / JSON.stringify(oldForm(dated)).length).toBeLessThan(0.3);
    const rows = buildChart({ chart: 'imr', subgroups: subgroups(10_000, 1, 7).map((g, i) => ({ label: String(i + 1), values: g.values })), tests: minitab }).panels[0]!;
    const packed = packPanel(rows);
    expect(packed.labels).toBeNull();
    expect(JSON.stringify(packed).length / JSON.stringify(oldForm(rows)).length).toBeLessThan(0.15);
  });

  it('base64: the portable codec writes what Node writes, and reads it back', () => {
    const r = rng(8);
    for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 100, 24_577, 100_003]) {
      const bytes = Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
      const text = bytesToBase64Portable(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64'));
      expect(bytesToBase64(bytes)).toBe(text);
      expect(base64ToBytes(text)).toEqual(bytes);
    }
    const special = Float64Array.of(0, -0, 1.5, NaN, Infinity, -Infinity, Number.MIN_VALUE, Number.MAX_VALUE);
    expect([...unpackFloat64(packFloat64(special))]).toEqual([...special]);
    expect(() => base64ToBytes('ab!d')).toThrow(/outside the alphabet/);
  });
});

describe('decimation to the pixel width', () => {
  const m = 100_000;
  const width = 800;
  const r = rng(9);
  // Noise with a few isolated spikes (test 1 signals) and a shift in the last fifth (runs).
  const chart = buildChart({
    chart: 'imr',
    subgroups: Array.from({ length: m }, (_, i) => ({ label: String(i + 1), values: [r() * 10 + (i % 997 === 500 ? 60 : 0) + (i > 80_000 ? 3 : 0)] })),
    tests: minitab,
  });
  const panel = chart.panels[0]!;

  it('keeps every signal point and the first, last, min and max point of every pixel column', () => {
    const packed = packPanel(panel, { width });
    const decoded = unpackPanel(packed);
    expect(packed).toMatchObject({ total: m, decimated: true });
    expect(packed.count).toBeLessThan(panel.points.length / 10);
    const sent = new Map(decoded.points.map((q) => [q.index, q]));
    // Every signal of the whole series is listed, and each signal point is sent with its exact value.
    expect(decoded.signals).toEqual(panel.signals);
    expect(panel.signals.length).toBeGreaterThanOrEqual(100);
    for (const s of panel.signals) expect(sent.get(s.index)).toMatchObject({ value: panel.points[s.index - 1]!.value, tests: panel.points[s.index - 1]!.tests });
    for (let b = 0; b < width; b++) {
      const column = panel.points.filter((_, i) => Math.floor((i * width) / m) === b);
      const values = column.map((q) => q.value);
      const kept = column.filter((q) => sent.has(q.index)).map((q) => q.value);
      expect(kept).toContain(Math.min(...values));
      expect(kept).toContain(Math.max(...values));
      expect(sent.has(column[0]!.index) && sent.has(column[column.length - 1]!.index)).toBe(true);
    }
    // Sent points are exact copies of the engine's points (value, limits, name).
    for (const q of decoded.points.slice(0, 50)) expect(q).toMatchObject({ value: panel.points[q.index - 1]!.value, center: panel.points[q.index - 1]!.center, subgroup: panel.points[q.index - 1]!.subgroup });
  });

  it('sends a zoomed range at full resolution when it fits 2 points per pixel, else decimates it again', () => {
    const full = unpackPanel(packPanel(panel, { width, range: { from: 40_001, to: 41_600 } }));
    expect(full).toMatchObject({ decimated: false, total: m });
    expect(full.points.map((q) => q.index)).toEqual(Array.from({ length: 1600 }, (_, i) => 40_001 + i));
    expect(full.points.map((q) => q.value)).toEqual(panel.points.slice(40_000, 41_600).map((q) => q.value));
    const wide = packPanel(panel, { width, range: { from: 10_001, to: 30_000 } });
    expect(wide.decimated).toBe(true);
    const idx = unpackPanel(wide).points.map((q) => q.index);
    expect(idx[0]).toBe(10_001);
    expect(idx[idx.length - 1]).toBe(30_000);
    expect(idx.every((i) => i >= 10_001 && i <= 30_000)).toBe(true);
  });

  it('without a width, or when the points fit, sends everything', () => {
    expect(decimatedPositions(panel, {}).length).toBe(m);
    expect(decimatedPositions(panel, { width: 60_000 }).length).toBe(m);
  });

  it('CUSUM: the upper and lower sums keep the same points (they are drawn as one panel)', () => {
    const r2 = rng(10);
    const cusum = buildChart({ chart: 'cusum', subgroups: Array.from({ length: 50_000 }, (_, i) => ({ label: String(i + 1), values: [r2() * 10 + (i > 30_000 ? 2 : 0)] })), tests: minitab });
    const [up, low] = packPanels(cusum.panels, { width: 500 });
    expect(up!.decimated && low!.decimated).toBe(true);
    expect(up!.index).toBe(low!.index);
    const sent = new Set(unpackPanel(up!).points.map((q) => q.index));
    for (const p of cusum.panels) for (const s of p.signals) expect(sent.has(s.index)).toBe(true);
  });
});
