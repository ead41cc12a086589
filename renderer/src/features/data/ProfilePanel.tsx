import { useState } from 'react';
import { scaleLinear } from 'd3';
import type { ColumnProfile } from '../../../../common/contract/schemas/datasets';
import { formatCount, formatStat } from './format';
import { fmt } from '../../format';

const W = 460;
const H = 220;
const M = { top: 28, right: 12, bottom: 44, left: 72 };

/** Histogram of one numeric column: title, axis labels with units, and a text alternative. */
function Histogram({ p }: { p: ColumnProfile }) {
  const hist = p.histogram;
  if (!hist || hist.counts.length === 0) return null;
  const x = scaleLinear().domain([hist.edges[0]!, hist.edges[hist.edges.length - 1]!]).range([M.left, W - M.right]);
  if (hist.edges[0] === hist.edges[hist.edges.length - 1]) x.domain([hist.edges[0]! - 1, hist.edges[0]! + 1]);
  const maxCount = Math.max(...hist.counts);
  const y = scaleLinear().domain([0, maxCount]).nice().range([H - M.bottom, M.top]);
  const unit = p.type === 'timestamp' ? 'date' : (p.unit ?? 'value');
  const fmt = (v: number) => formatStat(v, p.type, null);
  const peak = hist.counts.indexOf(maxCount);
  const summary = `Histogram of ${p.name}: ${hist.counts.length} bins from ${fmt(hist.edges[0]!)} to ${fmt(hist.edges[hist.edges.length - 1]!)}${p.unit ? ` ${p.unit}` : ''}; the fullest bin, ${fmt(hist.edges[peak]!)} to ${fmt(hist.edges[peak + 1] ?? hist.edges[peak]!)}, holds ${formatCount(maxCount)} rows.`;
  const ticks = x.ticks(4);
  return (
    <figure className="profile-hist">
      <svg width={W} height={H} role="img" aria-label={summary}>
        <text x={W / 2} y={16} textAnchor="middle" className="chart-title">
          Distribution of {p.name}
        </text>
        {hist.counts.map((c, i) => {
          const x0 = x(hist.edges[i]!);
          const x1 = x(hist.edges[i + 1] ?? hist.edges[i]!);
          return <rect key={i} x={x0 + 0.5} width={Math.max(1, x1 - x0 - 1)} y={y(c)} height={H - M.bottom - y(c)} fill="var(--c1)" />;
        })}
        <line x1={M.left} x2={W - M.right} y1={H - M.bottom} y2={H - M.bottom} stroke="var(--text)" />
        {ticks.map((t) => (
          <text key={t} x={x(t)} y={H - M.bottom + 16} textAnchor="middle" className="chart-tick">
            {p.type === 'timestamp' ? new Date(t).toISOString().slice(5, 10) : formatStat(t, 'real', null)}
          </text>
        ))}
        {y.ticks(4).map((t) => (
          <text key={t} x={M.left - 6} y={y(t) + 4} textAnchor="end" className="chart-tick">
            {formatCount(t)}
          </text>
        ))}
        <text x={(M.left + W - M.right) / 2} y={H - 6} textAnchor="middle" className="chart-axis">
          {p.name} ({unit})
        </text>
        <text transform={`translate(14 ${(M.top + H - M.bottom) / 2}) rotate(-90)`} textAnchor="middle" className="chart-axis">
          rows
        </text>
      </svg>
      <figcaption className="visually-hidden">{summary}</figcaption>
    </figure>
  );
}

const CHARTABLE = new Set(['integer', 'real', 'boolean']);

