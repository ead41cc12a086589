import type { demoMethods } from '../../../common/contract/schemas/demo';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import { createDemoEvent } from './createDemo';

/** The demo area may import every other area's seeding; nothing but the handler map imports it. */
export function demoHandlers(ctx: ServiceContext): Handlers<keyof typeof demoMethods> {
  return {
    'demo-create': async () => {
      const e = await createDemoEvent(ctx);
      ctx.bus.emit('data-changed', { eventId: e.id, area: 'events' });
      return e;
    },
  };
}
