import { useState } from 'react';
import type { Input } from '../../../../common/contract/api';
import type { Window } from '../../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { SeriesChart } from './charts';
import { num } from './format';
import { driftKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; feature: string; categorical: boolean; timestamp: string; reference: Window; binning: 'quantile' | 'evidently' | 'equal-width'; threshold: number }>;

/** PSI per day against the reference window, the first day over the threshold and the detection lag. */
export function DriftSeriesPanel({ eventId, ds, feature, categorical, timestamp, reference, binning, threshold }: Props) {
  const [flaggedAt, setFlaggedAt] = useState('');
  const input: Input<'analysis-drift-series'> = { eventId, datasetId: ds.id, feature, categorical, timestamp, reference, binning, threshold, flaggedAt: flaggedAt || undefined };
  const { data, error } = useCall('analysis-drift-series', input, ['datasets']);
  return (
    <div className="card">
      {error && <p className="error-banner" role="alert">{error}</p>}
      {data && (
        <>
          <SeriesChart title={`PSI of ${feature} per day against the reference`} yLabel="PSI" points={data.points.map((p) => ({ date: p.date, value: p.psi }))} threshold={threshold} format={(v) => v.toFixed(2)} />
          <div className="analysis-form">
            <div className="field">
              <label htmlFor="drift-flagged">Drift was flagged on</label>
              <input id="drift-flagged" type="date" value={flaggedAt} onChange={(e) => setFlaggedAt(e.target.value)} />
            </div>
            <p className="verdict" role="status">
              {data.firstOver ? `First day over ${threshold}: ${data.firstOver.date} (PSI ${num(data.firstOver.psi, 2)}).` : `No day reached ${threshold}.`}{' '}
              {data.lagDays !== null ? `Detection lag: ${data.lagDays} day(s).` : data.firstOver ? 'Enter when it was flagged to see the detection lag.' : ''}
            </p>
          </div>
          <ResultActions
            eventId={eventId}
            save={async () => (await call('analysis-drift-series', { ...input, save: true })).resultId}
            kpi={driftKpi({ datasetId: ds.id, feature, timestamp, reference, binning, categorical, threshold })}
            actionTitle={`Shorten drift detection for ${feature}`}
            actionDescription={data.firstOver ? `PSI of ${feature} first exceeded ${threshold} on ${data.firstOver.date}${data.lagDays !== null ? `; flagged ${data.lagDays} day(s) later` : ''}.` : `PSI of ${feature} stayed below ${threshold}.`}
          />
        </>
      )}
    </div>
  );
}
