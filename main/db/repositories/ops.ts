/** The ops area's storage: the SLA register, the integration checklist and the FMEA rows. */
import type { CheckFields, FmeaFields, SlaFields, SlaSource } from '../../../common/contract/schemas/ops';
import type { Db } from '../connection';
import { parseJson } from '../rowMapping';

type Row = Record<string, unknown>;
type Meta = Readonly<{ id: string; eventId: string; position: number; createdAt: string; updatedAt: string }>;
const meta = (r: Row): Meta => ({ id: r.id as string, eventId: r.event_id as string, position: r.position as number, createdAt: r.created_at as string, updatedAt: r.updated_at as string });

/** Next position in an event's list, or room made at `position` (undo puts a row back where it was). */
function place(db: Db, table: string, eventId: string, position?: number): number {
  if (position !== undefined) {
    db.prepare(`UPDATE ${table} SET position = position + 1 WHERE event_id = ? AND position >= ?`).run(eventId, position);
    return position;
  }
  return db.prepare(`SELECT COALESCE(MAX(position), 0) + 1 FROM ${table} WHERE event_id = ?`).pluck().get(eventId) as number;
}

// ── SLA register ─────────────────────────────────────────────────────────────
export type StoredSla = SlaFields & Meta;
function toSla(r: Row): StoredSla {
  return {
    ...meta(r),
    subjectKind: r.subject_kind as SlaFields['subjectKind'],
    subject: r.subject as string,
    metric: r.metric as SlaFields['metric'],
    target: r.target as number,
    unit: r.unit as string,
    window: r.sla_window as SlaFields['window'],
    signed: r.signed === 1,
    owner: r.owner as string,
    notes: r.notes as string,
    source: parseJson<SlaSource | null>(r.source, null),
  };
}
const slaParams = (f: SlaFields) => ({ subjectKind: f.subjectKind, subject: f.subject, metric: f.metric, target: f.target, unit: f.unit, window: f.window, signed: f.signed ? 1 : 0, owner: f.owner, notes: f.notes, source: f.source ? JSON.stringify(f.source) : null });

