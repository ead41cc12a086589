import { useState } from 'react';
import { PARKING_STATUSES, PARKING_STATUS_LABELS } from '../../../../common/contract/schemas/actions';
import type { ParkingFields, ParkingItem } from '../../../../common/contract/schemas/actions';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { EmptyState } from '../../components/EmptyState';
import { AutosaveText, SavedSelect } from '../../components/fields';
import { newId, priorValues, useChange } from '../../api/useChange';
import type { ChangeOps } from '../../api/useChange';
import type { SectionProps } from '../sectionProps';
import './parking.css';

const AREAS = ['parking'] as const;

function ParkingRow({ item, ops }: { item: ParkingItem; ops: ChangeOps }) {
  const save = (patch: Partial<ParkingFields>) => {
    const before = priorValues<ParkingFields>(item, patch);
    return ops.change({ label: 'edit parking lot item', run: () => call('parking-update', { id: item.id, patch }), undo: () => call('parking-update', { id: item.id, patch: before }) });
  };
  const { id, eventId, position, createdAt: _c, ...fields } = item;
  return (
    <li className={`card parking-item parking-${item.status}`} data-testid="parking-item">
      <div className="field-row">
        <AutosaveText label="Item" value={item.text} onCommit={(v) => save({ text: v })} validate={(v) => (v.trim() ? null : 'Write what was raised.')} />
        <AutosaveText label="Raised by" value={item.raisedBy} onCommit={(v) => save({ raisedBy: v })} />
        <SavedSelect label="What became of it" value={item.status} options={PARKING_STATUSES.map((s) => ({ value: s, label: PARKING_STATUS_LABELS[s] }))} onSave={(v) => save({ status: v })} />
      </div>
      <AutosaveText label="Outcome / follow-up" value={item.outcome} placeholder="Answered by…, moved to…, action created…" onCommit={(v) => save({ outcome: v })} />
      <button
        type="button"
        className="btn btn-small btn-danger-outline"
        onClick={() => ops.act({ label: 'remove parking lot item', run: () => call('parking-remove', { id }), undo: () => call('parking-add', { eventId, id, item: fields, position }) })}
      >
        Remove
      </button>
    </li>
  );
}

/** The parking lot: questions and ideas outside the event's scope, kept so nothing raised is lost. */
export function ParkingPage({ event }: SectionProps) {
  const { data, error } = useCall('parking-list', { eventId: event.id }, AREAS);
  const ops = useChange(AREAS);
  const [text, setText] = useState('');
  const [raisedBy, setRaisedBy] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const add = async () => {
    if (!text.trim()) return setProblem('Write the item first.');
    setProblem(null);
    const id = newId();
    const item = { text: text.trim(), raisedBy: raisedBy.trim() };
    try {
      await ops.change({ label: 'park an item', run: () => call('parking-add', { eventId: event.id, id, item }), undo: () => call('parking-remove', { id }) });
      setText('');
    } catch {
      /* toast shown */
    }
  };
  const open = (data ?? []).filter((p) => p.status === 'open').length;
  return (
    <div className="parking-page">
      {error && <p className="error-banner" role="alert">{error}</p>}
      <form className="card parking-add" aria-label="Park an item" onSubmit={(e) => { e.preventDefault(); void add(); }}>
        <div className="field parking-text">
          <label htmlFor="parking-text">Out of scope for now</label>
          <input id="parking-text" value={text} maxLength={300} onChange={(e) => setText(e.target.value)} placeholder="Type it and press Enter" />
          {problem && <small className="field-error" role="alert">{problem}</small>}
        </div>
        <div className="field">
          <label htmlFor="parking-by">Raised by</label>
          <input id="parking-by" value={raisedBy} maxLength={200} onChange={(e) => setRaisedBy(e.target.value)} />
        </div>
        <button type="submit" className="btn btn-primary">Park it</button>
      </form>
      {data && data.length > 0 && <p className="muted">{open} of {data.length} items still open.</p>}
      {data && data.length === 0 ? (
        <EmptyState title="The parking lot is empty">
          When a discussion drifts out of scope, park the point here with who raised it, then record what became of it before the event closes.
        </EmptyState>
      ) : (
        <ul className="parking-list">{data?.map((p) => <ParkingRow key={p.id} item={p} ops={ops} />)}</ul>
      )}
    </div>
  );
}
