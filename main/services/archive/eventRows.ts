import type { Db } from '../../db/connection';

/**
 * Which rows belong to an event, read from the schema rather than listed by hand, so a table a later migration
 * adds is archived without touching this file: a table belongs to events when one of its foreign keys leads
 * (through any chain of owned tables) to `events`, or when it has an `event_id` column. Rows reached through
 * such a key, or carrying the event's id, are the event's. Dataset tables (`ds_…`) are reached through
 * `dataset_versions.table_name`; the change log is archived as the event's own chain (changelog.jsonl).
 *
 * Tables that hold nothing of any one event are listed in STORE_TABLES with the reason; full-text indexes
 * (virtual tables and their shadow tables) are derived and rebuilt, never archived. `tests/integration/
 * archiveCoverage.test.ts` fails when a table is none of these, so an uncovered event table cannot land silently.
 */
export const STORE_TABLES: Readonly<Record<string, string>> = {
  settings: 'store-wide preferences, not any event\'s',
  change_log: 'archived as the event\'s own chain in changelog.jsonl, re-chained on import',
};

/**
 * Ordinary tables that are derived from the event's rows and rebuilt by the store itself (triggers), so they are
 * never archived: importing the rows rebuilds them.
 */
export const DERIVED_TABLES: Readonly<Record<string, string>> = {
  search_docs: 'the knowledge base\'s documents, kept current by triggers on the rows they index (migration 0170)',
  dataset_column_packs: 'packed numeric columns of the dataset tables (migration 0230): an imported archive\'s tables are packed again on their first chart open',
};

export type ForeignKey = Readonly<{ from: string; table: string; to: string }>;

/**
 * References the schema does not declare as foreign keys (a key shared by a row's versions, not a row id). A
 * table that belongs to an event only through one of these is listed here, or the coverage test fails.
 */
export const LOGICAL_LINKS: Readonly<Record<string, readonly ForeignKey[]>> = {
  rollback_rehearsals: [{ from: 'plan_id', table: 'rollback_plans', to: 'plan_id' }],
};
export type OwnedTable = Readonly<{
  name: string;
  columns: readonly string[];
  /** SQL condition selecting the event's rows; every `?` is the event id. */
  where: string;
  params: number;
  foreignKeys: readonly ForeignKey[];
  /** A single INTEGER PRIMARY KEY column other than the id (e.g. `seq`): renumbered when it collides on import. */
  integerKey: string | null;
  withoutRowid: boolean;
}>;

export type SchemaMap = Readonly<{
  /** Owned tables, parents before children. */
  owned: readonly OwnedTable[];
  /** Virtual tables and their shadow tables (derived indexes: rebuilt, not archived). */
  derived: readonly string[];
  /** Tables that are none of owned, derived, dataset or STORE_TABLES. */
  uncovered: readonly string[];
}>;

const ident = (s: string) => `"${s.replace(/"/g, '""')}"`;

type TableInfo = { name: string; columns: { name: string; type: string; pk: number }[]; fks: ForeignKey[]; withoutRowid: boolean };

function readTables(db: Db): { tables: Map<string, TableInfo>; derived: string[] } {
  const master = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'").all() as { name: string; sql: string | null }[];
  const virtual = master.filter((t) => /^\s*CREATE\s+VIRTUAL\s+TABLE/i.test(t.sql ?? '')).map((t) => t.name);
  const derived = new Set<string>([...virtual, ...Object.keys(DERIVED_TABLES).filter((n) => master.some((t) => t.name === n))]);
  for (const t of master) if (virtual.some((v) => t.name.startsWith(`${v}_`))) derived.add(t.name);
  const wr = new Map<string, boolean>();
  for (const r of db.prepare("SELECT name, wr FROM pragma_table_list WHERE schema = 'main'").all() as { name: string; wr: number }[]) wr.set(r.name, r.wr === 1);
  const tables = new Map<string, TableInfo>();
  for (const t of master) {
    if (derived.has(t.name) || t.name.startsWith('ds_')) continue;
    const columns = db.prepare('SELECT name, type, pk FROM pragma_table_info(?)').all(t.name) as TableInfo['columns'];
    const fks = (db.prepare('SELECT "from", "table", "to" FROM pragma_foreign_key_list(?)').all(t.name) as ForeignKey[]).map((f) => ({ ...f, to: f.to ?? 'id' }));
    fks.push(...(LOGICAL_LINKS[t.name] ?? []));
    tables.set(t.name, { name: t.name, columns, fks, withoutRowid: wr.get(t.name) ?? false });
  }
  return { tables, derived: [...derived] };
}

