import { useState } from 'react';
import type { ReviewResult, ReviewScheduleEntry } from '../../../../common/contract/schemas/reviews';
import type { TeamMember } from '../../../../common/contract/schemas/team';
import { formatDate } from '../../format';
import { call, errorMessage } from '../../api/client';
import type { ChangeOps } from '../../api/useChange';

type Props = Readonly<{ rows: readonly ReviewScheduleEntry[]; members: readonly TeamMember[]; ops: ChangeOps; onDone: (r: ReviewResult) => void }>;

/** The review to offer first: the earliest one not done (overdue before due), else the last one. */
function firstOpen(rows: readonly ReviewScheduleEntry[]): string {
  return (rows.find((r) => r.status === 'overdue') ?? rows.find((r) => r.status === 'due') ?? rows[rows.length - 1])?.id ?? '';
}

/**
 * Run review: which review, who attended (from the team), notes, next steps one per line (they become actions) and
 * optionally the first day of follow-up data. Shows progress while main recomputes every KPI, and the error in words.
 */
export function ReviewsRunForm({ rows, members, ops, onDone }: Props) {
  const [pick, setPick] = useState('');
  const [attendees, setAttendees] = useState<ReadonlySet<string>>(new Set());
  const [notes, setNotes] = useState('');
  const [steps, setSteps] = useState('');
  const [since, setSince] = useState('');
  const [running, setRunning] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const reviewId = rows.some((r) => r.id === pick) ? pick : firstOpen(rows);
  const chosen = rows.find((r) => r.id === reviewId);
  const toggle = (name: string) =>
    setAttendees((s) => {
      const next = new Set(s);
      if (next.has(name)) next.delete(name);
      else next.add(name);
      return next;
    });
  const run = () => {
    if (!chosen) return;
    setProblem(null);
    setRunning(true);
    const nextSteps = steps.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
    ops
      .save(() => call('review-run', { reviewId, attendees: members.map((m) => m.name).filter((n) => attendees.has(n)), notes, nextSteps, ...(since ? { since } : {}) }), { quiet: true })
      .then((r) => {
        setNotes('');
        setSteps('');
        onDone(r);
      })
      .catch((e: unknown) => setProblem(`The review could not be run: ${errorMessage(e)}`))
      .finally(() => setRunning(false));
  };
  if (rows.length === 0) return null;
  return (
    <form className="card review-run" aria-labelledby="review-run-h" aria-busy={running} onSubmit={(e) => { e.preventDefault(); run(); }}>
      <h2 id="review-run-h">Run review</h2>
      <div className="field-row">
        <div className="field">
          <label htmlFor="review-run-which">Review</label>
          <select id="review-run-which" value={reviewId} onChange={(e) => setPick(e.target.value)}>
            {rows.map((r) => (
              <option key={r.id} value={r.id}>
                {r.title} — due {formatDate(r.dueDate)}{r.results > 0 ? ` (run ${r.results}×)` : ''}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="review-run-since">Follow-up data since (optional)</label>
          <input id="review-run-since" type="date" value={since} onChange={(e) => setSince(e.target.value)} />
          <span className="hint">Empty: the day after the event's data (each dataset's last full import).</span>
        </div>
      </div>
      <fieldset className="review-attendees">
        <legend>Attendees</legend>
        {members.length === 0 ? (
          <span className="muted">No team members yet: add them on the Team page.</span>
        ) : (
          members.map((m) => (
            <label key={m.id} className="review-attendee">
              <input type="checkbox" checked={attendees.has(m.name)} onChange={() => toggle(m.name)} /> {m.name}
            </label>
          ))
        )}
      </fieldset>
      <div className="field-row">
        <div className="field">
          <label htmlFor="review-run-notes">Notes</label>
          <textarea id="review-run-notes" rows={3} value={notes} maxLength={20000} onChange={(e) => setNotes(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor="review-run-steps">Next steps (one per line; each becomes an action)</label>
          <textarea id="review-run-steps" rows={3} value={steps} onChange={(e) => setSteps(e.target.value)} />
        </div>
      </div>
      <div className="review-run-actions">
        <button type="submit" className="btn btn-primary" disabled={running || !chosen}>
          {running ? 'Running…' : `Run ${chosen?.title ?? 'review'}`}
        </button>
        {running && (
          <span className="review-running" role="status">
            <progress aria-label="Review running" /> Recomputing every KPI against its held limits, drift and fairness on the latest data…
          </span>
        )}
        {problem && (
          <p className="error-banner" role="alert">
            {problem}
          </p>
        )}
      </div>
    </form>
  );
}
