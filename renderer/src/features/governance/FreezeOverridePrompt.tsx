import { useEffect, useState } from 'react';
import type { FreezeHit, FreezeOverrideInput } from '../../../../common/contract/schemas/freeze';
import type { Facilitator } from '../../../../common/contract/schemas/governance';
import './governanceG3.css';
import { AppError } from '../../../../common/contract/errors';
import { call } from '../../api/client';

/** The window named by a 'freeze-override-needed' error, or null for any other error. */
export function freezeNeeded(e: unknown): FreezeHit | null {
  if (!(e instanceof AppError) || typeof e.details !== 'object' || e.details === null) return null;
  const d = e.details as { reason?: unknown; window?: FreezeHit };
  return d.reason === 'freeze-override-needed' && d.window ? d.window : null;
}

type Props = Readonly<{
  eventId: string;
  window: FreezeHit;
  /** What goes ahead ("start Raise pod CPU limit"). */
  what: string;
  onOverride: (o: FreezeOverrideInput) => Promise<unknown>;
  onCancel: () => void;
}>;

/**
 * Going ahead inside a change freeze: the facilitator types a reason and their passphrase. The passphrase field
 * is cleared after every try, right or wrong, so the laptop can be handed on.
 */
export function FreezeOverridePrompt({ eventId, window: w, what, onOverride, onCancel }: Props) {
  const [facilitator, setFacilitator] = useState<Facilitator | null>(null);
  const [reason, setReason] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void call('governance-facilitator-get', { eventId }).then(setFacilitator, (e: Error) => setError(e.message));
  }, [eventId]);
  const submit = async () => {
    if (!facilitator?.memberId) return;
    setBusy(true);
    setError(null);
    try {
      await onOverride({ reason: reason.trim(), acting: { memberId: facilitator.memberId, passphrase } });
    } catch (err) {
      setError((err as Error).message);
    } finally {
      setPassphrase('');
      setBusy(false);
    }
  };
  return (
    // A group, not a form: it also shows inside other forms (recording a controlled change).
    <div className="freeze-override" role="group" aria-label={`Freeze override for ${what}`}>
      <p>
        <strong>Change freeze: {w.name}</strong> ({w.reason}). To {what} today, the facilitator overrides the freeze with a reason; it is logged.
      </p>
      {facilitator && !facilitator.memberId && <p className="field-error" role="alert">Choose the event’s facilitator (Governance → People) before overriding a freeze.</p>}
      <div className="field-row">
        <div className="field">
          <label htmlFor={`fo-reason-${w.id}`}>Why this cannot wait</label>
          <input id={`fo-reason-${w.id}`} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <div className="field">
          <label htmlFor={`fo-pass-${w.id}`}>{facilitator?.memberId ? `${facilitator.name}’s passphrase` : 'Facilitator’s passphrase'}</label>
          <input id={`fo-pass-${w.id}`} type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
        </div>
      </div>
      {error && <p className="field-error" role="alert">{error}</p>}
      <div className="form-buttons">
        <button type="button" className="btn btn-small" onClick={() => void submit()} disabled={busy || !facilitator?.memberId || !reason.trim() || passphrase.length < 8}>Override and go ahead</button>
        <button type="button" className="btn btn-small" onClick={onCancel}>Cancel</button>
      </div>
    </div>
  );
}
