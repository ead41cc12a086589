import { useState } from 'react';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { navigate } from '../../router';
import type { SectionProps } from '../sectionProps';
import { AlertsPanel } from './AlertsPanel';
import { KpiCard } from './KpiCard';
import { KpiDetail } from './KpiDetail';
import { KpiForm } from './KpiForm';
import './kpi.css';

/** The KPI board (section "KPIs"): one card per KPI, the alerts panel, and each KPI's chart page at /kpis/<id>. */
export function KpiBoard({ event, sub }: SectionProps) {
  const list = useCall('kpi-list', { eventId: event.id }, ['kpis']);
  const [adding, setAdding] = useState(false);
  if (sub) return <KpiDetail event={event} kpiId={sub} />;
  const kpis = list.data ?? [];
  return (
    <div className="kpi-board">
      <div className="kpi-board-head">
        <p className="hint">Current value, baseline, target and status of each agreed measure. Open a KPI for its control chart.</p>
        {!adding && <button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>New KPI</button>}
      </div>
      {adding && <KpiForm eventId={event.id} onDone={(id) => { setAdding(false); if (id) navigate({ page: 'event', eventId: event.id, section: 'kpis', sub: id }); }} />}
      {list.error && <p className="field-error" role="alert">{list.error}</p>}
      {!list.loading && kpis.length === 0 && !adding && (
        <EmptyState title="No KPIs yet" action={<button type="button" className="btn btn-primary" onClick={() => setAdding(true)}>Define the first KPI</button>}>
          Agree two or three measures with the team: import a log on the Data page, then define a KPI such as “daily p95 of total_ms”, or track one by hand with manual entries.
        </EmptyState>
      )}
      {kpis.length > 0 && (
        <div className="kpi-board-grid">
          <ul className="kpi-cards" aria-label="KPI cards">
            {kpis.map((k) => <KpiCard key={k.id} k={k} eventId={event.id} />)}
          </ul>
          <AlertsPanel kpis={kpis} eventId={event.id} />
        </div>
      )}
    </div>
  );
}
