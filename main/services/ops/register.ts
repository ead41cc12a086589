import { AppError, notFound } from '../../../common/contract/errors';
import type { CheckFields, CheckItem, FmeaFields, FmeaRow, SlaEntry, SlaFields } from '../../../common/contract/schemas/ops';
import { DomainInputError } from '../../../common/domain/errors';
import { rpn, sortByRpn } from '../../../common/domain/ops/fmea';
import { parseSample, schemaDiff } from '../../../common/domain/ops/schemaDiff';
import type { ServiceContext } from '../../context';
import { appendChange } from '../../db/changeLog';
import * as improve from '../../db/repositories/improve';
import * as repo from '../../db/repositories/ops';
import { actorFor } from '../governance/people';
import { requireEvent } from '../lookups';
import { slaStatus } from './slaStatus';

/**
 * The SLA register, the integration checklist and the FMEA. SLA and FMEA rows are decisions: each change is written
 * with a change-log entry in the same transaction (hash-chained, main/db/chainedTables.ts). Removing returns the row
 * so the window can undo by adding it back with its id and position.
 */
function log(ctx: ServiceContext, eventId: string, table: 'ops_sla_entries' | 'ops_fmea_rows', id: string, action: string, payload: unknown): void {
  appendChange(ctx.db, ctx.nowIso(), { actor: actorFor(ctx, eventId), entity: table === 'ops_sla_entries' ? 'sla' : 'fmea', entityId: id, action, payload, eventId, record: { table, id } });
}
const changed = (ctx: ServiceContext, eventId: string) => ctx.bus.emit('data-changed', { eventId, area: 'ops' });

// ── SLA register ─────────────────────────────────────────────────────────────
function slaOf(ctx: ServiceContext, s: repo.StoredSla): SlaEntry {
  if (!s.source) return { ...s, status: null, error: null };
  try {
    return { ...s, status: slaStatus(ctx, s), error: null };
  } catch (e) {
    if (e instanceof AppError) return { ...s, status: null, error: e.message };
    throw e;
  }
}
const requireSla = (ctx: ServiceContext, id: string) => repo.findSla(ctx.db, id) ?? (() => { throw notFound('SLA', id); })();

export function listSla(ctx: ServiceContext, eventId: string): SlaEntry[] {
  requireEvent(ctx, eventId);
  return repo.listSla(ctx.db, eventId).map((s) => slaOf(ctx, s));
}

export function addSla(ctx: ServiceContext, input: { eventId: string; id?: string; entry: Partial<SlaFields> & Pick<SlaFields, 'subjectKind' | 'subject' | 'metric' | 'target' | 'window'>; position?: number }): SlaEntry {
  requireEvent(ctx, input.eventId);
  const id = input.id ?? ctx.newId();
  if (repo.findSla(ctx.db, id)) throw new AppError('CONFLICT', `An SLA with id "${id}" already exists.`);
  const f: SlaFields = { unit: '', signed: false, owner: '', notes: '', source: null, ...input.entry };
  checkTarget(f);
  ctx.db.transaction(() => {
    repo.insertSla(ctx.db, id, input.eventId, ctx.nowIso(), f, input.position);
    log(ctx, input.eventId, 'ops_sla_entries', id, 'create', f);
  })();
  changed(ctx, input.eventId);
  return slaOf(ctx, requireSla(ctx, id));
}

function checkTarget(f: SlaFields): void {
  if (f.metric === 'availability' && !(f.target > 0 && f.target <= 1)) throw new AppError('BAD_INPUT', `target: an availability target is a share from 0 to 1, e.g. 0.999 for 99.9 % (got ${f.target}).`, { field: 'target' });
  if (f.metric !== 'availability' && !(f.target > 0)) throw new AppError('BAD_INPUT', `target: a ${f.metric === 'p95' ? 'p95 latency' : 'data arrival'} target is a duration above 0 (got ${f.target}).`, { field: 'target' });
  if (f.source && f.metric === 'availability' && !f.source.status) throw new AppError('BAD_INPUT', 'source.status: availability is computed from a status column; name it.', { field: 'source.status' });
  if (f.source && f.metric !== 'availability' && !f.source.value) throw new AppError('BAD_INPUT', `source.value: ${f.metric === 'p95' ? 'p95 latency is computed from a latency column' : 'data arrival is computed from a delay column'}; name it.`, { field: 'source.value' });
}

