import { useState } from 'react';
import type { Output } from '../../../../common/contract/api';
import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { call, errorMessage } from '../../api/client';
import { fmtNum } from '../../charts/controlChart/overlay';
import { fmtKpi } from './format';
import { Field } from '../../components/fields';

/** Before/after evidence: difference, % change, Welch t with 95 % CI, Mann–Whitney U and a verdict in words. */
export function EvidencePanel({ kpi }: { kpi: KpiSummary }) {
  const [picked, setDate] = useState<string | null>(null);
  // Defaults to the first stage boundary (the change date) until the user picks another.
  const date = picked ?? kpi.chart.stages[0]?.date ?? '';
  const [r, setR] = useState<Output<'kpi-compare'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    try {
      setR(await call('kpi-compare', { id: kpi.id, splitDate: date }));
    } catch (e) {
      setR(null);
      setError(errorMessage(e));
    }
  };
  const unitScale = (v: number) => fmtKpi(kpi, v);
  return (
    <section className="card kpi-evidence" aria-labelledby="evidence-title">
      <h2 id="evidence-title">Before / after evidence</h2>
      <div className="kpi-inline">
        <Field label="Change date">{(id) => (<input id={id} type="date" value={date} onChange={(e) => setDate(e.target.value)} />)}</Field>
        <button type="button" className="btn btn-primary" disabled={!date} onClick={() => void run()}>Compare</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {r && (
        <>
          <p className={`kpi-verdict ${r.significant && r.improved ? 'good' : ''}`} data-testid="kpi-verdict">{r.verdict}</p>
          <table className="kpi-table">
            <tbody>
              <tr><th scope="row">Mean before ({r.nBefore} points)</th><td>{unitScale(r.meanBefore)}</td></tr>
              <tr><th scope="row">Mean after ({r.nAfter} points)</th><td>{unitScale(r.meanAfter)}</td></tr>
              <tr><th scope="row">Difference</th><td>{unitScale(r.difference)} {r.percentChange !== null && `(${fmtNum(r.percentChange)} %)`}</td></tr>
              <tr><th scope="row">Welch&apos;s t-test</th><td>t = {fmtNum(r.welch.t)}, df = {fmtNum(r.welch.df)}, p = {r.welch.p < 0.001 ? '< 0.001' : fmtNum(r.welch.p)}; 95 % CI {unitScale(r.welch.ciLow)} to {unitScale(r.welch.ciHigh)}</td></tr>
              <tr><th scope="row">Mann–Whitney U</th><td>U = {fmtNum(r.mannWhitney.u)}, p = {r.mannWhitney.p < 0.001 ? '< 0.001' : fmtNum(r.mannWhitney.p)} (robust for skewed data such as latency)</td></tr>
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}
