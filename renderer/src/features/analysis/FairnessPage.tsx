import { useState } from 'react';
import type { Input, Output } from '../../../../common/contract/api';
import { FAIRNESS_METRICS } from '../../../../common/contract/schemas/analysis';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import { call, errorMessage } from '../../api/client';
import { useAppStore } from '../../store';
import { num } from './format';
import { FairnessResult } from './FairnessResult';
import { fairnessKpi } from './kpiSuggestions';
import { ResultActions } from './ResultActions';
import { AnalysisProgress, useAnalysisJob } from './useAnalysisJob';
import { useDistinct } from './useDataset';
import type { Columns } from './useDataset';

type Props = Readonly<{ eventId: string; ds: DatasetInfo; columns: Columns }>;
type Metric = (typeof FAIRNESS_METRICS)[number];
const LABEL: Record<Metric, string> = {
  demographic_parity_difference: 'Demographic parity difference (≤ threshold passes)',
  demographic_parity_ratio: 'Demographic parity ratio (≥ threshold passes)',
  equalized_odds_difference: 'Equalized odds difference (≤ threshold passes)',
  equalized_odds_ratio: 'Equalized odds ratio (≥ threshold passes)',
};

/** The assessment's warnings in one box (one line each), so many small groups do not push the actions off screen. */
function Warnings({ items }: { items: readonly string[] }) {
  if (items.length === 0) return null;
  if (items.length === 1) return <p className="warning">{items[0]}</p>;
  return <ul className="warning warning-list">{items.map((w) => <li key={w}>{w}</li>)}</ul>;
}

