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

/**
 * What the action should do to a KPI, e.g. "p95 latency" −150 "ms" or −20 "%" (p95 down by at least 20 %): the sign
 * is the direction, the size the least shift that counts; unit "%" means a change relative to the "before" mean.
 * `kpiId` names the event's KPI whose data must show it before the action can be verified (else the action's one
 * linked KPI).
 */
export const ExpectedEffect = z.object({
  kpi: z.string().trim().min(1, 'name the KPI').max(200),
  change: z.number().finite(),
  unit: z.string().trim().max(40),
  kpiId: Id.nullable().optional(),
});
export type ExpectedEffect = z.infer<typeof ExpectedEffect>;

/** Least number of KPI points on each side of the done date before the evidence can decide. */
export const MIN_EVIDENCE_POINTS = 7;

/** What the linked KPI shows after the action's done date (expected vs actual). */
export const ActionEvidence = z.object({
  kpiId: Id.nullable(),
  kpiName: z.string(),
  doneDate: IsoDate.nullable(),
  /** "p95 latency down by ≥ 20 %". */
  expected: z.string(),
  /** null when it could not be measured (no data, too few points); else the numbers in words. */
  actual: z.string().nullable(),
  /** True when the held limits and the before/after test both show the expected shift. */
  shown: z.boolean(),
  /** The whole reasoning in plain words ("p95 latency after 12 Nov: 181 ms vs 240 ms before, …"). */
  message: z.string(),
  nBefore: z.number().int(),
  nAfter: z.number().int(),
  meanBefore: z.number().nullable(),
  meanAfter: z.number().nullable(),
  percentChange: z.number().nullable(),
  mannWhitneyP: z.number().nullable(),
  welchP: z.number().nullable(),
  /** Limits from the points before the done date, held for the points after it (Phase II, I chart). */
  held: z.object({ center: z.number(), ucl: z.number(), lcl: z.number(), goodSignals: z.number().int(), badSignals: z.number().int() }).nullable(),
});
export type ActionEvidence = z.infer<typeof ActionEvidence>;

/** How a verified action became verified. */
export const ActionVerification = z.object({
  by: z.enum(['evidence', 'override']),
  at: IsoDateTime,
  reason: z.string().nullable(),
  evidence: ActionEvidence.nullable(),
});
export type ActionVerification = z.infer<typeof ActionVerification>;

/** Setting an action to verified without the evidence: why, in words (logged in the change log with the record). */
export const VerifyOverrideInput = z.object({ reason: z.string().trim().min(10, 'say why (at least 10 characters)').max(2000) });

export const ActionFields = z.object({
  title: Title,
  description: LongText,
  ownerId: Id.nullable(),
  dueDate: IsoDate.nullable(),
  status: ActionStatus,
  effort: Effort.nullable(),
  expectedEffect: ExpectedEffect.nullable(),
  links: z.array(ActionLink).max(50),
  /** The day the action was finished: set when it becomes done (editable); the KPI evidence is split here. */
  doneDate: IsoDate.nullable().optional(),
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
  /** How it became verified (evidence with its numbers, or an override with its reason); null otherwise. */
  verification: ActionVerification.nullable().optional(),
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
      doneDate: IsoDate.nullable().optional(),
    }),
    KaizenAction,
  ),
  /**
   * Starting or finishing an action while today is inside a change-freeze window needs `freezeOverride` (a reason
   * and the facilitator's passphrase); without it the call fails with details.reason 'freeze-override-needed'.
   */
  /**
   * Setting status 'verified' on an action with an expected effect on a KPI needs the KPI's evidence after the done
   * date (limits held from before it, and a before/after test in the expected direction), else `verifyOverride` with
   * a reason; without either the call fails with details.reason 'evidence-needed' and the evidence.
   */
  'action-update': method(
    z.object({ id: Id, patch: ActionFields.partial(), freezeOverride: FreezeOverrideInput.optional(), verifyOverride: VerifyOverrideInput.optional() }),
    KaizenAction,
  ),
  /** Expected vs actual effect of an action with an expected effect on a KPI (null when it has none). */
  'action-evidence': method(ById, ActionEvidence.nullable()),
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
