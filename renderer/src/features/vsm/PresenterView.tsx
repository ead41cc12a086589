import { useEffect, useRef } from 'react';
import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import type { MetricDelta } from '../../../../common/domain/vsm/deltas';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { mapTitle } from '../../../../common/domain/vsm/scene';
import { MapCanvas } from './MapCanvas';
import { MetricsBar } from './MetricsBar';
import { useWindowHeight } from './useWindowHeight';

/** Full-window view for the projector: the map and its metrics only, larger type; Esc returns. */
export function PresenterView({ map, metrics, deltas, memberNames, onClose }: Readonly<{ map: VsmMap; metrics: VsmMetrics; deltas?: readonly MetricDelta[]; memberNames: Readonly<Record<string, string>>; onClose: () => void }>) {
  const ref = useRef<HTMLDivElement>(null);
  const h = useWindowHeight();
  useEffect(() => {
    ref.current?.focus();
    const on = (e: KeyboardEvent) => e.key === 'Escape' && onClose();
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [onClose]);
  return (
    <div className="vsm-presenter" role="dialog" aria-modal="true" aria-label={`Presenter view: ${map.name}`} ref={ref} tabIndex={-1} data-testid="vsm-presenter">
      <div className="vsm-presenter-head">
        <h2>{mapTitle(map)}</h2>
        <button type="button" className="btn" onClick={onClose}>Exit presenter view (Esc)</button>
      </div>
      <MetricsBar metrics={metrics} unit={map.displayUnit} deltas={deltas} />
      <MapCanvas map={map} metrics={metrics} memberNames={memberNames} height={Math.max(300, h - 190)} label={`Value-stream map ${map.name}`} grow />
    </div>
  );
}
