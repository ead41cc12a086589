import type { Dots, VoteSession, workshopMethods } from '../../../common/contract/schemas/workshop';
import { AppError, notFound } from '../../../common/contract/errors';
import { ballotProblem, compactDots, tallyVotes } from '../../../common/domain/workshop/tally';
import { appendChange } from '../../db/changeLog';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as team from '../../db/repositories/team';
import * as repo from '../../db/repositories/workshop';
import type { VoteRow } from '../../db/repositories/workshop';
import { requireEvent } from '../lookups';
import { actorFor } from '../governance/people';
import { passLock } from './lock';

type VoteMethods = MethodsOf<'vote'>;

/**
 * Dot voting as a secret ballot on one laptop. Secrecy is enforced here: while a session is open its
 * view carries who has voted (a yes/no per voter) but never their dots or any tally; only the current
 * voter's unconfirmed draft is returned. A second ballot from one voter is a CONFLICT; the facilitator's
 * reveal is explicit and final (recorded in the change log).
 */
export function votingHandlers(ctx: ServiceContext): Handlers<VoteMethods & keyof typeof workshopMethods> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'voting' });
  const find = (id: string): VoteRow => repo.findVote(db, id) ?? (() => { throw notFound('Vote session', id); })();
  const view = (v: VoteRow): VoteSession => {
    const voted = repo.votedIndexes(db, v.id);
    return {
      ...v,
      voters: v.voters.map((x, index) => ({ ...x, index, hasVoted: voted.has(index) })),
      votedCount: voted.size,
      draft: v.status === 'open' && v.currentVoter !== null ? v.draft : {},
      tally: v.status === 'revealed' ? tallyVotes(v.candidates, repo.ballotDots(db, v.id)) : null,
    };
  };
  const openSession = (id: string): VoteRow => {
    const v = find(id);
    if (v.status !== 'open') throw new AppError('CONFLICT', `Voting on "${v.title}" has ended; the results are revealed.`);
    return v;
  };
  const voterName = (v: VoteRow, i: number) => v.voters[i]?.label ?? `voter ${i + 1}`;
  const requireTurn = (v: VoteRow, voterIndex: number) => {
    if (v.currentVoter !== voterIndex) {
      throw new AppError('CONFLICT', v.currentVoter === null
        ? `It is not ${voterName(v, voterIndex)}'s turn: start their ballot first.`
        : `${voterName(v, v.currentVoter)} is voting now; only their ballot is open.`);
    }
  };
  const checkDots = (v: VoteRow, dots: Dots) => {
    const problem = ballotProblem(dots, v);
    if (problem) throw new AppError('BAD_INPUT', problem);
  };
  return {
    'vote-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      return repo.listVotes(db, eventId).map(view);
    },
    'vote-open': ({ eventId, title, dotsPerVoter, maxPerIdea, voters, ideaIds }) => {
      requireEvent(ctx, eventId);
      const running = repo.listVotes(db, eventId).find((v) => v.status === 'open');
      if (running) throw new AppError('CONFLICT', `The vote "${running.title}" is still open; reveal its results before starting another.`);
      const stranger = voters.find((v) => v.memberId !== null && team.findMember(db, v.memberId)?.eventId !== eventId);
      if (stranger) throw new AppError('VALIDATION', `voters: "${stranger.label}" is linked to team member "${stranger.memberId}", who is not in this event.`);
      const all = repo.listIdeas(db, eventId);
      const byId = new Map(all.map((i) => [i.id, i]));
      const picked = ideaIds ? [...new Set(ideaIds)] : all.map((i) => i.id);
      const missing = picked.find((i) => !byId.has(i));
      if (missing) throw new AppError('BAD_INPUT', `ideaIds: no idea "${missing}" in this event.`);
      if (picked.length === 0) throw new AppError('BAD_INPUT', 'There are no ideas to vote on yet: add ideas on the Ideas board first.');
      const id = ctx.newId();
      repo.insertVote(db, {
        id, eventId, title, dotsPerVoter, maxPerIdea: maxPerIdea ?? null, voters,
        candidates: picked.map((i) => ({ ideaId: i, text: byId.get(i)!.text })),
        status: 'open', currentVoter: null, draft: {}, createdAt: ctx.nowIso(), revealedAt: null,
      });
      changed(eventId);
      return view(find(id));
    },
    'vote-get': ({ id }) => view(find(id)),
    'vote-begin': ({ id, voterIndex }) => {
      const v = openSession(id);
      if (voterIndex >= v.voters.length) throw new AppError('BAD_INPUT', `voterIndex: this session has ${v.voters.length} voters (0–${v.voters.length - 1}).`);
      if (repo.votedIndexes(db, id).has(voterIndex)) throw new AppError('CONFLICT', `${voterName(v, voterIndex)} has already voted.`);
      if (v.currentVoter === voterIndex) return view(v);
      if (v.currentVoter !== null) throw new AppError('CONFLICT', `${voterName(v, v.currentVoter)} is voting now; they must confirm or cancel first.`);
      repo.setVoteTurn(db, id, voterIndex, {});
      changed(v.eventId);
      return view(find(id));
    },
    'vote-draft': ({ id, voterIndex, dots }) => {
      const v = openSession(id);
      requireTurn(v, voterIndex);
      checkDots(v, dots);
      repo.setVoteTurn(db, id, voterIndex, compactDots(dots));
      return view(find(id));
    },
    'vote-cast': ({ id, voterIndex, dots }) => {
      const v = openSession(id);
      if (repo.votedIndexes(db, id).has(voterIndex)) throw new AppError('CONFLICT', `${voterName(v, voterIndex)} has already voted; a voter cannot vote twice.`);
      requireTurn(v, voterIndex);
      checkDots(v, dots);
      db.transaction(() => {
        repo.insertBallot(db, id, voterIndex, compactDots(dots), ctx.nowIso());
        repo.setVoteTurn(db, id, null, {});
      })();
      changed(v.eventId);
      return view(find(id));
    },
    'vote-cancel-ballot': ({ id, voterIndex }) => {
      const v = openSession(id);
      requireTurn(v, voterIndex);
      repo.setVoteTurn(db, id, null, {});
      changed(v.eventId);
      return view(find(id));
    },
    'vote-reveal': ({ id, passphrase }) => {
      const v = openSession(id);
      const unlock = passLock(ctx, v.eventId, passphrase, 'revealing the results');
      const at = ctx.nowIso();
      db.transaction(() => {
        repo.setRevealed(db, id, at);
        appendChange(db, at, { actor: actorFor(ctx, v.eventId), entity: 'vote-session', entityId: id, action: 'reveal', payload: { title: v.title, ballots: repo.votedIndexes(db, id).size }, eventId: v.eventId });
      })();
      unlock();
      changed(v.eventId);
      return view(find(id));
    },
    'vote-remove': ({ id, passphrase }) => {
      const v = find(id);
      const unlock = passLock(ctx, v.eventId, passphrase, 'removing the vote');
      repo.deleteVote(db, id);
      unlock();
      changed(v.eventId);
      return { id };
    },
  };
}
