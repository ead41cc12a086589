import { TARGET_AREAS, TARGET_AREA_LABELS } from '../../../../common/contract/schemas/events';
import type { CharterFields, KaizenEvent } from '../../../../common/contract/schemas/events';
import { call } from '../../api/client';
import { useChange } from '../../api/useChange';
import type { Change } from '../../api/useChange';
import { AutosaveText, SavedDate, SavedSelect } from '../../components/fields';
import type { SectionProps } from '../sectionProps';

const FIELD_LABELS: Readonly<Record<keyof CharterFields, string>> = {
  name: 'Event name',
  problemStatement: 'Problem statement',
  scopeIn: 'In scope',
  scopeOut: 'Out of scope',
  objectives: 'Objectives',
  targetArea: 'Target area',
  targetAreaOther: 'Other target area',
  startDate: 'First day',
  endDate: 'Last day',
  location: 'Location',
  sponsor: 'Sponsor',
  facilitator: 'Facilitator',
};

/** One charter field edit as an undoable change. */
function charterChange<K extends keyof CharterFields>(event: KaizenEvent, field: K, next: CharterFields[K], previous: CharterFields[K]): Change {
  const set = (v: CharterFields[K]) => call('event-update', { id: event.id, patch: { [field]: v } as Partial<CharterFields> });
  return { label: `edit ${FIELD_LABELS[field].toLowerCase()}`, run: () => set(next), undo: () => set(previous) };
}

export function CharterPage({ event }: SectionProps) {
  const ops = useChange(['events']);
  const save = <K extends keyof CharterFields>(field: K, next: CharterFields[K], previous: CharterFields[K]) => ops.change(charterChange(event, field, next, previous));
  const text = (field: Exclude<keyof CharterFields, 'targetArea' | 'startDate' | 'endDate'>, opts: { multiline?: boolean; hint?: string; placeholder?: string; rows?: number } = {}) => (
    <AutosaveText
      key={`${event.id}-${field}`}
      name={field}
      label={FIELD_LABELS[field]}
      value={event[field]}
      onCommit={(next, prev) => save(field, next, prev)}
      validate={field === 'name' ? (v) => (v.trim() ? null : 'The event needs a name.') : undefined}
      {...opts}
    />
  );
  const dateField = (field: 'startDate' | 'endDate') => (
    <SavedDate label={FIELD_LABELS[field]} value={event[field]} onSave={(v) => save(field, v, event[field])} />
  );
  return (
    <div className="charter">
      <p className="lead">
        The charter is the contract of the event: what problem the team attacks, what is in and out of scope, and how
        success will be measured. Everything saves as you type.
      </p>
      <div className="form-grid">
        <section className="card span-2" aria-labelledby="charter-problem">
          <h2 id="charter-problem">Problem and objectives</h2>
          {text('name')}
          {text('problemStatement', { multiline: true, rows: 5, placeholder: 'What hurts, for whom, since when, measured how?' })}
          {text('objectives', { multiline: true, rows: 4, hint: 'One objective per line, with a number and a date.' })}
        </section>
        <section className="card" aria-labelledby="charter-scope">
          <h2 id="charter-scope">Scope</h2>
          {text('scopeIn', { multiline: true, rows: 5 })}
          {text('scopeOut', { multiline: true, rows: 4 })}
        </section>
        <section className="card" aria-labelledby="charter-logistics">
          <h2 id="charter-logistics">Target and logistics</h2>
          <SavedSelect
            label={FIELD_LABELS.targetArea}
            value={event.targetArea}
            options={TARGET_AREAS.map((a) => ({ value: a, label: TARGET_AREA_LABELS[a] }))}
            onSave={(v) => save('targetArea', v, event.targetArea)}
          />
          {event.targetArea === 'other' && text('targetAreaOther', { placeholder: 'Describe the target area' })}
          <div className="field-row">
            {dateField('startDate')}
            {dateField('endDate')}
          </div>
          {event.startDate && event.endDate && event.endDate < event.startDate && (
            <p className="warning" role="alert">The last day is before the first day.</p>
          )}
          {text('location')}
          {text('sponsor')}
          {text('facilitator')}
        </section>
      </div>
    </div>
  );
}
