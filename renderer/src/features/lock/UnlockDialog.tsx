import { useEffect, useRef, useState } from 'react';
import type { ParticipantLock } from '../../../../common/contract/schemas/workshop';
import { call, errorMessage } from '../../api/client';
import { navigate } from '../../router';
import { useAppStore } from '../../store';

type Way = 'finish' | 'leave';

/**
 * The facilitator's way out of the participant screen: their passphrase, checked in main (wrong tries count toward
 * the governance lockout), then either finish (close the round / reveal the results) or go back to editing with the
 * round or vote still open. The passphrase lives only in this form and is cleared after every try.
 */
export function UnlockDialog({ lock, onCancel }: Readonly<{ lock: ParticipantLock; onCancel: () => void }>) {
  const ref = useRef<HTMLDialogElement>(null);
  const bump = useAppStore((s) => s.bumpData);
  const [pass, setPass] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
  }, []);
  const finishLabel = lock.kind === 'round' ? 'Close the round and reveal ideas' : 'Reveal results';
  const submit = async (way: Way) => {
    const passphrase = pass;
    setPass('');
    if (!passphrase) return setError('Type the passphrase first.');
    setBusy(true);
    try {
      if (way === 'leave') await call('lock-leave', { eventId: lock.eventId, passphrase });
      else if (lock.kind === 'round') await call('round-close', { id: lock.refId, passphrase });
      else await call('vote-reveal', { id: lock.refId, passphrase });
      for (const area of ['lock', 'rounds', 'ideas', 'voting']) bump(area);
      navigate({ page: 'event', eventId: lock.eventId, section: lock.kind === 'round' ? 'ideas' : 'voting' });
    } catch (e) {
      setError(errorMessage(e));
      setBusy(false);
    }
  };
  return (
    <dialog ref={ref} className="dialog unlock-dialog" aria-labelledby="unlock-title" onCancel={(e) => { e.preventDefault(); onCancel(); }}>
      <h2 id="unlock-title">Facilitator: unlock the laptop</h2>
      <form onSubmit={(e) => { e.preventDefault(); void submit('finish'); }}>
        <div className="field">
          <label htmlFor="unlock-passphrase">{lock.facilitatorName}’s passphrase</label>
          <input id="unlock-passphrase" type="password" autoComplete="off" autoFocus value={pass} maxLength={200}
            onChange={(e) => setPass(e.target.value)} aria-describedby={error ? 'unlock-error' : undefined} />
          {error && <small id="unlock-error" className="field-error" role="alert">{error}</small>}
        </div>
        <div className="dialog-actions unlock-actions">
          <button type="button" className="btn" onClick={onCancel}>Cancel</button>
          <button type="button" className="btn" disabled={busy} onClick={() => void submit('leave')}>Back to editing ({lock.kind === 'round' ? 'round' : 'vote'} stays open)</button>
          <button type="submit" className="btn btn-primary" disabled={busy}>{finishLabel}</button>
        </div>
      </form>
    </dialog>
  );
}
