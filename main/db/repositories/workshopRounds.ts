import type { Db } from '../connection';
import { parseJson } from './rows';

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

type Row = Record<string, unknown>;

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
