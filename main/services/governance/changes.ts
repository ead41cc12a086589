import { AppError, notFound } from '../../../common/contract/errors';
import type { Acting, Component, ControlledChange, ControlledChangeFields } from '../../../common/contract/schemas/governance';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as repo from '../../db/repositories/governance';
import * as team from '../../db/repositories/team';
import * as improve from '../../db/repositories/improve';
import * as kpis from '../../db/repositories/kpi';
import { requireEvent } from '../lookups';
import { verifyPassphrase } from './people';
import { freezeLookup, requireFreezeClearance } from './freeze';
import type { FreezeOverrideInput } from '../../../common/contract/schemas/freeze';
import { signoffStatus } from './signoffs';

/** What a controlled change can be about: the event's VSM stages, registered models and datasets. */
export function listComponents(ctx: ServiceContext, eventId: string): Component[] {
  requireEvent(ctx, eventId);
  return repo.componentChoices(ctx.db, eventId);
}

function checkLink(ctx: ServiceContext, eventId: string, link: ControlledChangeFields['link']): void {
  if (!link) return;
  const owner =
    link.kind === 'action' ? improve.findAction(ctx.db, link.id)?.eventId : link.kind === 'decision' ? improve.findDecision(ctx.db, link.id)?.eventId : kpis.findKpi(ctx.db, link.id)?.eventId;
  if (owner !== eventId) throw new AppError('BAD_INPUT', `fields.link: no ${link.kind} "${link.id}" in this event.`);
}

function checkComponent(ctx: ServiceContext, eventId: string, c: Component): void {
  if (c.kind === 'other') return;
  const known = repo.componentChoices(ctx.db, eventId).some((x) => x.kind === c.kind && x.id === c.id);
  if (!known) throw new AppError('BAD_INPUT', `fields.component: no ${c.kind} "${c.id}" in this event (choose one from the list, or "other").`);
}

/**
 * Records a controlled change approved by `approver` (passphrase checked first, outside the transaction, so a
 * wrong try is counted). Entries are append-only; a correction is a new entry pointing at the one it corrects.
 * The change-log entry is attributed to the approver and its hash covers the stored row.
 */
export function createChange(ctx: ServiceContext, input: { eventId: string; fields: ControlledChangeFields; approver: Acting; correctsId: string | null; freezeOverride?: FreezeOverrideInput }): ControlledChange {
  const { db } = ctx;
  const { eventId, fields, correctsId } = input;
  requireEvent(ctx, eventId);
  const requester = team.findMember(db, fields.requesterId);
  if (!requester || requester.eventId !== eventId) throw new AppError('BAD_INPUT', `fields.requesterId: no team member "${fields.requesterId}" in this event.`);
  if (correctsId !== null) {
    const old = repo.findChange(db, correctsId);
    if (!old || old.eventId !== eventId) throw notFound('Controlled change to correct', correctsId);
  }
  checkComponent(ctx, eventId, fields.component);
  checkLink(ctx, eventId, fields.link);
  // A change that went ahead inside a freeze window needs the facilitator's override (asked before the approver's try).
  const id = ctx.newId();
  const inFreeze = correctsId === null && fields.actualDate !== null;
  const subject = { kind: 'change' as const, id, label: `${fields.component.label}: ${fields.after || fields.changeType}`.slice(0, 300) };
  if (inFreeze && !input.freezeOverride) requireFreezeClearance(ctx, eventId, subject, undefined, fields.actualDate!);
  const approver = verifyPassphrase(ctx, { eventId, memberId: input.approver.memberId, passphrase: input.approver.passphrase });
  if (inFreeze && input.freezeOverride) requireFreezeClearance(ctx, eventId, subject, input.freezeOverride, fields.actualDate!);
  const at = ctx.nowIso();
  db.transaction(() => {
    repo.appendControlledChange(db, { id, eventId, fields, requesterName: requester.name, approverId: approver.memberId, approverName: approver.name, correctsId, recordedBy: approver.name, createdAt: at });
    appendChange(db, at, {
      actor: approver.name,
      entity: 'controlled-change',
      entityId: id,
      action: correctsId ? 'correct' : 'record',
      reason: fields.reason,
      eventId,
      payload: {
        component: fields.component.label,
        changeType: fields.changeType,
        before: fields.before,
        after: fields.after,
        requester: requester.name,
        approver: approver.name,
        ticketRef: fields.ticketRef,
        correctsId,
      },
      record: { table: 'controlled_changes', id },
    });
  })();
  ctx.bus.emit('data-changed', { eventId, area: 'governance' });
  const stored = repo.findChange(db, id)!;
  return { ...stored, freeze: freezeLookup(db, eventId)(stored.actualDate ?? stored.plannedDate), signoff: signoffStatus(db, { kind: 'change', id }).status };
}

export function listChanges(ctx: ServiceContext, eventId: string): ControlledChange[] {
  requireEvent(ctx, eventId, { allowDeleted: true });
  const frozen = freezeLookup(ctx.db, eventId);
  return repo.listChanges(ctx.db, eventId).map((c) => ({ ...c, freeze: frozen(c.actualDate ?? c.plannedDate), signoff: signoffStatus(ctx.db, { kind: 'change', id: c.id }).status }));
}
