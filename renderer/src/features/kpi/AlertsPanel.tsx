import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { routeHref } from '../../router';
import { fmtKpi } from './format';
import { formatDate } from '../../format';

const latestSignals = (k: KpiSummary) => k.signalPoints.filter((p) => p.latest);

/** Every KPI alert (threshold crossed) and control-chart signal of the event, newest concerns first. */
export function AlertsPanel({ kpis, eventId }: { kpis: readonly KpiSummary[]; eventId: string }) {
  const alerts = kpis.filter((k) => k.alert).sort((a, b) => Number(b.alert!.active) - Number(a.alert!.active));
  const signals = kpis.filter((k) => k.signalPoints.some((p) => p.latest));
  return (
    <section className="card kpi-alerts" aria-labelledby="kpi-alerts-title">
      <h2 id="kpi-alerts-title">Alerts</h2>
      {alerts.length === 0 && signals.length === 0 ? (
        <p className="hint">No thresholds crossed and no control-chart signals. Set an alert threshold on a KPI (for example the AUC below which retraining starts) to be warned here.</p>
      ) : (
        <ul className="kpi-alert-list">
          {alerts.map((k) => (
            <li key={`a${k.id}`} className={k.alert!.active ? 'active' : ''}>
              <a href={routeHref({ page: 'event', eventId, section: 'kpis', sub: k.id })}>{k.name}</a>: {k.alert!.active ? 'beyond' : 'crossed'} the threshold {fmtKpi(k, k.alertThreshold)} (first on {formatDate(k.alert!.firstCrossedAt)}; latest {fmtKpi(k, k.alert!.lastValue)}{k.alert!.active ? ', still beyond' : ', back within'}).
            </li>
          ))}
          {signals.map((k) => (
            <li key={`s${k.id}`}>
              <a href={routeHref({ page: 'event', eventId, section: 'kpis', sub: k.id })}>{k.name}</a>: control chart signals at {latestSignals(k).length} point{latestSignals(k).length === 1 ? '' : 's'} of the latest stage, the last on {formatDate(latestSignals(k)[latestSignals(k).length - 1]!.date)}.
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
