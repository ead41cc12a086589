import { useState } from 'react';
import type { VoteSession } from '../../../../common/contract/schemas/workshop';
import { call } from '../../api/client';
import { useCall } from '../../api/useCall';
import { alreadyShown, useChange } from '../../api/useChange';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { EmptyState } from '../../components/EmptyState';
import type { SectionProps } from '../sectionProps';
import { Ballot } from './Ballot';
import { VoteResults } from './VoteResults';
import { VoteSetup } from './VoteSetup';
import './voting.css';
import { fmt } from '../../format';

/** Ballots are saved at once but never undoable: undo would replay one voter's dots on the next voter's screen. */
function useVoteRun() {
  const { save } = useChange(['voting']);
  return <T,>(p: Promise<T>): Promise<T | undefined> => save(() => p).catch(alreadyShown);
}

/** The voters still to vote, one "start my ballot" button each (the Voting page and the locked participant screen). */
export function VoterButtons({ s, start }: Readonly<{ s: VoteSession; start: (voterIndex: number) => void }>) {
  return (
    <>
      <p className="vote-next">Pass the laptop to the next voter, who presses their name:</p>
      <div className="vote-voter-buttons">
        {s.voters.filter((v) => !v.hasVoted).map((v) => (
          <button key={v.index} type="button" className="btn btn-primary btn-large" onClick={() => start(v.index)}>
            I’m {v.label} — start my ballot
          </button>
        ))}
      </div>
    </>
  );
}

/** Between voters: who has voted (never how), whose turn is next, and the facilitator's reveal. */
function Handover({ s, run }: Readonly<{ s: VoteSession; run: ReturnType<typeof useVoteRun> }>) {
  const [confirm, setConfirm] = useState(false);
  const waiting = s.voters.filter((v) => !v.hasVoted);
  return (
    <div className="card vote-handover" data-testid="vote-handover">
      <h2 className="vote-progress" data-testid="vote-progress">{s.votedCount} of {s.voters.length} voters have voted</h2>
      <p className="muted">Ballots are secret: totals stay hidden until the facilitator reveals them.</p>
      {waiting.length > 0 ? <VoterButtons s={s} start={(voterIndex) => void run(call('vote-begin', { id: s.id, voterIndex }))} /> : <p className="ok-banner">Everyone has voted.</p>}
      <ul className="vote-voted" aria-label="Voters">
        {s.voters.map((v) => <li key={v.index} className={v.hasVoted ? 'voted' : ''}>{v.hasVoted ? '✓' : '○'} {v.label}</li>)}
      </ul>
      <div className="round-facilitator">
        <button type="button" className="btn btn-danger-outline" onClick={() => setConfirm(true)}>Facilitator: reveal results</button>
      </div>
      {confirm && (
        <ConfirmDialog title="Reveal the results?" confirmLabel="Reveal results"
          message={`${s.votedCount} of ${s.voters.length} voters have voted. Revealing ends the vote: nobody can vote afterwards.`}
          onConfirm={() => { setConfirm(false); void run(call('vote-reveal', { id: s.id })); }} onCancel={() => setConfirm(false)} />
      )}
    </div>
  );
}

/** Dot voting as a secret ballot on one laptop. */
export function VotingPage({ event }: SectionProps) {
  const { data: sessions, error } = useCall('vote-list', { eventId: event.id }, ['voting']);
  const { data: ideas } = useCall('idea-list', { eventId: event.id }, ['ideas']);
  const run = useVoteRun();
  const [setup, setSetup] = useState(false);
  const open = sessions?.find((s) => s.status === 'open');
  const revealed = (sessions ?? []).filter((s) => s.status === 'revealed').reverse();
  return (
    <div className="voting">
      {error && <p className="error-banner" role="alert">{error}</p>}
      {open ? (
        <>
          <h2 className="vote-question">{open.title}</h2>
          {open.currentVoter !== null ? <Ballot session={open} run={run} /> : <Handover s={open} run={run} />}
        </>
      ) : sessions && (
        setup || revealed.length === 0 ? (
          ideas && ideas.length === 0 ? (
            <EmptyState title="Nothing to vote on yet" action={<a className="btn btn-primary" href={`#/event/${encodeURIComponent(event.id)}/ideas`}>Go to Ideas</a>}>
              Collect ideas on the Ideas board first; then every idea goes on a secret ballot here.
            </EmptyState>
          ) : <VoteSetup event={event} ideas={ideas ?? []} run={async (p) => { const v = await run(p); if (v) setSetup(false); return v; }} />
        ) : (
          <button type="button" className="btn btn-primary" onClick={() => setSetup(true)}>New vote</button>
        )
      )}
      {!open && revealed.map((s) => (
        <section key={s.id} className="card vote-revealed" aria-label={`Results: ${s.title}`}>
          <h2>{s.title}</h2>
          <p className="muted">{s.votedCount} of {s.voters.length} voters voted · {s.dotsPerVoter} dots each · revealed {s.revealedAt ? fmt().dateTime(s.revealedAt) : ''}</p>
          <VoteResults session={s} />
        </section>
      ))}
    </div>
  );
}
