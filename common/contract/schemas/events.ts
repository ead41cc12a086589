import { z } from 'zod';
import { method } from './define';
import { ById, Id, IsoDate, IsoDateTime, LongText, ShortText } from './common';

export const TARGET_AREAS = [
  'retraining-latency',
  'inference-latency',
  'data-pipeline',
  'other',
] as const;
export const TargetArea = z.enum(TARGET_AREAS);
export type TargetArea = z.infer<typeof TargetArea>;

export const TARGET_AREA_LABELS: Readonly<Record<TargetArea, string>> = {
  'retraining-latency': 'Model retraining latency',
  'inference-latency': 'Inference latency / bottlenecks',
  'data-pipeline': 'Data pipeline efficiency',
  other: 'Other',
};

/** The editable charter fields of an event. */
export const CharterFields = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  problemStatement: LongText,
  scopeIn: LongText,
  scopeOut: LongText,
  objectives: LongText,
  targetArea: TargetArea,
  targetAreaOther: ShortText,
  startDate: IsoDate.nullable(),
  endDate: IsoDate.nullable(),
  location: ShortText,
  sponsor: ShortText,
  facilitator: ShortText,
});
export type CharterFields = z.infer<typeof CharterFields>;

export const KaizenEvent = CharterFields.extend({
  id: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  lastOpenedAt: IsoDateTime.nullable(),
  deletedAt: IsoDateTime.nullable(),
  isDemo: z.boolean(),
  /** Archived events are read-only (every change is refused until reopened) and listed under Archived on Home. */
  archivedAt: IsoDateTime.nullable(),
});
export type KaizenEvent = z.infer<typeof KaizenEvent>;

export const EventSummary = KaizenEvent.pick({
  id: true,
  name: true,
  startDate: true,
  endDate: true,
  facilitator: true,
  targetArea: true,
  lastOpenedAt: true,
  updatedAt: true,
  isDemo: true,
  archivedAt: true,
});
export type EventSummary = z.infer<typeof EventSummary>;

const EventCreateInput = CharterFields.partial().extend({ name: CharterFields.shape.name });

export const eventMethods = {
  'event-list': method(
    /** `archived: true` lists only archived events; otherwise archived events are left out of the list. */
    z.object({ query: z.string().max(200).optional(), archived: z.boolean().optional() }).default({}),
    z.array(EventSummary),
  ),
  'event-create': method(EventCreateInput, KaizenEvent),
  'event-get': method(ById, KaizenEvent),
  'event-open': method(ById, KaizenEvent),
  'event-update': method(z.object({ id: Id, patch: CharterFields.partial() }), KaizenEvent),
  'event-duplicate': method(z.object({ id: Id, name: CharterFields.shape.name.optional() }), KaizenEvent),
  /** An archived event is deleted only with `confirmArchived: true` (the app asks first); logged like any delete. */
  'event-delete': method(z.object({ id: Id, confirmArchived: z.boolean().optional() }), z.object({ id: Id })),
  'event-restore': method(ById, KaizenEvent),
} as const;
