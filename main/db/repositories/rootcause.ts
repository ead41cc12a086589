import type { FishboneCategory, FishboneCause, WhyChain, WhyNode } from '../../../common/contract/schemas/rootcause';
import type { Db } from '../connection';
import { bool } from '../rowMapping';

type Row = Record<string, unknown>;

const nextPos = (db: Db, sql: string, key: string) => db.prepare(sql).pluck().get(key) as number;

/** Orders a forest parents-first (depth-first, by position), so re-inserting in this order never breaks a parent link. */
export function parentsFirst<T extends { id: string; parentId: string | null; position: number }>(items: readonly T[]): T[] {
  const byParent = new Map<string | null, T[]>();
  for (const i of items) byParent.set(i.parentId, [...(byParent.get(i.parentId) ?? []), i]);
  const ids = new Set(items.map((i) => i.id));
  const out: T[] = [];
  const walk = (parent: string | null) => {
    for (const c of (byParent.get(parent) ?? []).sort((a, b) => a.position - b.position)) {
      out.push(c);
      walk(c.id);
    }
  };
  walk(null);
  // Items whose parent is outside the set (a removed subtree's top) are roots of their own walk.
  for (const i of items) if (i.parentId !== null && !ids.has(i.parentId) && !out.includes(i)) {
    out.push(i);
    walk(i.id);
  }
  return out;
}

// ── 5 Whys ───────────────────────────────────────────────────────────────────
function toNode(r: Row): WhyNode {
  return {
    id: r.id as string,
    chainId: r.chain_id as string,
    parentId: (r.parent_id as string | null) ?? null,
    text: r.text as string,
    isRootCause: bool(r.is_root_cause),
    position: r.position as number,
  };
}

function toChain(db: Db, r: Row): WhyChain {
  const nodes = (db.prepare('SELECT * FROM whys_nodes WHERE chain_id = ?').all(r.id) as Row[]).map(toNode);
  return {
    id: r.id as string,
    eventId: r.event_id as string,
    problem: r.problem as string,
    position: r.position as number,
    createdAt: r.created_at as string,
    nodes: parentsFirst(nodes),
  };
}

