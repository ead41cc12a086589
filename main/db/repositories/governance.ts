import type { ControlledChange, ControlledChangeFields } from '../../../common/contract/schemas/governance';
import type { Db } from '../connection';

type Row = Record<string, unknown>;

// ---- passphrases (scrypt hashes; the clear text never reaches this file) ----

export type StoredPassphrase = Readonly<{ salt: Buffer; hash: Buffer; n: number; r: number; p: number; keylen: number; setAt: string }>;

export function findPassphrase(db: Db, memberId: string): StoredPassphrase | undefined {
  const r = db.prepare('SELECT * FROM member_passphrases WHERE member_id = ?').get(memberId) as Row | undefined;
  if (!r) return undefined;
  return { salt: r.salt as Buffer, hash: r.hash as Buffer, n: r.n as number, r: r.r as number, p: r.p as number, keylen: r.keylen as number, setAt: r.set_at as string };
}

export function savePassphrase(db: Db, memberId: string, s: StoredPassphrase): void {
  db.prepare(
    `INSERT INTO member_passphrases (member_id, salt, hash, n, r, p, keylen, set_at) VALUES (@memberId, @salt, @hash, @n, @r, @p, @keylen, @setAt)
     ON CONFLICT(member_id) DO UPDATE SET salt = excluded.salt, hash = excluded.hash, n = excluded.n, r = excluded.r, p = excluded.p, keylen = excluded.keylen, set_at = excluded.set_at`,
  ).run({ memberId, ...s });
}

export function membersWithPassphrase(db: Db, eventId: string): Set<string> {
  const ids = db.prepare('SELECT p.member_id FROM member_passphrases p JOIN team_members m ON m.id = p.member_id WHERE m.event_id = ?').pluck().all(eventId) as string[];
  return new Set(ids);
}

export type Failures = Readonly<{ failures: number; lastFailureAt: string; lockedUntil: string | null }>;

export function findFailures(db: Db, memberId: string): Failures | undefined {
  const r = db.prepare('SELECT * FROM passphrase_failures WHERE member_id = ?').get(memberId) as Row | undefined;
  return r ? { failures: r.failures as number, lastFailureAt: r.last_failure_at as string, lockedUntil: (r.locked_until as string | null) ?? null } : undefined;
}

export function saveFailures(db: Db, memberId: string, f: Failures): void {
  db.prepare(
    `INSERT INTO passphrase_failures (member_id, failures, last_failure_at, locked_until) VALUES (?, ?, ?, ?)
     ON CONFLICT(member_id) DO UPDATE SET failures = excluded.failures, last_failure_at = excluded.last_failure_at, locked_until = excluded.locked_until`,
  ).run(memberId, f.failures, f.lastFailureAt, f.lockedUntil);
}

export function clearFailures(db: Db, memberId: string): void {
  db.prepare('DELETE FROM passphrase_failures WHERE member_id = ?').run(memberId);
}

export function lockedMembers(db: Db, eventId: string): Map<string, string> {
  const rows = db
    .prepare('SELECT f.member_id, f.locked_until FROM passphrase_failures f JOIN team_members m ON m.id = f.member_id WHERE m.event_id = ? AND f.locked_until IS NOT NULL')
    .all(eventId) as Row[];
  return new Map(rows.map((r) => [r.member_id as string, r.locked_until as string]));
}

// ---- current facilitator ----

export function chosenFacilitator(db: Db, eventId: string): { memberId: string; name: string } | undefined {
  return db
    .prepare('SELECT f.member_id AS memberId, m.name AS name FROM event_facilitators f JOIN team_members m ON m.id = f.member_id WHERE f.event_id = ?')
    .get(eventId) as { memberId: string; name: string } | undefined;
}

export function firstFacilitatorByRole(db: Db, eventId: string): { memberId: string; name: string } | undefined {
  return db
    .prepare("SELECT id AS memberId, name FROM team_members WHERE event_id = ? AND role = 'facilitator' ORDER BY position LIMIT 1")
    .get(eventId) as { memberId: string; name: string } | undefined;
}

export function setFacilitator(db: Db, eventId: string, memberId: string, at: string): void {
  db.prepare(
    'INSERT INTO event_facilitators (event_id, member_id, chosen_at) VALUES (?, ?, ?) ON CONFLICT(event_id) DO UPDATE SET member_id = excluded.member_id, chosen_at = excluded.chosen_at',
  ).run(eventId, memberId, at);
}

// ---- controlled changes (append-only; triggers refuse UPDATE and DELETE) ----

