import type { rootcauseMethods } from '../../../common/contract/schemas/rootcause';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { fishboneHandlers } from './fishbone';
import { whysHandlers } from './whys';

/** Root cause: 5 Whys chains and the fishbone (Ishikawa) diagram. */
export function rootcauseHandlers(ctx: ServiceContext): Handlers<keyof typeof rootcauseMethods> {
  return { ...whysHandlers(ctx), ...fishboneHandlers(ctx) };
}
