import type { Db } from '../connection';
import { parseJson } from '../rowMapping';
import type { Signature, SignoffDecision, SignoffSubject } from '../../../common/contract/schemas/signoff';
import type { TeamRole } from '../../../common/contract/schemas/team';
import type { DpaFields, FreezeRuleInput, FreezeOverride } from '../../../common/contract/schemas/freeze';

// Sign-offs, the freeze calendar, the DPA register and dataset columns' personal flag (migration 0110).
// Governance tables are append-only: this module has INSERTs only, except the personal flag (an upsert).

type R = Record<string, unknown>;

export type StoredRequest = Readonly<{
  id: string;
  eventId: string;
  subject: SignoffSubject;
  subjectLabel: string;
  requiredRoles: TeamRole[];
  statement: string;
  conditions: string;
  requesterId: string;
  requestedBy: string;
  createdAt: string;
}>;

const toRequest = (r: R): StoredRequest => ({
  id: r.id as string,
  eventId: r.event_id as string,
  subject: { kind: r.subject_kind as SignoffSubject['kind'], id: r.subject_id as string },
  subjectLabel: r.subject_label as string,
  requiredRoles: parseJson<TeamRole[]>(r.required_roles, []),
  statement: r.statement as string,
  conditions: r.conditions as string,
  requesterId: r.requester_id as string,
  requestedBy: r.requester_name as string,
  createdAt: r.created_at as string,
});

const toSignature = (r: R): Signature => ({
  id: r.id as string,
  memberId: r.member_id as string,
  name: r.member_name as string,
  role: r.role as TeamRole,
  decision: r.decision as SignoffDecision,
  comment: r.comment as string,
  at: r.signed_at as string,
});

export function listRequests(db: Db, eventId: string): StoredRequest[] {
  return (db.prepare('SELECT * FROM signoff_requests WHERE event_id = ? ORDER BY seq').all(eventId) as R[]).map(toRequest);
}

export function findRequest(db: Db, id: string): StoredRequest | undefined {
  const r = db.prepare('SELECT * FROM signoff_requests WHERE id = ?').get(id) as R | undefined;
  return r && toRequest(r);
}

/** The newest request about a subject (a new request supersedes an earlier, e.g. rejected, one). */
export function latestRequestFor(db: Db, subject: SignoffSubject): StoredRequest | undefined {
  const r = db
    .prepare('SELECT * FROM signoff_requests WHERE subject_kind = ? AND subject_id = ? ORDER BY seq DESC LIMIT 1')
    .get(subject.kind, subject.id) as R | undefined;
  return r && toRequest(r);
}

