import { z } from 'zod';
import { method } from './define';
import { ByEvent, ById, Id, IsoDate, LongText, ShortText } from './common';
import { TEAM_WARNING_CODES } from '../../domain/team/teamWarnings';

export const TEAM_ROLES = [
  'sponsor',
  'facilitator',
  'process-owner',
  'data-engineer',
  'ml-engineer',
  'platform-sre',
  'compliance-legal',
  'governance-board',
  'vendor',
  'participant',
] as const;
export const TeamRole = z.enum(TEAM_ROLES);
export type TeamRole = z.infer<typeof TeamRole>;

export const TEAM_ROLE_LABELS: Readonly<Record<TeamRole, string>> = {
  sponsor: 'Sponsor',
  facilitator: 'Facilitator',
  'process-owner': 'Process owner',
  'data-engineer': 'Data engineer',
  'ml-engineer': 'ML engineer',
  'platform-sre': 'Platform / SRE',
  'compliance-legal': 'Compliance / legal',
  'governance-board': 'Governance board',
  vendor: 'Vendor',
  participant: 'Participant',
};

export const MemberFields = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(200),
  role: TeamRole,
  /** Systems this person is authorised to grant or use data access for. */
  dataAccess: z.array(z.string().trim().min(1).max(200)).max(50),
  /** Process stages this person owns. */
  processStages: z.array(z.string().trim().min(1).max(200)).max(50),
  canModifyStaging: z.boolean(),
  notes: LongText,
});
export type MemberFields = z.infer<typeof MemberFields>;

export const TeamMember = MemberFields.extend({ id: Id, eventId: Id, position: z.number().int() });
export type TeamMember = z.infer<typeof TeamMember>;

export const TeamWarning = z.object({
  code: z.enum(TEAM_WARNING_CODES),
  message: z.string(),
});
export type TeamWarning = z.infer<typeof TeamWarning>;

export const CHECKLIST_KINDS = ['logs-access', 'staging-permissions', 'vendors', 'kpis-agreed', 'custom'] as const;
export const ChecklistKind = z.enum(CHECKLIST_KINDS);
export const CHECKLIST_STATUSES = ['open', 'in-progress', 'done', 'not-needed'] as const;
export const ChecklistStatus = z.enum(CHECKLIST_STATUSES);

export const ChecklistFields = z.object({
  kind: ChecklistKind,
  title: z.string().trim().min(1, 'must not be empty').max(300),
  status: ChecklistStatus,
  ownerId: Id.nullable(),
  dueDate: IsoDate.nullable(),
  note: LongText,
  /** Kind-specific details: retention agreed, granted by / expires, vendors included and SLA notes. */
  details: z.object({
    retention: ShortText.optional(),
    grantedBy: ShortText.optional(),
    expires: IsoDate.nullable().optional(),
    vendorsIncluded: z.boolean().nullable().optional(),
    slaDependencies: ShortText.optional(),
  }),
});
export type ChecklistFields = z.infer<typeof ChecklistFields>;
export const ChecklistItem = ChecklistFields.extend({ id: Id, eventId: Id, position: z.number().int() });
export type ChecklistItem = z.infer<typeof ChecklistItem>;

export const teamMethods = {
  'team-list': method(ByEvent, z.object({ members: z.array(TeamMember), warnings: z.array(TeamWarning) })),
  'team-add': method(
    z.object({ eventId: Id, id: Id.optional(), member: MemberFields.partial().extend({ name: MemberFields.shape.name }) }),
    TeamMember,
  ),
  'team-update': method(z.object({ id: Id, patch: MemberFields.partial() }), TeamMember),
  'team-remove': method(ById, TeamMember),
  'checklist-list': method(ByEvent, z.array(ChecklistItem)),
  'checklist-add': method(
    z.object({ eventId: Id, id: Id.optional(), item: ChecklistFields.partial().extend({ title: ChecklistFields.shape.title }) }),
    ChecklistItem,
  ),
  'checklist-update': method(z.object({ id: Id, patch: ChecklistFields.partial() }), ChecklistItem),
  'checklist-remove': method(ById, ChecklistItem),
} as const;
