import { useState } from 'react';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';

/**
 * The current facilitator, shown in the header: change-log entries of the event are attributed to them.
 * Switching to someone with a passphrase needs it.
 */
export function FacilitatorSwitch({ eventId }: Readonly<{ eventId: string }>) {
  const { data } = useCall('governance-people-list', { eventId }, ['governance', 'team']);
  const ops = useChange(['governance']);
  const [open, setOpen] = useState(false);
  const [memberId, setMemberId] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!data) return null;
  const target = data.people.find((p) => p.id === memberId);
  const submit = async () => {
    if (!target) return setProblem('Choose a team member.');
    const secret = passphrase;
    setPassphrase('');
    const done = await ops
      .save(() => call('governance-facilitator-update', { eventId, memberId: target.id, ...(target.hasPassphrase ? { passphrase: secret } : {}) }), { quiet: true })
      .catch((e: unknown) => {
        setProblem(e instanceof Error ? e.message : String(e));
        return undefined;
      });
    if (!done) return;
    setProblem(null);
    setOpen(false);
  };
  return (
    <div className="facilitator-switch">
      <button type="button" className="btn btn-small" aria-expanded={open} aria-controls="facilitator-form" onClick={() => { setOpen(!open); setProblem(null); }} data-testid="facilitator">
        Facilitator: <strong>{data.facilitator.name}</strong>
      </button>
      {open && (
        <form
          id="facilitator-form"
          className="card facilitator-pop"
          aria-label="Switch facilitator"
          onSubmit={(e) => { e.preventDefault(); void submit(); }}
          onKeyDown={(e) => { if (e.key === 'Escape') setOpen(false); }}
        >
          <div className="field">
            <label htmlFor="fac-member">Who facilitates now</label>
            <select id="fac-member" value={memberId} onChange={(e) => setMemberId(e.target.value)}>
              <option value="">Choose…</option>
              {data.people.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
            </select>
          </div>
          {target?.hasPassphrase && (
            <div className="field"><label htmlFor="fac-pass">Passphrase of {target.name}</label><input id="fac-pass" type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} /></div>
          )}
          {problem && <p className="field-error" role="alert">{problem}</p>}
          <div className="gov-buttons">
            <button type="submit" className="btn btn-primary btn-small">Switch</button>
            <button type="button" className="btn btn-small" onClick={() => setOpen(false)}>Cancel</button>
          </div>
        </form>
      )}
    </div>
  );
}
