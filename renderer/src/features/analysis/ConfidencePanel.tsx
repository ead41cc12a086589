import { useState } from 'react';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { SeriesChart } from './charts';
import { num, pct } from './format';
import { confidenceKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';
import type { Columns } from './useDataset';
import { fmt } from '../../format';

/** Prediction confidence over time: share of low-confidence predictions per day and its KPI template. */
export function ConfidencePanel({ eventId, ds, columns }: { eventId: string; ds: DatasetInfo; columns: Columns }) {
  const [column, setColumn] = useState(columns.numeric.find((c) => /conf/i.test(c)) ?? columns.role('score') ?? '');
  const [low, setLow] = useState(0.6);
  const input = column && columns.timestamp ? { eventId, datasetId: ds.id, column, timestamp: columns.timestamp, lowThreshold: low } : null;
  const { data, error } = useCall('analysis-confidence', input, ['datasets']);
  if (!columns.timestamp) return null;
  return (
    <section className="card" aria-labelledby="conf-h">
      <h3 id="conf-h">Prediction confidence</h3>
      <div className="analysis-form">
        <div className="field"><label htmlFor="conf-col">Confidence column</label><select id="conf-col" value={column} onChange={(e) => setColumn(e.target.value)}><option value="">(none)</option>{columns.numeric.map((c) => <option key={c}>{c}</option>)}</select></div>
        <div className="field"><label htmlFor="conf-low">Low below</label><input id="conf-low" type="number" step={0.05} value={low} onChange={(e) => setLow(Number(e.target.value))} /></div>
      </div>
      {error && <p className="error-banner" role="alert">{error}</p>}
      {data && (
        <>
          <p className="verdict" role="status">{pct(data.overall.lowShare)} of {fmt().count(data.overall.n)} predictions are below {low} (median confidence {num(data.overall.p50, 2)}).</p>
          <SeriesChart title={`Share of predictions with ${column} below ${low}, per day`} yLabel="low-confidence share" points={data.points.map((p) => ({ date: p.date, value: p.lowShare }))} format={(v) => `${fmt().fixed(v * 100, 0)} %`} />
          <ResultActions
            eventId={eventId}
            save={async () => (await call('analysis-confidence', { ...input!, save: true })).resultId}
            kpi={confidenceKpi(input!)}
            actionTitle={`Review low-confidence predictions (${pct(data.overall.lowShare)} below ${low})`}
            actionDescription={`From ${ds.name} v${ds.version}: ${pct(data.overall.lowShare)} of predictions have ${column} below ${low}.`}
          />
        </>
      )}
    </section>
  );
}
