import { AppError, notFound } from '../../../common/contract/errors';
import type { Signature, SignoffRequest, SignoffStatus, SignoffStatusValue, SignoffSubject } from '../../../common/contract/schemas/signoff';
import { TEAM_ROLE_LABELS } from '../../../common/contract/schemas/team';
import type { TeamRole } from '../../../common/contract/schemas/team';
import type { ServiceContext } from '../../context';
import type { Db } from '../../db/connection';
import type { Handlers, MethodsOf } from '../../handlers';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/signoffs';
import type { StoredRequest } from '../../db/repositories/signoffs';
import * as governance from '../../db/repositories/governance';
import * as team from '../../db/repositories/team';
import { requireEvent } from '../lookups';
import { verifyPassphrase } from './people';
import { versionFeatures } from './registry';

/** The roles that must sign a model version using personal or sensitive data (issue 16). */
export const PERSONAL_DATA_SIGNERS: readonly TeamRole[] = ['governance-board', 'compliance-legal'];

type Feature = Readonly<{ name: string; personal: boolean; sensitive: boolean }>;

/** The roles a model version's features require, and why (pure). */
export function rolesForFeatures(features: readonly Feature[]): { roles: TeamRole[]; reasons: string[] } {
  const personal = features.filter((f) => f.personal).map((f) => f.name);
  const sensitive = features.filter((f) => f.sensitive && !f.personal).map((f) => f.name);
  const reasons: string[] = [];
  if (personal.length > 0) reasons.push(`uses personal column${personal.length === 1 ? '' : 's'} ${personal.join(', ')}`);
  if (sensitive.length > 0) reasons.push(`uses feature${sensitive.length === 1 ? '' : 's'} flagged sensitive: ${sensitive.join(', ')}`);
  return { roles: reasons.length > 0 ? [...PERSONAL_DATA_SIGNERS] : [], reasons };
}

/**
 * The roles that must sign a model version before it is promoted: a governance-board and a compliance/legal
 * sign-off when any of its features is a column marked personal at import or a feature flagged sensitive in its
 * model card; none otherwise.
 */
export function requiredSignoffRoles(db: Db, modelVersionId: string): TeamRole[] {
  return rolesForFeatures(versionFeatures(db, modelVersionId)).roles;
}

/** A request's state: rejected by any reject; approved when every required role has an approving signature. */
export function requestStatus(required: readonly TeamRole[], signatures: readonly Pick<Signature, 'role' | 'decision'>[]): { status: SignoffStatusValue; missing: TeamRole[] } {
  const missing = required.filter((r) => !signatures.some((s) => s.role === r && s.decision !== 'reject'));
  if (signatures.some((s) => s.decision === 'reject')) return { status: 'rejected', missing };
  return { status: missing.length === 0 ? 'approved' : 'pending', missing };
}

function rulesFor(db: Db, subject: SignoffSubject): TeamRole[] {
  return subject.kind === 'model-version' ? requiredSignoffRoles(db, subject.id) : [];
}

function toRequest(db: Db, q: StoredRequest): SignoffRequest {
  const signatures = repo.listSignatures(db, q.id);
  const { status, missing } = requestStatus(q.requiredRoles, signatures);
  return { ...q, signatures, missingRoles: missing, status };
}

/**
 * A subject's sign-off state, from its latest request: `required` is the union of the request's roles and the
 * roles the rules demand (personal/sensitive features), so a request that leaves out the governance board
 * or compliance is never "approved" for a model that needs them.
 */
export function signoffStatus(db: Db, subject: SignoffSubject): SignoffStatus {
  const rules = rulesFor(db, subject);
  const q = repo.latestRequestFor(db, subject);
  if (!q) return { required: rules, signatures: [], status: 'none' };
  const required = [...new Set([...q.requiredRoles, ...rules])];
  const signatures = repo.listSignatures(db, q.id);
  return { required, signatures: signatures.map(({ role, name, decision, at }) => ({ role, name, decision, at })), status: requestStatus(required, signatures).status };
}

/** The subject's event and a label, or NOT_FOUND. */
function subjectOf(db: Db, subject: SignoffSubject): { eventId: string; label: string } {
  if (subject.kind === 'change') {
    const c = governance.findChange(db, subject.id);
    if (!c) throw notFound('Controlled change', subject.id);
    return { eventId: c.eventId, label: `${c.component.label}: ${c.after || c.changeType}`.slice(0, 300) };
  }
  const v = repo.modelVersionSubject(db, subject.id);
  if (!v) throw notFound('Model version', subject.id);
  return v;
}

const roleList = (roles: readonly TeamRole[]) => roles.map((r) => TEAM_ROLE_LABELS[r]).join(', ');