function toChange(r: Row): ControlledChange {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    seq: r.seq as number,
    component: { kind: r.component_kind as ControlledChange['component']['kind'], id: r.component_id as string, label: r.component_label as string },
    changeType: r.change_type as ControlledChange['changeType'],
    before: r.before_text as string,
    after: r.after_text as string,
    reason: r.reason as string,
    link: r.link_kind ? { kind: r.link_kind as 'action' | 'decision' | 'kpi', id: r.link_id as string } : null,
    requesterId: (r.requester_id as string | null) ?? '',
    requesterName: r.requester_name as string,
    approverId: r.approver_id as string,
    approverName: r.approver_name as string,
    ticketRef: r.ticket_ref as string,
    plannedDate: (r.planned_date as string | null) ?? null,
    actualDate: (r.actual_date as string | null) ?? null,
    correctsId: (r.corrects_id as string | null) ?? null,
    correctedById: (r.corrected_by_id as string | null) ?? null,
    recordedBy: r.recorded_by as string,
    createdAt: r.created_at as string,
  };
}

const SELECT_CHANGE = `SELECT c.*, (SELECT x.id FROM controlled_changes x WHERE x.corrects_id = c.id ORDER BY x.seq DESC LIMIT 1) AS corrected_by_id
  FROM controlled_changes c`;

export function listChanges(db: Db, eventId: string): ControlledChange[] {
  return (db.prepare(`${SELECT_CHANGE} WHERE c.event_id = ? ORDER BY c.seq`).all(eventId) as Row[]).map(toChange);
}

export function findChange(db: Db, id: string): ControlledChange | undefined {
  const r = db.prepare(`${SELECT_CHANGE} WHERE c.id = ?`).get(id) as Row | undefined;
  return r ? toChange(r) : undefined;
}

export type NewChange = Readonly<{
  id: string;
  eventId: string;
  fields: ControlledChangeFields;
  requesterName: string;
  approverId: string;
  approverName: string;
  correctsId: string | null;
  recordedBy: string;
  createdAt: string;
}>;

export function appendControlledChange(db: Db, c: NewChange): void {
  const f = c.fields;
  db.prepare(
    `INSERT INTO controlled_changes (id, event_id, component_kind, component_id, component_label, change_type, before_text, after_text, reason,
       link_kind, link_id, requester_id, requester_name, approver_id, approver_name, ticket_ref, planned_date, actual_date, corrects_id, recorded_by, created_at)
     VALUES (@id, @eventId, @componentKind, @componentId, @componentLabel, @changeType, @before, @after, @reason,
       @linkKind, @linkId, @requesterId, @requesterName, @approverId, @approverName, @ticketRef, @plannedDate, @actualDate, @correctsId, @recordedBy, @createdAt)`,
  ).run({
    id: c.id,
    eventId: c.eventId,
    componentKind: f.component.kind,
    componentId: f.component.id,
    componentLabel: f.component.label,
    changeType: f.changeType,
    before: f.before,
    after: f.after,
    reason: f.reason,
    linkKind: f.link?.kind ?? null,
    linkId: f.link?.id ?? null,
    requesterId: f.requesterId,
    requesterName: c.requesterName,
    approverId: c.approverId,
    approverName: c.approverName,
    ticketRef: f.ticketRef,
    plannedDate: f.plannedDate,
    actualDate: f.actualDate,
    correctsId: c.correctsId,
    recordedBy: c.recordedBy,
    createdAt: c.createdAt,
  });
}

// ---- the change log, read by event ----

export type LogRow = Readonly<{
  seq: number;
  at: string;
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  reason: string;
  payload: string;
  record_table: string | null;
  record_id: string | null;
  prev_hash: string;
  hash: string;
  hash_version: number;
}>;

export function logOfEvent(db: Db, eventId: string): LogRow[] {
  return db
    .prepare(
      'SELECT seq, at, actor, entity, entity_id, action, reason, payload, record_table, record_id, prev_hash, hash, hash_version FROM change_log WHERE event_id = ? ORDER BY seq',
    )
    .all(eventId) as LogRow[];
}

/** Choices for a controlled change's component: the event's VSM stages and datasets (models are added when the registry has them). */
export function componentChoices(db: Db, eventId: string): { kind: 'vsm-stage' | 'dataset' | 'model'; id: string; label: string }[] {
  const stages = db
    .prepare(
      `SELECT DISTINCT s.name AS label, MIN(s.id) AS id FROM vsm_stages s JOIN vsm_maps m ON m.id = s.map_id WHERE m.event_id = ? GROUP BY s.name ORDER BY MIN(s.position)`,
    )
    .all(eventId) as { id: string; label: string }[];
  const datasets = db.prepare('SELECT id, name AS label FROM datasets WHERE event_id = ? ORDER BY name').all(eventId) as { id: string; label: string }[];
  const hasModels = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'registry_models'").pluck().get() !== undefined;
  const models = hasModels
    ? (db.prepare('SELECT id, name AS label FROM registry_models WHERE event_id = ? ORDER BY name').all(eventId) as { id: string; label: string }[])
    : [];
  return [
    ...stages.map((s) => ({ kind: 'vsm-stage' as const, ...s })),
    ...models.map((m) => ({ kind: 'model' as const, ...m })),
    ...datasets.map((d) => ({ kind: 'dataset' as const, ...d })),
  ];
}
