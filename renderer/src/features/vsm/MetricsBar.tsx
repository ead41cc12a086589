import type { TimeUnit } from '../../../../common/contract/schemas/vsm';
import type { MetricDelta } from '../../../../common/domain/vsm/deltas';
import type { VsmMetrics } from '../../../../common/domain/vsm/metrics';
import { totalsUnit } from '../../../../common/domain/vsm/units';
import { duration, percent } from './localUnits';
import { fmt as formats } from '../../format';

function fmt(v: number | null, kind: 'duration' | 'ratio', unit?: TimeUnit): string {
  return kind === 'duration' ? duration(v, unit) : percent(v);
}

/** "−4 h (−50 %)" with the sign spelled out; ratio deltas are in percentage points. */
export function formatDelta(d: MetricDelta, unit?: TimeUnit): string {
  if (d.delta === null) return 'n/a';
  if (d.delta === 0) return 'no change';
  const sign = d.delta > 0 ? '+' : '−';
  if (d.kind === 'ratio') return `${sign}${formats().number(Math.abs(d.delta * 100), 1)} pts`;
  const rel = d.relative === null ? '' : ` (${sign}${formats().number(Math.abs(d.relative * 100), 1)} %)`;
  return `${sign}${duration(Math.abs(d.delta), unit)}${rel}`;
}

/** The live metrics of a map as large cards; with `deltas`, each card also shows the change against the current state. */
export function MetricsBar({ metrics, unit: preferred, deltas }: Readonly<{ metrics: VsmMetrics; unit: TimeUnit; deltas?: readonly MetricDelta[] }>) {
  // The map's unit, unless the totals would read "0 h" in it (a millisecond map): then the unit that fits.
  const unit = totalsUnit(preferred, metrics.leadTimeMs, metrics.processTimeMs);
  const delta = (key: MetricDelta['key']) => {
    const d = deltas?.find((x) => x.key === key);
    if (!d) return null;
    const cls = d.better === null ? 'vsm-delta' : d.better ? 'vsm-delta vsm-better' : 'vsm-delta vsm-worse';
    const verdict = d.better === null ? '' : d.better ? 'better' : 'worse';
    return (
      <span className={cls} data-testid={`delta-${key}`} data-verdict={verdict || undefined} title={`${formatDelta(d, unit)} against the current state${verdict ? ` (${verdict})` : ''}`}>
        {d.delta === null || d.delta === 0 ? '' : d.delta < 0 ? '▼ ' : '▲ '}{formatDelta(d, unit)}<span className="visually-hidden"> {verdict}</span>
      </span>
    );
  };
  const c = metrics.constraint;
  return (
    <dl className="vsm-metrics" aria-label="Map metrics" data-testid="vsm-metrics">
      <div><dt>Lead time</dt><dd><span data-testid="metric-lead">{duration(metrics.leadTimeMs, unit)}</span>{delta('leadTimeMs')}</dd></div>
      <div><dt>Process time</dt><dd>{duration(metrics.processTimeMs, unit)}{delta('processTimeMs')}</dd></div>
      <div><dt title="Process cycle efficiency = process time ÷ lead time">PCE</dt><dd>{fmt(metrics.pce, 'ratio')}{delta('pce')}</dd></div>
      <div>
        <dt title="Product of every stage's % complete & accurate">Rolled %C&amp;A</dt>
        <dd>{fmt(metrics.rolledCa, 'ratio')}{delta('rolledCa')}{metrics.caKnown > 0 && metrics.caKnown < metrics.stages.length && <span className="vsm-note">{metrics.caKnown} of {metrics.stages.length} stages</span>}</dd>
      </div>
      <div><dt title="Available time ÷ demand">Takt</dt><dd>{metrics.taktMs === null ? <span className="vsm-note">set demand</span> : duration(metrics.taktMs)}{delta('taktMs')}</dd></div>
      <div className={c ? 'vsm-constraint-card' : undefined} data-testid="metric-constraint">
        <dt>Constraint</dt>
        <dd>
          <span className="vsm-constraint-name" data-testid="constraint-name">{c ? c.name : <span className="vsm-note">enter process times</span>}</span>
          {c && <span className="vsm-note">{c.criterion === 'above-takt' ? 'above takt' : 'largest process time'} · {duration(c.effectivePtMs)}</span>}
          {delta('constraintPtMs')}
        </dd>
      </div>
    </dl>
  );
}