export function signoffHandlers(ctx: ServiceContext): Handlers<MethodsOf<'signoff'>> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'governance' });
  return {
    'signoff-list': ({ eventId }) => {
      requireEvent(ctx, eventId, { allowDeleted: true });
      return repo.listRequests(db, eventId).map((q) => toRequest(db, q));
    },
    'signoff-create': (input) => {
      requireEvent(ctx, input.eventId);
      const subject = subjectOf(db, input.subject);
      if (subject.eventId !== input.eventId) throw notFound(input.subject.kind === 'change' ? 'Controlled change' : 'Model version', input.subject.id);
      const requester = team.findMember(db, input.requesterId);
      if (!requester || requester.eventId !== input.eventId) throw new AppError('BAD_INPUT', `requesterId: no team member "${input.requesterId}" in this event.`);
      const roles = [...new Set([...input.requiredRoles, ...rulesFor(db, input.subject)])];
      const members = team.listMembers(db, input.eventId);
      const nobody = roles.filter((r) => !members.some((m) => m.role === r));
      if (nobody.length > 0) {
        throw new AppError('BAD_INPUT', `Nobody in the team holds the role ${roleList(nobody)}: add that person on the Team page before asking for sign-off.`);
      }
      const q: StoredRequest = {
        id: ctx.newId(),
        eventId: input.eventId,
        subject: input.subject,
        subjectLabel: subject.label,
        requiredRoles: roles,
        statement: input.statement,
        conditions: input.conditions,
        requesterId: requester.id,
        requestedBy: requester.name,
        createdAt: ctx.nowIso(),
      };
      db.transaction(() => {
        repo.insertRequest(db, q);
        appendChange(db, q.createdAt, {
          actor: requester.name,
          entity: 'signoff-request',
          entityId: q.id,
          action: 'request',
          reason: q.statement,
          eventId: q.eventId,
          payload: { subject: q.subject, label: q.subjectLabel, requiredRoles: q.requiredRoles, conditions: q.conditions },
          record: { table: 'signoff_requests', id: q.id },
        });
      })();
      changed(q.eventId);
      return toRequest(db, q);
    },
    'signoff-sign': ({ requestId, acting, decision, comment }) => {
      const q = repo.findRequest(db, requestId);
      if (!q) throw notFound('Sign-off request', requestId);
      requireEvent(ctx, q.eventId);
      const before = toRequest(db, q);
      if (before.status !== 'pending') {
        throw new AppError('CONFLICT', `This sign-off is already ${before.status}: request a new sign-off to sign again.`);
      }
      const member = team.findMember(db, acting.memberId);
      if (!member || member.eventId !== q.eventId) throw notFound('Team member', acting.memberId);
      const earlier = before.signatures.find((s) => s.memberId === member.id);
      if (earlier) {
        throw new AppError('CONFLICT', `${member.name} has already signed this request (${earlier.decision} at ${earlier.at.slice(0, 16).replace('T', ' ')}): one signature per person.`);
      }
      if (!q.requiredRoles.includes(member.role)) {
        throw new AppError('FORBIDDEN', `${member.name} is ${TEAM_ROLE_LABELS[member.role]}; this sign-off needs ${roleList(q.requiredRoles)}.`);
      }
      const who = verifyPassphrase(ctx, { eventId: q.eventId, memberId: acting.memberId, passphrase: acting.passphrase });
      const s: Signature = { id: ctx.newId(), memberId: who.memberId, name: who.name, role: who.role, decision, comment, at: ctx.nowIso() };
      db.transaction(() => {
        repo.insertSignature(db, q.id, s);
        appendChange(db, s.at, {
          actor: who.name,
          entity: 'signoff',
          entityId: s.id,
          action: decision,
          reason: comment,
          eventId: q.eventId,
          payload: { requestId: q.id, subject: q.subject, label: q.subjectLabel, role: s.role },
          record: { table: 'signoff_signatures', id: s.id },
        });
      })();
      changed(q.eventId);
      return toRequest(db, q);
    },
    'signoff-status': ({ eventId, subject }) => {
      requireEvent(ctx, eventId, { allowDeleted: true });
      if (subjectOf(db, subject).eventId !== eventId) throw notFound('Sign-off subject', subject.id);
      return signoffStatus(db, subject);
    },
    'signoff-required': ({ eventId, subject }) => {
      requireEvent(ctx, eventId);
      if (subjectOf(db, subject).eventId !== eventId) throw notFound('Sign-off subject', subject.id);
      return subject.kind === 'model-version' ? rolesForFeatures(versionFeatures(db, subject.id)) : { roles: [], reasons: [] };
    },
  };
}
