import { useState } from 'react';
import './knowledge.css';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import { call, errorMessage } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useAppStore } from '../../store';
import { fmt } from '../../format';

/** Home row button: archive the event (read-only from then on, listed under Archived). */
export function ArchiveButton({ event }: { event: Pick<KaizenEvent, 'id' | 'name' | 'archivedAt'> }) {
  const [asking, setAsking] = useState(false);
  const ops = useChange(['events']);
  const toast = useAppStore((s) => s.toast);
  if (event.archivedAt) return null;
  const archive = async () => {
    setAsking(false);
    const done = await ops.save(() => call('event-archive', { id: event.id })).catch(alreadyShown);
    if (done) toast({ kind: 'success', message: `Archived "${event.name}": it is read-only now and listed under Archived.` });
  };
  return (
    <>
      <button type="button" className="btn btn-small" onClick={() => setAsking(true)} aria-label={`Archive ${event.name}`}>Archive</button>
      {asking && (
        <ConfirmDialog
          title="Archive this event?"
          message={`“${event.name}” becomes read-only: nothing in it can be changed (ideas and votes included) until the facilitator reopens it with their passphrase. It stays searchable and its reports can still be exported.`}
          confirmLabel="Archive event"
          onCancel={() => setAsking(false)}
          onConfirm={() => void archive()}
        />
      )}
    </>
  );
}

/** Shown above every page of an archived event: read-only, and a Reopen form asking for the facilitator's passphrase. */
export function ArchivedBanner({ event }: { event: KaizenEvent }) {
  const archived = event.archivedAt !== null;
  const { data: facilitator } = useCall('governance-facilitator-get', archived ? { eventId: event.id } : null, ['governance']);
  const { data: people } = useCall('governance-people-list', archived ? { eventId: event.id } : null, ['governance']);
  const [open, setOpen] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const ops = useChange(['events']);
  if (!archived) return null;
  const needsPassphrase = !!facilitator?.memberId && !!people?.people.find((p) => p.id === facilitator.memberId)?.hasPassphrase;
  const reopen = async () => {
    setProblem(null);
    try {
      await ops.save(() => call('event-reopen', { id: event.id, acting: needsPassphrase && facilitator?.memberId ? { memberId: facilitator.memberId, passphrase } : undefined }), { quiet: true });
      setPassphrase('');
      setOpen(false);
    } catch (e) {
      setProblem(errorMessage(e));
    }
  };
  return (
    <div className="archived-banner" role="status" data-testid="archived-banner">
      <span>
        <strong>Archived</strong> on {fmt().date(event.archivedAt)}: this event is read-only. Reading, searching and reports still work.
      </span>
      {!open ? (
        <button type="button" className="btn btn-small" onClick={() => setOpen(true)}>Reopen…</button>
      ) : (
        <form className="archived-reopen" onSubmit={(e) => { e.preventDefault(); void reopen(); }}>
          {needsPassphrase ? (
            <label>
              {facilitator?.name}’s passphrase{' '}
              <input type="password" autoComplete="off" autoFocus value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
            </label>
          ) : (
            <span className="muted">The facilitator has no passphrase; reopening is logged.</span>
          )}
          <button type="submit" className="btn btn-small btn-primary">Reopen event</button>
          <button type="button" className="btn btn-small" onClick={() => { setOpen(false); setProblem(null); }}>Cancel</button>
          {problem && <small className="field-error" role="alert">{problem}</small>}
        </form>
      )}
    </div>
  );
}
