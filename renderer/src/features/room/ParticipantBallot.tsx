import { useState } from 'react';
import type { RoomView } from '../../../../common/contract/schemas/room';
import { roomCall } from './participantClient';

type Vote = NonNullable<RoomView['vote']>;

/** This phone's one secret ballot: +/− dots per idea, then Cast (confirmed). Nothing is sent before Cast. */
export function ParticipantBallot({ vote, onView }: { vote: Vote; onView: (v: RoomView) => void }) {
  const [dots, setDots] = useState<Record<string, number>>({});
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const used = Object.values(dots).reduce((a, b) => a + b, 0);
  const left = vote.dotsPerVoter - used;
  const cap = vote.maxPerIdea ?? vote.dotsPerVoter;
  const set = (ideaId: string, n: number) => setDots((d) => ({ ...d, [ideaId]: Math.max(0, n) }));
  const cast = async () => {
    try {
      onView(await roomCall('room-ballot-cast', { voteId: vote.id, dots }));
      setError(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
    setConfirming(false);
  };
  if (vote.hasVoted) {
    return (
      <section className="room-card" aria-labelledby="room-vote-title">
        <h2 id="room-vote-title">{vote.title}</h2>
        <p className="room-done" role="status">Your vote is in. Results appear when the facilitator reveals them.</p>
        <p className="room-muted">{vote.votedCount} of {vote.voterCount} voters have voted.</p>
      </section>
    );
  }
  return (
    <section className="room-card" aria-labelledby="room-vote-title">
      <h2 id="room-vote-title">{vote.title}</h2>
      <p className="room-dots-left" aria-live="polite">{left} of {vote.dotsPerVoter} dots left{vote.maxPerIdea ? ` · at most ${vote.maxPerIdea} per idea` : ''}</p>
      <ul className="room-ballot">
        {vote.candidates.map((c) => {
          const n = dots[c.ideaId] ?? 0;
          return (
            <li key={c.ideaId} data-testid="room-candidate">
              <span className="room-candidate-text">{c.text}</span>
              <span className="room-stepper">
                <button type="button" className="room-btn" aria-label={`One dot less on ${c.text}`} disabled={n === 0} onClick={() => set(c.ideaId, n - 1)}>−</button>
                <output aria-label={`Dots on ${c.text}`}>{n}</output>
                <button type="button" className="room-btn" aria-label={`One dot more on ${c.text}`} disabled={left === 0 || n >= cap} onClick={() => set(c.ideaId, n + 1)}>+</button>
              </span>
            </li>
          );
        })}
      </ul>
      {error && <p className="room-error" role="alert">{error}</p>}
      {confirming ? (
        <div className="room-confirm" role="group" aria-label="Confirm your vote">
          <p>Cast your vote? You cannot change it afterwards.</p>
          <button type="button" className="room-btn" onClick={() => setConfirming(false)}>Back</button>
          <button type="button" className="room-btn room-btn-primary" onClick={() => void cast()}>Yes, cast my vote</button>
        </div>
      ) : (
        <button type="button" className="room-btn room-btn-primary" disabled={used === 0} onClick={() => setConfirming(true)}>Cast my vote</button>
      )}
      <p className="room-muted">{vote.votedCount} of {vote.voterCount} voters have voted. Your dots stay secret.</p>
    </section>
  );
}
