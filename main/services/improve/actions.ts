import { format } from 'date-fns';
import { CLOSED_STATUSES, LINK_KIND_LABELS } from '../../../common/contract/schemas/actions';
import type { ActionFields, ActionLink, KaizenAction } from '../../../common/contract/schemas/actions';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import type { Handlers, MethodsOf } from '../../handlers';
import * as repo from '../../db/repositories/improve';
import * as rc from '../../db/repositories/rootcause';
import * as team from '../../db/repositories/team';
import { requireEvent } from '../lookups';
import { freezeLookup, requireFreezeClearance } from '../governance/freeze';
import { actorFor } from '../governance/people';
import { appendChange } from '../../db/changeLog';
import * as kpiRepo from '../../db/repositories/kpi';
import { actionEvidence } from './verification';

/** Today's date on this machine (the facilitator's calendar), as YYYY-MM-DD. */
export function localToday(ctx: ServiceContext): string {
  return format(ctx.clock.now(), 'yyyy-MM-dd');
}

/** Overdue: a due date before today while the action is still planned or in progress. */
export function isOverdue(a: Pick<KaizenAction, 'dueDate' | 'status'>, today: string): boolean {
  return a.dueDate !== null && a.dueDate < today && !CLOSED_STATUSES.includes(a.status);
}

/**
 * Every link must point at something of the same event: ideas, root causes (5 Whys answers or fishbone
 * causes), KPIs, VSM stages, kaizen bursts and analysis results. A kind whose area is not installed (its
 * table is absent) is stored as given, so this area never depends on another landing first.
 */
function checkLinks(ctx: ServiceContext, eventId: string, links: readonly ActionLink[]): void {
  links.forEach((l, i) => {
    if (l.kind === 'idea' && !repo.ideaBelongsTo(ctx.db, eventId, l.id)) {
      throw new AppError('BAD_INPUT', `links.${i}: idea "${l.id}" is not in this event.`);
    }
    if (l.kind === 'root-cause') {
      const why = rc.findNode(ctx.db, l.id);
      const whyEvent = why ? rc.findChain(ctx.db, why.chainId)?.eventId : undefined;
      const cause = rc.findCause(ctx.db, l.id);
      const causeEvent = cause ? rc.findCategory(ctx.db, cause.categoryId)?.eventId : undefined;
      if (whyEvent !== eventId && causeEvent !== eventId) {
        throw new AppError('BAD_INPUT', `links.${i}: root cause "${l.id}" is neither a 5 Whys answer nor a fishbone cause of this event.`);
      }
    }
    if (repo.otherAreaLinkMissing(ctx.db, l.kind, l.id, eventId)) {
      throw new AppError('BAD_INPUT', `links.${i}: no ${LINK_KIND_LABELS[l.kind]} "${l.id}" in this event.`);
    }
  });
}

function checkEffectKpi(ctx: ServiceContext, eventId: string, effect: ActionFields['expectedEffect'] | undefined): void {
  if (!effect?.kpiId) return;
  if (kpiRepo.findKpi(ctx.db, effect.kpiId)?.eventId !== eventId) {
    throw new AppError('BAD_INPUT', `expectedEffect.kpiId: no KPI "${effect.kpiId}" in this event.`);
  }
}

