import { useState } from 'react';
import { bin, max, scaleLinear } from 'd3';
import type { Output } from '../../../../common/contract/api';
import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { normalPdf, normalQuantile } from '../../../../common/domain/stats/normal';
import { useCall } from '../../api/useCall';
import { fmtNum } from '../../charts/controlChart/overlay';
import { Field } from '../../components/fields';
import { fmt } from '../../format';

type Cap = Output<'spc-capability'>;
type Method = Cap['method'];
const METHOD_LABELS: Readonly<Record<Method, string>> = { normal: 'Normal', boxcox: 'Box-Cox transformation', percentile: 'Percentile (non-normal)' };

function Histogram({ c, unit }: { c: Cap; unit: string }) {
  const w = 560;
  const h = 220;
  const m = { l: 50, r: 16, t: 12, b: 44 };
  // The axis covers the data and both spec limits (a limit far from the data still shows where it is).
  const limits = [c.lsl, c.usl].filter((v): v is number => v !== null);
  const lo = Math.min(...c.values, ...limits);
  const hi = Math.max(...c.values, ...limits);
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

/**
 * Normal probability plot (Minitab's): each sorted value against the normal quantile of its median rank
 * (i − 0.3)/(n + 0.4), with the fitted line x̄ + s·z. Points on the line: normal; a bend: skew; an S: tails.
 */
function ProbabilityPlot({ c, unit }: { c: Cap; unit: string }) {
  const nm = c.normality!;
  const w = 560;
  const h = 240;
  const m = { l: 56, r: 16, t: 12, b: 44 };
  const zs = nm.plot.map((p) => p.z);
  const x = scaleLinear().domain([Math.min(...nm.plot.map((p) => p.value)), Math.max(...nm.plot.map((p) => p.value))]).nice().range([m.l, w - m.r]);
  const zLim = Math.max(2.5, ...zs.map(Math.abs));
  const y = scaleLinear().domain([-zLim, zLim]).range([h - m.b, m.t]);
  const [x0, x1] = x.domain() as [number, number];
  const zAt = (v: number) => (v - nm.line.mean) / nm.line.sd;
  // Percent gridlines at the normal quantiles of 1, 5, 20, 50, 80, 95 and 99 %.
  const pct = [1, 5, 20, 50, 80, 95, 99].map((p) => ({ p, z: normalQuantile(p / 100) }));
  const pText = nm.p < 0.005 ? 'p < 0.005' : `p = ${nm.p.toFixed(3)}`;
  return (
    <figure className="kpi-probplot">
      <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`Normal probability plot of ${nm.plot.length} values with the fitted line. Anderson–Darling A² = ${nm.a2.toFixed(3)}, ${pText}: ${nm.p < 0.05 ? 'not normal at the 5 % level' : 'consistent with a normal distribution'}.`}>
        {pct.map(({ p, z }) => (
          <g key={p}>
            <line x1={m.l} x2={w - m.r} y1={y(z)} y2={y(z)} className="kpi-prob-grid" />
            <text x={m.l - 6} y={y(z) + 4} textAnchor="end" className="cc-ticklabel">{p}</text>
          </g>
        ))}
        <line x1={x(x0)} x2={x(x1)} y1={y(Math.max(-zLim, Math.min(zLim, zAt(x0))))} y2={y(Math.max(-zLim, Math.min(zLim, zAt(x1))))} className="kpi-prob-line" />
        {nm.plot.map((p, i) => <circle key={i} cx={x(p.value)} cy={y(p.z)} r={3.2} className="kpi-prob-point" />)}
        <line x1={m.l} x2={w - m.r} y1={h - m.b} y2={h - m.b} className="cc-tick" />
        {x.ticks(6).map((t) => <text key={t} x={x(t)} y={h - m.b + 18} textAnchor="middle" className="cc-ticklabel">{fmtNum(t)}</text>)}
        <text x={(m.l + w - m.r) / 2} y={h - 6} textAnchor="middle" className="cc-axislabel">Value{unit ? ` (${unit})` : ''}</text>
        <text transform={`translate(14 ${(h - m.b + m.t) / 2}) rotate(-90)`} textAnchor="middle" className="cc-axislabel">Percent</text>
      </svg>
      <figcaption>
        Normal probability plot. Anderson–Darling A² = {nm.a2.toFixed(3)} (adjusted {nm.a2Adjusted.toFixed(3)}), {pText}:{' '}
        {nm.p < 0.05 ? <strong>not normal at the 5 % level</strong> : 'consistent with a normal distribution'}.
      </figcaption>
    </figure>
  );
}

/**
 * Capability of one stage of the KPI (default the last) against the KPI's spec limits (set under Targets), with
 * the chart's signals (an out-of-control stage is not called capable), the normality test and probability plot,
 * and Box-Cox or percentile indices for data that are not normal.
 */
