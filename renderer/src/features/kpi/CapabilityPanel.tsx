import { useState } from 'react';
import { bin, max, scaleLinear } from 'd3';
import type { Output } from '../../../../common/contract/api';
import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { normalPdf } from '../../../../common/domain/stats/normal';
import { call, errorMessage } from '../../api/client';
import { fmtNum } from '../../charts/controlChart/overlay';
import { Field } from '../../components/fields';
import { fmt } from '../../format';

type Cap = Output<'spc-capability'>;
const num = (s: string) => (s.trim() === '' ? null : Number(s));

function Histogram({ c, unit }: { c: Cap; unit: string }) {
  const w = 560;
  const h = 220;
  const m = { l: 50, r: 16, t: 12, b: 44 };
  const lo = Math.min(...c.values, c.lsl ?? Infinity);
  const hi = Math.max(...c.values, c.usl ?? -Infinity);
  const pad = (hi - lo) * 0.08 || 1;
  const x = scaleLinear().domain([lo - pad, hi + pad]).nice().range([m.l, w - m.r]);
  const bins = bin().domain(x.domain() as [number, number]).thresholds(x.ticks(16))(c.values);
  const width = (bins[0]!.x1! - bins[0]!.x0!) || 1;
  const density = (v: number) => (normalPdf((v - c.mean) / c.sigma_overall) / c.sigma_overall) * c.values.length * width;
  const curve = x.ticks(80).map((v) => [v, density(v)] as const);
  const yMax = Math.max(max(bins, (b) => b.length) ?? 1, ...curve.map((p) => p[1]));
  const y = scaleLinear().domain([0, yMax]).nice().range([h - m.b, m.t]);
  const path = curve.map(([v, d], i) => `${i ? 'L' : 'M'}${x(v).toFixed(1)},${y(d).toFixed(1)}`).join('');
  return (
    <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Histogram of ${c.n} values with the fitted normal curve (mean ${fmtNum(c.mean)}, σ overall ${fmtNum(c.sigma_overall)})${c.lsl !== null ? `, LSL ${c.lsl}` : ''}${c.usl !== null ? `, USL ${c.usl}` : ''}.`} className="kpi-hist">
      {bins.map((b, i) => <rect key={i} x={x(b.x0!) + 1} y={y(b.length)} width={Math.max(0, x(b.x1!) - x(b.x0!) - 2)} height={y(0) - y(b.length)} className="kpi-hist-bar" />)}
      <path d={path} className="kpi-hist-curve" />
      {c.lsl !== null && <g className="kpi-spec"><line x1={x(c.lsl)} x2={x(c.lsl)} y1={m.t} y2={h - m.b} /><text x={x(c.lsl) + 4} y={m.t + 12}>LSL {fmtNum(c.lsl)}</text></g>}
      {c.usl !== null && <g className="kpi-spec"><line x1={x(c.usl)} x2={x(c.usl)} y1={m.t} y2={h - m.b} /><text x={x(c.usl) - 4} y={m.t + 12} textAnchor="end">USL {fmtNum(c.usl)}</text></g>}
      <line x1={m.l} x2={w - m.r} y1={h - m.b} y2={h - m.b} className="cc-tick" />
      {x.ticks(6).map((t) => <text key={t} x={x(t)} y={h - m.b + 18} textAnchor="middle" className="cc-ticklabel">{fmtNum(t)}</text>)}
      <text x={(m.l + w - m.r) / 2} y={h - 6} textAnchor="middle" className="cc-axislabel">Value{unit ? ` (${unit})` : ''}</text>
      <text transform={`translate(14 ${(h - m.b + m.t) / 2}) rotate(-90)`} textAnchor="middle" className="cc-axislabel">Points</text>
    </svg>
  );
}

/** Capability of the KPI series against spec limits, with the σ_within method shown. */
export function CapabilityPanel({ kpi }: { kpi: KpiSummary }) {
  const [lsl, setLsl] = useState('');
  const [usl, setUsl] = useState(kpi.target !== null && kpi.direction === 'lower' ? String(kpi.target) : '');
  const [target, setTarget] = useState('');
  const [c, setC] = useState<Cap | null>(null);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setError(null);
    try {
      setC(await call('spc-capability', { kpiId: kpi.id, lsl: num(lsl), usl: num(usl), target: num(target) }));
    } catch (e) {
      setC(null);
      setError(errorMessage(e));
    }
  };
  const f = (v: number | null) => fmt().fixed(v, 2);
  return (
    <section className="card kpi-capability" aria-labelledby="cap-title">
      <h2 id="cap-title">Capability</h2>
      <p className="hint">Capability assumes a stable process: if the chart shows signals or stages, Cp and Pp will disagree (σ within vs σ overall). Judge the latest stable stage.</p>
      <div className="kpi-inline">
        <Field label="LSL">{(id) => (<input id={id} inputMode="decimal" value={lsl} onChange={(e) => setLsl(e.target.value)} />)}</Field>
        <Field label="USL">{(id) => (<input id={id} inputMode="decimal" value={usl} onChange={(e) => setUsl(e.target.value)} />)}</Field>
        <Field label="Target (optional)">{(id) => (<input id={id} inputMode="decimal" value={target} onChange={(e) => setTarget(e.target.value)} />)}</Field>
        <button type="button" className="btn btn-primary" disabled={!lsl && !usl} onClick={() => void run()}>Compute</button>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      {c && (
        <div className="kpi-cap-body">
          <table className="kpi-table">
            <tbody>
              <tr><th scope="row">Mean</th><td>{fmtNum(c.mean)} {kpi.unit}</td></tr>
              <tr><th scope="row">σ within</th><td>{fmtNum(c.sigma_within)} ({c.sigma_within_method})</td></tr>
              <tr><th scope="row">σ overall</th><td>{fmtNum(c.sigma_overall)} (sample SD, n − 1)</td></tr>
              <tr><th scope="row">Cp · Cpl · Cpu · Cpk</th><td>{f(c.cp)} · {f(c.cpl)} · {f(c.cpu)} · {f(c.cpk)}</td></tr>
              <tr><th scope="row">Cpm</th><td>{f(c.cpm)}</td></tr>
              <tr><th scope="row">Pp · Ppl · Ppu · Ppk</th><td>{f(c.pp)} · {f(c.ppl)} · {f(c.ppu)} · {f(c.ppk)}</td></tr>
              <tr><th scope="row">Out of spec</th><td>observed {fmtNum(c.ppm_observed)} ppm ({fmtNum(c.ppm_observed / 1e4)} %); expected {fmtNum(c.ppm_expected)} ppm (normal, σ within)</td></tr>
            </tbody>
          </table>
          <Histogram c={c} unit={kpi.unit} />
        </div>
      )}
    </section>
  );
}
