import { describe, expect, it } from 'vitest';
import { bestColumns, blockAt, layoutMap, widthForColumns } from './layout';
import { computeMetrics } from './metrics';
import { renderVsmSvg } from './renderSvg';
import { fullStage } from './testMaps';
import type { SceneMap } from './scene';

function map(n: number, more: Partial<SceneMap> = {}): SceneMap {
  return {
    name: 'Fraud <scoring> & "retrain"',
    kind: 'current',
    displayUnit: 'h',
    externals: [{ id: 'x', kind: 'supplier', name: 'Bank feed', sla: '99.9 %' }],
    bursts: [{ id: 'b1', mapId: 'm', stageId: 's2', title: 'Automate approval', notes: '' }],
    stages: Array.from({ length: n }, (_, i) => fullStage(`s${i + 1}`, `Stage number ${i + 1} with a long name`, i + 1, { ca: 90 })),
    ...more,
  };
}

describe('layoutMap', () => {
  it('wraps 15 stages into rows of readable boxes at 1 000 px', () => {
    const blocks = Array.from({ length: 15 }, (_, i) => [`s${i}`]);
    const l = layoutMap(blocks, 1000);
    expect(l.columns).toBe(5);
    expect(l.rows).toHaveLength(3);
    for (const b of l.boxes) expect(b.x + b.w).toBeLessThanOrEqual(1000);
    expect(new Set(l.boxes.map((b) => `${b.x},${b.y}`)).size).toBe(15);
  });
  it('stacks parallel branches in one column', () => {
    const l = layoutMap([['a'], ['b1', 'b2'], ['c']], 1200);
    const [b1, b2] = l.boxes.filter((b) => b.block === 1);
    expect(b1!.x).toBe(b2!.x);
    expect(b2!.y).toBeGreaterThan(b1!.y + b1!.h);
  });
  it('maps a drop point back to a block index', () => {
    const l = layoutMap(Array.from({ length: 8 }, (_, i) => [`s${i}`]), 1000);
    const target = l.boxes[6]!;
    expect(blockAt(l, target.x + 10, target.y + 10)).toBe(6);
    expect(blockAt(l, 5000, 5000)).toBe(7);
  });
});

describe('renderVsmSvg', () => {
  const m = map(15);
  const svg = renderVsmSvg(m, computeMetrics({ ...m, demand: null, availableTime: null }), { width: 1240 });
  it('is a standalone SVG with a text alternative and the metrics', () => {
    expect(svg.startsWith('<?xml')).toBe(true);
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('<desc id="vsm-desc">Current-state map');
    expect(svg).toMatch(/Lead time 120 h · Process time 120 h · PCE 100 %/);
    expect(svg).toContain('Kaizen bursts: 1 Automate approval');
  });
  it('highlights the constraint (the largest PT: stage 15)', () => {
    expect(svg).toContain('CONSTRAINT');
    expect(svg).toContain('Constraint: Stage number 15 with a long name — largest process time');
  });
  it('escapes user text', () => {
    expect(svg).toContain('Fraud &lt;scoring&gt; &amp; &quot;retrain&quot;');
    expect(svg).not.toContain('<scoring>');
  });
  it('draws a rework loop with its share', () => {
    const looped = map(3, { stages: [fullStage('a', 'A', 1), fullStage('b', 'B', 1, { reworkToId: 'a', reworkShare: 0.25 })] });
    const out = renderVsmSvg(looped, computeMetrics({ ...looped, demand: null, availableTime: null }));
    expect(out).toContain('↺ 25 %');
    expect(out).toContain('PT 1 h ×1.33');
  });
});

describe('bestColumns', () => {
  it('picks the row length that shows 15 stages largest in a 1 000 × 440 pane', () => {
    const blocks = Array.from({ length: 15 }, (_, i) => [`s${i}`]);
    const { columns, scale } = bestColumns(blocks, 1000, 440);
    expect(columns).toBe(5);
    for (let c = 1; c <= 15; c++) {
      const w = widthForColumns(c);
      expect(Math.min(1, 1000 / w, 440 / layoutMap(blocks, w, 0, false).height)).toBeLessThanOrEqual(scale + 1e-12);
    }
    expect(scale).toBeGreaterThan(0.7);
  });
  it('never scales a small map above 1', () => {
    expect(bestColumns([['a'], ['b']], 2000, 2000).scale).toBe(1);
  });
});
