import { useState } from 'react';
import type { KaizenEvent } from '../../../../common/contract/schemas/events';
import type { Idea } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { lockLaptop } from '../lock/lockLaptop';

/** Facilitator sets up a secret dot vote: dots per person, an optional cap per idea, and the voters. */
export function VoteSetup({ event, run, ideas }: Readonly<{
  event: KaizenEvent;
  ideas: readonly Idea[];
  run: <T>(p: Promise<T>) => Promise<T | undefined>;
}>) {
  const { data: team } = useCall('team-list', { eventId: event.id }, ['team']);
  const [title, setTitle] = useState('Which ideas should we try first?');
  const [dots, setDots] = useState(3);
  const [cap, setCap] = useState(0);
  const [mode, setMode] = useState<'anonymous' | 'team'>('anonymous');
  const [count, setCount] = useState(3);
  // Ideas left off the ballot (all are on it by default, so new ideas join automatically).
  const [excluded, setExcluded] = useState<ReadonlySet<string>>(new Set());
  const onBallot = ideas.filter((i) => !excluded.has(i.id));
  const members = team?.members ?? [];
  const voters = mode === 'team'
    ? members.map((m) => ({ label: m.name, memberId: m.id }))
    : Array.from({ length: count }, (_, i) => ({ label: `Voter ${i + 1}`, memberId: null }));
  const submit = () =>
    void run(call('vote-open', { eventId: event.id, title, dotsPerVoter: dots, maxPerIdea: cap > 0 ? cap : null, voters, ideaIds: onBallot.map((i) => i.id) }))
      .then((v) => v && lockLaptop(event.id, 'vote', v.id));
  return (
    <form className="card vote-setup" aria-label="Set up a dot vote" onSubmit={(e) => { e.preventDefault(); submit(); }}>
      <h2>New secret dot vote</h2>
      <p className="muted">Each voter in turn gets a clean ballot on this laptop. Nobody — not even the facilitator — sees dots or totals until you reveal the results.
        Choose below which ideas go on the ballot.</p>
      <div className="field">
        <label htmlFor="vote-title">Question</label>
        <input id="vote-title" value={title} maxLength={300} onChange={(e) => setTitle(e.target.value)} />
      </div>
      <div className="field-row">
        <div className="field">
          <label htmlFor="vote-dots">Dots per voter</label>
          <input id="vote-dots" type="number" min={1} max={100} value={dots} onChange={(e) => setDots(Math.max(1, Math.min(100, Number(e.target.value) || 1)))} />
        </div>
        <div className="field">
          <label htmlFor="vote-cap">Max dots on one idea (0 = no limit)</label>
          <input id="vote-cap" type="number" min={0} max={100} value={cap} onChange={(e) => setCap(Math.max(0, Math.min(100, Number(e.target.value) || 0)))} />
        </div>
      </div>
      <fieldset className="vote-voters">
        <legend>Voters</legend>
        <label className="checkbox"><input type="radio" name="voters" checked={mode === 'anonymous'} onChange={() => setMode('anonymous')} /> Anonymous “Voter 1…n”</label>
        {mode === 'anonymous' && (
          <div className="field vote-count">
            <label htmlFor="vote-count">Number of voters</label>
            <input id="vote-count" type="number" min={1} max={200} value={count} onChange={(e) => setCount(Math.max(1, Math.min(200, Number(e.target.value) || 1)))} />
          </div>
        )}
        <label className="checkbox"><input type="radio" name="voters" checked={mode === 'team'} disabled={members.length === 0} onChange={() => setMode('team')} />
          Team members ({members.length}){members.length === 0 && ' — add people on the Team page first'}</label>
      </fieldset>
      <details className="vote-ideas">
        <summary>Ideas on the ballot: {onBallot.length} of {ideas.length}</summary>
        <div className="vote-ideas-tools">
          <button type="button" className="btn btn-small" onClick={() => setExcluded(new Set())}>All</button>
          <button type="button" className="btn btn-small" onClick={() => setExcluded(new Set(ideas.map((i) => i.id)))}>None</button>
        </div>
        <ul className="vote-ideas-list">
          {ideas.map((i) => (
            <li key={i.id}>
              <label className="checkbox">
                <input type="checkbox" checked={!excluded.has(i.id)}
                  onChange={(e) => setExcluded((x) => { const n = new Set(x); if (e.target.checked) n.delete(i.id); else n.add(i.id); return n; })} />
                {i.text}
              </label>
            </li>
          ))}
        </ul>
      </details>
      {onBallot.length === 0 && <p className="field-error" role="alert">Put at least one idea on the ballot.</p>}
      <button type="submit" className="btn btn-primary" disabled={!title.trim() || voters.length === 0 || onBallot.length === 0}>Open the vote</button>
    </form>
  );
}