function ColumnDetail({ p, chartHref }: { p: ColumnProfile; chartHref?: (column: string) => string }) {
  const stat = (v: number | null) => formatStat(v, p.type, p.unit);
  return (
    <div className="profile-detail" data-testid="profile-detail">
      <h3>
        {p.name} <span className="badge">{p.type}</span>
        {p.role && <span className="badge">{p.role}</span>}
      </h3>
      {chartHref && CHARTABLE.has(p.type) && (
        <p>
          <a className="btn btn-small" href={chartHref(p.name)}>
            Control chart of {p.name}
          </a>
        </p>
      )}
      {p.warnings.map((w) => (
        <p className="warning" key={w.code}>
          {w.message}
        </p>
      ))}
      {p.transformed && <p className="hint">Privacy: {p.transformed.reason}</p>}
      <dl className="profile-stats">
        <dt>Rows</dt>
        <dd>{formatCount(p.count)}</dd>
        <dt>Missing</dt>
        <dd>
          {formatCount(p.missing)} ({fmt().fixed(p.missingPct, 1)} %)
        </dd>
        <dt>Distinct</dt>
        <dd>{p.distinctCapped ? `≥ ${formatCount(p.distinct)} (counting stopped)` : formatCount(p.distinct)}</dd>
        {p.mean !== null && (
          <>
            <dt>Min / max</dt>
            <dd>
              {stat(p.min)} / {stat(p.max)}
            </dd>
            <dt>Mean ± SD</dt>
            <dd>
              {stat(p.mean)} ± {p.std === null ? '—' : formatStat(p.std, p.type === 'timestamp' ? 'real' : p.type, p.type === 'timestamp' ? 'ms' : p.unit)}
            </dd>
          </>
        )}
        {p.quantiles &&
          Object.entries(p.quantiles).map(([k, v]) => (
            <div key={k} className="profile-q">
              <dt>{k}</dt>
              <dd>{stat(v)}</dd>
            </div>
          ))}
        {p.psi && (
          <>
            <dt>PSI vs v{p.psi.againstVersion}{p.psi.kind === 'categorical' ? ' (category shares)' : ''}</dt>
            <dd>
              {fmt().fixed(p.psi.value, 3)} — {p.psi.value < 0.1 ? 'stable' : p.psi.value <= 0.25 ? 'moderate' : 'significant'}
              {p.psi.flagged ? ' (above 0.2)' : ''}
            </dd>
          </>
        )}
        {!p.psi && p.psiSkipped && (
          <>
            <dt>PSI vs previous version</dt>
            <dd data-testid="profile-psi-skipped">{p.psiSkipped}</dd>
          </>
        )}
      </dl>
      {p.sampled ? (
        <p className="profile-note" data-testid="profile-sampled">
          Quantiles{p.psi ? ', histogram and PSI' : ' and histogram'} estimated from a uniform sample of {formatCount(p.sampled)} of {formatCount(p.count - p.missing)} values; rows, missing, min, max, mean and SD are exact.
        </p>
      ) : null}
      <Histogram p={p} />
      {p.top.length > 0 && (
        <table className="profile-top">
          <caption>Most frequent values</caption>
          <thead>
            <tr>
              <th scope="col">Value</th>
              <th scope="col">Rows</th>
            </tr>
          </thead>
          <tbody>
            {p.top.map((t) => (
              <tr key={t.value}>
                <td>{t.value}</td>
                <td>{formatCount(t.count)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/**
 * Column list with warning counts; the selected column shows its statistics, histogram and top values, and
 * (numeric columns) a link to its control chart.
 */
export function ProfilePanel({ columns, chartHref }: { columns: ColumnProfile[]; chartHref?: (column: string) => string }) {
  const [sel, setSel] = useState(0);
  const p = columns[Math.min(sel, columns.length - 1)];
  if (!p) return null;
  return (
    <div className="profile" data-testid="profile-panel">
      <ul className="profile-cols" aria-label="Columns">
        {columns.map((c, i) => (
          <li key={c.name}>
            <button type="button" className={i === sel ? 'profile-col active' : 'profile-col'} aria-pressed={i === sel} onClick={() => setSel(i)}>
              <span>{c.name}</span>
              <span className="muted">{c.type}</span>
              {c.warnings.length > 0 && <span className="profile-warn" aria-label={`${c.warnings.length} warnings`}>⚠ {c.warnings.length}</span>}
            </button>
          </li>
        ))}
      </ul>
      <ColumnDetail p={p} chartHref={chartHref} />
    </div>
  );
}
