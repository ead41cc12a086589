import { useEffect, useMemo, useState } from 'react';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import { metricDeltas } from '../../../../common/domain/vsm/deltas';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import { useAppStore } from '../../store';
import { CompareView } from './CompareView';
import { exportPng, exportSvg } from './exportMap';
import { FillPanel } from './FillPanel';
import { MapCanvas } from './MapCanvas';
import { MapSettings } from './MapSettings';
import { MetricsBar } from './MetricsBar';
import { PresenterView } from './PresenterView';
import { StageEditor } from './StageEditor';
import { StageTable } from './StageTable';
import { addStage as addStageChange, moveStage, removeMap, removeStage } from './vsmChanges';
import { useWindowHeight } from './useWindowHeight';

type Panel = 'none' | 'fill' | 'settings';

/** One map: toolbar, live metrics, the drawing with its stage editor, and the compare / presenter views. */
export function MapEditor({ event, mapId, currentId, ops }: Readonly<{ event: KaizenEvent; mapId: string; currentId: string | null; ops: ChangeOps }>) {
  const { data, error } = useCall('vsm-get', { mapId }, ['vsm', 'datasets']);
  const compareId = data?.map.kind === 'future' ? (data.map.basedOnId ?? currentId) : null;
  const { data: base } = useCall('vsm-get', compareId ? { mapId: compareId } : null, ['vsm']);
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [panel, setPanel] = useState<Panel>('none');
  const [compare, setCompare] = useState(false);
  const [presenter, setPresenter] = useState(false);
  const winH = useWindowHeight();
  const toast = useAppStore((s) => s.toast);
  const members = useMemo(() => team?.members ?? [], [team]);
  const memberNames = useMemo(() => Object.fromEntries(members.map((m) => [m.id, m.name])), [members]);
  useEffect(() => setSelectedId(null), [mapId]);
  // Esc closes the stage editor wherever the focus is (on the map, in the panel); a field being typed in saves on
  // blur first. Left alone while the presenter view (its own Esc) or a dialog such as the palette has the key.
  useEffect(() => {
    if (!selectedId || presenter) return;
    const on = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('[role="dialog"][aria-modal="true"]')) return;
      if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
      setSelectedId(null);
    };
    window.addEventListener('keydown', on);
    return () => window.removeEventListener('keydown', on);
  }, [selectedId, presenter]);

  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!data) return <p className="muted">Loading map…</p>;
  const map: VsmMap = data.map;
  const metrics = data.metrics as unknown as VsmMetrics;
  const baseMetrics = base && compareId ? (base.metrics as unknown as VsmMetrics) : null;
  const deltas = baseMetrics ? metricDeltas(baseMetrics, metrics) : undefined;
  const selected = map.stages.find((s) => s.id === selectedId) ?? null;
  const addStage = async () => {
    const st = await ops.change(addStageChange(map.id, `Stage ${map.stages.length + 1}`, selected ? selected.position + 1 : undefined));
    setSelectedId(st.id);
  };
  const refresh = async () => {
    const fs = map.fillSettings!;
    await ops.save(() => call('vsm-fill', { mapId: map.id, datasetId: fs.datasetId, percentile: fs.percentile, mapping: fs.mapping }));
    toast({ kind: 'info', message: `Refreshed from version ${data.staleFill?.latestVersion}.` }, 4000);
  };

  return (
    <div className="vsm-editor-page">
      <div className="vsm-toolbar" role="toolbar" aria-label="Map tools">
        <button type="button" className="btn btn-small" onClick={() => void addStage().catch(alreadyShown)}>+ Add stage</button>
        <button type="button" className="btn btn-small" aria-pressed={panel === 'fill'} onClick={() => setPanel(panel === 'fill' ? 'none' : 'fill')}>Fill from log…</button>
        <button type="button" className="btn btn-small" aria-pressed={panel === 'settings'} onClick={() => setPanel(panel === 'settings' ? 'none' : 'settings')}>Takt &amp; SLAs</button>
        {compareId && <button type="button" className="btn btn-small" aria-pressed={compare} onClick={() => setCompare(!compare)}>{compare ? 'Back to editing' : 'Compare with current'}</button>}
        <button type="button" className="btn btn-small" onClick={() => setPresenter(true)}>Present</button>
        <button type="button" className="btn btn-small" onClick={() => exportSvg(map, metrics)}>Export SVG</button>
        <button type="button" className="btn btn-small" onClick={() => void exportPng(map, metrics).catch(ops.fail)}>Export PNG</button>
        <button type="button" className="btn btn-small btn-danger-outline" onClick={() => ops.act(removeMap(map))}>Delete map</button>
      </div>
      {data.staleFill && map.fillSettings && (
        <p className="warning" data-testid="stale-fill">
          A newer version (v{data.staleFill.latestVersion}) of the run log was imported; these stage times come from v{data.staleFill.usedVersion}.{' '}
          <button type="button" className="btn btn-small" onClick={() => void refresh().catch(alreadyShown)}>Refresh from v{data.staleFill.latestVersion}</button>
        </p>
      )}
      {panel === 'fill' && <FillPanel map={map} onClose={() => setPanel('none')} />}
      {panel === 'settings' && <MapSettings map={map} ops={ops} />}
      <MetricsBar metrics={metrics} unit={map.displayUnit} deltas={deltas} />
      {compare && base && baseMetrics ? (
        <CompareView current={base.map} currentMetrics={baseMetrics} future={map} futureMetrics={metrics} height={Math.max(280, winH - 360)} />
      ) : (
        <div className={selected ? 'vsm-work vsm-work-editing' : 'vsm-work'}>
          {map.stages.length === 0 ? (
            <div className="empty-state" role="status">
              <h2>No stages yet</h2>
              <p>Add the first step of the workflow, then the next. Times can be typed in or filled from an imported pipeline run log.</p>
              <button type="button" className="btn btn-primary" onClick={() => void addStage().catch(alreadyShown)}>Add the first stage</button>
            </div>
          ) : (
            <MapCanvas
              map={map}
              metrics={metrics}
              selectedId={selectedId}
              memberNames={memberNames}
              height={Math.max(320, winH - 285)}
              onSelect={setSelectedId}
              onMove={(s, from, to) => { const c = moveStage(s, from, to); if (c) ops.act(c); }}
              onRemove={(s) => ops.act(removeStage(s))}
            />
          )}
          {selected && <StageEditor map={map} stage={selected} sm={metrics.stages.find((s) => s.stageId === selected.id)} members={members} ops={ops} onClose={() => setSelectedId(null)} />}
        </div>
      )}
      {metrics.warnings.length > 0 && (
        <details className="vsm-warnings">
          <summary>{metrics.warnings.length} thing(s) to check</summary>
          <ul>{metrics.warnings.map((w, i) => <li key={i}>{w.message}</li>)}</ul>
        </details>
      )}
      <StageTable map={map} metrics={metrics} />
      {presenter && <PresenterView map={map} metrics={metrics} deltas={deltas} memberNames={memberNames} onClose={() => setPresenter(false)} />}
    </div>
  );
}
