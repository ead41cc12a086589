import type { Activity } from '../../../common/contract/schemas/workshop';
import type { ServiceContext } from '../../context';
import * as team from '../../db/repositories/team';
import * as repo from '../../db/repositories/workshop';

type Plan = readonly (readonly [title: string, activity: Activity, minutes: number])[];

const AGENDA: readonly Plan[] = [
  [['Kick-off and charter review', 'review', 45], ['Walk the scoring pipeline (gemba)', 'mapping', 90], ['Break', 'break', 15], ['Current-state value stream map', 'mapping', 120]],
  [['Baseline p95 latency from logs', 'review', 60], ['Brainstorm: what slows scoring?', 'brainstorm', 45], ['Pass-the-laptop anonymous round', 'brainstorm', 20], ['Dot vote: which ideas first', 'voting', 20]],
  [['5 Whys on the top idea', 'root-cause', 60], ['Fishbone for p95 spikes', 'root-cause', 60], ['Break', 'break', 15], ['Design countermeasures', 'brainstorm', 90]],
  [['Try countermeasures in staging', 'review', 180], ['Measure after-state', 'review', 60]],
  [['Future-state map', 'mapping', 60], ['Report-out to sponsor', 'review', 45], ['Retrospective', 'review', 30]],
];

const IDEAS: readonly (readonly [text: string, category: string])[] = [
  ['Cache merchant features for the top 1 000 merchants', 'Data'],
  ['Batch feature-store lookups into one round trip', 'Infrastructure'],
  ['Drop the legacy rules engine call for low-risk cards', 'Process'],
  ['Quantise the gradient-boosted model', 'Model'],
  ['Warm up scorer pods before traffic shifts', 'Infrastructure'],
  ['Alert on p95, not on the mean', 'Measurement'],
  ['Move the geo-IP lookup off the request path', 'Infrastructure'],
  ['Agree one latency SLO with the payments team', 'People'],
];

/** Dots of the demo's finished vote, one ballot per voter (index into IDEAS → dots). */
const BALLOTS: readonly Readonly<Record<number, number>>[] = [
  { 0: 2, 1: 1 },
  { 1: 2, 4: 1 },
  { 0: 1, 1: 1, 6: 1 },
  { 0: 1, 2: 1, 5: 1 },
];

/** Demo workshop content: a five-day agenda, a brainstorm's ideas and a finished, revealed dot vote. */
export function addWorkshopDemo(ctx: ServiceContext, eventId: string): void {
  const { db } = ctx;
  const at = ctx.nowIso();
  db.transaction(() => {
    AGENDA.forEach((day, d) =>
      day.forEach(([title, activity, plannedMinutes], i) =>
        repo.insertSession(db, ctx.newId(), eventId, { title, day: d + 1, activity, plannedMinutes, ownerId: null, notes: '' }, i + 1),
      ),
    );
    const ideaIds = IDEAS.map(([text, category]) => {
      const id = ctx.newId();
      repo.insertIdea(db, id, eventId, at, { text, author: null, category, stageRef: null, kpiRef: null, groupId: null });
      return id;
    });
    const members = team.listMembers(db, eventId).slice(0, BALLOTS.length);
    const voteId = ctx.newId();
    repo.insertVote(db, {
      id: voteId, eventId, title: 'Which ideas should we try first?', dotsPerVoter: 3, maxPerIdea: 2,
      voters: BALLOTS.map((_, i) => ({ label: members[i]?.name ?? `Voter ${i + 1}`, memberId: members[i]?.id ?? null })),
      candidates: IDEAS.map(([text], i) => ({ ideaId: ideaIds[i]!, text })),
      status: 'open', currentVoter: null, draft: {}, createdAt: at, revealedAt: null,
    });
    BALLOTS.forEach((b, v) => repo.insertBallot(db, voteId, v, Object.fromEntries(Object.entries(b).map(([i, n]) => [ideaIds[Number(i)]!, n])), at));
    repo.setRevealed(db, voteId, at);
  })();
}
