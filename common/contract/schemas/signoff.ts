import { z } from 'zod';
import { method } from './define';
import { ByEvent, Id, IsoDateTime, LongText } from './common';
import { TeamRole } from './team';
import { Acting } from './governance';

/** What a sign-off is about: a controlled change entry or a model version of the registry. */
export const SIGNOFF_SUBJECT_KINDS = ['change', 'model-version'] as const;
export const SignoffSubjectKind = z.enum(SIGNOFF_SUBJECT_KINDS);
export const SignoffSubject = z.object({ kind: SignoffSubjectKind, id: Id });
export type SignoffSubject = z.infer<typeof SignoffSubject>;

export const SIGNOFF_DECISIONS = ['approve', 'approve-with-conditions', 'reject'] as const;
export const SignoffDecision = z.enum(SIGNOFF_DECISIONS);
export type SignoffDecision = z.infer<typeof SignoffDecision>;
export const SIGNOFF_DECISION_LABELS: Readonly<Record<SignoffDecision, string>> = {
  approve: 'Approve',
  'approve-with-conditions': 'Approve with conditions',
  reject: 'Reject',
};

export const SIGNOFF_STATUSES = ['none', 'pending', 'approved', 'rejected'] as const;
export const SignoffStatusValue = z.enum(SIGNOFF_STATUSES);
export type SignoffStatusValue = z.infer<typeof SignoffStatusValue>;

export const Signature = z.object({
  id: Id,
  memberId: Id,
  name: z.string(),
  role: TeamRole,
  decision: SignoffDecision,
  comment: z.string(),
  at: IsoDateTime,
});
export type Signature = z.infer<typeof Signature>;

export const SignoffRequest = z.object({
  id: Id,
  eventId: Id,
  subject: SignoffSubject,
  /** The change or version in words ("fraud-v3.2", "Feature cache: …"), as it was when requested. */
  subjectLabel: z.string(),
  requiredRoles: z.array(TeamRole),
  statement: z.string(),
  conditions: z.string(),
  requestedBy: z.string(),
  createdAt: IsoDateTime,
  signatures: z.array(Signature),
  /** Required roles without an approving signature yet. */
  missingRoles: z.array(TeamRole),
  status: SignoffStatusValue,
});
export type SignoffRequest = z.infer<typeof SignoffRequest>;

/** A subject's sign-off state: its latest request, plus the roles the rules require (personal/sensitive features). */
export const SignoffStatus = z.object({
  required: z.array(TeamRole),
  signatures: z.array(Signature.pick({ role: true, name: true, decision: true, at: true })),
  status: SignoffStatusValue,
});
export type SignoffStatus = z.infer<typeof SignoffStatus>;

export const signoffMethods = {
  'signoff-list': method(ByEvent, z.array(SignoffRequest)),
  /** Asks for sign-off; a model version using a personal or sensitive feature always needs governance board and compliance. */
  'signoff-create': method(
    z.object({
      eventId: Id,
      subject: SignoffSubject,
      requiredRoles: z.array(TeamRole).min(1, 'name at least one role that must sign').max(10),
      statement: z.string().trim().min(1, 'say what is being signed off').max(20_000),
      conditions: LongText.default(''),
      /** The team member asking (no passphrase needed to ask). */
      requesterId: Id,
    }),
    SignoffRequest,
  ),
  /** One signature per person per request, proven by the signer's passphrase. */
  'signoff-sign': method(
    z.object({ requestId: Id, acting: Acting, decision: SignoffDecision, comment: LongText.default('') }),
    SignoffRequest,
  ),
  'signoff-status': method(z.object({ eventId: Id, subject: SignoffSubject }), SignoffStatus),
  /** The roles the rules require for a subject, and why (for the request form). */
  'signoff-required': method(
    z.object({ eventId: Id, subject: SignoffSubject }),
    z.object({ roles: z.array(TeamRole), reasons: z.array(z.string()) }),
  ),
} as const;
