import { useState } from 'react';
import { TEAM_ROLE_LABELS } from '../../../../common/contract/schemas/team';
import type { Person } from '../../../../common/contract/schemas/governance';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { EmptyState } from '../../components/EmptyState';
import { useAppStore } from '../../store';
import type { SectionProps } from '../sectionProps';

const when = (iso: string) => `${iso.slice(0, 16).replace('T', ' ')} UTC`;

/** Who can act in governance: each team member sets their own passphrase once (changing it needs the old one). */
export function PeoplePanel({ event }: SectionProps) {
  const { data, error } = useCall('governance-people-list', { eventId: event.id }, ['governance', 'team']);
  const [editing, setEditing] = useState<string | null>(null);
  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!data) return <p className="muted">Loading…</p>;
  if (data.people.length === 0) {
    return (
      <EmptyState title="No team members yet" action={<a className="btn btn-primary" href={`#/event/${event.id}/team`}>Add the team</a>}>
        Governance actions are signed by team members with their own passphrase. Add the team first.
      </EmptyState>
    );
  }
  return (
    <div className="gov-people">
      <p className="hint">
        Each person types their own passphrase on the shared laptop: it is stored only as a salted scrypt hash and never shown again.
        After 5 wrong tries that person has to wait before trying again. Ideas and votes need no passphrase.
      </p>
      <table className="gov-table">
        <caption className="visually-hidden">Team members and their passphrases</caption>
        <thead>
          <tr><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Passphrase</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
        </thead>
        <tbody>
          {data.people.map((p) => (
            <tr key={p.id}>
              <td>{p.name}{data.facilitator.memberId === p.id && <span className="badge">Facilitator now</span>}</td>
              <td>{TEAM_ROLE_LABELS[p.role]}</td>
              <td>
                {p.hasPassphrase ? 'Set' : <span className="muted">Not set yet</span>}
                {p.lockedUntil && <span className="gov-locked"> — locked until {when(p.lockedUntil)}</span>}
              </td>
              <td>
                <button type="button" className="btn btn-small" aria-expanded={editing === p.id} onClick={() => setEditing(editing === p.id ? null : p.id)}>
                  {p.hasPassphrase ? `Change passphrase of ${p.name}` : `Set passphrase of ${p.name}`}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editing && <PassphraseForm key={editing} person={data.people.find((p) => p.id === editing)!} onDone={() => setEditing(null)} />}
    </div>
  );
}

function PassphraseForm({ person, onDone }: Readonly<{ person: Person; onDone: () => void }>) {
  const ops = useChange(['governance']);
  const toast = useAppStore((s) => s.toast);
  const [old, setOld] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const submit = async () => {
    if (next.length < 8) return setProblem('Use at least 8 characters.');
    if (next !== again) return setProblem('The two new passphrases differ.');
    setProblem(null);
    const input = { memberId: person.id, passphrase: next, ...(person.hasPassphrase ? { oldPassphrase: old } : {}) };
    const done = await ops.save(() => call('governance-passphrase-set', input), { quiet: true }).catch((e: unknown) => {
      setProblem(e instanceof Error ? e.message : String(e));
      return alreadyShown();
    });
    setOld('');
    setNext('');
    setAgain('');
    if (!done) return;
    toast({ kind: 'success', message: `Passphrase of ${person.name} saved.` });
    onDone();
  };
  return (
    <form className="card gov-passphrase" aria-label={`Passphrase of ${person.name}`} onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h3>{person.hasPassphrase ? 'Change' : 'Set'} the passphrase of {person.name}</h3>
      <p className="hint">{person.name} types it; nobody else should watch the screen.</p>
      <div className="field-row">
        {person.hasPassphrase && (
          <div className="field"><label htmlFor="pp-old">Current passphrase</label><input id="pp-old" type="password" autoComplete="current-password" value={old} onChange={(e) => setOld(e.target.value)} /></div>
        )}
        <div className="field"><label htmlFor="pp-new">New passphrase</label><input id="pp-new" type="password" autoComplete="new-password" value={next} onChange={(e) => setNext(e.target.value)} /></div>
        <div className="field"><label htmlFor="pp-again">New passphrase again</label><input id="pp-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)} /></div>
      </div>
      {problem && <p className="field-error" role="alert">{problem}</p>}
      <div className="gov-buttons">
        <button type="submit" className="btn btn-primary">Save passphrase</button>
        <button type="button" className="btn" onClick={onDone}>Cancel</button>
      </div>
    </form>
  );
}
