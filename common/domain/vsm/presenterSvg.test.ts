import { describe, expect, it } from 'vitest';
import { DEFAULT_GEOMETRY, layoutMap } from './layout';
import { computeMetrics } from './metrics';
import { renderVsmSvg } from './renderSvg';
import { buildVsmScene } from './scene';
import type { SceneMap } from './scene';
import { serialize } from './svgNode';
import { fullStage } from './testMaps';

function map(n: number): SceneMap {
  return {
    name: 'Retraining pipeline today',
    kind: 'current',
    displayUnit: 'h',
    externals: [{ id: 'x', kind: 'supplier', name: 'Upstream data provider', sla: '' }, { id: 'y', kind: 'customer', name: 'Downstream decision system', sla: '' }],
    bursts: [{ id: 'b1', mapId: 'm', stageId: 's2', title: 'Cut the queue before feature engineering', notes: '' }],
    stages: Array.from({ length: n }, (_, i) => fullStage(`s${i + 1}`, i % 2 ? `Feature engineering ${i + 1}` : `Stage ${i + 1}`, i + 1, { ca: 90, uptime: i === 2 ? 99.5 : null, reworkToId: i === 3 ? 's2' : null, reworkShare: i === 3 ? 0.2 : 0 })),
  };
}
const metricsOf = (m: SceneMap) => computeMetrics({ ...m, demand: null, availableTime: null });
const size = (svg: string) => ({ w: Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)![1]), h: Number(/<svg[^>]* height="([\d.]+)"/.exec(svg)![1]) });
const fonts = (svg: string) => [...svg.matchAll(/font-size="([\d.]+)"/g)].map((x) => Number(x[1]));
/** The scale object-fit: contain shows the drawing at in the area. */
const shownAt = (svg: string, w: number, h: number) => Math.min(w / size(svg).w, h / size(svg).h);

describe('renderVsmSvg presenter option', () => {
  it('leaves the default drawing and layout as they were', () => {
    const m = map(7);
    expect(renderVsmSvg(m, metricsOf(m), { width: 1328, chrome: true })).toBe(`<?xml version="1.0" encoding="UTF-8"?>\n${serialize(buildVsmScene(m, metricsOf(m), { width: 1328, chrome: true, selectedId: null }).root)}`);
    const blocks = metricsOf(m).blocks;
    expect(layoutMap(blocks, 1000, 3, true, DEFAULT_GEOMETRY)).toEqual(layoutMap(blocks, 1000));
  });

  it('keeps every text at 16 px or more on screen for 1–7 stages in the 1280×720 presenter area', () => {
    for (const n of [1, 2, 3, 5, 7]) {
      const m = map(n);
      const svg = renderVsmSvg(m, metricsOf(m), { presenter: { width: 1193, height: 394 } });
      expect(Math.min(...fonts(svg)) * shownAt(svg, 1193, 394), `${n} stages`).toBeGreaterThanOrEqual(16);
      expect(svg.match(/data-stage-name=/g)).toHaveLength(n);
      expect(svg).toContain('Lead time');
    }
  });

  it('gives small maps larger text, and wraps 12–15 stages into rows on a 1920×1080 projector', () => {
    const small = map(2);
    const s = renderVsmSvg(small, metricsOf(small), { presenter: { width: 1833, height: 700 } });
    expect(Math.min(...fonts(s)) * shownAt(s, 1833, 700)).toBeGreaterThanOrEqual(24);
    for (const n of [12, 15]) {
      const m = map(n);
      const svg = renderVsmSvg(m, metricsOf(m), { presenter: { width: 1833, height: 700 } });
      expect(Math.min(...fonts(svg)) * shownAt(svg, 1833, 700), `${n} stages`).toBeGreaterThanOrEqual(16);
      const ys = new Set([...svg.matchAll(/<rect x="[\d.]+" y="([\d.]+)" width="\d+" height="\d+" rx="6"/g)].map((x) => x[1]));
      expect(ys.size, `${n} stages in rows`).toBeGreaterThan(1);
    }
  });

  it('draws the rework loop, the burst and the constraint with escaped user text', () => {
    const m = { ...map(5), name: 'Fraud <scoring> & "retrain"' };
    const svg = renderVsmSvg(m, metricsOf(m), { presenter: { width: 1193, height: 394 } });
    expect(svg).toContain('↺ 20 %');
    expect(svg).toContain('CONSTRAINT');
    expect(svg).toContain('class="vsm-burst"');
    expect(svg).toContain('Fraud &lt;scoring&gt; &amp; &quot;retrain&quot;');
    expect(svg).not.toContain('<scoring>');
  });
});