export function actionHandlers(ctx: ServiceContext): Handlers<MethodsOf<'action'>> {
  const { db } = ctx;
  const changed = (eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'actions' });
  const withOverdue = (a: Omit<KaizenAction, 'overdue'>): KaizenAction => ({ ...a, overdue: isOverdue(a, localToday(ctx)), freeze: freezeLookup(db, a.eventId)(a.dueDate) });
  const action = (id: string) => withOverdue(repo.findAction(db, id) ?? (() => { throw notFound('Action', id); })());
  const checkOwner = (eventId: string, ownerId: string | null | undefined) => {
    if (!ownerId) return;
    const m = team.findMember(db, ownerId);
    if (!m || m.eventId !== eventId) throw new AppError('BAD_INPUT', `ownerId: no team member "${ownerId}" in this event.`);
  };
  return {
    'action-list': ({ eventId }) => {
      requireEvent(ctx, eventId);
      const today = localToday(ctx);
      const frozen = freezeLookup(db, eventId);
      return repo.listActions(db, eventId).map((a) => ({ ...a, overdue: isOverdue(a, today), freeze: frozen(a.dueDate) }));
    },
    'action-create': ({ eventId, id, ...input }) => {
      requireEvent(ctx, eventId);
      const newId = id ?? ctx.newId();
      if (repo.findAction(db, newId)) throw new AppError('CONFLICT', `An action with id "${newId}" already exists.`);
      const fields: ActionFields = {
        title: input.title,
        description: input.description ?? '',
        ownerId: input.ownerId ?? null,
        dueDate: input.dueDate ?? null,
        status: input.status ?? 'planned',
        effort: input.effort ?? null,
        expectedEffect: input.expectedEffect ?? null,
        links: input.links ?? [],
        doneDate: input.doneDate ?? (input.status === 'done' || input.status === 'verified' ? localToday(ctx) : null),
      };
      checkOwner(eventId, fields.ownerId);
      checkLinks(ctx, eventId, fields.links);
      checkEffectKpi(ctx, eventId, fields.expectedEffect);
      const at = ctx.nowIso();
      // Created as verified (e.g. undoing a removal): the same gate as action-update, without an override.
      const evidence = fields.status === 'verified' ? actionEvidence(ctx, fields) : null;
      if (evidence && !evidence.shown) {
        throw new AppError('CONFLICT', `"${fields.title}" cannot be created as verified: ${evidence.message} Create it as done, then verify it.`, { reason: 'evidence-needed', evidence });
      }
      db.transaction(() => {
        repo.insertAction(db, newId, eventId, at, fields);
        if (evidence) {
          repo.setVerification(db, newId, { by: 'evidence', at, reason: null, evidence });
          appendChange(db, at, { actor: actorFor(ctx, eventId), entity: 'action', entityId: newId, action: 'verify', payload: { title: fields.title, expected: evidence.expected, actual: evidence.actual, evidence: evidence.message }, eventId, record: { table: 'actions', id: newId } });
        }
      })();
      changed(eventId);
      return action(newId);
    },
    'action-update': ({ id, patch: asked, freezeOverride, verifyOverride }) => {
      const before = action(id);
      checkOwner(before.eventId, asked.ownerId);
      if (asked.links) checkLinks(ctx, before.eventId, asked.links);
      checkEffectKpi(ctx, before.eventId, asked.expectedEffect);
      if (asked.status !== undefined && asked.status !== before.status && (asked.status === 'in-progress' || asked.status === 'done')) {
        requireFreezeClearance(ctx, before.eventId, { kind: 'action', id, label: before.title }, freezeOverride);
      }
      // Finishing an action dates it (today, unless a done date is given): the KPI evidence is split there.
      const patch = asked.status === 'done' && before.status !== 'done' && asked.doneDate === undefined ? { ...asked, doneDate: localToday(ctx) } : asked;
      const at = ctx.nowIso();
      const verifying = patch.status === 'verified' && before.status !== 'verified';
      const unverifying = patch.status !== undefined && patch.status !== 'verified' && before.verification;
      let verification: KaizenAction['verification'] = null;
      if (verifying) {
        const evidence = actionEvidence(ctx, { ...before, ...patch });
        if (evidence && !evidence.shown) {
          if (!verifyOverride) {
            throw new AppError('CONFLICT', `"${before.title}" cannot be verified yet: ${evidence.message} Verify it with an override and a reason if you know better.`, {
              reason: 'evidence-needed',
              evidence,
            });
          }
          verification = { by: 'override', at, reason: verifyOverride.reason, evidence };
        } else if (evidence) verification = { by: 'evidence', at, reason: null, evidence };
      }
      db.transaction(() => {
        repo.updateAction(db, id, at, patch);
        if (verification) {
          repo.setVerification(db, id, verification);
          appendChange(db, at, {
            actor: actorFor(ctx, before.eventId),
            entity: 'action',
            entityId: id,
            action: verification.by === 'override' ? 'verify-override' : 'verify',
            reason: verification.reason ?? undefined,
            payload: { title: before.title, expected: verification.evidence?.expected ?? null, actual: verification.evidence?.actual ?? null, evidence: verification.evidence?.message ?? null },
            eventId: before.eventId,
            record: { table: 'actions', id },
          });
        } else if (unverifying) {
          repo.setVerification(db, id, null);
          appendChange(db, at, { actor: actorFor(ctx, before.eventId), entity: 'action', entityId: id, action: 'unverify', payload: { title: before.title, status: patch.status }, eventId: before.eventId, record: { table: 'actions', id } });
        }
      })();
      changed(before.eventId);
      return action(id);
    },
    'action-evidence': ({ id }) => actionEvidence(ctx, action(id)),
    'action-remove': ({ id }) => {
      const before = action(id);
      repo.deleteAction(db, id);
      changed(before.eventId);
      return before;
    },
  };
}
