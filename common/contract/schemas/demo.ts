import { z } from 'zod';
import { method } from './define';
import { KaizenEvent } from './events';

/** The demo area: seeds the example event (also created on first launch). */
export const demoMethods = {
  'demo-create': method(z.object({}).default({}), KaizenEvent),
} as const;
