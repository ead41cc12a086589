import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../../common/domain/vsm/renderSvg';
import type { PresenterView } from '../../../../common/domain/vsm/renderSvg';
import { svgDataUrl } from '../../export/download';
import { useCall } from '../../api/useCall';

/**
 * The event's current-state value-stream map, drawn large for a mapping session. The SVG comes from
 * renderVsmSvg (user text escaped) and is shown as an image, as the exports do, so nothing in it runs.
 */
export function PresenterMap({ eventId }: Readonly<{ eventId: string }>) {
  const { data: maps, error: listError } = useCall('vsm-list', { eventId }, ['vsm']);
  const current = maps?.find((m) => m.kind === 'current') ?? null;
  const { data, error } = useCall('vsm-get', current ? { mapId: current.id } : null, ['vsm', 'datasets']);
  const problem = listError ?? error;
  if (problem) return <Frame title="Value-stream map"><p className="presenter-big-note" role="alert">{problem}</p></Frame>;
  if (!maps || (current && !data)) return <Frame title="Value-stream map"><p className="presenter-big-note">Loading map…</p></Frame>;
  if (!current || !data) return <Frame title="Value-stream map"><p className="presenter-big-note" data-testid="presenter-map-empty">No current-state map yet. Create one on the Value-stream map page.</p></Frame>;
  const map: VsmMap = data.map;
  const metrics = data.metrics as unknown as VsmMetrics;
  return (
    <Frame title={map.name} hideTitle>
      <FittedMap map={map} metrics={metrics} />
    </Frame>
  );
}

/**
 * Draws the map for the area it is shown in (measured), in projector type sizes: one drawing unit is at
 * least one CSS px, so no text of the map is under 16 px; more stages wrap into rows before text shrinks.
 */
function FittedMap({ map, metrics }: Readonly<{ map: VsmMap; metrics: VsmMetrics }>) {
  const box = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<PresenterView | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    const measure = () => {
      // The exact (fractional) size rounded down, so the drawing is never scaled below one px per unit.
      const r = el.getBoundingClientRect();
      const width = Math.floor(r.width);
      const height = Math.floor(r.height);
      setView((v) => (v && v.width === width && v.height === height) || width <= 0 || height <= 0 ? v : { width, height });
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const src = useMemo(() => (view ? svgDataUrl(renderVsmSvg(map, metrics, { presenter: view })) : null), [map, metrics, view]);
  const stages = map.stages.map((s) => s.name).join(', ');
  return (
    <div className="presenter-map-fit" ref={box}>
      {src && <img className="presenter-map" src={src} data-testid="presenter-map"
        alt={`Value-stream map ${map.name}${stages ? `, stages: ${stages}` : ', no stages yet'}`} />}
    </div>
  );
}

/** The drawing carries the map's title itself, so the heading is kept for screen readers only. */
function Frame({ title, hideTitle = false, children }: Readonly<{ title: string; hideTitle?: boolean; children: ReactNode }>) {
  return (
    <section className="presenter-artefact presenter-artefact-map" aria-label="Value-stream map">
      <h2 className={hideTitle ? 'visually-hidden' : 'presenter-artefact-title'}>{title}</h2>
      {children}
    </section>
  );
}
