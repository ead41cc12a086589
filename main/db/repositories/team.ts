import type { ChecklistFields, ChecklistItem, MemberFields, TeamMember } from '../../../common/contract/schemas/team';
import type { Db } from '../connection';
import { assignments, bool, parseJson } from '../rowMapping';

type Row = Record<string, unknown>;

const MEMBER_COLUMNS: Readonly<Record<keyof MemberFields, string>> = {
  name: 'name',
  role: 'role',
  dataAccess: 'data_access',
  processStages: 'process_stages',
  canModifyStaging: 'can_modify_staging',
  notes: 'notes',
};

const ITEM_COLUMNS: Readonly<Record<keyof ChecklistFields, string>> = {
  kind: 'kind',
  title: 'title',
  status: 'status',
  ownerId: 'owner_id',
  dueDate: 'due_date',
  note: 'note',
  details: 'details',
};

function toMember(r: Row): TeamMember {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    name: r.name as string,
    role: r.role as TeamMember['role'],
    dataAccess: parseJson<string[]>(r.data_access, []),
    processStages: parseJson<string[]>(r.process_stages, []),
    canModifyStaging: bool(r.can_modify_staging),
    notes: r.notes as string,
    position: r.position as number,
  };
}

function toItem(r: Row): ChecklistItem {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    kind: r.kind as ChecklistItem['kind'],
    title: r.title as string,
    status: r.status as ChecklistItem['status'],
    ownerId: (r.owner_id as string | null) ?? null,
    dueDate: (r.due_date as string | null) ?? null,
    note: r.note as string,
    details: parseJson<ChecklistItem['details']>(r.details, {}),
    position: r.position as number,
  };
}

function memberParams(m: Partial<MemberFields>): Record<string, unknown> {
  return {
    ...m,
    dataAccess: m.dataAccess && JSON.stringify(m.dataAccess),
    processStages: m.processStages && JSON.stringify(m.processStages),
    canModifyStaging: m.canModifyStaging === undefined ? undefined : m.canModifyStaging ? 1 : 0,
  };
}

function nextPosition(db: Db, table: 'team_members' | 'checklist_items', eventId: string): number {
  return db.prepare(`SELECT COALESCE(MAX(position), 0) + 1 FROM ${table} WHERE event_id = ?`).pluck().get(eventId) as number;
}

export function listMembers(db: Db, eventId: string): TeamMember[] {
  return (db.prepare('SELECT * FROM team_members WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toMember);
}

export function findMember(db: Db, id: string): TeamMember | undefined {
  const r = db.prepare('SELECT * FROM team_members WHERE id = ?').get(id) as Row | undefined;
  return r ? toMember(r) : undefined;
}

export function insertMember(db: Db, id: string, eventId: string, m: MemberFields, position?: number): void {
  db.prepare(
    `INSERT INTO team_members (id, event_id, name, role, data_access, process_stages, can_modify_staging, notes, position)
     VALUES (@id, @eventId, @name, @role, @dataAccess, @processStages, @canModifyStaging, @notes, @position)`,
  ).run({ ...memberParams(m), id, eventId, position: position ?? nextPosition(db, 'team_members', eventId) });
}

export function updateMember(db: Db, id: string, patch: Partial<MemberFields>): void {
  const sets = assignments(patch, MEMBER_COLUMNS);
  if (sets.length > 0) db.prepare(`UPDATE team_members SET ${sets.join(', ')} WHERE id = @id`).run({ ...memberParams(patch), id });
}

export function deleteMember(db: Db, id: string): void {
  db.prepare('DELETE FROM team_members WHERE id = ?').run(id);
}

export function listItems(db: Db, eventId: string): ChecklistItem[] {
  return (db.prepare('SELECT * FROM checklist_items WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toItem);
}

export function findItem(db: Db, id: string): ChecklistItem | undefined {
  const r = db.prepare('SELECT * FROM checklist_items WHERE id = ?').get(id) as Row | undefined;
  return r ? toItem(r) : undefined;
}

export function insertItem(db: Db, id: string, eventId: string, f: ChecklistFields, position?: number): void {
  db.prepare(
    `INSERT INTO checklist_items (id, event_id, kind, title, status, owner_id, due_date, note, details, position)
     VALUES (@id, @eventId, @kind, @title, @status, @ownerId, @dueDate, @note, @details, @position)`,
  ).run({ ...f, details: JSON.stringify(f.details), id, eventId, position: position ?? nextPosition(db, 'checklist_items', eventId) });
}

export function updateItem(db: Db, id: string, patch: Partial<ChecklistFields>): void {
  const sets = assignments(patch, ITEM_COLUMNS);
  if (sets.length > 0) {
    db.prepare(`UPDATE checklist_items SET ${sets.join(', ')} WHERE id = @id`).run({
      ...patch,
      details: patch.details && JSON.stringify(patch.details),
      id,
    });
  }
}

export function deleteItem(db: Db, id: string): void {
  db.prepare('DELETE FROM checklist_items WHERE id = ?').run(id);
}
