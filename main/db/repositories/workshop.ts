import type { AgendaFields, AgendaSession, Idea, IdeaFields } from '../../../common/contract/schemas/workshop';
import type { StoredTimer } from '../../../common/domain/workshop/timer';
import type { Db } from '../connection';
import { assignments, parseJson } from '../rowMapping';

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

// ── Pass-the-laptop rounds ──────────────────────────────────────────────────
/** Raw rows of pass-the-laptop rounds and vote sessions. Secrecy is applied by the services, never here. */
export type RoundRow = Readonly<{
  id: string;
  eventId: string;
  prompt: string;
  category: string;
  status: 'open' | 'closed';
  participant: number;
  phase: 'handover' | 'entering';
  createdAt: string;
  closedAt: string | null;
}>;
export type EntryRow = Readonly<{ id: string; participant: number; text: string; createdAt: string }>;

function toRound(r: Row): RoundRow {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    prompt: r.prompt as string,
    category: r.category as string,
    status: r.status as RoundRow['status'],
    participant: r.participant as number,
    phase: r.phase as RoundRow['phase'],
    createdAt: r.created_at as string,
    closedAt: (r.closed_at as string | null) ?? null,
  };
}

export function insertRound(db: Db, r: Pick<RoundRow, 'id' | 'eventId' | 'prompt' | 'category' | 'createdAt'>): void {
  db.prepare('INSERT INTO input_rounds (id, event_id, prompt, category, created_at) VALUES (@id, @eventId, @prompt, @category, @createdAt)').run(r);
}

export function findRound(db: Db, id: string): RoundRow | undefined {
  const r = db.prepare('SELECT * FROM input_rounds WHERE id = ?').get(id) as Row | undefined;
  return r ? toRound(r) : undefined;
}

export function listRounds(db: Db, eventId: string): RoundRow[] {
  return (db.prepare('SELECT * FROM input_rounds WHERE event_id = ? ORDER BY created_at, rowid').all(eventId) as Row[]).map(toRound);
}

export function saveRoundState(db: Db, id: string, s: Pick<RoundRow, 'status' | 'participant' | 'phase' | 'closedAt'>): void {
  db.prepare('UPDATE input_rounds SET status = @status, participant = @participant, phase = @phase, closed_at = @closedAt WHERE id = @id').run({ ...s, id });
}

export function entries(db: Db, roundId: string, participant?: number): EntryRow[] {
  const rows = (participant === undefined
    ? db.prepare('SELECT * FROM round_entries WHERE round_id = ? ORDER BY created_at, rowid').all(roundId)
    : db.prepare('SELECT * FROM round_entries WHERE round_id = ? AND participant = ? ORDER BY created_at, rowid').all(roundId, participant)) as Row[];
  return rows.map((r) => ({ id: r.id as string, participant: r.participant as number, text: r.text as string, createdAt: r.created_at as string }));
}

export function countEntries(db: Db, roundId: string): number {
  return db.prepare('SELECT count(*) FROM round_entries WHERE round_id = ?').pluck().get(roundId) as number;
}

export function insertEntry(db: Db, e: EntryRow & { roundId: string }): void {
  db.prepare('INSERT INTO round_entries (id, round_id, participant, text, created_at) VALUES (@id, @roundId, @participant, @text, @createdAt)').run(e);
}

export function updateEntry(db: Db, id: string, text: string): void {
  db.prepare('UPDATE round_entries SET text = ? WHERE id = ?').run(text, id);
}

export function deleteEntry(db: Db, id: string): void {
  db.prepare('DELETE FROM round_entries WHERE id = ?').run(id);
}

export function deleteEntries(db: Db, roundId: string): void {
  db.prepare('DELETE FROM round_entries WHERE round_id = ?').run(roundId);
}

// ── Vote sessions and ballots ────────────────────────────────────────────────
export type VoterRow = Readonly<{ label: string; memberId: string | null }>;
export type CandidateRow = Readonly<{ ideaId: string; text: string }>;
export type VoteRow = Readonly<{
  id: string;
  eventId: string;
  title: string;
  dotsPerVoter: number;
  maxPerIdea: number | null;
  voters: VoterRow[];
  candidates: CandidateRow[];
  status: 'open' | 'revealed';
  currentVoter: number | null;
  draft: Record<string, number>;
  createdAt: string;
  revealedAt: string | null;
}>;

function toVote(r: Row): VoteRow {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    title: r.title as string,
    dotsPerVoter: r.dots_per_voter as number,
    maxPerIdea: (r.max_per_idea as number | null) ?? null,
    voters: parseJson<VoterRow[]>(r.voters, []),
    candidates: parseJson<CandidateRow[]>(r.candidates, []),
    status: r.status as VoteRow['status'],
    currentVoter: (r.current_voter as number | null) ?? null,
    draft: parseJson<Record<string, number>>(r.draft, {}),
    createdAt: r.created_at as string,
    revealedAt: (r.revealed_at as string | null) ?? null,
  };
}

export function insertVote(db: Db, v: VoteRow): void {
  db.prepare(
    `INSERT INTO vote_sessions (id, event_id, title, dots_per_voter, max_per_idea, voters, candidates, status, created_at)
     VALUES (@id, @eventId, @title, @dotsPerVoter, @maxPerIdea, @voters, @candidates, @status, @createdAt)`,
  ).run({ ...v, voters: JSON.stringify(v.voters), candidates: JSON.stringify(v.candidates), currentVoter: undefined, draft: undefined, revealedAt: undefined });
}

export function findVote(db: Db, id: string): VoteRow | undefined {
  const r = db.prepare('SELECT * FROM vote_sessions WHERE id = ?').get(id) as Row | undefined;
  return r ? toVote(r) : undefined;
}

export function listVotes(db: Db, eventId: string): VoteRow[] {
  return (db.prepare('SELECT * FROM vote_sessions WHERE event_id = ? ORDER BY created_at, rowid').all(eventId) as Row[]).map(toVote);
}

export function setVoteTurn(db: Db, id: string, currentVoter: number | null, draft: Record<string, number>): void {
  db.prepare('UPDATE vote_sessions SET current_voter = ?, draft = ? WHERE id = ?').run(currentVoter, JSON.stringify(draft), id);
}

export function setRevealed(db: Db, id: string, at: string): void {
  db.prepare("UPDATE vote_sessions SET status = 'revealed', revealed_at = ?, current_voter = NULL, draft = '{}' WHERE id = ?").run(at, id);
}

export function deleteVote(db: Db, id: string): void {
  db.prepare('DELETE FROM vote_sessions WHERE id = ?').run(id);
}

export function votedIndexes(db: Db, sessionId: string): Set<number> {
  return new Set(db.prepare('SELECT voter_index FROM ballots WHERE session_id = ?').pluck().all(sessionId) as number[]);
}

export function insertBallot(db: Db, sessionId: string, voterIndex: number, dots: Record<string, number>, at: string): void {
  db.prepare('INSERT INTO ballots (session_id, voter_index, dots, cast_at) VALUES (?, ?, ?, ?)').run(sessionId, voterIndex, JSON.stringify(dots), at);
}

export function ballotDots(db: Db, sessionId: string): Record<string, number>[] {
  return (db.prepare('SELECT dots FROM ballots WHERE session_id = ? ORDER BY voter_index').pluck().all(sessionId) as string[]).map((d) =>
    parseJson<Record<string, number>>(d, {}),
  );
}
