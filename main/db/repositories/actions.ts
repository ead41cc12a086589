import type { ActionFields, ActionLink, Decision, DecisionFields, KaizenAction, ParkingFields, ParkingItem } from '../../../common/contract/schemas/actions';
import type { Db } from '../connection';
import { assignments, parseJson } from './rows';

type Row = Record<string, unknown>;
type StoredAction = Omit<KaizenAction, 'overdue'>;

const ACTION_COLUMNS: Readonly<Record<string, string>> = {
  title: 'title',
  description: 'description',
  ownerId: 'owner_id',
  dueDate: 'due_date',
  status: 'status',
  effort: 'effort',
  expectedEffect: 'expected_effect',
};

function linksOf(db: Db, actionId: string): ActionLink[] {
  return db
    .prepare('SELECT kind, target_id AS id FROM action_links WHERE action_id = ? ORDER BY position')
    .all(actionId) as ActionLink[];
}

function toAction(db: Db, r: Row, links?: ActionLink[]): StoredAction {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    title: r.title as string,
    description: r.description as string,
    ownerId: (r.owner_id as string | null) ?? null,
    dueDate: (r.due_date as string | null) ?? null,
    status: r.status as KaizenAction['status'],
    effort: (r.effort as KaizenAction['effort']) ?? null,
    expectedEffect: parseJson<KaizenAction['expectedEffect']>(r.expected_effect, null),
    links: links ?? linksOf(db, r.id as string),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

/** All of an event's actions; links come from one query rather than one per action. */
export function listActions(db: Db, eventId: string): StoredAction[] {
  const links = new Map<string, ActionLink[]>();
  const rows = db
    .prepare('SELECT l.action_id, l.kind, l.target_id FROM action_links l JOIN actions a ON a.id = l.action_id WHERE a.event_id = ? ORDER BY l.action_id, l.position')
    .all(eventId) as { action_id: string; kind: ActionLink['kind']; target_id: string }[];
  for (const l of rows) links.set(l.action_id, [...(links.get(l.action_id) ?? []), { kind: l.kind, id: l.target_id }]);
  return (db.prepare('SELECT * FROM actions WHERE event_id = ? ORDER BY created_at, rowid').all(eventId) as Row[]).map((r) =>
    toAction(db, r, links.get(r.id as string) ?? []),
  );
}

export function findAction(db: Db, id: string): StoredAction | undefined {
  const r = db.prepare('SELECT * FROM actions WHERE id = ?').get(id) as Row | undefined;
  return r ? toAction(db, r) : undefined;
}

function setLinks(db: Db, actionId: string, links: readonly ActionLink[]): void {
  db.prepare('DELETE FROM action_links WHERE action_id = ?').run(actionId);
  const ins = db.prepare('INSERT OR IGNORE INTO action_links (action_id, kind, target_id, position) VALUES (?, ?, ?, ?)');
  links.forEach((l, i) => ins.run(actionId, l.kind, l.id, i));
}

const effectJson = (e: ActionFields['expectedEffect'] | undefined) => (e === undefined ? undefined : e === null ? null : JSON.stringify(e));

export function insertAction(db: Db, id: string, eventId: string, at: string, f: ActionFields, createdAt = at): void {
  db.prepare(
    `INSERT INTO actions (id, event_id, title, description, owner_id, due_date, status, effort, expected_effect, created_at, updated_at)
     VALUES (@id, @eventId, @title, @description, @ownerId, @dueDate, @status, @effort, @expectedEffect, @createdAt, @at)`,
  ).run({ ...f, links: null, expectedEffect: effectJson(f.expectedEffect), id, eventId, at, createdAt });
  setLinks(db, id, f.links);
}

export function updateAction(db: Db, id: string, at: string, patch: Partial<ActionFields>): void {
  const sets = assignments(patch, ACTION_COLUMNS);
  const { links: _links, ...scalar } = patch;
  db.prepare(`UPDATE actions SET ${[...sets, 'updated_at = @at'].join(', ')} WHERE id = @id`).run({
    ...scalar,
    expectedEffect: effectJson(patch.expectedEffect),
    id,
    at,
  });
  if (patch.links) setLinks(db, id, patch.links);
}

export function deleteAction(db: Db, id: string): void {
  db.prepare('DELETE FROM actions WHERE id = ?').run(id);
}

// ── Parking lot ──────────────────────────────────────────────────────────────
const PARKING_COLUMNS: Readonly<Record<keyof ParkingFields, string>> = {
  text: 'text',
  raisedBy: 'raised_by',
  status: 'status',
  outcome: 'outcome',
};

function toParking(r: Row): ParkingItem {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    text: r.text as string,
    raisedBy: r.raised_by as string,
    status: r.status as ParkingItem['status'],
    outcome: r.outcome as string,
    position: r.position as number,
    createdAt: r.created_at as string,
  };
}