export function insertRequest(db: Db, q: StoredRequest): void {
  db.prepare(
    `INSERT INTO signoff_requests (id, event_id, subject_kind, subject_id, subject_label, required_roles, statement, conditions,
       requester_id, requester_name, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(q.id, q.eventId, q.subject.kind, q.subject.id, q.subjectLabel, JSON.stringify(q.requiredRoles), q.statement, q.conditions, q.requesterId, q.requestedBy, q.createdAt);
}

export function listSignatures(db: Db, requestId: string): Signature[] {
  return (db.prepare('SELECT * FROM signoff_signatures WHERE request_id = ? ORDER BY seq').all(requestId) as R[]).map(toSignature);
}

export function insertSignature(db: Db, requestId: string, s: Signature): void {
  db.prepare(
    'INSERT INTO signoff_signatures (id, request_id, member_id, member_name, role, decision, comment, signed_at) VALUES (?,?,?,?,?,?,?,?)',
  ).run(s.id, requestId, s.memberId, s.name, s.role, s.decision, s.comment, s.at);
}

// ── Freeze calendar ───────────────────────────────────────────────────────────────────────────────────

export type StoredWindow = Readonly<{
  id: string;
  eventId: string;
  name: string;
  reason: string;
  rule: FreezeRuleInput;
  validFrom: string | null;
  validUntil: string | null;
  createdBy: string;
  createdAt: string;
  withdrawn: { reason: string; by: string; at: string } | null;
}>;

function toRule(r: R): FreezeRuleInput {
  switch (r.kind) {
    case 'one-off':
      return { kind: 'one-off', startDate: r.start_date as string, endDate: r.end_date as string };
    case 'month-end':
      return { kind: 'month-end', businessDays: r.business_days as number };
    case 'quarter-end':
      return { kind: 'quarter-end', businessDays: r.business_days as number };
    default:
      return { kind: 'weekday', weekday: r.weekday as number };
  }
}

const toWindow = (r: R): StoredWindow => ({
  id: r.id as string,
  eventId: r.event_id as string,
  name: r.name as string,
  reason: r.reason as string,
  rule: toRule(r),
  validFrom: (r.valid_from as string | null) ?? null,
  validUntil: (r.valid_until as string | null) ?? null,
  createdBy: r.created_by as string,
  createdAt: r.created_at as string,
  withdrawn: r.w_at ? { reason: r.w_reason as string, by: r.w_by as string, at: r.w_at as string } : null,
});

const WINDOW_SELECT = `SELECT f.*, w.reason AS w_reason, w.member_name AS w_by, w.withdrawn_at AS w_at
  FROM freeze_windows f LEFT JOIN freeze_withdrawals w ON w.window_id = f.id`;

export function listWindows(db: Db, eventId: string): StoredWindow[] {
  return (db.prepare(`${WINDOW_SELECT} WHERE f.event_id = ? ORDER BY f.seq`).all(eventId) as R[]).map(toWindow);
}

export function findWindow(db: Db, id: string): StoredWindow | undefined {
  const r = db.prepare(`${WINDOW_SELECT} WHERE f.id = ?`).get(id) as R | undefined;
  return r && toWindow(r);
}

export function insertWindow(db: Db, w: Omit<StoredWindow, 'withdrawn'>): void {
  const r = w.rule;
  db.prepare(
    `INSERT INTO freeze_windows (id, event_id, name, reason, kind, start_date, end_date, business_days, weekday, valid_from, valid_until,
       created_by, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(
    w.id,
    w.eventId,
    w.name,
    w.reason,
    r.kind,
    r.kind === 'one-off' ? r.startDate : null,
    r.kind === 'one-off' ? r.endDate : null,
    r.kind === 'month-end' || r.kind === 'quarter-end' ? r.businessDays : null,
    r.kind === 'weekday' ? r.weekday : null,
    w.validFrom,
    w.validUntil,
    w.createdBy,
    w.createdAt,
  );
}

export function insertWithdrawal(db: Db, windowId: string, reason: string, memberId: string, name: string, at: string): void {
  db.prepare('INSERT INTO freeze_withdrawals (window_id, reason, member_id, member_name, withdrawn_at) VALUES (?,?,?,?,?)').run(windowId, reason, memberId, name, at);
}

const toOverride = (r: R): FreezeOverride => ({
  id: r.id as string,
  eventId: r.event_id as string,
  windowId: r.window_id as string,
  windowName: r.window_name as string,
  subject: { kind: r.subject_kind as FreezeOverride['subject']['kind'], id: r.subject_id as string, label: r.subject_label as string },
  date: r.date as string,
  reason: r.reason as string,
  memberId: r.member_id as string,
  name: r.member_name as string,
  at: r.created_at as string,
});

const OVERRIDE_SELECT = 'SELECT o.*, f.name AS window_name FROM freeze_overrides o JOIN freeze_windows f ON f.id = o.window_id';

export function listOverrides(db: Db, eventId: string): FreezeOverride[] {
  return (db.prepare(`${OVERRIDE_SELECT} WHERE o.event_id = ? ORDER BY o.seq`).all(eventId) as R[]).map(toOverride);
}

export function findOverride(db: Db, id: string): FreezeOverride | undefined {
  const r = db.prepare(`${OVERRIDE_SELECT} WHERE o.id = ?`).get(id) as R | undefined;
  return r && toOverride(r);
}

/** Whether an override was recorded for this subject on this date (so it is not asked twice). */
export function hasOverride(db: Db, kind: FreezeOverride['subject']['kind'], subjectId: string, date: string): boolean {
  return db.prepare('SELECT 1 FROM freeze_overrides WHERE subject_kind = ? AND subject_id = ? AND date = ?').get(kind, subjectId, date) !== undefined;
}

export function insertOverride(db: Db, o: Omit<FreezeOverride, 'windowName'>): void {
  db.prepare(
    `INSERT INTO freeze_overrides (id, event_id, window_id, subject_kind, subject_id, subject_label, date, reason, member_id, member_name, created_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(o.id, o.eventId, o.windowId, o.subject.kind, o.subject.id, o.subject.label, o.date, o.reason, o.memberId, o.name, o.at);
}

// ── DPA register and personal columns ───────────────────────────────────────────────────────────────────

export type StoredDpa = DpaFields & Readonly<{ id: string; eventId: string; datasetName: string; correctsId: string | null; recordedBy: string; createdAt: string }>;

const toDpa = (r: R): StoredDpa => ({
  id: r.id as string,
  eventId: r.event_id as string,
  datasetId: (r.dataset_id as string | null) ?? null,
  datasetName: r.dataset_name as string,
  columns: parseJson<string[]>(r.columns, []),
  purpose: r.purpose as string,
  legalBasis: r.legal_basis as DpaFields['legalBasis'],
  retention: r.retention as string,
  processor: r.processor as string,
  correctsId: (r.corrects_id as string | null) ?? null,
  recordedBy: r.recorded_by as string,
  createdAt: r.created_at as string,
});

export function listDpa(db: Db, eventId: string): StoredDpa[] {
  return (db.prepare('SELECT * FROM dpa_entries WHERE event_id = ? ORDER BY seq').all(eventId) as R[]).map(toDpa);
}

export function findDpa(db: Db, id: string): StoredDpa | undefined {
  const r = db.prepare('SELECT * FROM dpa_entries WHERE id = ?').get(id) as R | undefined;
  return r && toDpa(r);
}

export function insertDpa(db: Db, e: StoredDpa): void {
  db.prepare(
    `INSERT INTO dpa_entries (id, event_id, dataset_id, dataset_name, columns, purpose, legal_basis, retention, processor, corrects_id, recorded_by, created_at)
     VALUES (?,?,?,?,?,?,?,?,?,?,?,?)`,
  ).run(e.id, e.eventId, e.datasetId, e.datasetName, JSON.stringify(e.columns), e.purpose, e.legalBasis, e.retention, e.processor, e.correctsId, e.recordedBy, e.createdAt);
}

export type ColumnFlag = Readonly<{ id: string; datasetId: string; column: string; personal: boolean; updatedAt: string; updatedBy: string }>;

const toFlag = (r: R): ColumnFlag => ({
  id: r.id as string,
  datasetId: r.dataset_id as string,
  column: r.column_name as string,
  personal: r.personal === 1,
  updatedAt: r.updated_at as string,
  updatedBy: r.updated_by as string,
});

export function listColumnFlags(db: Db, datasetId: string): ColumnFlag[] {
  return (db.prepare('SELECT * FROM dataset_column_flags WHERE dataset_id = ? ORDER BY column_name').all(datasetId) as R[]).map(toFlag);
}

/** Column names of a dataset marked personal. */
export function personalColumns(db: Db, datasetId: string): string[] {
  return db.prepare('SELECT column_name FROM dataset_column_flags WHERE dataset_id = ? AND personal = 1 ORDER BY column_name').pluck().all(datasetId) as string[];
}

export function findColumnFlag(db: Db, datasetId: string, column: string): ColumnFlag | undefined {
  const r = db.prepare('SELECT * FROM dataset_column_flags WHERE dataset_id = ? AND column_name = ?').get(datasetId, column) as R | undefined;
  return r && toFlag(r);
}

export function saveColumnFlag(db: Db, f: ColumnFlag): void {
  db.prepare(
    `INSERT INTO dataset_column_flags (id, dataset_id, column_name, personal, updated_by, updated_at) VALUES (?,?,?,?,?,?)
     ON CONFLICT (dataset_id, column_name) DO UPDATE SET personal = excluded.personal, updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(f.id, f.datasetId, f.column, f.personal ? 1 : 0, f.updatedBy, f.updatedAt);
}

/** The columns of a source that have not raised a DPA review yet. */
export function untriggeredColumns(db: Db, eventId: string, kind: 'dataset' | 'model-version', sourceId: string, columns: readonly string[]): string[] {
  const done = new Set(
    db.prepare('SELECT column_name FROM dpa_review_triggers WHERE event_id = ? AND source_kind = ? AND source_id = ?').pluck().all(eventId, kind, sourceId) as string[],
  );
  return columns.filter((c) => !done.has(c));
}

export function insertTrigger(db: Db, eventId: string, kind: 'dataset' | 'model-version', sourceId: string, column: string, actionId: string | null, at: string): void {
  db.prepare('INSERT OR IGNORE INTO dpa_review_triggers (event_id, source_kind, source_id, column_name, action_id, created_at) VALUES (?,?,?,?,?,?)').run(
    eventId,
    kind,
    sourceId,
    column,
    actionId,
    at,
  );
}

/** A registry model version's event and label ("fraud · fraud-v3.2"), or undefined (the registry's tables, 0100). */
export function modelVersionSubject(db: Db, versionId: string): { eventId: string; label: string } | undefined {
  const r = db
    .prepare('SELECT m.event_id, m.name, v.version FROM model_versions v JOIN registry_models m ON m.id = v.model_id WHERE v.id = ?')
    .get(versionId) as R | undefined;
  return r && { eventId: r.event_id as string, label: `${r.name as string} ${r.version as string}` };
}
