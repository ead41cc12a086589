import { scaleBand, scaleLinear } from 'd3';
import { fmt } from '../../format';

const W = 640;

type Bar = Readonly<{ label: string; value: number }>;

/**
 * Pareto chart: bars (share of total time, %) sorted descending with a cumulative line, labelled axes and a
 * text alternative. React owns the SVG; d3 only computes scales.
 */
export function ParetoChart({ title, bars }: { title: string; bars: readonly (Bar & { cumulative: number })[] }) {
  const h = 260;
  const m = { t: 16, r: 48, b: 54, l: 56 };
  const x = scaleBand<string>().domain(bars.map((b) => b.label)).range([m.l, W - m.r]).padding(0.25);
  const y = scaleLinear().domain([0, 1]).range([h - m.b, m.t]);
  const desc = bars.map((b) => `${b.label} ${fmt().fixed(b.value * 100, 1)} % (cumulative ${fmt().fixed(b.cumulative * 100, 0)} %)`).join('; ');
  const line = bars.map((b, i) => `${i ? 'L' : 'M'}${(x(b.label) ?? 0) + x.bandwidth() / 2},${y(b.cumulative)}`).join('');
  return (
    <figure className="analysis-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={`${title}: ${desc}`}>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className="grid" />
            <text x={m.l - 6} y={y(t) + 5} textAnchor="end" className="tick">{t * 100}%</text>
          </g>
        ))}
        {bars.map((b) => (
          <g key={b.label}>
            <rect x={x(b.label)} y={y(b.value)} width={x.bandwidth()} height={y(0) - y(b.value)} fill="var(--c1)" />
            <text x={(x(b.label) ?? 0) + x.bandwidth() / 2} y={y(b.value) - 5} textAnchor="middle" className="value">{(b.value * 100).toFixed(1)}%</text>
            <text x={(x(b.label) ?? 0) + x.bandwidth() / 2} y={h - m.b + 20} textAnchor="middle" className="tick">{b.label}</text>
          </g>
        ))}
        <path d={line} fill="none" stroke="var(--c2)" strokeWidth={3} />
        {bars.map((b) => <circle key={b.label} cx={(x(b.label) ?? 0) + x.bandwidth() / 2} cy={y(b.cumulative)} r={4} fill="var(--c2)" />)}
        <text x={16} y={h / 2} transform={`rotate(-90 16 ${h / 2})`} textAnchor="middle" className="axis-label">share of total time (%)</text>
        <text x={(W + m.l - m.r) / 2} y={h - 8} textAnchor="middle" className="axis-label">stage</text>
      </svg>
      <div className="legend"><span className="swatch" style={{ background: 'var(--c1)' }} /> share of time <span className="swatch" style={{ background: 'var(--c2)' }} /> cumulative share</div>
    </figure>
  );
}

/** Overlaid reference/current bin fractions for one feature (grouped bars per bin). */
export function HistogramOverlay({ title, bins }: { title: string; bins: readonly { label: string; reference: number; current: number }[] }) {
  const h = 240;
  const m = { t: 14, r: 16, b: 70, l: 56 };
  const x = scaleBand<string>().domain(bins.map((b) => b.label)).range([m.l, W - m.r]).padding(0.15);
  const max = Math.max(0.01, ...bins.flatMap((b) => [b.reference, b.current]));
  const y = scaleLinear().domain([0, max]).nice().range([h - m.b, m.t]);
  const half = x.bandwidth() / 2;
  const desc = bins.map((b) => `${b.label}: reference ${fmt().fixed(b.reference * 100, 1)} %, current ${fmt().fixed(b.current * 100, 1)} %`).join('; ');
  return (
    <figure className="analysis-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={`${title}: ${desc}`}>
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className="grid" />
            <text x={m.l - 6} y={y(t) + 5} textAnchor="end" className="tick">{(t * 100).toFixed(0)}%</text>
          </g>
        ))}
        {bins.map((b) => (
          <g key={b.label}>
            <rect x={x(b.label)} y={y(b.reference)} width={half} height={y(0) - y(b.reference)} fill="var(--c1)" />
            <rect x={(x(b.label) ?? 0) + half} y={y(b.current)} width={half} height={y(0) - y(b.current)} fill="var(--c2)" />
            <text x={(x(b.label) ?? 0) + half} y={h - m.b + 14} textAnchor="end" transform={`rotate(-35 ${(x(b.label) ?? 0) + half} ${h - m.b + 14})`} className="tick small">{b.label}</text>
          </g>
        ))}
        <text x={16} y={(h - m.b) / 2} transform={`rotate(-90 16 ${(h - m.b) / 2})`} textAnchor="middle" className="axis-label">share of rows</text>
      </svg>
      <div className="legend"><span className="swatch" style={{ background: 'var(--c1)' }} /> reference <span className="swatch" style={{ background: 'var(--c2)' }} /> current</div>
    </figure>
  );
}

