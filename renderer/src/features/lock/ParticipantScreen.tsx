import { useState } from 'react';
import type { ParticipantLock, VoteSession } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { Entering } from '../ideas/AnonymousRound';
import { Ballot } from '../voting/Ballot';
import { VoterButtons } from '../voting/VotingPage';
import { UnlockDialog } from './UnlockDialog';
import './lock.css';

/** Participants' calls are saved at once and never undoable (undo would replay one person's input for the next). */
function useParticipantRun(area: string) {
  const { save } = useChange([area]);
  return <T,>(p: Promise<T>): Promise<T | undefined> => save(() => p).catch(alreadyShown);
}

/**
 * The locked pass-the-laptop screen: only the open round's or ballot's participant view, full window, with no
 * sidebar, Undo, shortcuts or facilitator controls. The App shows it whatever the route while main holds the lock,
 * so back/forward and reload land here again; only the facilitator's passphrase (UnlockDialog) leaves it.
 */
export function ParticipantScreen({ lock }: Readonly<{ lock: ParticipantLock }>) {
  const { data: event } = useCall('event-get', { id: lock.eventId }, ['events']);
  const [unlocking, setUnlocking] = useState(false);
  return (
    <div className="participant-screen" data-testid="participant-screen">
      <header className="participant-head">
        <span className="participant-event">{event?.name ?? ''}</span>
        <span className="participant-badge">
          <svg viewBox="0 0 20 20" width="16" height="16" aria-hidden="true" focusable="false"><path fill="currentColor" d="M6 8V6a4 4 0 1 1 8 0v2h1v10H5V8zm2 0h4V6a2 2 0 1 0-4 0z" /></svg>
          Participant screen
        </span>
      </header>
      <main id="main" className="participant-main">
        {lock.kind === 'round' ? <LockedRound id={lock.refId} /> : <LockedVote id={lock.refId} />}
      </main>
      <footer className="participant-foot">
        <button type="button" className="btn btn-small participant-facilitator" onClick={() => setUnlocking(true)}>Facilitator…</button>
      </footer>
      {unlocking && <UnlockDialog lock={lock} onCancel={() => setUnlocking(false)} />}
    </div>
  );
}

function LockedRound({ id }: Readonly<{ id: string }>) {
  const { data: round, error } = useCall('round-get', { id }, ['rounds']);
  const run = useParticipantRun('rounds');
  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!round) return null;
  if (round.status === 'closed') return <h1 className="round-big">This round is closed. The facilitator unlocks the laptop.</h1>;
  if (round.phase === 'entering') return <Entering round={round} />;
  return (
    <div className="round-handover card" data-testid="round-handover">
      <p className="round-who">{round.participant === 1 ? 'Ready when you are' : 'Thank you — your ideas are saved and hidden.'}</p>
      <h1 className="round-big">Participant {round.participant}: take the laptop, then press Start.</h1>
      <p className="round-question">{round.prompt}</p>
      <p className="muted">Nothing written by earlier participants is shown. {round.entryCount} idea{round.entryCount === 1 ? '' : 's'} collected so far.</p>
      <button type="button" className="btn btn-primary btn-large" autoFocus onClick={() => void run(call('round-begin', { id: round.id }))}>
        Start participant {round.participant}
      </button>
    </div>
  );
}

function LockedVote({ id }: Readonly<{ id: string }>) {
  const { data: vote, error } = useCall('vote-get', { id }, ['voting']);
  const run = useParticipantRun('voting');
  if (error) return <p className="error-banner" role="alert">{error}</p>;
  if (!vote) return null;
  return (
    <div className="voting">
      <h1 className="vote-question">{vote.title}</h1>
      {vote.status !== 'open' ? <p className="round-big">Voting has ended. The facilitator unlocks the laptop.</p>
        : vote.currentVoter !== null ? <Ballot session={vote} run={run} /> : <VoterHandover s={vote} run={run} />}
    </div>
  );
}

/** Between voters: who has voted (never how) and a button per voter still to vote. No reveal here. */
function VoterHandover({ s, run }: Readonly<{ s: VoteSession; run: ReturnType<typeof useParticipantRun> }>) {
  const waiting = s.voters.filter((v) => !v.hasVoted);
  return (
    <div className="card vote-handover" data-testid="vote-handover">
      <h2 className="vote-progress" data-testid="vote-progress">{s.votedCount} of {s.voters.length} voters have voted</h2>
      <p className="muted">Ballots are secret: totals stay hidden until the facilitator reveals them.</p>
      {waiting.length > 0 ? <VoterButtons s={s} start={(voterIndex) => void run(call('vote-begin', { id: s.id, voterIndex }))} /> : <p className="ok-banner">Everyone has voted. Hand the laptop back to the facilitator.</p>}
    </div>
  );
}
