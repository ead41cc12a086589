import type { CharterFields, EventSummary, KaizenEvent } from '../../../common/contract/schemas/events';
import type { Db } from '../connection';
import { assignments, bool } from '../rowMapping';

const COLUMNS: Readonly<Record<keyof CharterFields, string>> = {
  name: 'name',
  problemStatement: 'problem_statement',
  scopeIn: 'scope_in',
  scopeOut: 'scope_out',
  objectives: 'objectives',
  targetArea: 'target_area',
  targetAreaOther: 'target_area_other',
  startDate: 'start_date',
  endDate: 'end_date',
  location: 'location',
  sponsor: 'sponsor',
  facilitator: 'facilitator',
};

type Row = Record<string, unknown>;

function toEvent(r: Row): KaizenEvent {
  return {
    id: r.id as string,
    name: r.name as string,
    problemStatement: r.problem_statement as string,
    scopeIn: r.scope_in as string,
    scopeOut: r.scope_out as string,
    objectives: r.objectives as string,
    targetArea: r.target_area as KaizenEvent['targetArea'],
    targetAreaOther: r.target_area_other as string,
    startDate: (r.start_date as string | null) ?? null,
    endDate: (r.end_date as string | null) ?? null,
    location: r.location as string,
    sponsor: r.sponsor as string,
    facilitator: r.facilitator as string,
    isDemo: bool(r.is_demo),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
    lastOpenedAt: (r.last_opened_at as string | null) ?? null,
    deletedAt: (r.deleted_at as string | null) ?? null,
    archivedAt: (r.archived_at as string | null) ?? null,
  };
}

export const DEFAULT_CHARTER: Omit<CharterFields, 'name'> = {
  problemStatement: '',
  scopeIn: '',
  scopeOut: '',
  objectives: '',
  targetArea: 'inference-latency',
  targetAreaOther: '',
  startDate: null,
  endDate: null,
  location: '',
  sponsor: '',
  facilitator: '',
};

export function insertEvent(db: Db, id: string, at: string, fields: CharterFields, isDemo = false): void {
  db.prepare(
    `INSERT INTO events (id, name, problem_statement, scope_in, scope_out, objectives, target_area, target_area_other,
       start_date, end_date, location, sponsor, facilitator, is_demo, created_at, updated_at)
     VALUES (@id, @name, @problemStatement, @scopeIn, @scopeOut, @objectives, @targetArea, @targetAreaOther,
       @startDate, @endDate, @location, @sponsor, @facilitator, @isDemo, @at, @at)`,
  ).run({ ...fields, id, at, isDemo: isDemo ? 1 : 0 });
}

/** Any event, deleted or not. */
export function findEvent(db: Db, id: string): KaizenEvent | undefined {
  const r = db.prepare('SELECT * FROM events WHERE id = ?').get(id) as Row | undefined;
  return r ? toEvent(r) : undefined;
}

export function listEvents(db: Db, query?: string, archived = false): EventSummary[] {
  const q = query?.trim();
  const which = archived ? 'archived_at IS NOT NULL' : 'archived_at IS NULL';
  const rows = (
    q
      ? db
          .prepare(
            `SELECT * FROM events WHERE deleted_at IS NULL AND ${which} AND instr(lower(name), lower(?)) > 0
             ORDER BY COALESCE(last_opened_at, updated_at) DESC`,
          )
          .all(q)
      : db.prepare(`SELECT * FROM events WHERE deleted_at IS NULL AND ${which} ORDER BY COALESCE(last_opened_at, updated_at) DESC`).all()
  ) as Row[];
  return rows.map((r) => {
    const e = toEvent(r);
    return {
      id: e.id,
      name: e.name,
      startDate: e.startDate,
      endDate: e.endDate,
      facilitator: e.facilitator,
      targetArea: e.targetArea,
      lastOpenedAt: e.lastOpenedAt,
      updatedAt: e.updatedAt,
      isDemo: e.isDemo,
      archivedAt: e.archivedAt,
    };
  });
}

/** Archives (a time) or reopens (null) an event. */
export function setArchived(db: Db, id: string, archivedAt: string | null, at: string): void {
  db.prepare('UPDATE events SET archived_at = ?, updated_at = ? WHERE id = ?').run(archivedAt, at, id);
}

export function updateEvent(db: Db, id: string, at: string, patch: Partial<CharterFields>): void {
  const sets = assignments(patch, COLUMNS);
  db.prepare(`UPDATE events SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE id = @id`).run({ ...patch, id, at });
}

export function setDeleted(db: Db, id: string, deletedAt: string | null, at: string): void {
  db.prepare('UPDATE events SET deleted_at = ?, updated_at = ? WHERE id = ?').run(deletedAt, at, id);
}

/** Removes the event and, by cascade, everything of it (no trash): only for clearing a demo that failed half-way. */
export function purgeEvent(db: Db, id: string): void {
  db.prepare('DELETE FROM events WHERE id = ?').run(id);
}

export function touchOpened(db: Db, id: string, at: string): void {
  db.prepare('UPDATE events SET last_opened_at = ? WHERE id = ?').run(at, id);
}

export function countEvents(db: Db): number {
  return db.prepare('SELECT count(*) FROM events').pluck().get() as number;
}