export function updateSla(ctx: ServiceContext, id: string, patch: Partial<SlaFields>): SlaEntry {
  const before = requireSla(ctx, id);
  const { id: _i, eventId, position: _p, createdAt: _c, updatedAt: _u, ...fields } = before;
  const f: SlaFields = { ...fields, ...patch };
  checkTarget(f);
  ctx.db.transaction(() => {
    repo.updateSla(ctx.db, id, ctx.nowIso(), f);
    log(ctx, eventId, 'ops_sla_entries', id, 'update', { subject: before.subject, patch });
  })();
  changed(ctx, eventId);
  return slaOf(ctx, requireSla(ctx, id));
}

export function removeSla(ctx: ServiceContext, id: string): SlaEntry {
  const before = slaOf(ctx, requireSla(ctx, id));
  ctx.db.transaction(() => {
    repo.deleteSla(ctx.db, id);
    log(ctx, before.eventId, 'ops_sla_entries', id, 'remove', { subject: before.subject, metric: before.metric });
  })();
  changed(ctx, before.eventId);
  return before;
}

// ── Integration checklist ─────────────────────────────────────────────────────
function checkOf(c: repo.StoredCheck): CheckItem {
  if (!c.sampleBefore.trim() || !c.sampleAfter.trim()) return { ...c, diff: null, diffError: null };
  try {
    return { ...c, diff: schemaDiff(parseSample(c.sampleBefore, 'The first sample'), parseSample(c.sampleAfter, 'The second sample')), diffError: null };
  } catch (e) {
    if (e instanceof DomainInputError) return { ...c, diff: null, diffError: e.message };
    throw e;
  }
}
const requireCheck = (ctx: ServiceContext, id: string) => repo.findCheck(ctx.db, id) ?? (() => { throw notFound('Checklist item', id); })();

export function listChecks(ctx: ServiceContext, eventId: string): CheckItem[] {
  requireEvent(ctx, eventId);
  return repo.listChecks(ctx.db, eventId).map(checkOf);
}
export function addCheck(ctx: ServiceContext, input: { eventId: string; id?: string; item: Partial<CheckFields> & Pick<CheckFields, 'title'>; position?: number }): CheckItem {
  requireEvent(ctx, input.eventId);
  const id = input.id ?? ctx.newId();
  if (repo.findCheck(ctx.db, id)) throw new AppError('CONFLICT', `A checklist item with id "${id}" already exists.`);
  repo.insertCheck(ctx.db, id, input.eventId, ctx.nowIso(), { status: 'not-started', owner: '', evidence: [], notes: '', sampleBefore: '', sampleAfter: '', ...input.item }, input.position);
  changed(ctx, input.eventId);
  return checkOf(requireCheck(ctx, id));
}
export function updateCheck(ctx: ServiceContext, id: string, patch: Partial<CheckFields>): CheckItem {
  const { id: _i, eventId, position: _p, createdAt: _c, updatedAt: _u, ...fields } = requireCheck(ctx, id);
  repo.updateCheck(ctx.db, id, ctx.nowIso(), { ...fields, ...patch });
  changed(ctx, eventId);
  return checkOf(requireCheck(ctx, id));
}
export function removeCheck(ctx: ServiceContext, id: string): CheckItem {
  const before = checkOf(requireCheck(ctx, id));
  repo.deleteCheck(ctx.db, id);
  changed(ctx, before.eventId);
  return before;
}

// ── FMEA ─────────────────────────────────────────────────────────────────────
function fmeaOf(ctx: ServiceContext, r: repo.StoredFmea): FmeaRow {
  const a = r.actionId ? improve.findAction(ctx.db, r.actionId) : undefined;
  return { ...r, rpn: rpn(r.scores), rescoredRpn: r.rescored ? rpn(r.rescored) : null, action: a ? { id: a.id, title: a.title, status: a.status } : null };
}
const requireFmea = (ctx: ServiceContext, id: string) => repo.findFmea(ctx.db, id) ?? (() => { throw notFound('FMEA row', id); })();

/** The event's FMEA, highest current RPN first (the re-scored one where the row has it). */
export function listFmea(ctx: ServiceContext, eventId: string): FmeaRow[] {
  requireEvent(ctx, eventId);
  return sortByRpn(repo.listFmea(ctx.db, eventId).map((r) => fmeaOf(ctx, r)));
}

function checkActionLink(ctx: ServiceContext, eventId: string, actionId: string | null | undefined): void {
  if (!actionId) return;
  const a = improve.findAction(ctx.db, actionId);
  if (!a || a.eventId !== eventId) throw new AppError('BAD_INPUT', `actionId: no action "${actionId}" in this event.`, { field: 'actionId' });
}

