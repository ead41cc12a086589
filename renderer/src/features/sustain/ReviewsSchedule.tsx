import { useState } from 'react';
import type { ReviewScheduleEntry } from '../../../../common/contract/schemas/reviews';
import { formatDate } from '../../format';
import { call } from '../../api/client';
import type { ChangeOps } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useLocalValue } from '../../components/fields';

type Item = { id?: string; title: string; dueDate: string };
const STATUS_LABELS: Readonly<Record<ReviewScheduleEntry['status'], string>> = { due: 'Due', overdue: 'Overdue', done: 'Done' };

/** The schedule as `review-schedule-set` takes it: every row, by id. */
const itemsOf = (rows: readonly ReviewScheduleEntry[]): Item[] => rows.map((r) => ({ id: r.id, title: r.title, dueDate: r.dueDate }));

type Props = Readonly<{ eventId: string; hasEndDate: boolean; rows: readonly ReviewScheduleEntry[]; ops: ChangeOps }>;

function ScheduleRow({ row, rows, eventId, ops }: Readonly<{ row: ReviewScheduleEntry; rows: readonly ReviewScheduleEntry[]; eventId: string; ops: ChangeOps }>) {
  const [title, setTitle] = useLocalValue(row.title);
  const [due, setDue] = useLocalValue(row.dueDate);
  const before = itemsOf(rows);
  const set = (patch: Partial<Item>, label: string) => {
    const after = before.map((i) => (i.id === row.id ? { ...i, ...patch } : i));
    return ops.change({ label, run: () => call('review-schedule-set', { eventId, items: after }), undo: () => call('review-schedule-set', { eventId, items: before }) });
  };
  const saveTitle = () => {
    const t = title.trim();
    if (!t) return setTitle(row.title);
    if (t !== row.title) set({ title: t }, `rename review "${row.title}"`).catch(() => setTitle(row.title));
  };
  const remove = () => {
    // Undo adds it back (a new row with the same title and date): a removed row has no results to lose.
    const back = before.map((i) => (i.id === row.id ? { title: i.title, dueDate: i.dueDate } : i));
    ops.act({
      label: `remove review "${row.title}"`,
      run: () => call('review-schedule-set', { eventId, items: before.filter((i) => i.id !== row.id) }),
      undo: () => call('review-schedule-set', { eventId, items: back }),
      offerUndo: { message: `"${row.title}" removed from the schedule.`, undone: `"${row.title}" is back in the schedule.` },
    });
  };
  return (
    <tr data-testid="review-row" className={`review-row-${row.status}`}>
      <td>
        <input type="text" aria-label={`Title of ${row.title}`} value={title} maxLength={200} onChange={(e) => setTitle(e.target.value)} onBlur={saveTitle} onKeyDown={(e) => e.key === 'Enter' && saveTitle()} />
      </td>
      <td>
        <input
          type="date"
          aria-label={`Due date of ${row.title}`}
          value={due}
          onChange={(e) => {
            const v = e.target.value;
            setDue(v);
            if (/^\d{4}-\d{2}-\d{2}$/.test(v) && v !== row.dueDate) set({ dueDate: v }, `move "${row.title}" to ${formatDate(v)}`).catch(() => setDue(row.dueDate));
          }}
        />
      </td>
      <td>
        <span className={`review-status review-status-${row.status}`}>{STATUS_LABELS[row.status]}</span>
      </td>
      <td>{row.results === 0 ? 'No result yet' : `${row.results} result${row.results === 1 ? '' : 's'}, last ${formatDate(row.lastRunAt)}`}</td>
      <td>
        {row.results === 0 ? (
          <button type="button" className="btn btn-small btn-danger-outline" aria-label={`Remove ${row.title}`} onClick={remove}>
            Remove
          </button>
        ) : (
          <span className="muted" title="A review with stored results stays in the schedule.">Kept (has results)</span>
        )}
      </td>
    </tr>
  );
}

/**
 * The review schedule: title, due date and status (due / overdue / done) of each review, editable in place; add a
 * review; remove one that has no results. Every change is one `review-schedule-set` call, undoable.
 */
export function ReviewsSchedule({ eventId, hasEndDate, rows, ops }: Props) {
  const [title, setTitle] = useState('');
  const [due, setDue] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const seed = () =>
    ops.act({
      label: 'schedule the 30/60/90-day reviews',
      run: () => call('review-schedule-set', { eventId }),
      undo: () => call('review-schedule-set', { eventId, items: [] }),
    });
  const add = () => {
    if (!title.trim()) return setProblem('Give the review a title, e.g. "6-month review".');
    if (!/^\d{4}-\d{2}-\d{2}$/.test(due)) return setProblem('Choose the date the review is due.');
    setProblem(null);
    const before = itemsOf(rows);
    ops
      .change({
        label: `add review "${title.trim()}"`,
        run: () => call('review-schedule-set', { eventId, items: [...before, { title: title.trim(), dueDate: due }] }),
        undo: () => call('review-schedule-set', { eventId, items: before }),
      })
      .then(() => {
        setTitle('');
        setDue('');
      })
      .catch(() => undefined);
  };
  const count = (s: ReviewScheduleEntry['status']) => rows.filter((r) => r.status === s).length;
  return (
    <section className="card review-schedule" aria-labelledby="review-schedule-h">
      <h2 id="review-schedule-h">
        Schedule{' '}
        {rows.length > 0 && (
          <span className="review-counts" data-testid="review-counts">
            {count('overdue')} overdue · {count('due')} due · {count('done')} done
          </span>
        )}
      </h2>
      {rows.length === 0 ? (
        <EmptyState
          title="No reviews scheduled"
          action={
            <button type="button" className="btn btn-primary" onClick={seed} disabled={!hasEndDate} title={hasEndDate ? undefined : "Set the event's end date on the charter first."}>
              Seed 30/60/90
            </button>
          }
        >
          Most gains fade within months. At 30, 60 and 90 days after the event the team appends fresh data and runs a review: every KPI is checked against the limits held from the event, with a verdict and its evidence.
          {!hasEndDate && " Set the event's end date on the charter to schedule them from it, or add a review by date below."}
        </EmptyState>
      ) : (
        <div className="control-table-wrap">
          <table className="review-table">
            <caption className="visually-hidden">Review schedule</caption>
            <thead>
              <tr>
                <th scope="col">Review</th>
                <th scope="col">Due</th>
                <th scope="col">Status</th>
                <th scope="col">Results</th>
                <th scope="col">
                  <span className="visually-hidden">Remove</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <ScheduleRow key={r.id} row={r} rows={rows} eventId={eventId} ops={ops} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <form className="review-add" aria-label="Add a review to the schedule" onSubmit={(e) => { e.preventDefault(); add(); }}>
        <label htmlFor="review-add-title">Add a review</label>
        <input id="review-add-title" type="text" value={title} maxLength={200} placeholder="e.g. 6-month review" onChange={(e) => setTitle(e.target.value)} />
        <label htmlFor="review-add-due" className="visually-hidden">Due date of the new review</label>
        <input id="review-add-due" type="date" value={due} onChange={(e) => setDue(e.target.value)} />
        <button type="submit" className="btn">Add review</button>
        {problem && <span className="field-error" role="alert">{problem}</span>}
      </form>
    </section>
  );
}
