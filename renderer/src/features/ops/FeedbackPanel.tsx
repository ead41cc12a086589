import { useState } from 'react';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import type { FeedbackReport } from '../../../../common/contract/schemas/ops';
import { call, errorMessage } from '../../api/client';
import { newId, useChange } from '../../api/useChange';
import { useFormats } from '../../format';

const role = (ds: DatasetInfo | undefined, r: string) => ds?.columns.find((c) => c.role === r)?.name;
const named = (ds: DatasetInfo | undefined, re: RegExp) => ds?.columns.find((c) => re.test(c.name))?.name;
const hours = (ms: number | null) => (ms === null ? '—' : `${(ms / 3_600_000).toFixed(1)} h`);

/** Feedback loop: users' corrections joined to the inference log by prediction id (label delay, correction rate). */
export function FeedbackPanel({ eventId, datasets }: { eventId: string; datasets: readonly DatasetInfo[] }) {
  const f = useFormats();
  const ops = useChange(['kpi']);
  const [spec, setSpec] = useState<{ inferenceId: string; inferenceTime: string; id: string; time: string; label: string } | null>(null);
  const corrDefault = datasets.find((d) => /correct|feedback|label/i.test(d.name));
  const infDefault = datasets.find((d) => d !== corrDefault && d.columns.some((c) => c.role === 'entity-id') && d.columns.some((c) => c.role === 'model-version'));
  const [infId, setInf] = useState(infDefault?.id ?? '');
  const [corId, setCor] = useState(corrDefault?.id ?? '');
  const [result, setResult] = useState<FeedbackReport | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const inf = datasets.find((d) => d.id === infId);
  const cor = datasets.find((d) => d.id === corId);
  const run = async () => {
    setProblem(null);
    setResult(null);
    const id = named(cor, /prediction|request|_id$/i);
    const time = role(cor, 'timestamp');
    const label = named(cor, /label/i);
    const inferenceId = role(inf, 'entity-id') ?? named(inf, /request|prediction|_id$/i);
    const inferenceTime = role(inf, 'timestamp');
    if (!inf || !cor || !id || !time || !label || !inferenceId || !inferenceTime) {
      setProblem('Choose an inference log (a request id and a timestamp column) and a corrections dataset (prediction id, time, label).');
      return;
    }
    setSpec({ inferenceId, inferenceTime, id, time, label });
    try {
      setResult(await call('ops-feedback', { inferenceDatasetId: inf.id, correctionsDatasetId: cor.id, id, time, label, inferenceId, inferenceTime, segment: role(inf, 'group'), model: role(inf, 'model-version') }));
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  return (
    <section className="card" aria-label="Feedback loop">
      <h2>Feedback loop: user corrections</h2>
      <form className="ops-inline" aria-label="Join corrections to the inference log" onSubmit={(e) => { e.preventDefault(); void run(); }}>
        <div className="field"><label htmlFor="fb-inf">Inference log</label>
          <select id="fb-inf" value={infId} onChange={(e) => setInf(e.target.value)}><option value="">—</option>{datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}</select></div>
        <div className="field"><label htmlFor="fb-cor">Corrections</label>
          <select id="fb-cor" value={corId} onChange={(e) => setCor(e.target.value)}><option value="">—</option>{datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}</select></div>
        <button type="submit" className="btn btn-primary">Join by prediction id</button>
      </form>
      {problem && <p className="error-banner" role="alert">{problem}</p>}
      {result && (
        <div data-testid="feedback-result">
          <p className="ops-answer">
            {f.count(result.matched)} of {f.count(result.corrections)} corrections matched {f.count(result.predictions)} predictions; correction rate {f.percent(result.correctionRate, 2)}; label delay p50 {hours(result.labelDelayMs.p50)}, p95 {hours(result.labelDelayMs.p95)}
          </p>
          {result.warnings.map((w) => <p key={w} className="muted">{w}</p>)}
          {spec && inf && cor && (
            <div className="ops-inline">
              {([['correction_rate', 'Correction rate', ''], ['label_delay_p95_h', 'Label delay p95', 'h']] as const).map(([metric, name, unit]) => (
                <button key={metric} type="button" className="btn btn-small"
                  onClick={() => {
                    const id = newId();
                    ops.act({ label: `track ${name.toLowerCase()} as a KPI`, run: () => call('kpi-create', { eventId, id, name, unit, direction: 'lower', source: { kind: 'feedback', datasetId: inf.id, correctionsDatasetId: cor.id, ...spec, metric, bucket: 'day' } }), undo: () => call('kpi-delete', { id }) });
                  }}>
                  Track {name.toLowerCase()} as a KPI
                </button>
              ))}
            </div>
          )}
          <div className="ops-two">
            <table className="ops-table"><caption>Correction rate by model version</caption>
              <thead><tr><th>Model</th><th>Predictions</th><th>Corrected</th><th>Rate</th></tr></thead>
              <tbody>{result.byModel.map((r) => <tr key={r.key}><td>{r.key}</td><td>{f.count(r.predictions)}</td><td>{f.count(r.corrected)}</td><td>{f.percent(r.rate, 2)}</td></tr>)}</tbody>
            </table>
            <table className="ops-table"><caption>Correction rate by segment</caption>
              <thead><tr><th>Segment</th><th>Predictions</th><th>Corrected</th><th>Rate</th></tr></thead>
              <tbody>{result.bySegment.map((r) => <tr key={r.key}><td>{r.key}</td><td>{f.count(r.predictions)}</td><td>{f.count(r.corrected)}</td><td>{f.percent(r.rate, 2)}</td></tr>)}</tbody>
            </table>
          </div>
        </div>
      )}
    </section>
  );
}
