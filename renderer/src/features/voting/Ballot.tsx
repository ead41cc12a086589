import { useEffect, useRef, useState } from 'react';
import type { Dots, VoteSession } from '../../../../common/contract/schemas/workshop';
import { dotsUsed } from '../../../../common/domain/workshop/tally';
import { call } from '../../api/client';
import { ConfirmDialog } from '../../components/ConfirmDialog';

/**
 * One voter's clean ballot. Each change is autosaved as a draft (vote-draft) so a reload resumes the
 * same ballot; confirming casts it (vote-cast) and the screen clears for the next voter.
 */
export function Ballot({ session, run }: Readonly<{ session: VoteSession; run: <T>(p: Promise<T>) => Promise<T | undefined> }>) {
  const voter = session.currentVoter!;
  const label = session.voters[voter]?.label ?? `Voter ${voter + 1}`;
  const [dots, setDots] = useState<Dots>(session.draft);
  const [confirming, setConfirming] = useState(false);
  const saving = useRef(Promise.resolve());
  useEffect(() => setDots(session.draft), [session.id, voter]); // eslint-disable-line react-hooks/exhaustive-deps
  const used = dotsUsed(dots);
  const left = session.dotsPerVoter - used;
  const change = (ideaId: string, delta: number) => {
    const next = { ...dots, [ideaId]: Math.max(0, (dots[ideaId] ?? 0) + delta) };
    setDots(next);
    saving.current = saving.current.then(async () => { await run(call('vote-draft', { id: session.id, voterIndex: voter, dots: next })); });
  };
  const cast = async () => {
    setConfirming(false);
    await saving.current;
    await run(call('vote-cast', { id: session.id, voterIndex: voter, dots }));
  };
  return (
    <div className="ballot card" data-testid="ballot">
      <p className="ballot-who">Secret ballot</p>
      <h2 className="ballot-title">{label}: place your {session.dotsPerVoter} dots</h2>
      <p className="ballot-left" aria-live="polite" data-testid="dots-left">
        {left === 0 ? 'All dots placed — confirm when ready.' : `${left} of ${session.dotsPerVoter} dots left`}
        {session.maxPerIdea !== null && <span className="muted"> · at most {session.maxPerIdea} per idea</span>}
      </p>
      <ul className="ballot-list">
        {session.candidates.map((c) => {
          const n = dots[c.ideaId] ?? 0;
          const full = left <= 0 || (session.maxPerIdea !== null && n >= session.maxPerIdea);
          return (
            <li key={c.ideaId} className={n > 0 ? 'ballot-item ballot-item-voted' : 'ballot-item'} data-testid="ballot-item">
              <span className="ballot-text">{c.text}</span>
              <span className="ballot-dots" aria-label={`${n} dots`}>{'●'.repeat(n)}<span className="ballot-count">{n}</span></span>
              <button type="button" className="btn" aria-label={`Remove a dot from ${c.text}`} disabled={n === 0} onClick={() => change(c.ideaId, -1)}>−</button>
              <button type="button" className="btn btn-primary" aria-label={`Add a dot to ${c.text}`} disabled={full} onClick={() => change(c.ideaId, 1)}>+</button>
            </li>
          );
        })}
      </ul>
      <div className="ballot-actions">
        <button type="button" className="btn" onClick={() => void run(call('vote-cancel-ballot', { id: session.id, voterIndex: voter }))}>Cancel — not me</button>
        <button type="button" className="btn btn-primary btn-large" disabled={used === 0} onClick={() => setConfirming(true)}>Confirm my ballot</button>
      </div>
      {confirming && (
        <ConfirmDialog title="Cast your ballot?" confirmLabel="Cast ballot"
          message={`You placed ${used} of ${session.dotsPerVoter} dots. A ballot cannot be changed once cast; the screen will clear for the next voter.`}
          onConfirm={() => void cast()} onCancel={() => setConfirming(false)} />
      )}
    </div>
  );
}