/** The event's tables, how to select its rows in each, and the tables nothing covers. */
export function schemaMap(db: Db): SchemaMap {
  const { tables, derived } = readTables(db);
  const owned = new Set<string>(['events']);
  // Fixpoint: a table is owned once one of its keys leads to an owned table (or it carries event_id).
  for (let changed = true; changed; ) {
    changed = false;
    for (const t of tables.values()) {
      if (owned.has(t.name) || t.name in STORE_TABLES) continue;
      if (t.columns.some((c) => c.name === 'event_id') || t.fks.some((f) => f.table !== t.name && owned.has(f.table))) {
        owned.add(t.name);
        changed = true;
      }
    }
  }
  const whereOf = new Map<string, { where: string; params: number }>();
  const build = (name: string, depth: number): { where: string; params: number } => {
    const hit = whereOf.get(name);
    if (hit) return hit;
    if (name === 'events') return { where: 'id = ?', params: 1 };
    const t = tables.get(name)!;
    const parts: string[] = [];
    let params = 0;
    const eventFk = t.fks.some((f) => f.from === 'event_id');
    if (t.columns.some((c) => c.name === 'event_id') && !eventFk) {
      parts.push('event_id = ?');
      params++;
    }
    for (const f of t.fks) {
      if (f.table === name || !owned.has(f.table) || depth > 12) continue;
      if (f.table === 'events') {
        parts.push(`${ident(f.from)} = ?`);
        params++;
        continue;
      }
      const p = build(f.table, depth + 1);
      parts.push(`${ident(f.from)} IN (SELECT ${ident(f.to)} FROM ${ident(f.table)} WHERE ${p.where})`);
      params += p.params;
    }
    const r = { where: parts.length ? parts.map((p) => `(${p})`).join(' OR ') : '0', params };
    whereOf.set(name, r);
    return r;
  };
  // Parents before children (self-references and cycles are left to deferred foreign keys).
  const order: string[] = [];
  const seen = new Set<string>();
  const visit = (name: string, stack: Set<string>) => {
    if (seen.has(name) || stack.has(name)) return;
    stack.add(name);
    for (const f of tables.get(name)?.fks ?? []) if (owned.has(f.table) && f.table !== name) visit(f.table, stack);
    stack.delete(name);
    seen.add(name);
    order.push(name);
  };
  for (const name of [...owned].sort()) visit(name, new Set());
  const ownedTables = order.map((name): OwnedTable => {
    const t = tables.get(name)!;
    const w = build(name, 0);
    const pks = t.columns.filter((c) => c.pk > 0);
    const integerKey = pks.length === 1 && pks[0]!.type.toUpperCase() === 'INTEGER' && t.columns.some((c) => c.name === 'id') ? pks[0]!.name : null;
    return { name, columns: t.columns.map((c) => c.name), where: w.where, params: w.params, foreignKeys: t.fks, integerKey, withoutRowid: t.withoutRowid };
  });
  const uncovered = [...tables.keys()].filter((n) => !owned.has(n) && !(n in STORE_TABLES)).sort();
  return { owned: ownedTables, derived, uncovered };
}

/** The event's rows of one owned table, in storage order. */
export function selectOwned(db: Db, t: OwnedTable, eventId: string): IterableIterator<Record<string, unknown>> {
  const order = t.withoutRowid ? '' : ' ORDER BY rowid';
  return db.prepare(`SELECT * FROM ${ident(t.name)} WHERE ${t.where}${order}`).iterate(...Array<string>(t.params).fill(eventId)) as IterableIterator<Record<string, unknown>>;
}

export function countOwned(db: Db, t: OwnedTable, eventId: string): number {
  return db.prepare(`SELECT count(*) FROM ${ident(t.name)} WHERE ${t.where}`).pluck().get(...Array<string>(t.params).fill(eventId)) as number;
}

/**
 * Deletes the event's rows, children first (foreign keys deferred by the caller's transaction). Append-only
 * tables refuse deletes by trigger; replacing a whole event (saved to a backup first, logged as a discard) is
 * the one case that may: their no-delete triggers are dropped and created again, as they were, inside the same
 * transaction, so no other write ever sees them missing.
 */
export function deleteOwned(db: Db, map: SchemaMap, eventId: string): void {
  const owned = new Set(map.owned.map((t) => t.name));
  const guards = (db.prepare("SELECT name, tbl_name AS tbl, sql FROM sqlite_master WHERE type = 'trigger' AND sql LIKE '%BEFORE DELETE%RAISE(ABORT%'").all() as { name: string; tbl: string; sql: string }[]).filter((g) => owned.has(g.tbl));
  for (const g of guards) db.exec(`DROP TRIGGER ${ident(g.name)}`);
  for (const t of [...map.owned].reverse()) {
    db.prepare(`DELETE FROM ${ident(t.name)} WHERE ${t.where}`).run(...Array<string>(t.params).fill(eventId));
  }
  for (const g of guards) db.exec(g.sql);
}

/** The dataset tables (`ds_…`) of the event's dataset versions. */
export function datasetTables(db: Db, eventId: string): { versionId: string; table: string }[] {
  // A linked dataset's version has no table (table_name ''): its rows stay in the file or ClickHouse table it links.
  return db
    .prepare(`SELECT v.id AS versionId, v.table_name AS "table" FROM dataset_versions v JOIN datasets d ON d.id = v.dataset_id WHERE d.event_id = ? AND v.table_name != '' ORDER BY v.rowid`)
    .all(eventId) as { versionId: string; table: string }[];
}

export { ident };
