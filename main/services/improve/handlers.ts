import type { actionMethods } from '../../../common/contract/schemas/actions';
import type { affinityMethods } from '../../../common/contract/schemas/affinity';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { actionHandlers } from './actions';
import { affinityHandlers } from './affinity';
import { decisionHandlers } from './decisions';
import { matrixHandlers } from './matrix';
import { parkingHandlers } from './parking';

/** Improve: affinity groups, the impact/effort matrix, the parking lot, actions and the decision log. */
export function improveHandlers(ctx: ServiceContext): Handlers<keyof typeof affinityMethods | keyof typeof actionMethods> {
  return {
    ...affinityHandlers(ctx),
    ...matrixHandlers(ctx),
    ...parkingHandlers(ctx),
    ...actionHandlers(ctx),
    ...decisionHandlers(ctx),
  };
}
