import { useEffect, useRef, useState } from 'react';
import { TARGET_AREAS, TARGET_AREA_LABELS } from '../../../../common/contract/schemas/events';
import type { TargetArea } from '../../../../common/contract/schemas/events';
import { call, errorMessage } from '../../api/client';
import { useChange } from '../../api/useChange';

export function NewEventForm({ onClose, onCreated }: { onClose: () => void; onCreated: (id: string) => void }) {
  const [name, setName] = useState('');
  const [targetArea, setTargetArea] = useState<TargetArea>('inference-latency');
  const [startDate, setStartDate] = useState('');
  const [error, setError] = useState<string | null>(null);
  const ref = useRef<HTMLDialogElement>(null);
  const ops = useChange(['events']);
  useEffect(() => {
    if (ref.current && !ref.current.open) ref.current.showModal();
  }, []);

  const submit = async () => {
    if (!name.trim()) {
      setError('Give the event a name, e.g. “Halve retraining latency”.');
      return;
    }
    try {
      // The dialog shows a failure itself (quiet: no toast).
      const e = await ops.save(() => call('event-create', { name: name.trim(), targetArea, startDate: startDate || null }), { quiet: true });
      onClose();
      onCreated(e.id);
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  return (
    <dialog ref={ref} className="dialog" aria-labelledby="new-event-title" onCancel={(e) => { e.preventDefault(); onClose(); }}>
      <form onSubmit={(e) => { e.preventDefault(); void submit(); }}>
        <h2 id="new-event-title">New Kaizen event</h2>
        <div className="field">
          <label htmlFor="new-event-name">Event name</label>
          <input id="new-event-name" autoFocus value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />
        </div>
        <div className="field">
          <label htmlFor="new-event-area">Target area</label>
          <select id="new-event-area" value={targetArea} onChange={(e) => setTargetArea(e.target.value as TargetArea)}>
            {TARGET_AREAS.map((a) => <option key={a} value={a}>{TARGET_AREA_LABELS[a]}</option>)}
          </select>
        </div>
        <div className="field">
          <label htmlFor="new-event-start">First day</label>
          <input id="new-event-start" type="date" value={startDate} onChange={(e) => setStartDate(e.target.value)} />
        </div>
        {error && <p className="field-error" role="alert">{error}</p>}
        <div className="dialog-actions">
          <button type="button" className="btn" onClick={onClose}>Cancel</button>
          <button type="submit" className="btn btn-primary">Create event</button>
        </div>
      </form>
    </dialog>
  );
}
