import type { AgendaFields, AgendaSession, Idea, IdeaFields } from '../../../common/contract/schemas/workshop';
import type { StoredTimer } from '../../../common/domain/workshop/timer';
import type { Db } from '../connection';
import { assignments } from './rows';

type Row = Record<string, unknown>;

// ── Ideas ────────────────────────────────────────────────────────────────────
const IDEA_COLUMNS: Readonly<Record<keyof IdeaFields, string>> = {
  text: 'text',
  author: 'author',
  category: 'category',
  stageRef: 'stage_ref',
  kpiRef: 'kpi_ref',
  groupId: 'group_id',
};

function toIdea(r: Row): Idea {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    text: r.text as string,
    author: (r.author as string | null) ?? null,
    category: r.category as string,
    stageRef: (r.stage_ref as string | null) ?? null,
    kpiRef: (r.kpi_ref as string | null) ?? null,
    groupId: (r.group_id as string | null) ?? null,
    position: r.position as number,
    createdAt: r.created_at as string,
  };
}

export function listIdeas(db: Db, eventId: string): Idea[] {
  return (db.prepare('SELECT * FROM ideas WHERE event_id = ? ORDER BY position, created_at').all(eventId) as Row[]).map(toIdea);
}

export function findIdea(db: Db, id: string): Idea | undefined {
  const r = db.prepare('SELECT * FROM ideas WHERE id = ?').get(id) as Row | undefined;
  return r ? toIdea(r) : undefined;
}

function nextPosition(db: Db, table: 'ideas' | 'agenda_sessions', eventId: string): number {
  return db.prepare(`SELECT COALESCE(MAX(position), 0) + 1 FROM ${table} WHERE event_id = ?`).pluck().get(eventId) as number;
}

export function insertIdea(db: Db, id: string, eventId: string, at: string, f: IdeaFields, position?: number): void {
  db.prepare(
    `INSERT INTO ideas (id, event_id, text, author, category, stage_ref, kpi_ref, group_id, position, created_at)
     VALUES (@id, @eventId, @text, @author, @category, @stageRef, @kpiRef, @groupId, @position, @at)`,
  ).run({ ...f, id, eventId, at, position: position ?? nextPosition(db, 'ideas', eventId) });
}

export function updateIdea(db: Db, id: string, patch: Partial<IdeaFields>): void {
  const sets = assignments(patch, IDEA_COLUMNS);
  if (sets.length > 0) db.prepare(`UPDATE ideas SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
}

export function deleteIdea(db: Db, id: string): void {
  db.prepare('DELETE FROM ideas WHERE id = ?').run(id);
}

// ── Agenda ───────────────────────────────────────────────────────────────────
const AGENDA_COLUMNS: Readonly<Record<keyof AgendaFields, string>> = {
  title: 'title',
  day: 'day',
  activity: 'activity',
  plannedMinutes: 'planned_minutes',
  ownerId: 'owner_id',
  notes: 'notes',
};

function toSession(r: Row): AgendaSession {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    title: r.title as string,
    day: r.day as number,
    activity: r.activity as AgendaSession['activity'],
    plannedMinutes: r.planned_minutes as number,
    ownerId: (r.owner_id as string | null) ?? null,
    notes: r.notes as string,
    position: r.position as number,
    actualStart: (r.actual_start as string | null) ?? null,
    actualEnd: (r.actual_end as string | null) ?? null,
  };
}

export function listSessions(db: Db, eventId: string): AgendaSession[] {
  return (db.prepare('SELECT * FROM agenda_sessions WHERE event_id = ? ORDER BY day, position').all(eventId) as Row[]).map(toSession);
}

export function findSession(db: Db, id: string): AgendaSession | undefined {
  const r = db.prepare('SELECT * FROM agenda_sessions WHERE id = ?').get(id) as Row | undefined;
  return r ? toSession(r) : undefined;
}

export function insertSession(db: Db, id: string, eventId: string, f: AgendaFields, position?: number): void {
  db.prepare(
    `INSERT INTO agenda_sessions (id, event_id, day, position, title, activity, planned_minutes, owner_id, notes)
     VALUES (@id, @eventId, @day, @position, @title, @activity, @plannedMinutes, @ownerId, @notes)`,
  ).run({ ...f, id, eventId, position: position ?? nextPosition(db, 'agenda_sessions', eventId) });
}

export function updateSession(db: Db, id: string, patch: Partial<AgendaFields>): void {
  const sets = assignments(patch, AGENDA_COLUMNS);
  if (sets.length > 0) db.prepare(`UPDATE agenda_sessions SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
}

export function setSessionTimes(db: Db, id: string, times: { actualStart?: string | null; actualEnd?: string | null }): void {
  if (times.actualStart !== undefined) db.prepare('UPDATE agenda_sessions SET actual_start = ? WHERE id = ?').run(times.actualStart, id);
  if (times.actualEnd !== undefined) db.prepare('UPDATE agenda_sessions SET actual_end = ? WHERE id = ?').run(times.actualEnd, id);
}

/** Rewrites positions so `orderedIds` (one day's sessions) are 1..n on `day`. */
export function reorderDay(db: Db, day: number, orderedIds: readonly string[]): void {
  const stmt = db.prepare('UPDATE agenda_sessions SET day = ?, position = ? WHERE id = ?');
  orderedIds.forEach((id, i) => stmt.run(day, i + 1, id));
}

export function deleteSession(db: Db, id: string): void {
  db.prepare('DELETE FROM agenda_sessions WHERE id = ?').run(id);
}

// ── Timer ────────────────────────────────────────────────────────────────────
export type TimerRow = StoredTimer & Readonly<{ sound: boolean; currentSessionId: string | null }>;

export function findTimer(db: Db, eventId: string): TimerRow {
  const r = db.prepare('SELECT * FROM timers WHERE event_id = ?').get(eventId) as Row | undefined;
  if (!r) return { state: 'idle', durationMs: 5 * 60_000, remainingMs: 5 * 60_000, startedAtMs: null, sound: true, currentSessionId: null };
  return {
    state: r.state as StoredTimer['state'],
    durationMs: r.duration_ms as number,
    remainingMs: r.remaining_ms as number,
    startedAtMs: r.started_at ? Date.parse(r.started_at as string) : null,
    sound: r.sound === 1,
    currentSessionId: (r.current_session_id as string | null) ?? null,
  };
}

export function saveTimer(db: Db, eventId: string, at: string, t: TimerRow): void {
  db.prepare(
    `INSERT INTO timers (event_id, current_session_id, state, duration_ms, remaining_ms, started_at, sound, updated_at)
     VALUES (@eventId, @currentSessionId, @state, @durationMs, @remainingMs, @startedAt, @sound, @at)
     ON CONFLICT(event_id) DO UPDATE SET current_session_id = excluded.current_session_id, state = excluded.state,
       duration_ms = excluded.duration_ms, remaining_ms = excluded.remaining_ms, started_at = excluded.started_at,
       sound = excluded.sound, updated_at = excluded.updated_at`,
  ).run({
    eventId,
    at,
    currentSessionId: t.currentSessionId,
    state: t.state,
    durationMs: Math.round(t.durationMs),
    remainingMs: Math.round(t.remainingMs),
    startedAt: t.startedAtMs === null ? null : new Date(t.startedAtMs).toISOString(),
    sound: t.sound ? 1 : 0,
  });
}
