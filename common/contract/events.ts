import { z } from 'zod';

/** Push events from main to every window/tab. Named '<area>-<past tense>'. */
export const pushEventSchemas = {
  'data-changed': z.object({ eventId: z.string().nullable(), area: z.string() }),
  'job-progressed': z.object({
    jobId: z.string(),
    kind: z.string(),
    done: z.number(),
    total: z.number().nullable(),
    message: z.string().optional(),
  }),
  'job-finished': z.object({ jobId: z.string(), kind: z.string(), ok: z.boolean(), message: z.string().optional() }),
  'menu-commanded': z.object({ command: z.string() }),
  /** The full integrity check after open found damage: the store is now read-only (main/db/backgroundCheck.ts). */
  'store-warning': z.object({ message: z.string() }),
} as const;

export type PushEventName = keyof typeof pushEventSchemas;
export type PushEventPayload<N extends PushEventName> = z.infer<(typeof pushEventSchemas)[N]>;
export type PushEvent = { [N in PushEventName]: Readonly<{ name: N; payload: PushEventPayload<N> }> }[PushEventName];