export function addFmea(ctx: ServiceContext, input: { eventId: string; id?: string; row: Partial<FmeaFields> & Pick<FmeaFields, 'failureMode' | 'scores'>; position?: number; actionId?: string | null }): FmeaRow {
  requireEvent(ctx, input.eventId);
  const id = input.id ?? ctx.newId();
  if (repo.findFmea(ctx.db, id)) throw new AppError('CONFLICT', `An FMEA row with id "${id}" already exists.`);
  checkActionLink(ctx, input.eventId, input.actionId);
  const f: FmeaFields = { effect: '', cause: '', controls: '', fallback: '', recommendedAction: '', rescored: null, ...input.row };
  ctx.db.transaction(() => {
    repo.insertFmea(ctx.db, id, input.eventId, ctx.nowIso(), f, input.actionId ?? null, input.position);
    log(ctx, input.eventId, 'ops_fmea_rows', id, 'create', { ...f, rpn: rpn(f.scores) });
  })();
  changed(ctx, input.eventId);
  return fmeaOf(ctx, requireFmea(ctx, id));
}

export function updateFmea(ctx: ServiceContext, id: string, patch: Partial<FmeaFields>): FmeaRow {
  const before = requireFmea(ctx, id);
  const { id: _i, eventId, position: _p, createdAt: _c, updatedAt: _u, actionId, ...fields } = before;
  const f: FmeaFields = { ...fields, ...patch };
  ctx.db.transaction(() => {
    repo.updateFmea(ctx.db, id, ctx.nowIso(), f, actionId);
    log(ctx, eventId, 'ops_fmea_rows', id, 'update', { failureMode: f.failureMode, patch, rpn: rpn(f.scores), rescoredRpn: f.rescored ? rpn(f.rescored) : null });
  })();
  changed(ctx, eventId);
  return fmeaOf(ctx, requireFmea(ctx, id));
}

export function removeFmea(ctx: ServiceContext, id: string): FmeaRow {
  const before = fmeaOf(ctx, requireFmea(ctx, id));
  ctx.db.transaction(() => {
    repo.deleteFmea(ctx.db, id);
    log(ctx, before.eventId, 'ops_fmea_rows', id, 'remove', { failureMode: before.failureMode, rpn: before.rpn });
  })();
  changed(ctx, before.eventId);
  return before;
}

/**
 * The row's recommended action becomes an action in the event's actions list (planned, no owner yet; the title is
 * the recommendation, the description says which failure mode and RPN it answers) and the row links to it. Undo is
 * removing that action (the link clears itself); redo passes the same action id.
 */
export function fmeaToAction(ctx: ServiceContext, id: string, actionId?: string): { row: FmeaRow; actionId: string } {
  const r = requireFmea(ctx, id);
  if (!r.recommendedAction.trim()) throw new AppError('BAD_INPUT', `"${r.failureMode}" has no recommended action yet; write one first.`, { field: 'recommendedAction' });
  if (r.actionId && improve.findAction(ctx.db, r.actionId)) throw new AppError('CONFLICT', `"${r.failureMode}" already has its action ("${improve.findAction(ctx.db, r.actionId)!.title}").`, { actionId: r.actionId });
  const newId = actionId ?? ctx.newId();
  if (improve.findAction(ctx.db, newId)) throw new AppError('CONFLICT', `An action with id "${newId}" already exists.`);
  const at = ctx.nowIso();
  const title = r.recommendedAction.trim().slice(0, 300);
  const description = `From the FMEA: failure mode "${r.failureMode}" (RPN ${rpn(r.scores)} = S ${r.scores.severity} × O ${r.scores.occurrence} × D ${r.scores.detection}).${r.fallback ? ` Fallback meanwhile: ${r.fallback}` : ''}`;
  const { id: _i, eventId, position: _p, createdAt: _c, updatedAt: _u, actionId: _a, ...fields } = r;
  ctx.db.transaction(() => {
    improve.insertAction(ctx.db, newId, eventId, at, { title, description, ownerId: null, dueDate: null, status: 'planned', effort: null, expectedEffect: null, links: [], doneDate: null });
    repo.updateFmea(ctx.db, id, at, fields, newId);
    log(ctx, eventId, 'ops_fmea_rows', id, 'action', { failureMode: r.failureMode, actionId: newId, title });
  })();
  changed(ctx, eventId);
  ctx.bus.emit('data-changed', { eventId, area: 'actions' });
  return { row: fmeaOf(ctx, requireFmea(ctx, id)), actionId: newId };
}