export function CapabilityPanel({ kpi }: { kpi: KpiSummary }) {
  const stageNames = [kpi.chart.firstStage, ...[...kpi.chart.stages].sort((a, b) => a.date.localeCompare(b.date)).map((s) => s.name)];
  const [stage, setStage] = useState<string>('');
  const [method, setMethod] = useState<Method>('normal');
  const [lambda, setLambda] = useState('');
  const hasSpec = kpi.lsl !== null || kpi.usl !== null;
  const lam = lambda.trim() === '' ? null : Number(lambda);
  const lambdaError = lam !== null && !(Number.isFinite(lam) && lam >= -5 && lam <= 5) ? 'λ must be a number from −5 to 5, or empty for the optimal λ.' : null;
  const cap = useCall('spc-capability', hasSpec && !lambdaError ? { kpiId: kpi.id, stage: stage || null, method, lambda: method === 'boxcox' ? lam : null } : null, ['kpis']);
  const c = cap.data;
  const f = (v: number | null) => fmt().fixed(v, 2);
  const spec = [kpi.lsl !== null ? `LSL ${fmtNum(kpi.lsl)}` : null, kpi.usl !== null ? `USL ${fmtNum(kpi.usl)}` : null].filter(Boolean).join(', ');
  return (
    <section className="card kpi-capability" aria-labelledby="cap-title">
      <h2 id="cap-title">Capability</h2>
      {!hasSpec ? (
        <p className="hint">Set the KPI&apos;s spec limits (LSL and/or USL, under Targets) to compute capability. The same limits are used here and in the report.</p>
      ) : (
        <>
          <p className="hint">Against the KPI&apos;s spec limits ({spec}{kpi.unit ? ` ${kpi.unit}` : ''}; edit them under Targets), for one stage of the chart: a staged, shifted series is never pooled.</p>
          <div className="kpi-inline">
            <Field label="Stage">{(id) => (
              <select id={id} value={stage} onChange={(e) => setStage(e.target.value)}>
                <option value="">Last stage{c ? ` (${c.stage.name})` : ''}</option>
                {stageNames.map((n) => <option key={n} value={n}>{n}</option>)}
              </select>
            )}</Field>
            <Field label="Method">{(id) => (
              <select id={id} value={method} onChange={(e) => setMethod(e.target.value as Method)}>
                {(Object.keys(METHOD_LABELS) as Method[]).map((m) => <option key={m} value={m}>{METHOD_LABELS[m]}</option>)}
              </select>
            )}</Field>
            {method === 'boxcox' && <Field label="λ (empty: optimal)" error={lambdaError}>{(id) => (<input id={id} inputMode="decimal" value={lambda} onChange={(e) => setLambda(e.target.value)} />)}</Field>}
          </div>
        </>
      )}
      {cap.error && <p className="field-error" role="alert">{cap.error}</p>}
      {c && (
        <div className="kpi-cap-body">
          <p className={c.inControl && !c.verdict.startsWith('Not') ? 'kpi-cap-verdict' : 'warning'} data-testid="capability-verdict">{c.verdict}</p>
          {c.warnings.length > 0 && (
            <ul className="kpi-cap-warnings" aria-label="Capability warnings">
              {c.warnings.map((w) => <li key={w}>{w}</li>)}
            </ul>
          )}
          <table className="kpi-table">
            <tbody>
              <tr><th scope="row">Stage</th><td>{c.stage.name}: points {c.stage.from}–{c.stage.to}, n = {c.n}</td></tr>
              <tr><th scope="row">Mean</th><td>{fmtNum(c.mean)} {kpi.unit}</td></tr>
              <tr><th scope="row">σ within</th><td>{fmtNum(c.sigma_within)} ({c.sigma_within_method})</td></tr>
              <tr><th scope="row">σ overall</th><td>{fmtNum(c.sigma_overall)} (sample SD, n − 1)</td></tr>
              <tr><th scope="row">Cp · Cpl · Cpu · Cpk</th><td>{f(c.cp)} · {f(c.cpl)} · {f(c.cpu)} · {f(c.cpk)}</td></tr>
              <tr><th scope="row">Cpm</th><td>{f(c.cpm)}</td></tr>
              <tr><th scope="row">Pp · Ppl · Ppu · Ppk</th><td>{f(c.pp)} · {f(c.ppl)} · {f(c.ppu)} · {f(c.ppk)}</td></tr>
              <tr><th scope="row">Out of spec</th><td>observed {fmtNum(c.ppm_observed)} ppm ({fmtNum(c.ppm_observed / 1e4)} %); expected {fmtNum(c.ppm_expected)} ppm (normal, σ within)</td></tr>
              {c.boxCox && (
                <>
                  <tr><th scope="row">Box-Cox λ</th><td>{c.boxCox.lambda.toFixed(3)} {c.boxCox.lambdaGiven ? '(given)' : `(optimal: the smallest SD of the standardised transform; rounded ${c.boxCox.roundedLambda})`}</td></tr>
                  <tr><th scope="row">Transformed limits</th><td>{c.boxCox.lsl !== null ? `LSL* ${fmtNum(c.boxCox.lsl)}` : 'LSL* —'} · {c.boxCox.usl !== null ? `USL* ${fmtNum(c.boxCox.usl)}` : 'USL* —'}</td></tr>
                  <tr><th scope="row">Box-Cox Cpk · Ppk</th><td>{f(c.boxCox.indices.cpk)} · {f(c.boxCox.indices.ppk)} (expected {fmtNum(c.boxCox.indices.ppm_expected_overall)} ppm out of spec)</td></tr>
                </>
              )}
              {c.percentile && (
                <>
                  <tr><th scope="row">Percentiles 0.135 · 50 · 99.865 %</th><td>{fmtNum(c.percentile.p00135)} · {fmtNum(c.percentile.p50)} · {fmtNum(c.percentile.p99865)}</td></tr>
                  <tr><th scope="row">Percentile Pp · Ppl · Ppu · Ppk</th><td>{f(c.percentile.pp)} · {f(c.percentile.ppl)} · {f(c.percentile.ppu)} · {f(c.percentile.ppk)}</td></tr>
                </>
              )}
            </tbody>
          </table>
          <div className="kpi-cap-plots">
            <Histogram c={c} unit={kpi.unit} />
            {c.normality && <ProbabilityPlot c={c} unit={kpi.unit} />}
          </div>
        </div>
      )}
    </section>
  );
}
