import { useEffect, useState } from 'react';
import type { Input, Output } from '../../../../common/contract/api';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useAppStore } from '../../store';
import { EmptyState } from '../../components/EmptyState';
import { Heatmap, ParetoChart, SeriesChart } from './charts';
import { ms, pct } from './format';
import { latencyKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';
import { AnalysisProgress, useAnalysisJob } from './useAnalysisJob';
import type { Columns } from './useDataset';
import { WhatIfPanel } from './WhatIfPanel';
import { fmt } from '../../format';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; columns: Columns }>;

/** Latency profile: stage Pareto, percentiles, by endpoint / model version, p95 heatmap, and the what-ifs. */
export function LatencyPage({ eventId, ds, columns }: Props) {
  const [groupBy, setGroupBy] = useState<string>(columns.role('stage') ?? columns.role('model-version') ?? '');
  const ready = columns.stages.length > 0;
  // A linked dataset (rows read where they are): time buckets and the heatmap are not pushed down yet, so none is asked.
  const link = useCall('source-info', { id: ds.id }, ['datasets']);
  const linked = !!link.data;
  const timestamp = linked ? undefined : columns.timestamp;
  const input: Input<'analysis-latency'> | null = ready && !link.loading
    ? { eventId, datasetId: ds.id, stages: columns.stages, total: columns.latency, timestamp, groupBy: groupBy || undefined, bucket: timestamp ? 'day' : undefined }
    : null;
  const { data, error, job } = useLatency(input);
  if (!ready) {
    return (
      <EmptyState title="No stage timings in this dataset">
        Latency profiling needs per-stage time columns in milliseconds (unit “ms”), e.g. preprocess_ms, feature_ms, model_ms. Set the unit of those
        columns on the Data page, or import an inference log that has them.
      </EmptyState>
    );
  }
  const p = data?.profile;
  const slow = p?.stages.find((s) => s.stage === p.slowestStage);
  return (
    <section aria-labelledby="latency-h" className="analysis-section">
      <h2 id="latency-h">Latency profile — {ds.name}</h2>
      <div className="card analysis-form">
        <div className="field">
          <label htmlFor="lat-group">Split by</label>
          <select id="lat-group" value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">(no split)</option>
            {columns.categorical.map((c) => <option key={c}>{c}</option>)}
          </select>
        </div>
        <p className="analysis-help">Stages: {columns.stages.join(', ')}{columns.latency ? `; total: ${columns.latency}` : ''}. Percentiles are numpy/R type 7.</p>
        {linked && <p className="analysis-help">Linked dataset: computed where its rows are ({link.data!.location}); the per-day series and the weekday × hour heatmap are not available for a linked dataset yet.</p>}
        {data?.linked && !data.linked.exact && <p className="analysis-help" role="note">Approximate: the percentiles come from the source’s approximate quantiles ({data.linked.quantileMethod}).</p>}
      </div>
      {error && <p className="error-banner" role="alert">{error}</p>}
      <AnalysisProgress job={job} label={`Profiling ${fmt().count(ds.rowCount)} requests`} />
      {p && (
        <>
          <div className="card">
            <div className="kpi-figures">
              <div><span className="muted">p50 total</span><strong>{ms(p.total.p50)}</strong></div>
              <div><span className="muted">p95 total</span><strong>{ms(p.total.p95)}</strong></div>
              <div><span className="muted">p99 total</span><strong>{ms(p.total.p99)}</strong></div>
              <div><span className="muted">slowest stage</span><strong>{p.slowestStage ?? '—'}</strong></div>
              {slow && <div><span className="muted">its share of time</span><strong>{pct(slow.share)}</strong></div>}
            </div>
            <ResultActions
              eventId={eventId}
              save={async () => (await call('analysis-latency', { ...input!, save: true })).resultId}
              kpi={columns.latency ? latencyKpi(ds.id, columns.latency, columns.timestamp) : undefined}
              actionTitle={`Reduce ${p.slowestStage ?? 'the slowest stage'} time (${slow ? pct(slow.share) : ''} of latency)`}
              actionDescription={`From the latency profile of ${ds.name} v${ds.version}: p95 total ${ms(p.total.p95)}; ${p.slowestStage} is the largest share of time.`}
            />
          </div>
          <div className="analysis-grid">
            <div className="card">
              <ParetoChart title="Where the time goes: share of total latency by stage (Pareto)" bars={p.stages.map((s) => ({ label: s.stage, value: s.share, cumulative: s.cumulativeShare }))} />
            </div>
            <div className="card">
              <table className="analysis-table">
                <caption className="muted">Per stage, milliseconds</caption>
                <thead><tr><th scope="col">stage</th><th scope="col">share</th><th scope="col">mean</th><th scope="col">p50</th><th scope="col">p90</th><th scope="col">p95</th><th scope="col">p99</th></tr></thead>
                <tbody>
                  {p.stages.map((s) => (
                    <tr key={s.stage}><td>{s.stage}</td><td>{pct(s.share)}</td><td>{ms(s.mean)}</td><td>{ms(s.p50)}</td><td>{ms(s.p90)}</td><td>{ms(s.p95)}</td><td>{ms(s.p99)}</td></tr>
                  ))}
                  <tr><td><strong>total</strong></td><td>100 %</td><td>{ms(p.total.mean)}</td><td>{ms(p.total.p50)}</td><td>{ms(p.total.p90)}</td><td>{ms(p.total.p95)}</td><td>{ms(p.total.p99)}</td></tr>
                </tbody>
              </table>
            </div>
          </div>
          <div className="analysis-grid">
            {data.byGroup && (
              <div className="card">
                <table className="analysis-table">
                  <caption className="muted">By {groupBy}, slowest p95 first</caption>
                  <thead><tr><th scope="col">{groupBy}</th><th scope="col">requests</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">slowest stage</th></tr></thead>
                  <tbody>
                    {data.byGroup.map((g) => <tr key={g.group}><td>{g.group}</td><td>{fmt().count(g.total.count)}</td><td>{ms(g.total.p50)}</td><td>{ms(g.total.p95)}</td><td>{g.slowestStage}</td></tr>)}
                  </tbody>
                </table>
              </div>
            )}
            {data.heatmap && <div className="card"><Heatmap title="p95 total latency by weekday and hour (UTC)" cells={data.heatmap} /></div>}
          </div>
          {data.byTime && data.byTime.length > 1 && (
            <div className="card">
              <SeriesChart title="p95 total latency per day" yLabel="p95 (ms)" points={data.byTime.map((g) => ({ date: g.group, value: Number.isFinite(g.total.p95) ? g.total.p95 : null }))} format={(v) => `${fmt().fixed(v, 0)} ms`} />
            </div>
          )}
          {columns.timestamp && columns.latency && <WhatIfPanel eventId={eventId} ds={ds} columns={columns} timestamp={columns.timestamp} total={columns.latency} />}
        </>
      )}
    </section>
  );
}

/**
 * The profile of the current choices, run as a job (progress and Cancel while it runs) and rerun when the
 * choices or the datasets change; a run whose choices changed meanwhile is cancelled.
 */
function useLatency(input: Input<'analysis-latency'> | null) {
  const job = useAnalysisJob();
  const [data, setData] = useState<Output<'analysis-latency'> | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const version = useAppStore((s) => s.dataVersion['datasets'] ?? 0);
  const key = JSON.stringify(input);
  const { run, cancel } = job;
  useEffect(() => {
    if (input === null) return;
    let live = true;
    run('analysis-latency', input).then(
      (v) => {
        if (!live) return;
        setData(v);
        setError(null);
      },
      (e: unknown) => {
        if (live) setError(errorMessage(e));
      },
    );
    return () => {
      live = false;
      cancel();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, version, run, cancel]);
  return { data, error, job };
}
