import { z } from 'zod';
import { method } from './define';
import { ByEvent, Id, IsoDate, IsoDateTime, LongText, ShortText } from './common';
import { TeamRole } from './team';

/** A team member's passphrase as typed: never stored, never returned, never logged. */
export const Passphrase = z.string().min(8, 'must be at least 8 characters').max(200);

/**
 * The person performing a governance action on the shared laptop, proven by their passphrase.
 * Registry, sign-off and freeze inputs embed this fragment (`acting: Acting`).
 */
export const Acting = z.object({ memberId: Id, passphrase: Passphrase });
export type Acting = z.infer<typeof Acting>;

export const Person = z.object({
  id: Id,
  name: z.string(),
  role: TeamRole,
  hasPassphrase: z.boolean(),
  /** Set while too many wrong passphrases lock this person out (ISO time to try again). */
  lockedUntil: IsoDateTime.nullable(),
});
export type Person = z.infer<typeof Person>;

export const Facilitator = z.object({
  /** null: nobody is chosen and no team member has the facilitator role (entries use `name`). */
  memberId: Id.nullable(),
  name: z.string(),
  /** 'chosen' in the app, the first 'role' facilitator of the team, or the app's 'fallback' local user. */
  source: z.enum(['chosen', 'role', 'fallback']),
});
export type Facilitator = z.infer<typeof Facilitator>;

export const CHANGE_TYPES = ['model', 'feature', 'threshold', 'data-source', 'infrastructure', 'process'] as const;
export const ChangeType = z.enum(CHANGE_TYPES);
export type ChangeType = z.infer<typeof ChangeType>;
export const CHANGE_TYPE_LABELS: Readonly<Record<ChangeType, string>> = {
  model: 'Model',
  feature: 'Feature',
  threshold: 'Threshold',
  'data-source': 'Data source',
  infrastructure: 'Infrastructure',
  process: 'Process',
};

export const COMPONENT_KINDS = ['vsm-stage', 'model', 'dataset', 'other'] as const;
export const ComponentKind = z.enum(COMPONENT_KINDS);
export type ComponentKind = z.infer<typeof ComponentKind>;
export const Component = z.object({ kind: ComponentKind, id: z.string().max(64), label: z.string().trim().min(1, 'name the component').max(300) });
export type Component = z.infer<typeof Component>;

export const CHANGE_LINK_KINDS = ['action', 'decision', 'kpi'] as const;
export const ChangeLink = z.object({ kind: z.enum(CHANGE_LINK_KINDS), id: Id });
export type ChangeLink = z.infer<typeof ChangeLink>;

export const ControlledChangeFields = z.object({
  component: Component,
  changeType: ChangeType,
  before: LongText,
  after: LongText,
  reason: z.string().trim().min(1, 'say why the change is made').max(20_000),
  link: ChangeLink.nullable(),
  /** The team member asking for the change (no passphrase needed). */
  requesterId: Id,
  ticketRef: ShortText,
  plannedDate: IsoDate.nullable(),
  actualDate: IsoDate.nullable(),
});
export type ControlledChangeFields = z.infer<typeof ControlledChangeFields>;

export const ControlledChange = ControlledChangeFields.extend({
  id: Id,
  eventId: Id,
  seq: z.number().int(),
  requesterName: z.string(),
  approverId: Id,
  approverName: z.string(),
  correctsId: Id.nullable(),
  /** The id of the newest entry correcting this one, if any (this one is then superseded). */
  correctedById: Id.nullable(),
  /** The change-freeze window covering the actual (else planned) date, if any (freeze calendar; shape of freeze.ts FreezeHit). */
  freeze: z.object({ id: Id, name: z.string(), reason: z.string() }).nullable().optional(),
  /** Sign-off state of this entry (its latest sign-off request): none, pending, approved or rejected. */
  signoff: z.enum(['none', 'pending', 'approved', 'rejected']).optional(),
  recordedBy: z.string(),
  createdAt: IsoDateTime,
});
export type ControlledChange = z.infer<typeof ControlledChange>;

export const LogEntry = z.object({
  seq: z.number().int(),
  at: IsoDateTime,
  actor: z.string(),
  /** What kind of thing changed: 'decision', 'kpi', 'controlled-change', 'facilitator', 'dataset' … */
  area: z.string(),
  entityId: z.string(),
  action: z.string(),
  /** One line: what changed, before → after where the entry says. */
  summary: z.string(),
  reason: z.string(),
  payload: z.unknown(),
  recordTable: z.string().nullable(),
  recordId: z.string().nullable(),
  hash: z.string(),
  prevHash: z.string(),
  hashVersion: z.number().int(),
});
export type LogEntry = z.infer<typeof LogEntry>;

export const ChainStatus = z.object({
  intact: z.boolean(),
  entries: z.number().int(),
  head: z.string(),
  /** "chain intact, 42 entries, head 3f9a1c2e…" or the first broken entry, in words. */
  message: z.string(),
  firstBreak: z
    .object({ seq: z.number().int(), kind: z.enum(['hash', 'row-changed', 'row-missing']), table: z.string().nullable(), rowId: z.string().nullable(), message: z.string() })
    .nullable(),
});
export type ChainStatus = z.infer<typeof ChainStatus>;

export const EXPORT_FORMATS = ['csv', 'json'] as const;

export const governanceMethods = {
  'governance-people-list': method(ByEvent, z.object({ people: z.array(Person), facilitator: Facilitator })),
  /** First time: no oldPassphrase. Changing it needs the old one (wrong tries count against the limit). */
  'governance-passphrase-set': method(
    z.object({ memberId: Id, passphrase: Passphrase, oldPassphrase: Passphrase.optional() }),
    z.object({ memberId: Id, setAt: IsoDateTime }),
  ),
  /** Checks a passphrase without acting (e.g. before showing a form as someone); counts like any try. */
  'governance-passphrase-verify': method(z.object({ eventId: Id, acting: Acting }), z.object({ memberId: Id, name: z.string(), role: TeamRole })),
  'governance-facilitator-get': method(ByEvent, Facilitator),
  /** Switching to a person who has a passphrase needs it. */
  'governance-facilitator-update': method(z.object({ eventId: Id, memberId: Id, passphrase: Passphrase.optional() }), Facilitator),
  'governance-components': method(ByEvent, z.array(Component)),
  'governance-change-list': method(ByEvent, z.array(ControlledChange)),
  /** Records a controlled change approved by `approver` (their passphrase); `correctsId` makes it a correction. */
  'governance-change-create': method(
    z.object({
      eventId: Id,
      fields: ControlledChangeFields,
      approver: Acting,
      correctsId: Id.nullable().default(null),
      /** A new entry whose actual date is inside a change-freeze window needs the facilitator's override (freeze.ts). */
      freezeOverride: z.object({ reason: z.string().trim().min(1, 'say why this could not wait until the freeze ended').max(2000), acting: Acting }).optional(),
    }),
    ControlledChange,
  ),
  'governance-log-list': method(ByEvent, z.array(LogEntry)),
  'governance-chain-status': method(z.object({}).strict(), ChainStatus),
  /** The event's change log with hashes, for an auditor (CSV with formulas neutralised, or JSON). */
  'governance-log-export': method(
    z.object({ eventId: Id, format: z.enum(EXPORT_FORMATS) }),
    z.object({ fileName: z.string(), mimeType: z.string(), content: z.string() }),
  ),
} as const;
