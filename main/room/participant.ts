import type { Dots } from '../../common/contract/schemas/workshop';
import type { RoomView } from '../../common/contract/schemas/room';
import { AppError } from '../../common/contract/errors';
import { ACTIVITY_LABELS } from '../../common/contract/schemas/workshop';
import { ballotProblem, compactDots, tallyVotes } from '../../common/domain/workshop/tally';
import { timerEndsAt, timerRemaining } from '../../common/domain/workshop/timer';
import type { ServiceContext } from '../context';
import * as repo from '../db/repositories/workshop';
import { requireEvent } from '../services/lookups';

/** Who is calling from the room listener; set only by main/room/server.ts after checking a participant token. */
export type ParticipantCall = Readonly<{ id: string; eventId: string; number: number; label: string }>;

/**
 * Round entries from phones are numbered from here, far above the pass-the-laptop participants (1, 2, 3 …), so the
 * laptop's "my entries" never shows a phone's entries and a phone sees only its own. On close they become
 * unattributed ideas in shuffled order with the laptop's (round-close), and the entries are deleted.
 */
export const ROOM_PARTICIPANT_BASE = 1_000_000;

/** The next free phone number after every phone entry still stored (a restarted room never reuses one). */
export function firstFreeParticipantNumber(ctx: ServiceContext): number {
  const max = ctx.db.prepare('SELECT max(participant) FROM round_entries WHERE participant >= ?').pluck().get(ROOM_PARTICIPANT_BASE) as number | null;
  return (max ?? ROOM_PARTICIPANT_BASE) + 1;
}

const openRound = (ctx: ServiceContext, eventId: string) => repo.listRounds(ctx.db, eventId).find((r) => r.status === 'open') ?? null;
const openVote = (ctx: ServiceContext, eventId: string) => repo.listVotes(ctx.db, eventId).find((v) => v.status === 'open') ?? null;

/** What the phone shows. Never another participant's entries, never a ballot, never a tally before reveal. */
export function participantView(ctx: ServiceContext, p: ParticipantCall, votedIn: ReadonlySet<string>): RoomView {
  const { db } = ctx;
  const event = requireEvent(ctx, p.eventId);
  const t = repo.findTimer(db, p.eventId);
  const now = ctx.clock.now().getTime();
  const ends = timerEndsAt(t, now);
  const session = t.currentSessionId ? repo.findSession(db, t.currentSessionId) : undefined;
  const round = openRound(ctx, p.eventId);
  const vote = openVote(ctx, p.eventId);
  const revealed = repo.listVotes(db, p.eventId).filter((v) => v.status === 'revealed').sort((a, b) => (a.revealedAt ?? '').localeCompare(b.revealedAt ?? '')).at(-1);
  return {
    participantLabel: p.label,
    eventName: event.name,
    current: session ? { title: session.title, activity: ACTIVITY_LABELS[session.activity] } : null,
    timer: { state: t.state, remainingMs: Math.round(timerRemaining(t, now)), endsAt: ends === null ? null : new Date(ends).toISOString(), serverNow: new Date(now).toISOString() },
    round: round
      ? { id: round.id, prompt: round.prompt, entryCount: repo.countEntries(db, round.id), myEntries: repo.entries(db, round.id, p.number).map((e) => ({ id: e.id, text: e.text })) }
      : null,
    vote: vote
      ? {
          id: vote.id,
          title: vote.title,
          dotsPerVoter: vote.dotsPerVoter,
          maxPerIdea: vote.maxPerIdea,
          candidates: vote.candidates,
          hasVoted: votedIn.has(vote.id),
          votedCount: repo.votedIndexes(db, vote.id).size,
          voterCount: vote.voters.length,
        }
      : null,
    results: revealed ? { voteId: revealed.id, title: revealed.title, tally: tallyVotes(revealed.candidates, repo.ballotDots(db, revealed.id)) } : null,
  };
}

/** Adds one entry to the event's open round, as this phone. The round named must be the one open now. */
export function addParticipantIdea(ctx: ServiceContext, p: ParticipantCall, roundId: string, text: string): void {
  const round = openRound(ctx, p.eventId);
  if (!round || round.id !== roundId) throw new AppError('CONFLICT', 'This round has closed: the facilitator has moved on. Your screen will show what is open now.');
  repo.insertEntry(ctx.db, { id: ctx.newId(), roundId, participant: p.number, text, createdAt: ctx.nowIso() });
  ctx.bus.emit('data-changed', { eventId: p.eventId, area: 'rounds' });
}

/**
 * Casts this phone's one ballot in the event's open vote. It takes the first of the vote's voters who has no ballot
 * and is not voting on the laptop right now, so the vote's "k of n voters have voted" stays true and a vote opened
 * for n voters never takes more than n ballots. Checked and written in one transaction (better-sqlite3 is
 * synchronous: concurrent phones are served one after the other, none lost).
 */
export function castParticipantBallot(ctx: ServiceContext, p: ParticipantCall, votedIn: Set<string>, voteId: string, dots: Dots): void {
  const { db } = ctx;
  const vote = openVote(ctx, p.eventId);
  if (!vote || vote.id !== voteId) throw new AppError('CONFLICT', 'This vote has ended: the facilitator has revealed the results or removed it.');
  if (votedIn.has(voteId)) throw new AppError('CONFLICT', 'This phone has already voted; each participant casts one ballot.');
  const problem = ballotProblem(dots, vote);
  if (problem) throw new AppError('BAD_INPUT', problem);
  db.transaction(() => {
    const voted = repo.votedIndexes(db, voteId);
    const current = repo.findVote(db, voteId)?.currentVoter ?? null;
    const index = vote.voters.findIndex((_, i) => !voted.has(i) && i !== current);
    if (index < 0) throw new AppError('CONFLICT', `All ${vote.voters.length} ballots of "${vote.title}" have been cast; ask the facilitator to open the vote for more voters.`);
    repo.insertBallot(db, voteId, index, compactDots(dots), ctx.nowIso());
  })();
  votedIn.add(voteId);
  ctx.bus.emit('data-changed', { eventId: p.eventId, area: 'voting' });
}