export function listChains(db: Db, eventId: string): WhyChain[] {
  return (db.prepare('SELECT * FROM whys_chains WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map((r) => toChain(db, r));
}

export function findChain(db: Db, id: string): WhyChain | undefined {
  const r = db.prepare('SELECT * FROM whys_chains WHERE id = ?').get(id) as Row | undefined;
  return r ? toChain(db, r) : undefined;
}

export function insertChain(db: Db, id: string, eventId: string, problem: string, at: string, position?: number): void {
  // Restoring at a position (undo) moves later chains down one, so the order comes back exactly.
  if (position !== undefined) db.prepare('UPDATE whys_chains SET position = position + 1 WHERE event_id = ? AND position >= ?').run(eventId, position);
  const pos = position ?? nextPos(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM whys_chains WHERE event_id = ?', eventId);
  db.prepare('INSERT INTO whys_chains (id, event_id, problem, position, created_at) VALUES (?, ?, ?, ?, ?)').run(id, eventId, problem, pos, at);
}

export function updateChain(db: Db, id: string, problem: string): void {
  db.prepare('UPDATE whys_chains SET problem = ? WHERE id = ?').run(problem, id);
}

export function deleteChain(db: Db, id: string): void {
  db.prepare('DELETE FROM whys_chains WHERE id = ?').run(id);
}

export function findNode(db: Db, id: string): WhyNode | undefined {
  const r = db.prepare('SELECT * FROM whys_nodes WHERE id = ?').get(id) as Row | undefined;
  return r ? toNode(r) : undefined;
}

export function insertNode(db: Db, n: Omit<WhyNode, 'position'>): void {
  const pos = nextPos(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM whys_nodes WHERE chain_id = ?', n.chainId);
  db.prepare('INSERT INTO whys_nodes (id, chain_id, parent_id, text, is_root_cause, position) VALUES (?, ?, ?, ?, ?, ?)').run(
    n.id, n.chainId, n.parentId, n.text, n.isRootCause ? 1 : 0, pos,
  );
}

export function updateNode(db: Db, id: string, patch: { text?: string; isRootCause?: boolean }): void {
  if (patch.text !== undefined) db.prepare('UPDATE whys_nodes SET text = ? WHERE id = ?').run(patch.text, id);
  if (patch.isRootCause !== undefined) db.prepare('UPDATE whys_nodes SET is_root_cause = ? WHERE id = ?').run(patch.isRootCause ? 1 : 0, id);
}

/** A node and all its descendants, parents first. */
export function nodeSubtree(db: Db, id: string): WhyNode[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM whys_nodes WHERE id = ? UNION ALL SELECT n.id FROM whys_nodes n JOIN sub ON n.parent_id = sub.id)
       SELECT * FROM whys_nodes WHERE id IN (SELECT id FROM sub)`,
    )
    .all(id) as Row[];
  return parentsFirst(rows.map(toNode));
}

export function deleteNode(db: Db, id: string): void {
  db.prepare('DELETE FROM whys_nodes WHERE id = ?').run(id);
}

// ── Fishbone ─────────────────────────────────────────────────────────────────
function toCause(r: Row): FishboneCause {
  return {
    id: r.id as string,
    categoryId: r.category_id as string,
    parentId: (r.parent_id as string | null) ?? null,
    text: r.text as string,
    position: r.position as number,
  };
}

function toCategory(db: Db, r: Row): FishboneCategory {
  const causes = (db.prepare('SELECT * FROM fishbone_causes WHERE category_id = ?').all(r.id) as Row[]).map(toCause);
  return { id: r.id as string, eventId: r.event_id as string, name: r.name as string, position: r.position as number, causes: parentsFirst(causes) };
}

export function findEffect(db: Db, eventId: string): string | undefined {
  return db.prepare('SELECT effect FROM fishbones WHERE event_id = ?').pluck().get(eventId) as string | undefined;
}

export function upsertEffect(db: Db, eventId: string, effect: string): void {
  db.prepare('INSERT INTO fishbones (event_id, effect) VALUES (?, ?) ON CONFLICT(event_id) DO UPDATE SET effect = excluded.effect').run(eventId, effect);
}

export function listCategories(db: Db, eventId: string): FishboneCategory[] {
  return (db.prepare('SELECT * FROM fishbone_categories WHERE event_id = ? ORDER BY position').all(eventId) as Row[]).map((r) => toCategory(db, r));
}

export function findCategory(db: Db, id: string): FishboneCategory | undefined {
  const r = db.prepare('SELECT * FROM fishbone_categories WHERE id = ?').get(id) as Row | undefined;
  return r ? toCategory(db, r) : undefined;
}

export function insertCategory(db: Db, id: string, eventId: string, name: string, position?: number): void {
  if (position !== undefined) db.prepare('UPDATE fishbone_categories SET position = position + 1 WHERE event_id = ? AND position >= ?').run(eventId, position);
  const pos = position ?? nextPos(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM fishbone_categories WHERE event_id = ?', eventId);
  db.prepare('INSERT INTO fishbone_categories (id, event_id, name, position) VALUES (?, ?, ?, ?)').run(id, eventId, name, pos);
}

export function updateCategory(db: Db, id: string, patch: { name?: string; position?: number }): void {
  if (patch.name !== undefined) db.prepare('UPDATE fishbone_categories SET name = ? WHERE id = ?').run(patch.name, id);
  if (patch.position !== undefined) db.prepare('UPDATE fishbone_categories SET position = ? WHERE id = ?').run(patch.position, id);
}

export function deleteCategory(db: Db, id: string): void {
  db.prepare('DELETE FROM fishbone_categories WHERE id = ?').run(id);
}

export function findCause(db: Db, id: string): FishboneCause | undefined {
  const r = db.prepare('SELECT * FROM fishbone_causes WHERE id = ?').get(id) as Row | undefined;
  return r ? toCause(r) : undefined;
}

export function insertCause(db: Db, c: Omit<FishboneCause, 'position'>): void {
  const pos = nextPos(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM fishbone_causes WHERE category_id = ?', c.categoryId);
  db.prepare('INSERT INTO fishbone_causes (id, category_id, parent_id, text, position) VALUES (?, ?, ?, ?, ?)').run(c.id, c.categoryId, c.parentId, c.text, pos);
}

export function updateCause(db: Db, id: string, text: string): void {
  db.prepare('UPDATE fishbone_causes SET text = ? WHERE id = ?').run(text, id);
}

/** Moves a cause and its sub-causes to another category; the cause goes last there, under `parentId` (null: a top-level cause). */
export function moveCause(db: Db, id: string, categoryId: string, parentId: string | null, subtree: readonly string[]): void {
  const pos = nextPos(db, 'SELECT COALESCE(MAX(position), 0) + 1 FROM fishbone_causes WHERE category_id = ?', categoryId);
  const setCategory = db.prepare('UPDATE fishbone_causes SET category_id = ? WHERE id = ?');
  for (const x of subtree) setCategory.run(categoryId, x);
  db.prepare('UPDATE fishbone_causes SET parent_id = ?, position = ? WHERE id = ?').run(parentId, pos, id);
}

export function causeSubtree(db: Db, id: string): FishboneCause[] {
  const rows = db
    .prepare(
      `WITH RECURSIVE sub(id) AS (SELECT id FROM fishbone_causes WHERE id = ? UNION ALL SELECT c.id FROM fishbone_causes c JOIN sub ON c.parent_id = sub.id)
       SELECT * FROM fishbone_causes WHERE id IN (SELECT id FROM sub)`,
    )
    .all(id) as Row[];
  return parentsFirst(rows.map(toCause));
}

export function deleteCause(db: Db, id: string): void {
  db.prepare('DELETE FROM fishbone_causes WHERE id = ?').run(id);
}
