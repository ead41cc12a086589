/** The sustain area's storage: control-plan rows (one per KPI) and runbooks with their append-only versions. */
import type { ControlPlanFields, Runbook, RunbookKind, RunbookVersion, RunbookVersionInfo } from '../../../common/contract/schemas/sustain';
import type { Db } from '../connection';
import { assignments, parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

/** A stored control-plan row, before names (KPI, owner, runbook) are joined in by the service. */
export type StoredControlItem = ControlPlanFields & Readonly<{ id: string; eventId: string; kpiId: string; position: number; createdAt: string; updatedAt: string }>;

const CONTROL_COLUMNS: Readonly<Record<string, string>> = {
  ownerId: 'owner_id',
  frequency: 'frequency',
  sourceKind: 'source_kind',
  sourceNote: 'source_note',
  reactions: 'reactions',
  escalations: 'escalations',
  runbookId: 'runbook_id',
};

function toControl(r: Row): StoredControlItem {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    kpiId: r.kpi_id as string,
    ownerId: (r.owner_id as string | null) ?? null,
    frequency: r.frequency as ControlPlanFields['frequency'],
    sourceKind: r.source_kind as ControlPlanFields['sourceKind'],
    sourceNote: r.source_note as string,
    reactions: parseJson<ControlPlanFields['reactions']>(r.reactions, []),
    escalations: parseJson<ControlPlanFields['escalations']>(r.escalations, []),
    runbookId: (r.runbook_id as string | null) ?? null,
    position: r.position as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

/** JSON columns as text; undefined (not in the patch) stays undefined. */
function params(f: Partial<ControlPlanFields>): Record<string, unknown> {
  return {
    ...f,
    reactions: f.reactions === undefined ? undefined : JSON.stringify(f.reactions),
    escalations: f.escalations === undefined ? undefined : JSON.stringify(f.escalations),
  };
}

/** The event's rows in KPI board order (then the row's own position). */
export function listControlItems(db: Db, eventId: string): StoredControlItem[] {
  return (
    db
      .prepare('SELECT c.* FROM control_plan_items c JOIN kpis k ON k.id = c.kpi_id WHERE c.event_id = ? ORDER BY k.position, c.position, c.rowid')
      .all(eventId) as Row[]
  ).map(toControl);
}

export function findControlItem(db: Db, id: string): StoredControlItem | undefined {
  const r = db.prepare('SELECT * FROM control_plan_items WHERE id = ?').get(id) as Row | undefined;
  return r ? toControl(r) : undefined;
}

export function findControlItemByKpi(db: Db, kpiId: string): StoredControlItem | undefined {
  const r = db.prepare('SELECT * FROM control_plan_items WHERE kpi_id = ?').get(kpiId) as Row | undefined;
  return r ? toControl(r) : undefined;
}

export function insertControlItem(db: Db, id: string, eventId: string, kpiId: string, at: string, f: ControlPlanFields, position?: number): void {
  const pos = position ?? (db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM control_plan_items WHERE event_id = ?').pluck().get(eventId) as number);
  db.prepare(
    `INSERT INTO control_plan_items (id, event_id, kpi_id, owner_id, frequency, source_kind, source_note, reactions, escalations, runbook_id, position, created_at, updated_at)
     VALUES (@id, @eventId, @kpiId, @ownerId, @frequency, @sourceKind, @sourceNote, @reactions, @escalations, @runbookId, @pos, @at, @at)`,
  ).run({ ...params(f), id, eventId, kpiId, pos, at });
}

export function updateControlItem(db: Db, id: string, at: string, patch: Partial<ControlPlanFields>): void {
  const sets = assignments(patch, CONTROL_COLUMNS);
  db.prepare(`UPDATE control_plan_items SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE id = @id`).run({ ...params(patch), id, at });
}

export function deleteControlItem(db: Db, id: string): void {
  db.prepare('DELETE FROM control_plan_items WHERE id = ?').run(id);
}

/** Lines of a stored body (newlines are \n): a final newline ends the last line rather than starting another. */
const lineCount = (body: string): number => (body === '' ? 0 : body.split('\n').length - (body.endsWith('\n') ? 1 : 0));

function toVersion(r: Row): RunbookVersion {
  const body = r.body as string;
  return {
    id: r.id as string,
    runbookId: r.runbook_id as string,
    version: r.version as number,
    title: r.title as string,
    note: r.note as string,
    restoredFrom: (r.restored_from as number | null) ?? null,
    author: r.author as string,
    createdAt: r.created_at as string,
    lines: lineCount(body),
    body,
  };
}

type StoredRunbook = Omit<Runbook, 'linkedKpis'>;

const RUNBOOK_SELECT = `
  SELECT r.id, r.event_id, r.kind, r.created_at, v.title, v.version, v.created_at AS updated_at
  FROM runbooks r JOIN runbook_versions v ON v.runbook_id = r.id
   AND v.version = (SELECT MAX(version) FROM runbook_versions WHERE runbook_id = r.id)`;

function toRunbook(r: Row): StoredRunbook {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    kind: r.kind as RunbookKind,
    title: r.title as string,
    latestVersion: r.version as number,
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

export function listRunbooks(db: Db, eventId: string): StoredRunbook[] {
  return (db.prepare(`${RUNBOOK_SELECT} WHERE r.event_id = ? ORDER BY r.created_at, r.rowid`).all(eventId) as Row[]).map(toRunbook);
}

export function findRunbook(db: Db, id: string): StoredRunbook | undefined {
  const r = db.prepare(`${RUNBOOK_SELECT} WHERE r.id = ?`).get(id) as Row | undefined;
  return r ? toRunbook(r) : undefined;
}

/** Runbook id → names of the KPIs whose control-plan row links it. */
export function linkedKpiNames(db: Db, eventId: string): Map<string, string[]> {
  const rows = db
    .prepare('SELECT c.runbook_id, k.name FROM control_plan_items c JOIN kpis k ON k.id = c.kpi_id WHERE c.event_id = ? AND c.runbook_id IS NOT NULL ORDER BY k.position')
    .all(eventId) as { runbook_id: string; name: string }[];
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.runbook_id, [...(out.get(r.runbook_id) ?? []), r.name]);
  return out;
}

export function insertRunbook(db: Db, id: string, eventId: string, kind: RunbookKind, at: string): void {
  db.prepare('INSERT INTO runbooks (id, event_id, kind, created_at) VALUES (?, ?, ?, ?)').run(id, eventId, kind, at);
}

export type NewVersion = Readonly<{ id: string; runbookId: string; version: number; title: string; body: string; note: string; restoredFrom: number | null; author: string; at: string }>;

export function insertVersion(db: Db, v: NewVersion): void {
  db.prepare(
    `INSERT INTO runbook_versions (id, runbook_id, version, title, body, note, restored_from, author, created_at)
     VALUES (@id, @runbookId, @version, @title, @body, @note, @restoredFrom, @author, @at)`,
  ).run(v);
}

export function findVersion(db: Db, runbookId: string, version: number): RunbookVersion | undefined {
  const r = db.prepare('SELECT * FROM runbook_versions WHERE runbook_id = ? AND version = ?').get(runbookId, version) as Row | undefined;
  return r ? toVersion(r) : undefined;
}

/** Every version, newest first, without bodies (line counts computed in SQL so bodies are not read out). */
export function listVersions(db: Db, runbookId: string): RunbookVersionInfo[] {
  const rows = db
    .prepare(
      `SELECT id, runbook_id, version, title, note, restored_from, author, created_at,
              CASE WHEN body = '' THEN 0 ELSE length(body) - length(replace(body, char(10), '')) + (substr(body, -1) <> char(10)) END AS lines
       FROM runbook_versions WHERE runbook_id = ? ORDER BY version DESC`,
    )
    .all(runbookId) as Row[];
  return rows.map((r) => ({
    id: r.id as string,
    runbookId: r.runbook_id as string,
    version: r.version as number,
    title: r.title as string,
    note: r.note as string,
    restoredFrom: (r.restored_from as number | null) ?? null,
    author: r.author as string,
    createdAt: r.created_at as string,
    lines: r.lines as number,
  }));
}

