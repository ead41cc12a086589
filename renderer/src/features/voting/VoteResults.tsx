import { scaleBand, scaleLinear } from 'd3';
import type { VoteSession } from '../../../../common/contract/schemas/workshop';

/** Chart geometry in viewBox units; `large` (presenter mode) is drawn about 1:1 on a 1280-px-wide screen. */
const NORMAL = { W: 900, ROW: 44, LEFT: 330, CLIP: 34 };
const LARGE = { W: 1200, ROW: 50, LEFT: 600, CLIP: 40 };
const clip = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** Revealed results: a ranked bar chart of dots per idea (SVG, with title, axis label and a table as text alternative). */
export function VoteResults({ session, large }: Readonly<{ session: VoteSession; large?: boolean }>) {
  const { W, ROW, LEFT, CLIP } = large ? LARGE : NORMAL;
  const rows = session.tally ?? [];
  const h = rows.length * ROW + 70;
  const max = Math.max(1, ...rows.map((r) => r.dots));
  const x = scaleLinear().domain([0, max]).range([0, W - LEFT - 60]).nice();
  const y = scaleBand<string>().domain(rows.map((r) => r.ideaId)).range([30, h - 40]).padding(0.2);
  const titleId = `vote-chart-${session.id}`;
  return (
    <figure className={large ? 'vote-results vote-results-large' : 'vote-results'} data-testid="vote-results">
      <svg viewBox={`0 0 ${W} ${h}`} role="img" aria-labelledby={titleId} className="vote-chart">
        <title id={titleId}>{`Dot-vote results: ${session.title}`}</title>
        <text x={0} y={18} className="vote-chart-title">{`Dots per idea — ${session.votedCount} ballot${session.votedCount === 1 ? '' : 's'}`}</text>
        {x.ticks(Math.min(max, 6)).map((t) => (
          <g key={t} transform={`translate(${LEFT + x(t)},0)`}>
            <line y1={30} y2={h - 40} className="vote-grid" />
            <text y={h - 22} textAnchor="middle" className="vote-tick">{t}</text>
          </g>
        ))}
        <text x={LEFT + (W - LEFT - 60) / 2} y={h - 2} textAnchor="middle" className="vote-axis">Dots (count)</text>
        {rows.map((r) => (
          <g key={r.ideaId} transform={`translate(0,${y(r.ideaId)!})`}>
            <text x={LEFT - 10} y={y.bandwidth() / 2} dy="0.35em" textAnchor="end" className="vote-label">{`${r.rank}. ${clip(r.text, CLIP)}`}</text>
            <rect x={LEFT} width={Math.max(0, x(r.dots))} height={y.bandwidth()} className={r.rank === 1 ? 'vote-bar vote-bar-top' : 'vote-bar'} />
            <text x={LEFT + x(r.dots) + 8} y={y.bandwidth() / 2} dy="0.35em" className="vote-value">{r.dots}</text>
          </g>
        ))}
      </svg>
      <figcaption>
        <table className="vote-table">
          <caption className="visually-hidden">Results as a table</caption>
          <thead><tr><th scope="col">Rank</th><th scope="col">Idea</th><th scope="col">Dots</th><th scope="col">Voters</th></tr></thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.ideaId} data-testid="result-row"><td>{r.rank}</td><td>{r.text}</td><td>{r.dots}</td><td>{r.voters}</td></tr>
            ))}
          </tbody>
        </table>
      </figcaption>
    </figure>
  );
}
