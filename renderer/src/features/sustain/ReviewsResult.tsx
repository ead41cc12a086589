import { VERDICT_LABELS } from '../../../../common/contract/schemas/reviews';
import type { ReviewKpiResult, ReviewResult, ReviewVerdict } from '../../../../common/contract/schemas/reviews';
import { formatDate, formatDateTime } from '../../format';
import { fmt } from '../../format';

const num = (x: number | null | undefined, unit = '') => (x === null || x === undefined || !Number.isFinite(x) ? '—' : `${fmt().sig(x)}${unit ? ` ${unit}` : ''}`);
const pValue = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${fmt().fixed(p, 3)}`);
const STATUS = { pass: 'Pass', fail: 'Fail', 'no-data': 'No data' } as const;

/** A verdict in colour AND words (legible in black and white and for colour-blind readers). */
export function VerdictBadge({ verdict }: Readonly<{ verdict: ReviewVerdict }>) {
  return <span className={`verdict verdict-${verdict}`}>{VERDICT_LABELS[verdict]}</span>;
}

/** "92 % of the event's gain retained"; null when the review could not tell. */
function gainText(g: number | null): string | null {
  if (g === null || !Number.isFinite(g)) return null;
  const pct = `${Math.round(g * 100)} %`;
  if (g < 0) return `${pct}: worse than before the event`;
  if (g > 1) return `${pct}: better than the event left it`;
  return `${pct} of the event's gain retained`;
}

function KpiVerdict({ v }: Readonly<{ v: ReviewKpiResult }>) {
  const lim = v.limits;
  const ba = v.beforeAfter;
  const gain = gainText(v.gainRetained);
  return (
    <li className={`review-kpi review-kpi-${v.verdict}`} data-testid="review-kpi">
      <div className="review-kpi-head">
        <h4>{v.name}</h4>
        <VerdictBadge verdict={v.verdict} />
      </div>
      <dl className="review-kpi-facts">
        <div>
          <dt>Follow-up points</dt>
          <dd>
            {v.newPoints} (a verdict needs {v.needed})
          </dd>
        </div>
        {lim && (
          <div>
            <dt>Held limits</dt>
            <dd>
              {lim.chart.toUpperCase()} from “{lim.stage}” ({formatDate(lim.from)} – {formatDate(lim.to)}): CL {num(lim.center)}
              {lim.ucl !== null && `, UCL ${num(lim.ucl)}`}
              {lim.lcl !== null && `, LCL ${num(lim.lcl)}`} {v.unit}
            </dd>
          </div>
        )}
        {ba && (
          <div>
            <dt>Before → after</dt>
            <dd>
              {num(ba.meanBefore, v.unit)} → {num(ba.meanAfter, v.unit)} (Welch {pValue(ba.welchP)})
            </dd>
          </div>
        )}
        {gain && (
          <div>
            <dt>Gain</dt>
            <dd>{gain}</dd>
          </div>
        )}
      </dl>
      <ul className="review-evidence">
        {v.evidence.map((t, i) => (
          <li key={i}>{t}</li>
        ))}
      </ul>
    </li>
  );
}

type Props = Readonly<{ result: ReviewResult; title: string; onExport: (format: 'review-html' | 'review-pdf') => void; exporting: boolean }>;

/** One stored review result, as it was stored (never recomputed): verdicts with evidence, drift, fairness, actions. */
export function ReviewsResult({ result: r, title, onExport, exporting }: Props) {
  const drift = r.numbers.drift;
  const fairness = r.numbers.fairness;
  const open = r.numbers.actions.open;
  return (
    <article className="card review-result" data-testid="review-result" aria-label={`${title}, run ${formatDateTime(r.createdAt)}`}>
      <header className="review-result-head">
        <div>
          <h3>
            {title} <span className="muted">— run {formatDateTime(r.createdAt)} by {r.author}</span>
          </h3>
          <p className="muted">
            Follow-up data since {formatDate(r.since)} · {r.datasetVersions.map((d) => `${d.name} v${d.version}`).join(', ') || 'no dataset read'}
            {r.attendees.length > 0 && ` · Attendees: ${r.attendees.join(', ')}`}
          </p>
        </div>
        <div className="review-export">
          <button type="button" className="btn" disabled={exporting} onClick={() => onExport('review-html')}>
            Report (HTML)
          </button>
          <button type="button" className="btn" disabled={exporting} onClick={() => onExport('review-pdf')}>
            Report (PDF)
          </button>
        </div>
      </header>
      {r.verdicts.length > 0 && (
        <ul className="review-verdict-strip" aria-label="Verdict per KPI">
          {r.verdicts.map((v) => (
            <li key={v.kpiId}>
              <span>{v.name}</span> <VerdictBadge verdict={v.verdict} />
            </li>
          ))}
        </ul>
      )}
      {r.verdicts.length === 0 ? (
        <p className="muted">The event has no KPIs computed from a dataset, so there was nothing to review.</p>
      ) : (
        <ul className="review-kpis">
          {r.verdicts.map((v) => (
            <KpiVerdict key={v.kpiId} v={v} />
          ))}
        </ul>
      )}
      <div className="review-more">
        <section>
          <h4>Drift (PSI against the event's reference window)</h4>
          {drift.length === 0 ? (
            <p className="muted">No key columns to check.</p>
          ) : (
            <table className="review-mini-table">
              <thead>
                <tr>
                  <th scope="col">Column</th>
                  <th scope="col">PSI</th>
                  <th scope="col">Status</th>
                </tr>
              </thead>
              <tbody>
                {drift.map((d) => (
                  <tr key={`${d.dataset}-${d.column}`} title={d.detail}>
                    <td>{d.column}</td>
                    <td className="num">{fmt().fixed(d.psi, 3)}</td>
                    <td className={d.status === 'fail' ? 'review-fail' : ''}>{d.status === 'fail' ? `Above ${d.threshold}` : STATUS[d.status]}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
        {fairness.length > 0 && (
          <section>
            <h4>Fairness gates</h4>
            <ul className="review-plain-list">
              {fairness.map((f, i) => (
                <li key={i}>
                  <strong className={f.status === 'fail' ? 'review-fail' : ''}>{STATUS[f.status]}</strong> — {f.detail}
                </li>
              ))}
            </ul>
          </section>
        )}
        <section>
          <h4>
            Open actions ({open.length}, {r.numbers.actions.overdue} overdue)
          </h4>
          {open.length === 0 ? (
            <p className="muted">None open.</p>
          ) : (
            <ul className="review-plain-list">
              {open.map((a) => (
                <li key={a.id}>
                  {a.title} <span className={a.overdue ? 'review-fail' : 'muted'}>{a.dueDate ? `${a.overdue ? 'overdue since' : 'due'} ${formatDate(a.dueDate)}` : 'no due date'}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section>
          <h4>Notes and next steps</h4>
          {r.notes.trim() ? <p className="review-notes">{r.notes}</p> : <p className="muted">No notes.</p>}
          {r.nextSteps.length > 0 && (
            <ul className="review-plain-list">
              {r.nextSteps.map((s, i) => (
                <li key={i}>
                  {s} {r.nextStepActionIds[i] && <span className="muted">(now an action)</span>}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </article>
  );
}
