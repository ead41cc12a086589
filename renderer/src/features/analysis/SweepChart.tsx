import { line, scaleLinear } from 'd3';
import type { ThresholdSweep } from '../../../../common/domain/fairness/sweep';
import { fmt } from '../../format';

// Sized for two panels side by side at 1280 px, so the 13 px labels show at about 13 px.
const W = 460;
const H = 290;
const M = { t: 16, r: 24, b: 46, l: 52 };
/** Okabe–Ito colours (theme variables) with a dash pattern each, so groups differ without colour too. */
const COLOURS = ['var(--c1)', 'var(--c2)', 'var(--c3)', 'var(--c4)', 'var(--c5)', 'var(--c6)', 'var(--c8)'];
const DASHES = ['', '8 4', '2 4', '10 3 2 3', '4 4', '12 6', '1 3'];
const styleOf = (i: number) => ({ stroke: COLOURS[i % COLOURS.length]!, dash: DASHES[(i + Math.floor(i / COLOURS.length)) % DASHES.length]! });

type Metric = 'selection_rate' | 'tpr';
const NAMES: Record<Metric, string> = { selection_rate: 'Selection rate', tpr: 'True positive rate (TPR)' };

/** The threshold where the groups' curves are furthest apart (max − min over groups with a value). */
function widestGap(sweep: ThresholdSweep, metric: Metric): { t: number; gap: number } | null {
  let best: { t: number; gap: number } | null = null;
  sweep.thresholds.forEach((t, i) => {
    const vs = sweep.groups.map((g) => g[metric][i]).filter((v): v is number => v !== null && v !== undefined);
    if (vs.length < 2) return;
    const gap = Math.max(...vs) - Math.min(...vs);
    if (!best || gap > best.gap) best = { t, gap };
  });
  return best;
}

function Panel({ sweep, metric, threshold, groupLabel }: { sweep: ThresholdSweep; metric: Metric; threshold: number | undefined; groupLabel: string }) {
  const ts = sweep.thresholds;
  const x = scaleLinear().domain([ts[0]!, ts[ts.length - 1]!]).range([M.l, W - M.r]);
  const y = scaleLinear().domain([0, 1]).range([H - M.b, M.t]);
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(ts[i]!))
    .y((v) => y(v ?? 0));
  const at = threshold === undefined ? -1 : ts.reduce((best, t, i) => (Math.abs(t - threshold) < Math.abs(ts[best]! - threshold) ? i : best), 0);
  const gap = widestGap(sweep, metric);
  const caption = `${NAMES[metric]} by ${groupLabel}`;
  const title = `${caption} against the threshold`;
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? 'undefined' : `${fmt().fixed(v * 100, 1)} %`);
  const desc = [
    at >= 0 ? `at threshold ${fmt().fixed(ts[at]!, 2)}: ${sweep.groups.map((g) => `${g.group} ${pct(g[metric][at])}`).join(', ')}` : '',
    gap ? `widest gap ${fmt().fixed(gap.gap, 3)} at threshold ${fmt().fixed(gap.t, 2)}` : '',
  ].filter(Boolean).join('; ');
  return (
    <figure className="analysis-chart">
      <figcaption>{caption}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${title}: ${desc}`}>
        {[0, 0.25, 0.5, 0.75, 1].map((t) => (
          <g key={t}>
            <line x1={M.l} x2={W - M.r} y1={y(t)} y2={y(t)} className="grid" />
            <text x={M.l - 6} y={y(t) + 5} textAnchor="end" className="tick">{t * 100}%</text>
          </g>
        ))}
        {x.ticks(5).map((t) => (
          <text key={t} x={x(t)} y={H - M.b + 20} textAnchor="middle" className="tick">{fmt().fixed(t, 2)}</text>
        ))}
        {gap && (
          <g>
            <line x1={x(gap.t)} x2={x(gap.t)} y1={M.t} y2={H - M.b} stroke="var(--muted)" strokeWidth={1.5} strokeDasharray="2 3" />
            <text x={x(gap.t) + (x(gap.t) > W / 2 ? -4 : 4)} y={H - M.b - 8} textAnchor={x(gap.t) > W / 2 ? 'end' : 'start'} className="tick">widest gap {fmt().fixed(gap.gap, 2)}</text>
          </g>
        )}
        {at >= 0 && (
          <g>
            <line x1={x(ts[at]!)} x2={x(ts[at]!)} y1={M.t} y2={H - M.b} stroke="var(--text)" strokeWidth={1.5} strokeDasharray="6 4" />
            <text x={x(ts[at]!) + 4} y={M.t + 12} className="threshold">t = {fmt().fixed(ts[at]!, 2)}</text>
          </g>
        )}
        {sweep.groups.map((g, i) => {
          const s = styleOf(i);
          return <path key={g.group} d={path(g[metric] as (number | null)[]) ?? ''} fill="none" stroke={s.stroke} strokeWidth={2.5} strokeDasharray={s.dash || undefined} />;
        })}
        <text x={16} y={(H - M.b) / 2} transform={`rotate(-90 16 ${(H - M.b) / 2})`} textAnchor="middle" className="axis-label">{metric === 'tpr' ? 'TPR' : 'selection rate'} (%)</text>
        <text x={(W + M.l - M.r) / 2} y={H - 6} textAnchor="middle" className="axis-label">threshold (positive when score ≥ it)</text>
      </svg>
    </figure>
  );
}

/**
 * Threshold sweep: selection rate and TPR per group as the score threshold moves, with the chosen threshold marked
 * and the widest gap dotted — the trade-off a single threshold hides. React owns the SVG; d3 computes scales and paths.
 */
export function SweepChart({ sweep, threshold, groupLabel }: { sweep: ThresholdSweep; threshold: number | undefined; groupLabel: string }) {
  return (
    <div>
      <div className="sweep-grid">
        <Panel sweep={sweep} metric="selection_rate" threshold={threshold} groupLabel={groupLabel} />
        <Panel sweep={sweep} metric="tpr" threshold={threshold} groupLabel={groupLabel} />
      </div>
      <div className="legend sweep-legend" aria-hidden="true">
        {sweep.groups.map((g, i) => {
          const s = styleOf(i);
          return (
            <span key={g.group} className="sweep-key">
              <svg width="28" height="10" viewBox="0 0 28 10"><line x1="0" x2="28" y1="5" y2="5" stroke={s.stroke} strokeWidth={3} strokeDasharray={s.dash || undefined} /></svg>
              {g.group}
            </span>
          );
        })}
      </div>
    </div>
  );
}
