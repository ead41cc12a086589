import { ALLOWED_ON_ARCHIVED, SOURCE_FIELDS, isWriteCall } from '../../../common/contract/access';
import type { Method } from '../../../common/contract/api';
import { AppError } from '../../../common/contract/errors';
import type { Db } from '../../db/connection';
import type { Statement } from 'better-sqlite3';

/**
 * The read-only guard for archived events, run by dispatch before any handler (one place for every transport and
 * every method). A call that would change data (`isWriteCall`, common/contract/access.ts) is refused when any id it
 * names belongs to an archived event.
 *
 * Which event an id belongs to is found from the schema itself, not from a per-method list: every table with an
 * `event_id` column answers directly, and a child table (whys_nodes → whys_chains, model_cards → model_versions →
 * registry_models …) follows its foreign keys up to one that has it. So a new table or method is covered without
 * touching this file. Ids are random UUIDs, unique across tables, so the first table that knows an id decides.
 */

type Lookup = Readonly<{ table: string; column: string; stmt: Statement }>;

type Table = Readonly<{ name: string; columns: ReadonlySet<string>; fks: readonly { from: string; table: string; to: string }[] }>;

const snake = (field: string) => field.replace(/Ids?$/, '').replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`) + '_id';

function readTables(db: Db): Map<string, Table> {
  const names = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE 'ds\\_%' ESCAPE '\\' AND name NOT LIKE 'search\\_%' ESCAPE '\\'")
    .pluck()
    .all() as string[];
  const tables = new Map<string, Table>();
  for (const name of names) {
    const columns = new Set((db.prepare(`PRAGMA table_info("${name}")`).all() as { name: string }[]).map((c) => c.name));
    const fks = (db.prepare(`PRAGMA foreign_key_list("${name}")`).all() as { from: string; table: string; to: string | null }[]).map((f) => ({ from: f.from, table: f.table, to: f.to ?? 'id' }));
    tables.set(name, { name, columns, fks });
  }
  return tables;
}

/** Columns `<x>_id` that point nowhere by foreign key: a table's own identifier (rollback_plans.plan_id) or a reference kept without one. */
const looseIds = (t: Table) => [...t.columns].filter((c) => c.endsWith('_id') && c !== 'event_id' && !t.fks.some((f) => f.from === c));

/**
 * SQL giving the event id of the row aliased `alias` of `t`, or null when `t` cannot be tied to an event: its own
 * event_id, else the first of its parents (by foreign key, or by a loose `<x>_id` that is another table's own
 * identifier, as rollback_rehearsals.plan_id) that has one — COALESCE, since an optional parent (an owner) may be null.
 */
function eventExpr(tables: Map<string, Table>, t: Table, alias: string, depth = 0): string | null {
  if (t.name === 'events') return `${alias}.id`;
  if (t.columns.has('event_id')) return `${alias}.event_id`;
  if (depth >= 4) return null;
  const parents: string[] = [];
  const a = `p${depth}`;
  const via = (parent: Table, to: string, from: string) => {
    const inner = eventExpr(tables, parent, a, depth + 1);
    if (inner) parents.push(`(SELECT ${inner} FROM "${parent.name}" ${a} WHERE ${a}."${to}" = ${alias}."${from}")`);
  };
  for (const fk of t.fks) {
    const parent = tables.get(fk.table);
    if (parent && parent.name !== t.name) via(parent, fk.to, fk.from);
  }
  for (const c of looseIds(t)) {
    for (const other of tables.values()) if (other.name !== t.name && looseIds(other).includes(c) && other.columns.has('event_id')) via(other, c, c);
  }
  if (parents.length === 0) return null;
  return parents.length === 1 ? parents[0]! : `COALESCE(${parents.join(', ')})`;
}

export type ArchivedGuard = (method: Method, input: unknown) => void;

export function createArchivedGuard(db: Db): ArchivedGuard {
  let byColumn: Map<string, Lookup[]> | null = null;
  const lookups = (column: string): Lookup[] => {
    if (!byColumn) {
      byColumn = new Map();
      const tables = readTables(db);
      for (const t of tables.values()) {
        const expr = eventExpr(tables, t, 't');
        if (!expr) continue;
        // The table's own identifiers: `id`, and `<x>_id` columns that point nowhere (rollback_plans.plan_id).
        for (const c of ['id', ...looseIds(t)]) {
          if (!t.columns.has(c)) continue;
          const list = byColumn.get(c) ?? [];
          list.push({ table: t.name, column: c, stmt: db.prepare(`SELECT ${expr} FROM "${t.name}" t WHERE t."${c}" = ? LIMIT 1`).pluck() });
          byColumn.set(c, list);
        }
      }
    }
    return byColumn.get(column) ?? [];
  };

  const eventOf = (field: string, value: string): string | null => {
    if (field === 'eventId') return value;
    for (const column of field === 'id' ? ['id'] : ['id', snake(field)]) {
      for (const l of lookups(column)) {
        const e = l.stmt.get(value) as string | null | undefined;
        if (e) return e;
      }
    }
    return null;
  };

  const findEvent = db.prepare('SELECT id, name, archived_at FROM events WHERE id = ?');

  return (method, input) => {
    if (!isWriteCall(method, input) || typeof input !== 'object' || input === null) return;
    const events = new Set<string>();
    for (const [field, value] of Object.entries(input as Record<string, unknown>)) {
      if (SOURCE_FIELDS.has(field) || !(field === 'id' || /Ids?$/.test(field))) continue;
      const values = typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
      for (const v of values) {
        const e = eventOf(field, v);
        if (e) events.add(e);
      }
    }
    for (const id of events) {
      const e = findEvent.get(id) as { id: string; name: string; archived_at: string | null } | undefined;
      if (!e || e.archived_at === null) continue;
      if (method === 'event-delete' && (input as { confirmArchived?: boolean }).confirmArchived !== true) {
        throw new AppError('CONFLICT', `Event "${e.name}" is archived; deleting it needs confirmation.`, { reason: 'archived-delete-unconfirmed', eventId: e.id });
      }
      if (ALLOWED_ON_ARCHIVED.has(method)) continue;
      throw new AppError('CONFLICT', `Event "${e.name}" is archived; reopen it to change it.`, { reason: 'archived', eventId: e.id, method });
    }
  };
}
