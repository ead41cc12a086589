import { AppError, notFound } from '../../../common/contract/errors';
import type { ControlPlanFields, ControlPlanItem } from '../../../common/contract/schemas/sustain';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as kpis from '../../db/repositories/kpi';
import * as team from '../../db/repositories/team';
import * as repo from '../../db/repositories/sustain';
import type { StoredControlItem } from '../../db/repositories/sustain';
import { requireEvent, requireKpi } from '../lookups';
import { actorFor } from '../governance/people';

/** Joins in what the table shows by name: the KPI, the owner (null once removed from the team) and the runbook. */
function withNames(ctx: ServiceContext, items: readonly StoredControlItem[]): ControlPlanItem[] {
  if (items.length === 0) return [];
  const eventId = items[0]!.eventId;
  const kpiById = new Map(kpis.listKpis(ctx.db, eventId).map((k) => [k.id, k]));
  const members = new Map(team.listMembers(ctx.db, eventId).map((m) => [m.id, m.name]));
  const runbooks = new Map(repo.listRunbooks(ctx.db, eventId).map((r) => [r.id, r.title]));
  return items.map((c) => {
    const k = kpiById.get(c.kpiId);
    return {
      ...c,
      kpiName: k?.name ?? '',
      kpiUnit: k?.unit ?? '',
      kpiSource: k && k.source.kind !== 'manual' ? 'dataset' : 'manual',
      ownerName: c.ownerId ? (members.get(c.ownerId) ?? null) : null,
      runbookTitle: c.runbookId ? (runbooks.get(c.runbookId) ?? null) : null,
    };
  });
}

function itemOf(ctx: ServiceContext, id: string): ControlPlanItem {
  const c = repo.findControlItem(ctx.db, id);
  if (!c) throw notFound('Control-plan row', id);
  return withNames(ctx, [c])[0]!;
}

export function listControlPlan(ctx: ServiceContext, eventId: string): ControlPlanItem[] {
  requireEvent(ctx, eventId);
  return withNames(ctx, repo.listControlItems(ctx.db, eventId));
}

/** Checks the references a row holds against its event and its KPI; says which field is wrong. */
function checkFields(ctx: ServiceContext, eventId: string, kpiId: string, f: Partial<ControlPlanFields>): void {
  if (f.ownerId) {
    const m = team.findMember(ctx.db, f.ownerId);
    if (!m || m.eventId !== eventId) throw new AppError('BAD_INPUT', `ownerId: "${f.ownerId}" is not a member of this event's team.`, { field: 'ownerId' });
  }
  if (f.runbookId) {
    const r = repo.findRunbook(ctx.db, f.runbookId);
    if (!r || r.eventId !== eventId) throw new AppError('BAD_INPUT', `runbookId: no runbook "${f.runbookId}" in this event.`, { field: 'runbookId' });
  }
  if (f.sourceKind === 'dataset') {
    const k = requireKpi(ctx, kpiId);
    if (k.source.kind === 'manual') {
      throw new AppError('BAD_INPUT', `sourceKind: the KPI "${k.name}" is entered by hand, so its data source cannot be a dataset; link the KPI to a dataset first (KPIs page).`, { field: 'sourceKind' });
    }
  }
}

function log(ctx: ServiceContext, eventId: string, id: string, action: string, payload: unknown): void {
  appendChange(ctx.db, ctx.nowIso(), {
    actor: actorFor(ctx, eventId),
    entity: 'control-plan',
    entityId: id,
    action,
    payload,
    eventId,
    record: { table: 'control_plan_items', id },
  });
}

export function createControlItem(
  ctx: ServiceContext,
  input: { eventId: string; kpiId: string; id?: string; fields?: Partial<ControlPlanFields>; position?: number },
): ControlPlanItem {
  const { db } = ctx;
  requireEvent(ctx, input.eventId);
  const kpi = requireKpi(ctx, input.kpiId);
  if (kpi.eventId !== input.eventId) throw new AppError('BAD_INPUT', `kpiId: the KPI "${kpi.name}" belongs to another event.`, { field: 'kpiId' });
  if (repo.findControlItemByKpi(db, kpi.id)) throw new AppError('CONFLICT', `"${kpi.name}" already has a row in the control plan: edit that one.`, { kpiId: kpi.id });
  const id = input.id ?? ctx.newId();
  if (repo.findControlItem(db, id)) throw new AppError('CONFLICT', `A control-plan row with id "${id}" already exists.`, { id });
  const fields: ControlPlanFields = {
    ownerId: input.fields?.ownerId ?? kpi.ownerId ?? null,
    frequency: input.fields?.frequency ?? 'daily',
    sourceKind: input.fields?.sourceKind ?? (kpi.source.kind !== 'manual' ? 'dataset' : 'manual'),
    sourceNote: input.fields?.sourceNote ?? '',
    reactions: input.fields?.reactions ?? [],
    escalations: input.fields?.escalations ?? [],
    runbookId: input.fields?.runbookId ?? null,
  };
  // A KPI owner who has since left the team is not carried over as the row's owner.
  if (fields.ownerId && !input.fields?.ownerId && team.findMember(db, fields.ownerId)?.eventId !== input.eventId) fields.ownerId = null;
  checkFields(ctx, input.eventId, kpi.id, fields);
  db.transaction(() => {
    repo.insertControlItem(db, id, input.eventId, kpi.id, ctx.nowIso(), fields, input.position);
    log(ctx, input.eventId, id, 'create', { kpiId: kpi.id, kpi: kpi.name, ...fields });
  })();
  ctx.bus.emit('data-changed', { eventId: input.eventId, area: 'control-plan' });
  return itemOf(ctx, id);
}

export function updateControlItem(ctx: ServiceContext, input: { id: string; patch: Partial<ControlPlanFields> }): ControlPlanItem {
  const before = itemOf(ctx, input.id);
  requireEvent(ctx, before.eventId);
  checkFields(ctx, before.eventId, before.kpiId, input.patch);
  ctx.db.transaction(() => {
    repo.updateControlItem(ctx.db, input.id, ctx.nowIso(), input.patch);
    log(ctx, before.eventId, input.id, 'update', { kpi: before.kpiName, patch: input.patch });
  })();
  ctx.bus.emit('data-changed', { eventId: before.eventId, area: 'control-plan' });
  return itemOf(ctx, input.id);
}

export function removeControlItem(ctx: ServiceContext, id: string): ControlPlanItem {
  const before = itemOf(ctx, id);
  requireEvent(ctx, before.eventId);
  ctx.db.transaction(() => {
    repo.deleteControlItem(ctx.db, id);
    log(ctx, before.eventId, id, 'remove', { kpi: before.kpiName });
  })();
  ctx.bus.emit('data-changed', { eventId: before.eventId, area: 'control-plan' });
  return before;
}
