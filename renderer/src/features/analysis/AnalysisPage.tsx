import { EmptyState } from '../../components/EmptyState';
import { routeHref } from '../../router';
import type { SectionProps } from '../sectionProps';
import { DriftPage } from './DriftPage';
import { FairnessPage } from './FairnessPage';
import { LatencyPage } from './LatencyPage';
import { ModelsPage } from './ModelsPage';
import { useDataset } from './useDataset';
import './analysis.css';
import { fmt } from '../../format';

const TABS = [
  { id: 'latency', label: 'Latency' },
  { id: 'drift', label: 'Drift' },
  { id: 'fairness', label: 'Fairness' },
  { id: 'models', label: 'Models' },
] as const;

/** The "Analysis" section: Latency, Drift, Fairness and Models pages over one of the event's datasets. */
export function AnalysisPage({ event, sub }: SectionProps) {
  const tab = TABS.find((t) => t.id === sub)?.id ?? 'latency';
  const { datasets, ds, columns, loading, error, choose } = useDataset(event.id);
  return (
    <div className="analysis-page">
      <nav className="analysis-tabs" aria-label="Analysis pages">
        {TABS.map((t) => (
          <a key={t.id} className={`btn ${t.id === tab ? 'btn-primary' : ''}`} aria-current={t.id === tab ? 'page' : undefined} href={routeHref({ page: 'event', eventId: event.id, section: 'analysis', sub: t.id })}>
            {t.label}
          </a>
        ))}
        {datasets.length > 1 && (
          <label className="analysis-dataset">
            Dataset{' '}
            <select value={ds?.id ?? ''} onChange={(e) => choose(e.target.value)}>
              {datasets.map((d) => <option key={d.id} value={d.id}>{d.name} (v{d.version}, {fmt().count(d.rowCount)} rows)</option>)}
            </select>
          </label>
        )}
      </nav>
      {error && <p className="error-banner" role="alert">{error}</p>}
      {!loading && !ds && (
        <EmptyState title="No data to analyse yet">
          Import an inference log on the Data page (a timestamp, per-stage times such as preprocess_ms and model_ms, the total, the score, the
          predicted and true label and a group column such as region). Then this section profiles latency, detects drift and checks fairness.
        </EmptyState>
      )}
      {ds && columns && tab === 'latency' && <LatencyPage eventId={event.id} ds={ds} columns={columns} />}
      {ds && columns && tab === 'drift' && <DriftPage eventId={event.id} ds={ds} columns={columns} />}
      {ds && columns && tab === 'fairness' && <FairnessPage key={ds.id} eventId={event.id} ds={ds} columns={columns} />}
      {ds && columns && tab === 'models' && <ModelsPage key={ds.id} eventId={event.id} ds={ds} columns={columns} />}
    </div>
  );
}
