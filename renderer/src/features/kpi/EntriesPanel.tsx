import { useState } from 'react';
import type { FormEvent } from 'react';
import type { KpiSummary } from '../../../../common/contract/schemas/kpi';
import { call, errorMessage } from '../../api/client';
import { useChange } from '../../api/useChange';
import { fmtKpi } from './format';
import { formatDate } from '../../format';
import { Field } from '../../components/fields';

/** Manual KPIs: the entries (date, value, note), add and remove with undo. */
export function EntriesPanel({ kpi }: { kpi: KpiSummary }) {
  const [date, setDate] = useState('');
  const [value, setValue] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ops = useChange(['kpis']);
  const add = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    const v = Number(value);
    if (value.trim() === '' || !Number.isFinite(v)) {
      setError(`Value must be a number (got "${value}").`);
      return;
    }
    try {
      // The form shows a failure itself (quiet: no toast).
      await ops.change({
        label: `add entry ${date}`,
        run: () => call('kpi-entry-add', { kpiId: kpi.id, date, value: v, note }),
        undo: (entry) => call('kpi-entry-remove', { id: entry.id }),
        redo: (entry) => call('kpi-entry-add', { ...entry }),
        quiet: true,
      });
      setValue('');
      setNote('');
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  const remove = (id: string) =>
    ops.act({ label: (e) => `remove entry ${e.date}`, run: () => call('kpi-entry-remove', { id }), undo: (e) => call('kpi-entry-add', { ...e }) });
  return (
    <section className="card kpi-entries" aria-labelledby="entries-title">
      <h2 id="entries-title">Entries</h2>
      <form className="kpi-inline" onSubmit={(e) => void add(e)}>
        <Field label="Date">{(id) => (<input id={id} type="date" value={date} onChange={(e) => setDate(e.target.value)} required />)}</Field>
        <Field label={`Value${kpi.unit ? ` (${kpi.unit})` : ''}`}>{(id) => (<input id={id} inputMode="decimal" value={value} onChange={(e) => setValue(e.target.value)} required />)}</Field>
        <Field label="Note">{(id) => (<input id={id} value={note} onChange={(e) => setNote(e.target.value)} />)}</Field>
        <button type="submit" className="btn btn-primary">Add entry</button>
      </form>
      {error && <p className="field-error" role="alert">{error}</p>}
      {kpi.points.length === 0 ? (
        <p className="hint">No entries yet. Add one value per date (for example the hours each retraining took); two or more make a chart.</p>
      ) : (
        <table className="kpi-table">
          <thead><tr><th>Date</th><th>Value</th><th>Note</th><th><span className="sr-only">Actions</span></th></tr></thead>
          <tbody>
            {[...kpi.points].reverse().map((p) => (
              <tr key={p.entryId ?? p.date}>
                <td>{formatDate(p.date)}</td>
                <td>{fmtKpi(kpi, p.value)}</td>
                <td>{p.note}</td>
                <td>{p.entryId && <button type="button" className="btn btn-small" aria-label={`Remove entry of ${p.date}`} onClick={() => remove(p.entryId!)}>Remove</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
