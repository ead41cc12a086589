/** The improve area's storage: actions and their links, the parking lot, the decision log, affinity groups and impact/effort placements. */
import type { ActionFields, ActionLink, Decision, DecisionFields, KaizenAction, ParkingFields, ParkingItem } from '../../../common/contract/schemas/actions';
import type { AffinityGroup, MatrixPlacement } from '../../../common/contract/schemas/affinity';
import type { Db } from '../connection';
import { assignments, parseJson } from '../rowMapping';

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
  doneDate: 'done_date',
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
    doneDate: (r.done_date as string | null) ?? null,
    verification: parseJson<KaizenAction['verification']>(r.verification, null),
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
    `INSERT INTO actions (id, event_id, title, description, owner_id, due_date, status, effort, expected_effect, done_date, created_at, updated_at)
     VALUES (@id, @eventId, @title, @description, @ownerId, @dueDate, @status, @effort, @expectedEffect, @doneDate, @createdAt, @at)`,
  ).run({ ...f, links: null, expectedEffect: effectJson(f.expectedEffect), doneDate: f.doneDate ?? null, id, eventId, at, createdAt });
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

/** How the action became verified (null when it is no longer verified). */
export function setVerification(db: Db, id: string, v: KaizenAction['verification']): void {
  db.prepare('UPDATE actions SET verification = ? WHERE id = ?').run(v ? JSON.stringify(v) : null, id);
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

// ── Links into other areas ───────────────────────────────────────────────────
export function tableExists(db: Db, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * True when `ideaId` is an idea of this event. Ideas belong to the workshop area (migration 0060); when
 * that table is absent the check is skipped rather than failing, so this area works on its own.
 */
export function ideaBelongsTo(db: Db, eventId: string, ideaId: string): boolean {
  const hasIdeas = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'ideas'").get() !== undefined;
  if (!hasIdeas) return true;
  return db.prepare('SELECT 1 FROM ideas WHERE id = ? AND event_id = ?').get(ideaId, eventId) !== undefined;
}

/** For link kinds owned by other areas: the table that must exist, and a query returning 1 when the id is in the event. */
const OTHER_AREA_LINKS: Readonly<Partial<Record<ActionLink['kind'], { table: string; sql: string }>>> = {
  kpi: { table: 'kpis', sql: 'SELECT 1 FROM kpis WHERE id = ? AND event_id = ?' },
  analysis: { table: 'analysis_results', sql: 'SELECT 1 FROM analysis_results WHERE id = ? AND event_id = ?' },
  'vsm-stage': { table: 'vsm_stages', sql: 'SELECT 1 FROM vsm_stages s JOIN vsm_maps m ON m.id = s.map_id WHERE s.id = ? AND m.event_id = ?' },
  burst: { table: 'vsm_bursts', sql: 'SELECT 1 FROM vsm_bursts b JOIN vsm_maps m ON m.id = b.map_id WHERE b.id = ? AND m.event_id = ?' },
};

/**
 * True when a KPI, analysis, VSM stage or burst link names nothing of this event. False for the other kinds
 * (checked by the service) and when the owning area's table is absent: such a link is stored as given.
 */
export function otherAreaLinkMissing(db: Db, kind: ActionLink['kind'], targetId: string, eventId: string): boolean {
  const other = OTHER_AREA_LINKS[kind];
  return other !== undefined && tableExists(db, other.table) && db.prepare(other.sql).get(targetId, eventId) === undefined;
}

// ── Affinity groups ──────────────────────────────────────────────────────────
const toGroup = (r: Row): AffinityGroup => ({
  id: r.id as string,
  eventId: r.event_id as string,
  name: r.name as string,
  position: r.position as number,
  createdAt: r.created_at as string,
});

export function findGroup(db: Db, id: string): AffinityGroup | undefined {
  const r = db.prepare('SELECT * FROM affinity_groups WHERE id = ?').get(id) as Row | undefined;
  return r ? toGroup(r) : undefined;
}

export function listGroups(db: Db, eventId: string): AffinityGroup[] {
  return (db.prepare('SELECT * FROM affinity_groups WHERE event_id = ? ORDER BY position, created_at').all(eventId) as Row[]).map(toGroup);
}

export function insertGroup(db: Db, id: string, eventId: string, name: string, at: string, position?: number): void {
  // Restoring at a position (undo) moves later groups along one, so the board comes back exactly.
  if (position !== undefined) db.prepare('UPDATE affinity_groups SET position = position + 1 WHERE event_id = ? AND position >= ?').run(eventId, position);
  const pos = position ?? (db.prepare('SELECT COALESCE(MAX(position), 0) + 1 FROM affinity_groups WHERE event_id = ?').pluck().get(eventId) as number);
  db.prepare('INSERT INTO affinity_groups (id, event_id, name, position, created_at) VALUES (?, ?, ?, ?, ?)').run(id, eventId, name, pos, at);
}

export function updateGroup(db: Db, id: string, patch: Partial<Pick<AffinityGroup, 'name' | 'position'>>): void {
  if (patch.name !== undefined) db.prepare('UPDATE affinity_groups SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.position !== undefined) db.prepare('UPDATE affinity_groups SET position = ? WHERE id = ?').run(patch.position, id);
}

export function deleteGroup(db: Db, id: string): void {
  db.prepare('DELETE FROM affinity_groups WHERE id = ?').run(id);
}

// ── Impact/effort matrix ─────────────────────────────────────────────────────
const toPlacement = (r: Row): MatrixPlacement => ({
  eventId: r.event_id as string,
  ideaId: r.idea_id as string,
  impact: r.impact as number,
  effort: r.effort as number,
  source: r.source as MatrixPlacement['source'],
  updatedAt: r.updated_at as string,
});

export function findPlacement(db: Db, eventId: string, ideaId: string): MatrixPlacement | null {
  const r = db.prepare('SELECT * FROM matrix_placements WHERE event_id = ? AND idea_id = ?').get(eventId, ideaId) as Row | undefined;
  return r ? toPlacement(r) : null;
}

export function listPlacements(db: Db, eventId: string): MatrixPlacement[] {
  return (db.prepare('SELECT * FROM matrix_placements WHERE event_id = ? ORDER BY updated_at').all(eventId) as Row[]).map(toPlacement);
}

/** One placement per idea: placing again overwrites the scores, the source and the time. */
export function savePlacement(db: Db, p: MatrixPlacement): void {
  db.prepare(
    `INSERT INTO matrix_placements (event_id, idea_id, impact, effort, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT(event_id, idea_id) DO UPDATE SET impact = excluded.impact, effort = excluded.effort, source = excluded.source, updated_at = excluded.updated_at`,
  ).run(p.eventId, p.ideaId, p.impact, p.effort, p.source, p.updatedAt);
}

export function deletePlacement(db: Db, eventId: string, ideaId: string): void {
  db.prepare('DELETE FROM matrix_placements WHERE event_id = ? AND idea_id = ?').run(eventId, ideaId);
}
