import type { workshopMethods } from '../../../common/contract/schemas/workshop';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import * as repo from '../../db/repositories/workshop';
import { agendaHandlers } from './agenda';
import { currentHandlers } from './current';
import { ideaHandlers } from './ideas';
import { lockHandlers, refuseWhileLocked } from './lock';
import { roundHandlers } from './rounds';
import { createTimerView, timerHandlers } from './timer';
import { votingHandlers } from './voting';

type WorkshopMethod = keyof typeof workshopMethods;

/**
 * The facilitator's workshop changes, refused while the laptop is locked on a participant screen, each with how to
 * find its event from the input. Participants' own methods (round-begin/entry/pass, vote-begin/draft/cast/cancel),
 * reads and the room clock stay open; close, reveal and remove take the facilitator's passphrase instead (lock.ts).
 */
function facilitatorEvent(ctx: ServiceContext): Partial<Record<WorkshopMethod, (input: Record<string, unknown>) => string | undefined>> {
  const byEvent = (i: Record<string, unknown>) => i.eventId as string;
  const bySession = (i: Record<string, unknown>) => repo.findSession(ctx.db, i.id as string)?.eventId;
  const byIdea = (key: string) => (i: Record<string, unknown>) => repo.findIdea(ctx.db, i[key] as string)?.eventId;
  return {
    'agenda-add': byEvent,
    'agenda-update': bySession,
    'agenda-remove': bySession,
    'agenda-move': bySession,
    'agenda-start': bySession,
    'agenda-end': bySession,
    'agenda-run': bySession,
    'agenda-current': byEvent,
    'agenda-day-set': byEvent,
    'timer-current': byEvent,
    'idea-add': byEvent,
    'idea-update': byIdea('id'),
    'idea-remove': byIdea('id'),
    'idea-merge': byIdea('targetId'),
    'round-open': byEvent,
    'vote-open': byEvent,
  };
}

/** Every workshop method (agenda, timer, ideas, anonymous rounds, secret voting, the participant lock), for the composition root. */
export function workshopHandlers(ctx: ServiceContext): Handlers<WorkshopMethod> {
  const all: Handlers<WorkshopMethod> = {
    ...agendaHandlers(ctx),
    ...currentHandlers(ctx, createTimerView(ctx)),
    ...timerHandlers(ctx),
    ...ideaHandlers(ctx),
    ...roundHandlers(ctx),
    ...votingHandlers(ctx),
    ...lockHandlers(ctx),
  };
  for (const [method, eventOf] of Object.entries(facilitatorEvent(ctx))) {
    const m = method as WorkshopMethod;
    const inner = all[m] as (input: unknown, call: unknown) => unknown;
    (all as Record<string, unknown>)[m] = (input: Record<string, unknown>, call: unknown) => {
      refuseWhileLocked(ctx, eventOf(input), m);
      return inner(input, call);
    };
  }
  return all;
}
