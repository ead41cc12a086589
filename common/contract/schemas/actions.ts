import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDate, IsoDateTime, LongText, ShortText } from './common';
import { FreezeHit, FreezeOverrideInput } from './freeze';

const Title = z.string().trim().min(1, 'must not be empty').max(300);

export const ACTION_STATUSES = ['planned', 'in-progress', 'done', 'verified', 'dropped'] as const;
export const ActionStatus = z.enum(ACTION_STATUSES);
export type ActionStatus = z.infer<typeof ActionStatus>;
export const ACTION_STATUS_LABELS: Readonly<Record<ActionStatus, string>> = {
  planned: 'Planned',
  'in-progress': 'In progress',
  done: 'Done',
  verified: 'Verified',
  dropped: 'Dropped',
};
/** Statuses after which a due date no longer matters (never overdue). */
export const CLOSED_STATUSES: readonly ActionStatus[] = ['done', 'verified', 'dropped'];

export const EFFORTS = ['low', 'medium', 'high'] as const;
export const Effort = z.enum(EFFORTS);
export type Effort = z.infer<typeof Effort>;

export const LINK_KINDS = ['idea', 'root-cause', 'vsm-stage', 'kpi', 'burst', 'analysis'] as const;
export const LinkKind = z.enum(LINK_KINDS);
export type LinkKind = z.infer<typeof LinkKind>;
export const LINK_KIND_LABELS: Readonly<Record<LinkKind, string>> = {
  idea: 'Idea',
  'root-cause': 'Root cause',
  'vsm-stage': 'VSM stage',
  kpi: 'KPI',
  burst: 'Kaizen burst',
  analysis: 'Analysis result',
};
export const ActionLink = z.object({ kind: LinkKind, id: Id });
export type ActionLink = z.infer<typeof ActionLink>;

/** What the action should do to a KPI, e.g. "p95 latency" −150 "ms". */
export const ExpectedEffect = z.object({
  kpi: z.string().trim().min(1, 'name the KPI').max(200),
  change: z.number().finite(),
  unit: z.string().trim().max(40),
});
export type ExpectedEffect = z.infer<typeof ExpectedEffect>;

export const ActionFields = z.object({
  title: Title,
  description: LongText,
  ownerId: Id.nullable(),
  dueDate: IsoDate.nullable(),
  status: ActionStatus,
  effort: Effort.nullable(),
  expectedEffect: ExpectedEffect.nullable(),
  links: z.array(ActionLink).max(50),
});
export type ActionFields = z.infer<typeof ActionFields>;

export const KaizenAction = ActionFields.extend({
  id: Id,
  eventId: Id,
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
  /** Due before today and not done, verified or dropped (computed in main with the app clock). */
  overdue: z.boolean(),
  /** The change-freeze window covering the due date, if any (governance freeze calendar). */
  freeze: FreezeHit.nullable().optional(),
});
export type KaizenAction = z.infer<typeof KaizenAction>;

export const PARKING_STATUSES = ['open', 'answered', 'deferred', 'became-action', 'dropped'] as const;
export const ParkingStatus = z.enum(PARKING_STATUSES);
export type ParkingStatus = z.infer<typeof ParkingStatus>;
export const PARKING_STATUS_LABELS: Readonly<Record<ParkingStatus, string>> = {
  open: 'Open',
  answered: 'Answered',
  deferred: 'Deferred to a later event',
  'became-action': 'Became an action',
  dropped: 'Dropped',
};

export const ParkingFields = z.object({
  text: Title,
  raisedBy: ShortText,
  status: ParkingStatus,
  outcome: LongText,
});
export type ParkingFields = z.infer<typeof ParkingFields>;
export const ParkingItem = ParkingFields.extend({ id: Id, eventId: Id, position: z.number().int(), createdAt: IsoDateTime });
export type ParkingItem = z.infer<typeof ParkingItem>;

export const DecisionFields = z.object({
  decision: Title,
  rationale: LongText,
  alternatives: LongText,
  decidedBy: ShortText,
  decidedOn: IsoDate,
  actionIds: z.array(Id).max(50),
  /** The earlier decision this entry corrects; the log itself is never edited. */
  correctsId: Id.nullable(),
});
export type DecisionFields = z.infer<typeof DecisionFields>;
export const Decision = DecisionFields.extend({
  id: Id,
  eventId: Id,
  seq: z.number().int(),
  createdAt: IsoDateTime,
  /** Later entries that correct this one (computed). */
  correctedBy: z.array(Id),
});
export type Decision = z.infer<typeof Decision>;

export const actionMethods = {
  'action-list': method(ByEvent, z.array(KaizenAction)),
  'action-create': method(
    z.object({
      eventId: Id,
      id: Id.optional(),
      title: Title,
      description: LongText.optional(),
      ownerId: Id.nullable().optional(),
      dueDate: IsoDate.nullable().optional(),
      status: ActionStatus.optional(),
      effort: Effort.nullable().optional(),
      expectedEffect: ExpectedEffect.nullable().optional(),
      links: z.array(ActionLink).max(50).optional(),
    }),
    KaizenAction,
  ),
  /**
   * Starting or finishing an action while today is inside a change-freeze window needs `freezeOverride` (a reason
   * and the facilitator's passphrase); without it the call fails with details.reason 'freeze-override-needed'.
   */
  'action-update': method(z.object({ id: Id, patch: ActionFields.partial(), freezeOverride: FreezeOverrideInput.optional() }), KaizenAction),
  /** Returns the removed action; undo re-creates it with `action-create` and the same id. */
  'action-remove': method(ById, KaizenAction),
  'parking-list': method(ByEvent, z.array(ParkingItem)),
  'parking-add': method(
    z.object({ eventId: Id, id: Id.optional(), item: ParkingFields.partial().extend({ text: Title }), position: z.number().int().optional() }),
    ParkingItem,
  ),
  'parking-update': method(z.object({ id: Id, patch: ParkingFields.partial() }), ParkingItem),
  'parking-remove': method(ById, ParkingItem),
  'decision-list': method(ByEvent, z.array(Decision)),
  /** Appends to the decision log (and the hash-chained change log). There is no update or delete. */
  'decision-add': method(
    DecisionFields.partial().extend({ eventId: Id, decision: Title, decidedOn: IsoDate.optional() }),
    Decision,
  ),
} as const;
