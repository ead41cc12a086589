import type { Activity } from '../../../../common/contract/schemas/workshop';
import { useCall } from '../../api/useCall';
import { VoteResults } from '../voting/VoteResults';
import { PresenterActions } from './PresenterActions';
import { PresenterKpis } from './PresenterKpis';
import { PresenterMap } from './PresenterMap';
import { PresenterMatrix } from './PresenterMatrix';
import { PresenterRootCause } from './PresenterRootCause';

const MAX_IDEAS = 9;

/**
 * What the room works on: the current-state map for mapping sessions, the KPI board for reviews, the fishbone and
 * 5 Whys for root cause, the impact/effort matrix for prioritisation, the new actions for action sessions, vote
 * progress or results for voting sessions, otherwise the idea board.
 */
export function PresenterArtefact({ eventId, activity }: Readonly<{ eventId: string; activity: Activity }>) {
  if (activity === 'mapping') return <PresenterMap eventId={eventId} />;
  if (activity === 'review') return <PresenterKpis eventId={eventId} />;
  if (activity === 'root-cause') return <PresenterRootCause eventId={eventId} />;
  if (activity === 'prioritisation') return <PresenterMatrix eventId={eventId} />;
  if (activity === 'actions') return <PresenterActions eventId={eventId} />;
  return <IdeasOrVote eventId={eventId} activity={activity} />;
}

function IdeasOrVote({ eventId, activity }: Readonly<{ eventId: string; activity: Activity }>) {
  const { data: votes } = useCall('vote-list', { eventId }, ['voting']);
  const { data: ideas } = useCall('idea-list', { eventId }, ['ideas']);
  const vote = votes?.find((v) => v.status === 'open') ?? votes?.at(-1);
  if (activity === 'voting' && vote) {
    return (
      <section className="presenter-artefact" aria-label="Vote">
        <h2 className="presenter-artefact-title">{vote.title}</h2>
        {vote.status === 'open'
          ? <p className="presenter-big-note">{vote.votedCount} of {vote.voters.length} voters have voted — results stay secret until revealed.</p>
          : <VoteResults session={{ ...vote, tally: (vote.tally ?? []).slice(0, 5) }} large />}
      </section>
    );
  }
  const list = ideas ?? [];
  return (
    <section className="presenter-artefact" aria-label="Ideas">
      <h2 className="presenter-artefact-title">Ideas <span className="presenter-count">{list.length}</span></h2>
      {list.length === 0 ? <p className="presenter-big-note">No ideas yet.</p> : (
        <ul className="presenter-ideas">
          {list.slice(0, MAX_IDEAS).map((i) => <li key={i.id}><span className="presenter-idea-text">{i.text}</span></li>)}
          {list.length > MAX_IDEAS && <li className="presenter-more">+ {list.length - MAX_IDEAS} more</li>}
        </ul>
      )}
    </section>
  );
}