/** A dated series (PSI per day, low-confidence share …) with an optional threshold line. */
export function SeriesChart({ title, yLabel, points, threshold, format }: { title: string; yLabel: string; points: readonly { date: string; value: number | null }[]; threshold?: number; format: (v: number) => string }) {
  const h = 240;
  const m = { t: 16, r: 16, b: 48, l: 64 };
  const vals = points.map((p) => p.value).filter((v): v is number => v !== null);
  const y = scaleLinear().domain([0, Math.max(threshold ?? 0, ...vals, 1e-9) * 1.1]).nice().range([h - m.b, m.t]);
  const x = scaleLinear().domain([0, Math.max(1, points.length - 1)]).range([m.l, W - m.r]);
  let d = '';
  points.forEach((p, i) => {
    if (p.value === null) return;
    d += `${d && points[i - 1]?.value !== null ? 'L' : 'M'}${x(i)},${y(p.value)}`;
  });
  const over = threshold === undefined ? [] : points.filter((p) => p.value !== null && p.value >= threshold).map((p) => p.date);
  const desc = `${points.length} points from ${points[0]?.date ?? ''} to ${points.at(-1)?.date ?? ''}${threshold !== undefined ? `; ${over.length} at or above ${format(threshold)}${over.length ? `, first ${over[0]}` : ''}` : ''}`;
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <figure className="analysis-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-label={`${title}: ${desc}`}>
        {y.ticks(4).map((t) => (
          <g key={t}>
            <line x1={m.l} x2={W - m.r} y1={y(t)} y2={y(t)} className="grid" />
            <text x={m.l - 6} y={y(t) + 5} textAnchor="end" className="tick">{format(t)}</text>
          </g>
        ))}
        {points.map((p, i) => (i % every === 0 ? <text key={p.date} x={x(i)} y={h - m.b + 18} textAnchor="middle" className="tick small">{p.date.slice(5)}</text> : null))}
        {threshold !== undefined && (
          <g>
            <line x1={m.l} x2={W - m.r} y1={y(threshold)} y2={y(threshold)} stroke="var(--c4)" strokeDasharray="6 4" strokeWidth={2} />
            <text x={W - m.r} y={y(threshold) - 6} textAnchor="end" className="tick threshold">threshold {format(threshold)}</text>
          </g>
        )}
        <path d={d} fill="none" stroke="var(--c1)" strokeWidth={2.5} />
        {points.map((p, i) => (p.value === null ? null : <circle key={p.date} cx={x(i)} cy={y(p.value)} r={3.5} fill={threshold !== undefined && p.value >= threshold ? 'var(--c4)' : 'var(--c1)'} />))}
        <text x={16} y={(h - m.b) / 2} transform={`rotate(-90 16 ${(h - m.b) / 2})`} textAnchor="middle" className="axis-label">{yLabel}</text>
        <text x={(W + m.l - m.r) / 2} y={h - 6} textAnchor="middle" className="axis-label">date (UTC)</text>
      </svg>
    </figure>
  );
}

const DAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** p95 latency by weekday × hour; darker = slower; empty cells hatched grey. */
export function Heatmap({ title, cells }: { title: string; cells: readonly { weekday: number; hour: number; count: number; p95: number | null }[] }) {
  const vals = cells.map((c) => c.p95).filter((v): v is number => v !== null);
  const lo = Math.min(...vals);
  const hi = Math.max(...vals);
  const shade = scaleLinear<string>().domain([lo, hi]).range(['#e8f1fa', '#08306b']);
  const cw = 22;
  const ch = 22;
  const m = { l: 44, t: 8 };
  const worst = cells.reduce<(typeof cells)[number] | null>((a, c) => (c.p95 !== null && (!a || a.p95 === null || c.p95 > a.p95) ? c : a), null);
  const desc = worst ? `slowest: ${DAYS[worst.weekday]} ${worst.hour}:00 UTC, p95 ${fmt().fixed(worst.p95!, 0)} ms; range ${fmt().fixed(lo, 0)}–${fmt().fixed(hi, 0)} ms` : 'no data';
  return (
    <figure className="analysis-chart">
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${m.l + 24 * cw + 8} ${m.t + 7 * ch + 30}`} role="img" aria-label={`${title}: ${desc}`}>
        {cells.map((c) => (
          <rect key={`${c.weekday}-${c.hour}`} x={m.l + c.hour * cw} y={m.t + c.weekday * ch} width={cw - 2} height={ch - 2} fill={c.p95 === null ? '#eee' : shade(c.p95)}>
            <title>{`${DAYS[c.weekday]} ${c.hour}:00 — ${c.p95 === null ? 'no requests' : `p95 ${fmt().fixed(c.p95, 0)} ms (${fmt().count(c.count)} requests)`}`}</title>
          </rect>
        ))}
        {DAYS.map((d, i) => <text key={d} x={m.l - 6} y={m.t + i * ch + 15} textAnchor="end" className="tick">{d}</text>)}
        {[0, 6, 12, 18, 23].map((hh) => <text key={hh} x={m.l + hh * cw + cw / 2} y={m.t + 7 * ch + 16} textAnchor="middle" className="tick">{hh}h</text>)}
      </svg>
      <div className="legend"><span className="swatch" style={{ background: '#e8f1fa' }} /> {fmt().fixed(lo, 0)} ms <span className="swatch" style={{ background: '#08306b' }} /> {fmt().fixed(hi, 0)} ms (hour of day, UTC)</div>
    </figure>
  );
}
