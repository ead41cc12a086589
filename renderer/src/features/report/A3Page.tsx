import { A3_FIELDS, A3_FIELD_LABELS } from '../../../../common/contract/schemas/reports';
import type { A3Draft, A3FieldName } from '../../../../common/contract/schemas/reports';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { AutosaveText, Field } from '../../components/fields';
import type { SectionProps } from '../sectionProps';
import { ExportBar } from './ExportBar';
import { fileStem } from '../../../../common/domain/text/fileStem';
import { useExport } from './useExport';
import './report.css';

const HINTS: Readonly<Record<A3FieldName, string>> = {
  background: 'Why this matters to the business; filled from the charter.',
  currentCondition: 'What happens today, with numbers (baseline p95, cost, error rate).',
  goal: 'The measurable target and by when; filled from the objectives.',
  rootCause: 'What the 5 Whys and the fishbone showed.',
  countermeasures: 'The changes chosen, and why these.',
  plan: 'Who does what by when.',
  followUp: 'How results are checked at 30, 60 and 90 days, and what they were.',
};

/** A3 editor: every box is filled from the event's data and can be rewritten; edits are saved as you type. */
export function A3Page({ event }: SectionProps) {
  const { data, error } = useCall('report-a3-get', { eventId: event.id }, ['reports', 'events', 'team']);
  const { progress, run, cancel } = useExport(event.id, fileStem(event.name));
  const ops = useChange(['reports']);

  if (error) return <EmptyState title="The A3 could not be loaded">{error}</EmptyState>;
  if (!data) return <p className="muted">Loading…</p>;

  const saveField = (f: A3FieldName, next: string, previous: string) => {
    const set = (v: string) => call('report-a3-update', { eventId: event.id, patch: { [f]: v } });
    return ops.change({ label: `edit A3 ${A3_FIELD_LABELS[f].toLowerCase()}`, run: () => set(next), undo: () => set(previous) });
  };
  const refill = (f: A3FieldName) => void ops.save(() => call('report-a3-reset', { eventId: event.id, fields: [f] })).catch(alreadyShown);

  return (
    <div className="a3-editor">
      <p className="lead">
        The A3 tells the whole event on one page. Boxes start filled from the event&apos;s data; rewrite them in the
        team&apos;s words. A box you edited keeps your text until you refill it.
      </p>
      <ExportBar progress={progress} onCancel={cancel} />
      <div className="report-row a3-tools">
        <Field label="Paper">
          {(id) => (
            <select id={id} value={data.paper} onChange={(e) => void ops.save(() => call('report-a3-update', { eventId: event.id, paper: e.target.value as A3Draft['paper'] })).catch(alreadyShown)}>
              <option value="A3">A3 landscape</option>
              <option value="A4">A4 landscape (scaled)</option>
            </select>
          )}
        </Field>
        <button type="button" className="btn btn-primary" disabled={progress !== null} onClick={() => void run('a3-pdf')}>Export A3 PDF</button>
        <button type="button" className="btn" disabled={progress !== null} onClick={() => void run('a3-html')}>Export A3 HTML</button>
      </div>
      <div className="a3-grid">
        {A3_FIELDS.map((f, i) => (
          <div key={f} className="card a3-field" data-testid={`a3-${f}`}>
            <div className="a3-field-head">
              <span className="a3-num" aria-hidden="true">{i + 1}</span>
              <span className={data.edited[f] ? 'badge badge-edited' : 'badge'}>{data.edited[f] ? 'Edited by the team' : 'Filled from event data'}</span>
              {data.edited[f] && <button type="button" className="btn btn-small" onClick={() => refill(f)}>Refill from data</button>}
            </div>
            <AutosaveText
              label={A3_FIELD_LABELS[f]}
              value={data.fields[f]}
              multiline
              rows={f === 'background' || f === 'currentCondition' ? 6 : 4}
              hint={data.fields[f].trim() ? HINTS[f] : `Nothing in the event's data yet. ${HINTS[f]}`}
              onCommit={(next, previous) => saveField(f, next, previous)}
            />
          </div>
        ))}
      </div>
    </div>
  );
}
