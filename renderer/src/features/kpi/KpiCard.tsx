import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { STATUS_LABELS } from '../../../../common/domain/kpi/status';
import { routeHref } from '../../router';
import { Sparkline } from './Sparkline';
import { fmtKpi } from './format';
import { formatDate } from '../../../../common/domain/text/dates';

/** One KPI on the board: current vs baseline and target, progress, sparkline, status, signal badge, alert. */
export function KpiCard({ k, eventId }: { k: KpiSummary; eventId: string }) {
  const progress = k.progress === null ? null : Math.max(0, Math.min(1, k.progress));
  return (
    <li className={`card kpi-card kpi-${k.status}`} data-testid="kpi-card">
      <div className="kpi-card-head">
        <h3>
          <a href={routeHref({ page: 'event', eventId, section: 'kpis', sub: k.id })}>{k.name}</a>
        </h3>
        <span className={`kpi-status kpi-status-${k.status}`}>{STATUS_LABELS[k.status]}</span>
      </div>
      {k.sourceError ? (
        <p className="warning" role="alert">Data unavailable: {k.sourceError}</p>
      ) : (
        <>
          <div className="kpi-current">
            <span className="kpi-value">{fmtKpi(k, k.current)}</span>
            {k.currentDate && <span className="hint"> latest, {formatDate(k.currentDate)}</span>}
          </div>
          <dl className="kpi-facts">
            <div><dt>Baseline</dt><dd>{fmtKpi(k, k.baselineValue)}</dd></div>
            <div><dt>Target</dt><dd>{fmtKpi(k, k.target)}</dd></div>
            <div><dt>Progress</dt><dd>{k.progress === null ? '—' : `${Math.round(k.progress * 100)} %`}</dd></div>
          </dl>
          {progress !== null && (
            <div className="kpi-progress" role="progressbar" aria-label={`Progress to target for ${k.name}`} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)}>
              <div style={{ width: `${progress * 100}%` }} />
            </div>
          )}
          <Sparkline points={k.points} target={k.target} />
        </>
      )}
      <div className="kpi-badges">
        {k.signals.length > 0 && (
          <span className="kpi-signal-badge" title="The control chart shows a special cause in the latest stage">
            Signal: test {[...new Set(k.signals.map((s) => s.test))].join(', ')} ({k.signals.length} point{k.signals.length === 1 ? '' : 's'})
          </span>
        )}
        {k.alert && (
          <span className={`kpi-alert-badge${k.alert.active ? ' active' : ''}`}>
            {k.alert.active ? 'Alert' : 'Alert cleared'}: threshold {fmtKpi(k, k.alertThreshold)} first crossed {formatDate(k.alert.firstCrossedAt)}
          </span>
        )}
      </div>
      <p className="hint kpi-source">{k.sourceLabel}</p>
    </li>
  );
}
