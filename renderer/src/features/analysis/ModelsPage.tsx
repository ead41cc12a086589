import { useState } from 'react';
import type { Input, Output } from '../../../../common/contract/api';
import { QUALITY_METRICS } from '../../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { ms, num } from './format';
import { modelsKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';
import { AnalysisProgress, useAnalysisJob } from './useAnalysisJob';
import { useDistinct } from './useDataset';
import type { Columns } from './useDataset';
import { fmt } from '../../format';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; columns: Columns }>;
type Metric = (typeof QUALITY_METRICS)[number];

/** Model-version comparison (A/B): latency and quality, difference with an interval, verdict and the metric choice. */
export function ModelsPage({ eventId, ds, columns }: Props) {
  const versionColumn = columns.role('model-version') ?? '';
  const label = columns.role('true-label');
  const prediction = columns.role('predicted-label');
  const score = columns.role('score');
  const distinct = useDistinct(ds.id, [label, prediction].filter((x): x is string => !!x), columns.all);
  const [metric, setMetric] = useState<Metric>('precision');
  const [reason, setReason] = useState('');
  // Without a predicted-label column, precision/recall/accuracy need the score cut-off (the service asks for it).
  const needsCutoff = !!score && !prediction;
  const [cutoff, setCutoff] = useState(0.5);
  const [result, setResult] = useState<{ input: Input<'analysis-models'>; output: Output<'analysis-models'> } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useAnalysisJob();
  if (!versionColumn || !columns.latency) {
    return <p className="warning">Model comparison needs a column with the “Model version” role and a latency column; set the roles on the Data page.</p>;
  }
  const run = async () => {
    const input: Input<'analysis-models'> = {
      eventId, datasetId: ds.id, versionColumn, latency: columns.latency!, label, prediction, score, metric, reason,
      ...(needsCutoff ? { threshold: cutoff } : {}),
      posLabel: label ? (distinct[label]?.at(-1) ?? '1') : '1',
      predictionPosLabel: prediction ? distinct[prediction]?.at(-1) : undefined,
    };
    try {
      setProblem(null);
      setResult({ input, output: await job.run('analysis-models', input) });
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const o = result?.output;
  return (
    <section aria-labelledby="models-h">
      <h2 id="models-h">Model versions — {ds.name}</h2>
      <form className="card analysis-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <div className="field"><label htmlFor="models-metric">Evaluation metric</label><select id="models-metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>{QUALITY_METRICS.map((m) => <option key={m}>{m}</option>)}</select></div>
        <div className="field wide"><label htmlFor="models-reason">Why this metric fits the business</label><input id="models-reason" value={reason} maxLength={2000} placeholder="e.g. fraud: every false flag blocks a good customer, so precision first" onChange={(e) => setReason(e.target.value)} /></div>
        {needsCutoff && <div className="field"><label htmlFor="models-cutoff">Predicted positive when {score} ≥</label><input id="models-cutoff" type="number" step={0.01} value={cutoff} onChange={(e) => setCutoff(Number(e.target.value))} /></div>}
        <button type="submit" className="btn btn-primary" disabled={needsCutoff && !Number.isFinite(cutoff)}>Compare versions</button>
      </form>
      <AnalysisProgress job={job} label="Comparing model versions" />
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      {o && (
        <div className="card">
          <p className="verdict" role="status">{o.verdict}</p>
          {o.reason && <p className="muted">Metric: {o.metric}, because {o.reason}</p>}
          <table className="analysis-table" aria-label="By model version">
            <thead><tr><th scope="col">version</th><th scope="col">requests</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">accuracy</th><th scope="col">precision</th><th scope="col">recall</th><th scope="col">AUC</th></tr></thead>
            <tbody>{o.versions.map((v) => <tr key={v.version}><td>{v.version}</td><td>{fmt().count(v.count)}</td><td>{ms(v.p50)}</td><td>{ms(v.p95)}</td><td>{num(v.accuracy)}</td><td>{num(v.precision)}</td><td>{num(v.recall)}</td><td>{num(v.auc)}</td></tr>)}</tbody>
          </table>
          <table className="analysis-table" aria-label={`${o.candidate} minus ${o.baseline}`}>
            <caption className="muted">{o.candidate} − {o.baseline}, with 95 % intervals (bootstrap for latency, Wald for rates)</caption>
            <thead><tr><th scope="col">metric</th><th scope="col">{o.baseline}</th><th scope="col">{o.candidate}</th><th scope="col">difference</th><th scope="col">95 % interval</th></tr></thead>
            <tbody>
              {o.differences.map((d) => {
                const f = d.unit === 'ms' ? ms : (x: number | null) => num(x);
                return <tr key={d.metric}><td>{d.metric}</td><td>{f(d.baseline)}</td><td>{f(d.candidate)}</td><td>{f(d.difference)}</td><td>{d.low === null || d.high === null ? '—' : `${f(d.low)} to ${f(d.high)}`}</td></tr>;
              })}
            </tbody>
          </table>
          <ResultActions
            eventId={eventId}
            save={async () => (await call('analysis-models', { ...result.input, save: true })).resultId}
            kpi={modelsKpi(ds.id, result.input.versionColumn, result.input.latency, o.candidate)}
            actionTitle={`Decide on promoting ${o.candidate}`}
            actionDescription={o.verdict}
          />
        </div>
      )}
    </section>
  );
}
