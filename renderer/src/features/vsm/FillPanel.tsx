import { useEffect, useState } from 'react';
import type { Output } from '../../../../common/contract/api';
import type { VsmMap } from '../../../../common/contract/schemas/vsm';
import { duration } from './localUnits';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import { useAppStore } from '../../store';
import { fillMap } from './vsmChanges';
import { fmt } from '../../format';

type Preview = Output<'vsm-fill-preview'>;
const PERCENTILES = [50, 75, 90, 95] as const;

/** Fill stage times from an imported pipeline run log: pick the dataset, check the stage mapping, apply. */
export function FillPanel({ map, onClose }: Readonly<{ map: VsmMap; onClose: () => void }>) {
  const { data: datasets } = useCall('dataset-list', { eventId: map.eventId }, ['datasets']);
  const [datasetId, setDatasetId] = useState(map.fillSettings?.datasetId ?? '');
  const [pct, setPct] = useState(map.fillSettings?.percentile ?? 50);
  const [mapping, setMapping] = useState<Record<string, string | null>>(map.fillSettings?.mapping ?? {});
  const [preview, setPreview] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const ops = useChange(['vsm']);
  const toast = useAppStore((s) => s.toast);

  useEffect(() => {
    if (!datasetId && datasets?.length) setDatasetId((datasets.find((d) => /run|pipeline/i.test(d.name)) ?? datasets[0]!).id);
  }, [datasets, datasetId]);

  useEffect(() => {
    if (!datasetId) return;
    let live = true;
    call('vsm-fill-preview', { mapId: map.id, datasetId, percentile: pct, mapping }).then(
      (p) => { if (live) { setPreview(p); setError(null); } },
      (e: unknown) => { if (live) { setPreview(null); setError(errorMessage(e)); } },
    );
    return () => { live = false; };
  }, [map.id, datasetId, pct, mapping]);

  const targetOf = (name: string) => (name in mapping ? (mapping[name] ?? '') : (preview?.suggestions.find((s) => s.logStages.includes(name))?.stageId ?? ''));
  const stats = (stageId: string) => preview?.suggestions.find((s) => s.stageId === stageId);

  const apply = async () => {
    setBusy(true);
    try {
      // The panel shows a failure itself (quiet: no toast).
      const r = await ops.change({ ...fillMap(map, { mapId: map.id, datasetId, percentile: pct, mapping }), quiet: true });
      toast({ kind: 'info', message: `Filled ${r.filledStages} stage(s) from version ${r.version}.${r.unmatched.length ? ` Not mapped: ${r.unmatched.join(', ')}.` : ''}` }, 6000);
      onClose();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="card vsm-fill" aria-label="Fill from pipeline log" data-testid="fill-panel">
      <div className="vsm-editor-head">
        <h2>Fill stage times from a pipeline log</h2>
        <button type="button" className="btn btn-small" onClick={onClose}>Close</button>
      </div>
      {datasets && datasets.length === 0 ? (
        <p className="warning">No dataset in this event yet. Import a CSV of pipeline runs (run id, stage, start, end, status) on the Data page, then come back.</p>
      ) : (
        <div className="vsm-row">
          <div className="field">
            <label htmlFor="fill-dataset">Run log</label>
            <select id="fill-dataset" value={datasetId} onChange={(e) => { setDatasetId(e.target.value); setMapping({}); }}>
              {datasets?.map((d) => <option key={d.id} value={d.id}>{d.name} (v{d.version}, {d.rowCount} rows)</option>)}
            </select>
          </div>
          <div className="field">
            <label htmlFor="fill-pct">Process time statistic</label>
            <select id="fill-pct" value={pct} onChange={(e) => setPct(Number(e.target.value))}>
              {PERCENTILES.map((p) => <option key={p} value={p}>{p === 50 ? 'Median (p50)' : `p${p}`}</option>)}
            </select>
          </div>
        </div>
      )}
      {error && <p className="error-banner" role="alert">{error}</p>}
      {preview && (
        <>
          <p className="muted">PT = {pct === 50 ? 'median' : `p${pct}`} of attempt durations · WT = median gap after the previous stage · %C&amp;A = runs passing first time without failure or retry. Version {preview.version}.</p>
          <table className="vsm-table" data-testid="fill-mapping">
            <thead><tr><th scope="col">Log stage</th><th scope="col">Runs</th><th scope="col">Map stage</th><th scope="col">PT</th><th scope="col">WT</th><th scope="col">%C&amp;A</th></tr></thead>
            <tbody>
              {preview.logStages.map((l) => {
                const t = targetOf(l.name);
                const s = stats(t);
                return (
                  <tr key={l.name}>
                    <th scope="row">{l.name}</th>
                    <td>{l.runs}</td>
                    <td>
                      <select aria-label={`Map stage for log stage ${l.name}`} value={t} onChange={(e) => setMapping({ ...mapping, [l.name]: e.target.value || null })}>
                        <option value="">— not on the map —</option>
                        {map.stages.map((st) => <option key={st.id} value={st.id}>{st.name}</option>)}
                      </select>
                    </td>
                    <td>{s ? duration(s.ptMs) : '—'}</td>
                    <td>{s ? duration(s.wtMs) : '—'}</td>
                    <td>{s?.caPercent == null ? '—' : `${fmt().fixed(s.caPercent, 1)} %`}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          <p className="muted">Values you have edited by hand keep your number; the log value is shown next to them.</p>
          <button type="button" className="btn btn-primary" disabled={busy || preview.suggestions.length === 0} onClick={() => void apply()}>Fill {preview.suggestions.length} stage(s)</button>
        </>
      )}
    </section>
  );
}
