import { useEffect, useLayoutEffect, useRef } from 'react';
import { brushX, select } from 'd3';
import type { BrushBehavior } from 'd3';
import { PLOT_LEFT, drawSeries, plotWidth, prepareCanvas } from './draw';
import type { ChartModel, Domain } from './model';
import { fractionOf, positionAt, yExtent } from './model';

const H = 56;

/** The whole series in a thin strip with a d3 brush: drag to choose the zoomed range. */
export function Overview({ model, domain, width, onBrush }: { model: ChartModel; domain: Domain; width: number; onBrush: (d: Domain) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const brushRef = useRef<BrushBehavior<unknown> | null>(null);
  const total = model.values.length;
  const w = plotWidth(width);
  useLayoutEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const ctx = prepareCanvas(c, width, H);
    if (!ctx) return;
    const all = { i0: 0, i1: total, index: model.index };
    const [yMin, yMax] = yExtent(model, all);
    drawSeries(ctx, { ...model, tests: new Uint8Array(total) }, all, { x: PLOT_LEFT, y: 4, w, h: H - 8, yMin, yMax }, { line: '#7a8593', signal: '#7a8593' });
  }, [model, width, total, w]);
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const b = brushX<unknown>()
      .extent([[PLOT_LEFT, 0], [PLOT_LEFT + w, H]])
      .on('end', (e: { selection: [number, number] | null; sourceEvent?: unknown }) => {
        if (!e.sourceEvent) return;
        if (!e.selection) {
          onBrush({ i0: 0, i1: total });
          return;
        }
        const toI = (px: number) => positionAt({ i0: 0, i1: total, index: model.index }, Math.min(1, Math.max(0, (px - PLOT_LEFT) / w)));
        const i0 = Math.max(0, toI(e.selection[0]));
        const i1 = Math.min(total, Math.max(i0 + 8, toI(e.selection[1]) + 1));
        onBrush({ i0, i1 });
      });
    brushRef.current = b;
    select(el).call(b as never);
    return () => {
      select(el).on('.brush', null);
    };
  }, [w, total, onBrush, model]);
  useEffect(() => {
    const el = svg.current;
    const b = brushRef.current;
    if (!el || !b) return;
    const full = domain.i0 === 0 && domain.i1 === total;
    const px = (i: number) => PLOT_LEFT + fractionOf({ i0: 0, i1: total, index: model.index }, i) * w;
    select(el).call(b.move as never, full ? null : [px(domain.i0), px(domain.i1 - 1)]);
  }, [domain, total, w, model]);
  return (
    <div className="cc-overview" style={{ height: H }}>
      <canvas ref={canvas} style={{ width, height: H }} aria-hidden="true" />
      <svg ref={svg} width={width} height={H} className="cc-brush" aria-label="Overview: drag to zoom to a range" />
    </div>
  );
}
