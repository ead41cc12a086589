import { STATUS_LABELS } from '../../../../common/domain/kpi/status';
import { useCall } from '../../api/useCall';
import { fmtKpi } from '../kpi/format';

const MAX_KPIS = 6;

/** The KPI board essentials for a review session: name, current value with unit, target and status, large. */
export function PresenterKpis({ eventId }: Readonly<{ eventId: string }>) {
  const { data: kpis, error } = useCall('kpi-list', { eventId }, ['kpis']);
  const list = kpis ?? [];
  return (
    <section className="presenter-artefact" aria-label="KPIs">
      <h2 className="presenter-artefact-title">KPIs <span className="presenter-count">{list.length}</span></h2>
      {error ? <p className="presenter-big-note" role="alert">{error}</p>
        : !kpis ? <p className="presenter-big-note">Loading KPIs…</p>
        : list.length === 0 ? <p className="presenter-big-note">No KPIs yet. Add them on the KPI board.</p> : (
          <ul className="presenter-kpis">
            {list.slice(0, MAX_KPIS).map((k) => (
              <li key={k.id} className={`presenter-kpi presenter-kpi-${k.status}`} data-testid="presenter-kpi">
                <span className="presenter-kpi-name">{k.name}</span>
                <span className="presenter-kpi-value">{k.sourceError ? 'Data unavailable' : fmtKpi(k, k.current)}</span>
                <span className="presenter-kpi-foot">
                  <span className="presenter-kpi-status">{STATUS_LABELS[k.status]}</span>
                  {k.target !== null && <span className="presenter-kpi-target">target {fmtKpi(k, k.target)}</span>}
                </span>
              </li>
            ))}
            {list.length > MAX_KPIS && <li className="presenter-more">+ {list.length - MAX_KPIS} more on the KPI board</li>}
          </ul>
        )}
    </section>
  );
}
