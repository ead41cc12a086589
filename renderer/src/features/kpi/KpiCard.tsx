import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { STATUS_LABELS } from '../../../../common/domain/kpi/status';
import { routeHref } from '../../router';
import { Sparkline } from './Sparkline';
import { fmtKpi } from './format';
import { formatDate } from '../../format';

/**
 * Points with signals, counted as the KPI page lists them (one per point, any panel, all stages), and how many fall in
 * the latest stage (the current process). Highlighted only when the latest stage has one.
 */
function SignalBadge({ k }: { k: KpiSummary }) {
  const total = k.signalPoints.length;
  const latest = k.signalPoints.filter((p) => p.latest);
  const tests = [...new Set(k.signalPoints.flatMap((p) => p.panels.flatMap((q) => q.tests)))].sort((a, b) => a - b);
  const stages = k.chart.stages.length > 0;
  return (
    <span className={`kpi-signal-badge${latest.length > 0 ? ' current' : ''}`} data-testid="kpi-signal-badge" title="Points of the control chart (any panel) that fail a test for special causes; open the KPI for the list">
      Signals at {total} point{total === 1 ? '' : 's'}{stages ? ` (${latest.length} in the latest stage)` : ''}: test{tests.length === 1 ? '' : 's'} {tests.join(', ')}
    </span>
  );
}

/** "Partial week of 30 Nov 2026 (data covers 14 % of it): not counted in the status." for a flagged first/last bucket. */
export function partialText(k: KpiSummary): string[] {
  const bucket = 'bucket' in k.source ? k.source.bucket : 'bucket';
  return k.points
    .filter((p) => p.partial !== undefined)
    .map((p) => `Partial ${bucket} ${bucket === 'week' ? 'of ' : ''}${formatDate(p.date)} (data covers ${Math.round(p.partial! * 100)} % of it): ${k.chart.countPartial ? 'counted in the status (chart settings)' : 'not counted in the status'}.`);
}

function PartialNote({ k }: { k: KpiSummary }) {
  const lines = partialText(k);
  if (lines.length === 0) return null;
  return <p className="hint kpi-partial" data-testid="kpi-partial">{lines.join(' ')}</p>;
}

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
          <PartialNote k={k} />
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
        {k.signalPoints.length > 0 && <SignalBadge k={k} />}
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
