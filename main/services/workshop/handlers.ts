import type { workshopMethods } from '../../../common/contract/schemas/workshop';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { agendaHandlers } from './agenda';
import { ideaHandlers } from './ideas';
import { roundHandlers } from './rounds';
import { timerHandlers } from './timer';
import { votingHandlers } from './voting';

/** Every workshop method (agenda, timer, ideas, anonymous rounds, secret voting), for the composition root. */
export function workshopHandlers(ctx: ServiceContext): Handlers<keyof typeof workshopMethods> {
  return {
    ...agendaHandlers(ctx),
    ...timerHandlers(ctx),
    ...ideaHandlers(ctx),
    ...roundHandlers(ctx),
    ...votingHandlers(ctx),
  };
}