/** Fairness by group (or two groups crossed) with Fairlearn semantics, bootstrap intervals, a threshold sweep and a recorded gate. */
export function FairnessPage({ eventId, ds, columns }: Props) {
  const [label, setLabel] = useState(columns.role('true-label') ?? '');
  const [prediction, setPrediction] = useState(columns.role('predicted-label') ?? '');
  const [score, setScore] = useState(columns.role('score') ?? '');
  const [mode, setMode] = useState<'prediction' | 'score'>(columns.role('predicted-label') || !columns.role('score') ? 'prediction' : 'score');
  const [cutoff, setCutoff] = useState(0.5);
  const [group, setGroup] = useState(columns.role('group') ?? columns.categorical[0] ?? '');
  const [group2, setGroup2] = useState('');
  const distinct = useDistinct(ds.id, [label, prediction].filter(Boolean), columns.all);
  const rarest = (c: string) => distinct[c]?.at(-1) ?? '';
  const [posLabel, setPosLabel] = useState<string | null>(null);
  const [predPos, setPredPos] = useState<string | null>(null);
  const [metric, setMetric] = useState<Metric>('demographic_parity_difference');
  const [threshold, setThreshold] = useState(0.1);
  const [boot, setBoot] = useState(true);
  const [resamples, setResamples] = useState(1000);
  const [seed, setSeed] = useState(1);
  const [sweep, setSweep] = useState(true);
  const [result, setResult] = useState<{ input: Input<'analysis-fairness'>; output: Output<'analysis-fairness'> } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const job = useAnalysisJob();
  const toast = useAppStore((s) => s.toast);
  const bump = useAppStore((s) => s.bumpData);
  const pos = posLabel ?? rarest(label);
  const ppos = predPos ?? rarest(prediction);
  const byScore = mode === 'score';
  const input = (): Input<'analysis-fairness'> => ({
    eventId, datasetId: ds.id, label, group, posLabel: pos, gate: { metric, threshold },
    ...(group2 ? { group2 } : {}),
    ...(byScore ? { score, threshold: cutoff } : { prediction, predictionPosLabel: ppos }),
    ...(score && sweep ? { score, sweep: {} } : {}),
    ...(boot ? { bootstrap: { resamples, seed } } : {}),
  });
  const ready = !!label && !!pos && !!group && group2 !== group && (byScore ? !!score && Number.isFinite(cutoff) : !!prediction && !!ppos) && (!boot || (resamples >= 100 && resamples <= 10_000 && Number.isInteger(seed) && seed >= 0));
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
  const select = (id: string, text: string, value: string, set: (v: string) => void, options: readonly string[], none = '(choose)') => (
    <div className="field">
      <label htmlFor={id}>{text}</label>
      <select id={id} value={value} onChange={(e) => set(e.target.value)}><option value="">{none}</option>{options.map((o) => <option key={o}>{o}</option>)}</select>
    </div>
  );
  const numberField = (id: string, text: string, value: number, set: (v: number) => void, step: number, min?: number) => (
    <div className="field"><label htmlFor={id}>{text}</label><input id={id} type="number" step={step} min={min} value={value} onChange={(e) => set(Number(e.target.value))} /></div>
  );
  const r = result?.output.report;
  const gate = result?.output.gate;
  const groupLabel = result ? `${result.input.group}${result.input.group2 ? ` × ${result.input.group2}` : ''}` : '';
  const gateCi = gate && result?.output.intervals ? result.output.intervals.disparities[gate.metric] : null;
  return (
    <section aria-labelledby="fair-h">
      <h2 id="fair-h">Fairness — {ds.name}</h2>
      <form className="card analysis-form" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        {select('fair-label', 'True label', label, (v) => { setLabel(v); setPosLabel(null); }, columns.all)}
        {select('fair-pos', 'Positive label value', pos, setPosLabel, distinct[label] ?? [])}
        <div className="field"><label htmlFor="fair-mode">Predicted positive from</label>
          <select id="fair-mode" value={mode} onChange={(e) => setMode(e.target.value as 'prediction' | 'score')}>
            <option value="prediction">predicted label</option>
            <option value="score">score ≥ cut-off</option>
          </select>
        </div>
        {!byScore && select('fair-pred', 'Predicted label', prediction, (v) => { setPrediction(v); setPredPos(null); }, columns.all)}
        {!byScore && select('fair-ppos', 'Positive prediction value', ppos, setPredPos, distinct[prediction] ?? [])}
        {select('fair-score', byScore ? 'Score column' : 'Score column (for the sweep)', score, setScore, columns.numeric, byScore ? '(choose)' : '(none)')}
        {byScore && numberField('fair-cutoff', 'Predicted positive when score ≥', cutoff, setCutoff, 0.01)}
        {select('fair-group', 'Group attribute', group, setGroup, columns.all)}
        {select('fair-group2', 'Second group (intersectional)', group2, setGroup2, columns.all.filter((c) => c !== group), '(none)')}
        <div className="field wide"><label htmlFor="fair-metric">Gate metric</label><select id="fair-metric" value={metric} onChange={(e) => setMetric(e.target.value as Metric)}>{FAIRNESS_METRICS.map((m) => <option key={m} value={m}>{LABEL[m]}</option>)}</select></div>
        {numberField('fair-threshold', 'Threshold', threshold, setThreshold, 0.01)}
        <div className="field check"><label><input type="checkbox" checked={boot} onChange={(e) => setBoot(e.target.checked)} /> Bootstrap intervals (95 %)</label></div>
        {boot && numberField('fair-resamples', 'Resamples (B)', resamples, setResamples, 100, 100)}
        {boot && numberField('fair-seed', 'Seed', seed, setSeed, 1, 0)}
        {score && <div className="field check"><label><input type="checkbox" checked={sweep} onChange={(e) => setSweep(e.target.checked)} /> Sweep plot of the cut-off</label></div>}
        <button type="submit" className="btn btn-primary" disabled={!ready}>Assess fairness</button>
      </form>
      {!pos && label && <p className="analysis-help">Choose the positive label value (the outcome that matters, e.g. 1 or “fraud”).</p>}
      <AnalysisProgress job={job} label="Assessing fairness" />
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      {r && gate && result && (
        <div className="card">
          <p className="verdict" role="status">
            <span className={gate.pass ? 'gate-pass' : 'gate-fail'}>{gate.pass === null ? 'UNDECIDED' : gate.pass ? 'PASS' : 'FAIL'}</span>: {gate.metric.replaceAll('_', ' ')} = {num(gate.value)}{gateCi ? ` (95 % interval ${num(gateCi[0])} – ${num(gateCi[1])})` : ''} against {gate.threshold}{gate.undecidedReason ? ` — cannot decide: ${gate.undecidedReason}` : ''}.
          </p>
          <FairnessResult output={result.output} groupLabel={groupLabel} threshold={result.input.prediction ? undefined : result.input.threshold} />
          <Warnings items={[...(result.output.skipped ? [`${result.output.skipped} rows skipped (missing label, prediction or group).`] : []), ...r.warnings]} />
          <div className="analysis-actions">
            <button type="button" className="btn btn-primary btn-small" onClick={() => void record()}>Record pass/fail</button>
          </div>
          <ResultActions
            eventId={eventId}
            save={async () => (await call('analysis-fairness', { ...result.input, save: true })).resultId}
            kpi={columns.timestamp && !result.input.group2 ? fairnessKpi(result.input, gate.metric, gate.threshold, columns.timestamp) : undefined}
            actionTitle={`Fairness ${gate.pass === null ? 'undecided' : gate.pass ? 'passed' : 'failed'}: ${gate.metric.replaceAll('_', ' ')} ${num(gate.value)}`}
            actionDescription={`Groups by ${groupLabel}; ${gate.metric} = ${num(gate.value)} vs threshold ${gate.threshold}.`}
          />
        </div>
      )}
    </section>
  );
}
