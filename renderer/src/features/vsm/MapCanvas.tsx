import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent, PointerEvent } from 'react';
import { select, zoom as d3zoom, zoomIdentity, zoomTransform } from 'd3';
import type { ZoomBehavior } from 'd3';
import type { Stage, VsmMap } from '../../../../common/contract/schemas/vsm';
import { bestColumns, blockAt, widthForColumns } from '../../../../common/domain/vsm/layout';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { buildVsmScene, describeMap } from '../../../../common/domain/vsm/scene';
import { renderNode } from './SceneView';
import { useFormats } from '../../format';

export type CanvasProps = Readonly<{
  map: VsmMap;
  metrics: VsmMetrics;
  selectedId?: string | null;
  memberNames?: Readonly<Record<string, string>>;
  height: number;
  onSelect?: (id: string | null) => void;
  onMove?: (stage: Stage, from: number, to: number) => void;
  onRemove?: (stage: Stage) => void;
  label?: string;
  /** Presenter: lay the stream out at its natural width and scale it UP to fill the pane (up to 3×), not only down. */
  grow?: boolean;
}>;

const TOOLS_H = 30;

type Drag = { id: string; x0: number; y0: number; moved: boolean; el: SVGGElement };

/** The map drawing: React renders the scene, d3-zoom pans and zooms, stages drag (or Alt+arrow) to reorder. */
export function MapCanvas({ map, metrics, selectedId, memberNames, height, onSelect, onMove, onRemove, label, grow = false }: CanvasProps) {
  const wrap = useRef<HTMLDivElement>(null);
  const svgRef = useRef<SVGSVGElement>(null);
  const gRef = useRef<SVGGElement>(null);
  const zoomRef = useRef<ZoomBehavior<SVGSVGElement, unknown> | null>(null);
  const drag = useRef<Drag | null>(null);
  const [width, setWidth] = useState(900);
  // Auto layout: the row length that shows the whole stream largest in this pane.
  const { locale } = useFormats();
  const sceneW = useMemo(() => {
    const best = bestColumns(metrics.blocks, width, height - TOOLS_H);
    return best.scale >= 1 && !grow ? width : widthForColumns(best.columns);
  }, [metrics.blocks, width, height, grow]);
  const scene = useMemo(() => buildVsmScene(map, metrics, { width: sceneW, selectedId, memberNames, chrome: false, locale }), [map, metrics, sceneW, selectedId, memberNames, locale]);
  const sceneH = scene.layout.height;
  const interactive = !!onSelect;
  const helpId = useId();

  useLayoutEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setWidth(Math.max(400, Math.floor(el.clientWidth))));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    const svg = svgRef.current;
    if (!svg) return;
    const z = d3zoom<SVGSVGElement, unknown>()
      .scaleExtent([0.25, 3])
      .filter((ev: Event) => ev.type === 'wheel' || !(ev.target as Element).closest?.('.vsm-stage'))
      .on('zoom', (ev: { transform: { toString(): string } }) => gRef.current?.setAttribute('transform', ev.transform.toString()));
    zoomRef.current = z;
    select(svg).call(z).on('dblclick.zoom', null);
    return () => void select(svg).on('.zoom', null);
  }, []);

  const fit = () => {
    const svg = svgRef.current;
    if (!svg || !zoomRef.current) return;
    // Leave room at the top for the zoom buttons.
    const scale = Math.min(grow ? 3 : 1, width / sceneW, (height - TOOLS_H) / sceneH);
    select(svg).call(zoomRef.current.transform, zoomIdentity.translate(Math.max(0, (width - sceneW * scale) / 2), TOOLS_H + (grow ? Math.max(0, (height - TOOLS_H - sceneH * scale) / 2) : 0)).scale(scale));
  };
  const zoomBy = (f: number) => svgRef.current && zoomRef.current && select(svgRef.current).call(zoomRef.current.scaleBy, f);
  const reset = () => svgRef.current && zoomRef.current && select(svgRef.current).call(zoomRef.current.transform, zoomIdentity);

  // Fit per map, when the pane resizes and when the number of steps changes, so the whole stream shows.
  useEffect(() => {
    fit();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [map.id, width, height, sceneW, sceneH, metrics.blocks.length, grow]);

  const stageIndex = (id: string) => map.stages.findIndex((s) => s.id === id);
  const toScene = (clientX: number, clientY: number) => {
    const r = svgRef.current!.getBoundingClientRect();
    const t = zoomTransform(svgRef.current!);
    return t.invert([clientX - r.left, clientY - r.top]);
  };

  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    const g = (e.target as Element).closest('[data-stage-id]') as SVGGElement | null;
    if (!g || !interactive) return;
    const [x0, y0] = toScene(e.clientX, e.clientY);
    drag.current = { id: g.dataset.stageId!, x0, y0, moved: false, el: g };
    g.setPointerCapture?.(e.pointerId);
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || !onMove) return;
    const [x, y] = toScene(e.clientX, e.clientY);
    if (!d.moved && Math.hypot(x - d.x0, y - d.y0) < 6) return;
    d.moved = true;
    d.el.setAttribute('transform', `translate(${x - d.x0},${y - d.y0})`);
    d.el.style.opacity = '0.75';
  };
  const onPointerUp = (e: PointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    drag.current = null;
    if (!d) return;
    d.el.removeAttribute('transform');
    d.el.style.opacity = '';
    const stage = map.stages.find((s) => s.id === d.id);
    if (!stage) return;
    if (!d.moved) return onSelect?.(d.id);
    const [x, y] = toScene(e.clientX, e.clientY);
    const block = metrics.blocks[blockAt(scene.layout, x, y)];
    const to = block ? stageIndex(block[0]!) : map.stages.length - 1;
    onMove?.(stage, stageIndex(d.id), to);
  };

  const onKeyDown = (e: KeyboardEvent<SVGSVGElement>) => {
    const id = (e.target as Element).closest?.('[data-stage-id]')?.getAttribute('data-stage-id');
    if (!id || !interactive) return;
    const i = stageIndex(id);
    const stage = map.stages[i]!;
    const focusAt = (j: number) => (svgRef.current?.querySelector(`[data-stage-id="${map.stages[j]?.id}"]`) as SVGGElement | null)?.focus();
    const back = e.key === 'ArrowLeft' || e.key === 'ArrowUp';
    const fwd = e.key === 'ArrowRight' || e.key === 'ArrowDown';
    if (e.key === 'Enter' || e.key === ' ') onSelect?.(id);
    else if (e.key === 'Delete') onRemove?.(stage);
    else if (e.altKey && (back || fwd)) onMove?.(stage, i, Math.max(0, Math.min(map.stages.length - 1, i + (fwd ? 1 : -1))));
    else if (back || fwd) focusAt(Math.max(0, Math.min(map.stages.length - 1, i + (fwd ? 1 : -1))));
    else return;
    e.preventDefault();
  };

  // The accessible name is the text drawn in the box (so speech matches what is seen); keys are the description.
  const stageProps = () => (interactive ? { tabIndex: 0, role: 'button', 'aria-describedby': helpId } : {});

  return (
    <div className="vsm-canvas" ref={wrap} data-testid="vsm-canvas">
      <div className="vsm-zoom" role="toolbar" aria-label={`Zoom ${label ?? 'map'}`}>
        <button type="button" className="btn btn-small" onClick={() => zoomBy(1.25)} aria-label="Zoom in">+</button>
        <button type="button" className="btn btn-small" onClick={() => zoomBy(0.8)} aria-label="Zoom out">−</button>
        <button type="button" className="btn btn-small" onClick={fit}>Fit</button>
        <button type="button" className="btn btn-small" onClick={reset}>100 %</button>
      </div>
      <svg
        ref={svgRef}
        width={width}
        height={height}
        className="vsm-svg"
        role="group"
        aria-label={label ?? describeMap(map, metrics, locale)}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onKeyDown={onKeyDown}
        onClick={(e) => { if (e.target === svgRef.current) onSelect?.(null); }}
      >
        <g ref={gRef}>{(scene.root.children ?? []).map((c, i) => renderNode(c, i, stageProps))}</g>
      </svg>
      <p className="visually-hidden">{describeMap(map, metrics, locale)}</p>
      {interactive && <p className="visually-hidden" id={helpId}>Enter edits the stage, Alt+arrow keys move it, arrow keys go to the next stage, Delete removes it.</p>}
    </div>
  );
}
