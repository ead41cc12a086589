import type { ReactNode } from 'react';
import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import { BOX_W, GAP, MARGIN } from '../../../../common/domain/vsm/layout';
import { groupBlocks } from '../../../../common/domain/vsm/metrics';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { renderVsmSvg } from '../../../../common/domain/vsm/renderSvg';
import { svgDataUrl } from '../../export/download';
import { useCall } from '../../api/useCall';

const MIN_WIDTH = 760;
const MAX_WIDTH = 1400;

/** Just wide enough for one row of stages (up to MAX_WIDTH), so the drawing scales up as far as the screen allows. */
function fitWidth(map: VsmMap): number {
  const blocks = groupBlocks(map.stages).length;
  return Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, 2 * MARGIN + blocks * (GAP + BOX_W)));
}

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
  const svg = renderVsmSvg(map, metrics, { width: fitWidth(map), chrome: true });
  const stages = map.stages.map((s) => s.name).join(', ');
  return (
    <Frame title={map.name} hideTitle>
      <img className="presenter-map" src={svgDataUrl(svg)} data-testid="presenter-map"
        alt={`Value-stream map ${map.name}${stages ? `, stages: ${stages}` : ', no stages yet'}`} />
    </Frame>
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