export function listParking(db: Db, eventId: string): ParkingItem[] {
  return (db.prepare('SELECT * FROM parking_items WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map(toParking);
}

export function findParking(db: Db, id: string): ParkingItem | undefined {
  const r = db.prepare('SELECT * FROM parking_items WHERE id = ?').get(id) as Row | undefined;
  return r ? toParking(r) : undefined;
}

export function insertParking(db: Db, id: string, eventId: string, at: string, f: ParkingFields, position?: number): void {
  // Restoring at a position (undo) moves later items down one, so the order comes back exactly.
  if (position !== undefined) db.prepare('UPDATE parking_items SET position = position + 1 WHERE event_id = ? AND position >= ?').run(eventId, position);
  const pos = position ?? (db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM parking_items WHERE event_id = ?').pluck().get(eventId) as number);
  db.prepare(
    `INSERT INTO parking_items (id, event_id, text, raised_by, status, outcome, position, created_at)
     VALUES (@id, @eventId, @text, @raisedBy, @status, @outcome, @pos, @at)`,
  ).run({ ...f, id, eventId, pos, at });
}

export function updateParking(db: Db, id: string, patch: Partial<ParkingFields>): void {
  const sets = assignments(patch, PARKING_COLUMNS);
  if (sets.length > 0) db.prepare(`UPDATE parking_items SET ${sets.join(', ')} WHERE id = @id`).run({ ...patch, id });
}

export function deleteParking(db: Db, id: string): void {
  db.prepare('DELETE FROM parking_items WHERE id = ?').run(id);
}

// ── Decision log (append-only: there is deliberately no update or delete here) ──
function toDecision(r: Row, correctedBy: string[]): Decision {
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    seq: r.seq as number,
    decision: r.decision as string,
    rationale: r.rationale as string,
    alternatives: r.alternatives as string,
    decidedBy: r.decided_by as string,
    decidedOn: r.decided_on as string,
    actionIds: parseJson<string[]>(r.action_ids, []),
    correctsId: (r.corrects_id as string | null) ?? null,
    createdAt: r.created_at as string,
    correctedBy,
  };
}

export function listDecisions(db: Db, eventId: string): Decision[] {
  const rows = db.prepare('SELECT * FROM decisions WHERE event_id = ? ORDER BY seq').all(eventId) as Row[];
  const corrections = new Map<string, string[]>();
  for (const r of rows) {
    const target = r.corrects_id as string | null;
    if (target) corrections.set(target, [...(corrections.get(target) ?? []), r.id as string]);
  }
  return rows.map((r) => toDecision(r, corrections.get(r.id as string) ?? []));
}

export function findDecision(db: Db, id: string): Decision | undefined {
  const r = db.prepare('SELECT * FROM decisions WHERE id = ?').get(id) as Row | undefined;
  if (!r) return undefined;
  const by = db.prepare('SELECT id FROM decisions WHERE corrects_id = ? ORDER BY seq').pluck().all(id) as string[];
  return toDecision(r, by);
}

export function appendDecision(db: Db, id: string, eventId: string, at: string, f: DecisionFields): void {
  db.prepare(
    `INSERT INTO decisions (id, event_id, decision, rationale, alternatives, decided_by, decided_on, action_ids, corrects_id, created_at)
     VALUES (@id, @eventId, @decision, @rationale, @alternatives, @decidedBy, @decidedOn, @actionIds, @correctsId, @at)`,
  ).run({ ...f, actionIds: JSON.stringify(f.actionIds), id, eventId, at });
}