export function listSla(db: Db, eventId: string): StoredSla[] {
  return (db.prepare('SELECT * FROM ops_sla_entries WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toSla);
}
export function findSla(db: Db, id: string): StoredSla | undefined {
  const r = db.prepare('SELECT * FROM ops_sla_entries WHERE id = ?').get(id) as Row | undefined;
  return r ? toSla(r) : undefined;
}
export function insertSla(db: Db, id: string, eventId: string, at: string, f: SlaFields, position?: number): void {
  const pos = place(db, 'ops_sla_entries', eventId, position);
  db.prepare(
    `INSERT INTO ops_sla_entries (id, event_id, subject_kind, subject, metric, target, unit, sla_window, signed, owner, notes, source, position, created_at, updated_at)
     VALUES (@id, @eventId, @subjectKind, @subject, @metric, @target, @unit, @window, @signed, @owner, @notes, @source, @pos, @at, @at)`,
  ).run({ ...slaParams(f), id, eventId, pos, at });
}
export function updateSla(db: Db, id: string, at: string, f: SlaFields): void {
  db.prepare(
    `UPDATE ops_sla_entries SET subject_kind = @subjectKind, subject = @subject, metric = @metric, target = @target, unit = @unit, sla_window = @window,
       signed = @signed, owner = @owner, notes = @notes, source = @source, updated_at = @at WHERE id = @id`,
  ).run({ ...slaParams(f), id, at });
}
export function deleteSla(db: Db, id: string): void {
  db.prepare('DELETE FROM ops_sla_entries WHERE id = ?').run(id);
}

// ── Integration checklist ─────────────────────────────────────────────────────
export type StoredCheck = CheckFields & Meta;
function toCheck(r: Row): StoredCheck {
  return {
    ...meta(r),
    title: r.title as string,
    status: r.status as CheckFields['status'],
    owner: r.owner as string,
    evidence: parseJson<CheckFields['evidence']>(r.evidence, []),
    notes: r.notes as string,
    sampleBefore: r.sample_before as string,
    sampleAfter: r.sample_after as string,
  };
}
const checkParams = (f: CheckFields) => ({ title: f.title, status: f.status, owner: f.owner, evidence: JSON.stringify(f.evidence), notes: f.notes, sampleBefore: f.sampleBefore, sampleAfter: f.sampleAfter });

export function listChecks(db: Db, eventId: string): StoredCheck[] {
  return (db.prepare('SELECT * FROM ops_checklist_items WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toCheck);
}
export function findCheck(db: Db, id: string): StoredCheck | undefined {
  const r = db.prepare('SELECT * FROM ops_checklist_items WHERE id = ?').get(id) as Row | undefined;
  return r ? toCheck(r) : undefined;
}
export function insertCheck(db: Db, id: string, eventId: string, at: string, f: CheckFields, position?: number): void {
  const pos = place(db, 'ops_checklist_items', eventId, position);
  db.prepare(
    `INSERT INTO ops_checklist_items (id, event_id, title, status, owner, evidence, notes, sample_before, sample_after, position, created_at, updated_at)
     VALUES (@id, @eventId, @title, @status, @owner, @evidence, @notes, @sampleBefore, @sampleAfter, @pos, @at, @at)`,
  ).run({ ...checkParams(f), id, eventId, pos, at });
}
export function updateCheck(db: Db, id: string, at: string, f: CheckFields): void {
  db.prepare(
    `UPDATE ops_checklist_items SET title = @title, status = @status, owner = @owner, evidence = @evidence, notes = @notes,
       sample_before = @sampleBefore, sample_after = @sampleAfter, updated_at = @at WHERE id = @id`,
  ).run({ ...checkParams(f), id, at });
}
export function deleteCheck(db: Db, id: string): void {
  db.prepare('DELETE FROM ops_checklist_items WHERE id = ?').run(id);
}

// ── FMEA ─────────────────────────────────────────────────────────────────────
export type StoredFmea = FmeaFields & Meta & Readonly<{ actionId: string | null }>;
function toFmea(r: Row): StoredFmea {
  return {
    ...meta(r),
    failureMode: r.failure_mode as string,
    effect: r.effect as string,
    cause: r.cause as string,
    scores: { severity: r.severity as number, occurrence: r.occurrence as number, detection: r.detection as number },
    controls: r.controls as string,
    fallback: r.fallback as string,
    recommendedAction: r.recommended_action as string,
    rescored: r.re_severity === null ? null : { severity: r.re_severity as number, occurrence: r.re_occurrence as number, detection: r.re_detection as number },
    actionId: (r.action_id as string | null) ?? null,
  };
}
const fmeaParams = (f: FmeaFields) => ({
  failureMode: f.failureMode, effect: f.effect, cause: f.cause, severity: f.scores.severity, occurrence: f.scores.occurrence, detection: f.scores.detection,
  controls: f.controls, fallback: f.fallback, recommendedAction: f.recommendedAction,
  reS: f.rescored?.severity ?? null, reO: f.rescored?.occurrence ?? null, reD: f.rescored?.detection ?? null,
});

export function listFmea(db: Db, eventId: string): StoredFmea[] {
  return (db.prepare('SELECT * FROM ops_fmea_rows WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toFmea);
}
export function findFmea(db: Db, id: string): StoredFmea | undefined {
  const r = db.prepare('SELECT * FROM ops_fmea_rows WHERE id = ?').get(id) as Row | undefined;
  return r ? toFmea(r) : undefined;
}
export function insertFmea(db: Db, id: string, eventId: string, at: string, f: FmeaFields, actionId: string | null, position?: number): void {
  const pos = place(db, 'ops_fmea_rows', eventId, position);
  db.prepare(
    `INSERT INTO ops_fmea_rows (id, event_id, failure_mode, effect, cause, severity, occurrence, detection, controls, fallback, recommended_action, action_id,
       re_severity, re_occurrence, re_detection, position, created_at, updated_at)
     VALUES (@id, @eventId, @failureMode, @effect, @cause, @severity, @occurrence, @detection, @controls, @fallback, @recommendedAction, @actionId,
       @reS, @reO, @reD, @pos, @at, @at)`,
  ).run({ ...fmeaParams(f), id, eventId, actionId, pos, at });
}
export function updateFmea(db: Db, id: string, at: string, f: FmeaFields, actionId: string | null): void {
  db.prepare(
    `UPDATE ops_fmea_rows SET failure_mode = @failureMode, effect = @effect, cause = @cause, severity = @severity, occurrence = @occurrence, detection = @detection,
       controls = @controls, fallback = @fallback, recommended_action = @recommendedAction, action_id = @actionId,
       re_severity = @reS, re_occurrence = @reO, re_detection = @reD, updated_at = @at WHERE id = @id`,
  ).run({ ...fmeaParams(f), id, actionId, at });
}
export function deleteFmea(db: Db, id: string): void {
  db.prepare('DELETE FROM ops_fmea_rows WHERE id = ?').run(id);
}
