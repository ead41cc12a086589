import { useState } from 'react';
import type { Input, Output } from '../../../../common/contract/api';
import { FAIRNESS_METRICS } from '../../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';
import { num, pct } from './format';
import { fairnessKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';
import { AnalysisProgress, useAnalysisJob } from './useAnalysisJob';
import { useDistinct } from './useDataset';
import type { Columns } from './useDataset';
import { fmt } from '../../format';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; columns: Columns }>;
type Metric = (typeof FAIRNESS_METRICS)[number];
const LABEL: Record<Metric, string> = {
  demographic_parity_difference: 'Demographic parity difference (≤ threshold passes)',
  demographic_parity_ratio: 'Demographic parity ratio (≥ threshold passes)',
  equalized_odds_difference: 'Equalized odds difference (≤ threshold passes)',
  equalized_odds_ratio: 'Equalized odds ratio (≥ threshold passes)',
};

/** Fairness by group with Fairlearn semantics and a recorded pass/fail gate. */
export function FairnessPage({ eventId, ds, columns }: Props) {
  const [label, setLabel] = useState(columns.role('true-label') ?? '');
  const [prediction, setPrediction] = useState(columns.role('predicted-label') ?? '');
  const [group, setGroup] = useState(columns.role('group') ?? columns.categorical[0] ?? '');
  const distinct = useDistinct(ds.id, [label, prediction].filter(Boolean), columns.all);
  const rarest = (c: string) => distinct[c]?.at(-1) ?? '';
  const [posLabel, setPosLabel] = useState<string | null>(null);
  const [predPos, setPredPos] = useState<string | null>(null);
  const [metric, setMetric] = useState<Metric>('demographic_parity_difference');
  const [threshold, setThreshold] = useState(0.1);
  const [result, setResult] = useState<{ input: Input<'analysis-fairness'>; output: Output<'analysis-fairness'> } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useAnalysisJob();
  const toast = useAppStore((s) => s.toast);
  const bump = useAppStore((s) => s.bumpData);
  const pos = posLabel ?? rarest(label);
  const ppos = predPos ?? rarest(prediction);
  const input = (): Input<'analysis-fairness'> => ({ eventId, datasetId: ds.id, label, prediction, group, posLabel: pos, predictionPosLabel: ppos, gate: { metric, threshold } });
  const run = async () => {
    try {
      setProblem(null);
      const i = input();
      setResult({ input: i, output: await job.run('analysis-fairness', i) });
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  const record = async () => {
    try {
      const out = await call('analysis-fairness', { ...input(), save: true });
      bump('analysis');
      toast({ kind: 'success', message: `Recorded: ${out.gate?.pass ? 'PASS' : out.gate?.pass === false ? 'FAIL' : 'undecided'} on ${ds.name} v${out.datasetVersion}, ${out.recordedAt?.slice(0, 10)} (in the change log).` });
    } catch (e) {
      toast({ kind: 'error', message: errorMessage(e) });
    }
  };
  const select = (id: string, text: string, value: string, set: (v: string) => void, options: readonly string[]) => (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}><option value="">(choose)</option>{options.map((o) => <option key={o}>{o}</option>)}</select>
    </div>
  );
  const r = result?.output.report;
  const gate = result?.output.gate;
  return (
    <section aria-labelledby="fair-h">
      <h2 id="fair-h">Fairness — {ds.name}</h2>
      <form className="card analysis-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        {select('fair-label', 'True label', label, (v) => { setLabel(v); setPosLabel(null); }, columns.all)}
        {select('fair-pos', 'Positive label value', pos, setPosLabel, distinct[label] ?? [])}
        {select('fair-pred', 'Predicted label', prediction, (v) => { setPrediction(v); setPredPos(null); }, columns.all)}
        {select('fair-ppos', 'Positive prediction value', ppos, setPredPos, distinct[prediction] ?? [])}
        {select('fair-group', 'Group attribute', group, setGroup, columns.all)}
        <div className="field wide"><label htmlFor="fair-metric">Gate metric</label><select id="fair-metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>{FAIRNESS_METRICS.map((m) => <option key={m} value={m}>{LABEL[m]}</option>)}</select></div>
        <div className="field"><label htmlFor="fair-threshold">Threshold</label><input id="fair-threshold" type="number" step={0.01} value={threshold} onChange={(e) => setThreshold(Number(e.target.value))} /></div>
        <button type="submit" className="btn btn-primary" disabled={!label || !prediction || !group}>Assess fairness</button>
      </form>
      <AnalysisProgress job={job} label="Assessing fairness" />
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      {r && gate && (
        <div className="card">
          <p className="verdict" role="status">
            <span className={gate.pass ? 'gate-pass' : 'gate-fail'}>{gate.pass === null ? 'UNDECIDED' : gate.pass ? 'PASS' : 'FAIL'}</span>: {gate.metric.replaceAll('_', ' ')} = {num(gate.value)} against {gate.threshold}{gate.undecidedReason ? ` — cannot decide: ${gate.undecidedReason}` : ''}.
          </p>
          <table className="analysis-table" aria-label="Rates by group">
            <thead><tr><th scope="col">{result.input.group}</th><th scope="col">rows</th><th scope="col">selection rate</th><th scope="col">TPR</th><th scope="col">FPR</th><th scope="col">precision</th></tr></thead>
            <tbody>
              {r.groups.map((g) => <tr key={g.group}><td>{g.group}</td><td>{fmt().count(g.count)}</td><td>{pct(g.selection_rate)}</td><td>{pct(g.tpr)}</td><td>{pct(g.fpr)}</td><td>{pct(g.precision)}</td></tr>)}
              <tr><td><strong>overall</strong></td><td>{fmt().count(r.overall.count)}</td><td>{pct(r.overall.selection_rate)}</td><td>{pct(r.overall.tpr)}</td><td>{pct(r.overall.fpr)}</td><td>{pct(r.overall.precision)}</td></tr>
            </tbody>
          </table>
          <table className="analysis-table" aria-label="Disparities">
            <thead><tr><th scope="col">metric</th><th scope="col">between groups</th><th scope="col">to overall</th></tr></thead>
            <tbody>
              {FAIRNESS_METRICS.map((m) => <tr key={m}><td>{m.replaceAll('_', ' ')}</td><td>{num(r[m])}</td><td>{num(r.to_overall[m])}</td></tr>)}
            </tbody>
          </table>
          {[...(result.output.skipped ? [`${result.output.skipped} rows skipped (missing label, prediction or group).`] : []), ...r.warnings].map((w) => <p key={w} className="warning">{w}</p>)}
          <div className="analysis-actions">
            <button type="button" className="btn btn-primary btn-small" onClick={() => void record()}>Record pass/fail</button>
          </div>
          <ResultActions
            eventId={eventId}
            save={async () => (await call('analysis-fairness', { ...result.input, save: true })).resultId}
            kpi={columns.timestamp ? fairnessKpi(result.input, gate.metric, gate.threshold, columns.timestamp) : undefined}
            actionTitle={`Fairness ${gate.pass === null ? 'undecided' : gate.pass ? 'passed' : 'failed'}: ${gate.metric.replaceAll('_', ' ')} ${num(gate.value)}`}
            actionDescription={`Groups by ${result.input.group}; ${gate.metric} = ${num(gate.value)} vs threshold ${gate.threshold}.`}
          />
        </div>
      )}
    </section>
  );
}
