import { createHash } from 'node:crypto';
import type { Db } from './connection';
import { chainedTable, CHAINED_TABLES } from './chainedTables';

export type ChangeEntry = Readonly<{
  actor: string;
  entity: string;
  entityId: string;
  action: string;
  reason?: string;
  payload?: unknown;
  /** The event the entry belongs to (the Governance page lists an event's entries by it). */
  eventId?: string;
  /**
   * The row this entry records, read back as stored (after the caller's INSERT/UPDATE in the same
   * transaction): its canonical JSON is kept with the entry and covered by the hash, so `kaizen check` can
   * tell a row rewritten behind the app's back. The table must be listed in CHAINED_TABLES.
   */
  record?: Readonly<{ table: string; id: string }>;
}>;

export const GENESIS = '0'.repeat(64);
/** Hash formula of new entries: 1 = the fields joined (before 0090), 2 = canonical JSON of entry and row. */
export const HASH_VERSION = 2;

/** JSON with object keys sorted at every level; Buffers as hex. The same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortDeep(value));
}

function sortDeep(v: unknown): unknown {
  if (Buffer.isBuffer(v)) return { hex: v.toString('hex') };
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = sortDeep(x);
    }
    return out;
  }
  return v;
}

/** The recorded row as stored, restricted to the table's covered columns; null when there is no such row. */
export function readRecord(db: Db, table: string, id: string): string | null {
  const t = chainedTable(table);
  const row = db.prepare(`SELECT * FROM "${table}" WHERE "${t.key}" = ?`).get(id) as Record<string, unknown> | undefined;
  if (!row) return null;
  if (!t.columns) return canonicalJson(row);
  const picked: Record<string, unknown> = {};
  for (const c of t.columns) picked[c] = row[c] ?? null;
  return canonicalJson(picked);
}

type Row = Readonly<{
  seq: number;
  at: string;
  actor: string;
  entity: string;
  entity_id: string;
  action: string;
  reason: string;
  payload: string;
  prev_hash: string;
  hash: string;
  event_id: string | null;
  record_table: string | null;
  record_id: string | null;
  record_json: string | null;
  hash_version: number;
}>;

function hashV1(prev: string, r: Pick<Row, 'at' | 'actor' | 'entity' | 'entity_id' | 'action' | 'reason' | 'payload'>): string {
  return createHash('sha256').update([prev, r.at, r.actor, r.entity, r.entity_id, r.action, r.reason, r.payload].join('\u001f')).digest('hex');
}

function hashV2(prev: string, r: Omit<Row, 'seq' | 'prev_hash' | 'hash' | 'hash_version'>): string {
  const entry = {
    v: 2,
    at: r.at,
    actor: r.actor,
    eventId: r.event_id,
    entity: r.entity,
    entityId: r.entity_id,
    action: r.action,
    reason: r.reason,
    payload: JSON.parse(r.payload) as unknown,
    record: r.record_table === null ? null : { table: r.record_table, id: r.record_id },
  };
  return createHash('sha256')
    .update([prev, canonicalJson(entry), r.record_json ?? 'null'].join('\u001f'))
    .digest('hex');
}

/** Appends to the hash-chained governance log: each row's hash covers the previous hash, the entry and the row it records. */
export function appendChange(db: Db, at: string, e: ChangeEntry): void {
  const prev = db.prepare('SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined;
  const prevHash = prev ?? GENESIS;
  const row = {
    at,
    actor: e.actor,
    entity: e.entity,
    entity_id: e.entityId,
    action: e.action,
    reason: e.reason ?? '',
    payload: canonicalJson(e.payload ?? {}),
    event_id: e.eventId ?? null,
    record_table: e.record?.table ?? null,
    record_id: e.record?.id ?? null,
    record_json: e.record ? readRecord(db, e.record.table, e.record.id) : null,
  };
  const hash = hashV2(prevHash, row);
  db.prepare(
    `INSERT INTO change_log (at, actor, entity, entity_id, action, reason, payload, event_id, record_table, record_id, record_json, prev_hash, hash, hash_version)
     VALUES (@at, @actor, @entity, @entity_id, @action, @reason, @payload, @event_id, @record_table, @record_id, @record_json, @prev_hash, @hash, @hash_version)`,
  ).run({ ...row, prev_hash: prevHash, hash, hash_version: HASH_VERSION });
}

/** A change-log row as stored (an archive carries an event's entries in this shape). */
export type StoredChange = Row;

/** The hash of a stored entry after `prev`, by its own hash version's formula (archives re-chain an event's entries). */
export function entryHash(prev: string, r: Omit<Row, 'seq' | 'prev_hash' | 'hash'>): string {
  return (r.hash_version ?? 1) === 1 ? hashV1(prev, r) : hashV2(prev, r);
}

/**
 * Appends an entry recorded elsewhere (an imported archive) as it was, with its own time, actor, copy of the row
 * and hash version, linked to this store's head: the chain stays one chain and `kaizen check` still verifies it.
 */
export function appendStoredChange(db: Db, r: Omit<Row, 'seq' | 'prev_hash' | 'hash'>): void {
  const prev = (db.prepare('SELECT hash FROM change_log ORDER BY seq DESC LIMIT 1').pluck().get() as string | undefined) ?? GENESIS;
  const hash = entryHash(prev, r);
  db.prepare(
    `INSERT INTO change_log (at, actor, entity, entity_id, action, reason, payload, event_id, record_table, record_id, record_json, prev_hash, hash, hash_version)
     VALUES (@at, @actor, @entity, @entity_id, @action, @reason, @payload, @event_id, @record_table, @record_id, @record_json, @prev_hash, @hash, @hash_version)`,
  ).run({ at: r.at, actor: r.actor, entity: r.entity, entity_id: r.entity_id, action: r.action, reason: r.reason, payload: r.payload, event_id: r.event_id, record_table: r.record_table, record_id: r.record_id, record_json: r.record_json, prev_hash: prev, hash, hash_version: r.hash_version });
}

export type ChainBreak = Readonly<{
  seq: number;
  /** 'hash': the entry itself or its link was changed; 'row-changed' / 'row-missing': the recorded row was. */
  kind: 'hash' | 'row-changed' | 'row-missing';
  table: string | null;
  rowId: string | null;
  message: string;
}>;

export type ChainReport = Readonly<{ entries: number; head: string; breaks: readonly ChainBreak[] }>;

/**
 * Recomputes every hash (version 1 entries with the old formula) and, for each recorded row, compares the
 * latest entry's stored copy with the row as it is now. Returns every break found, first-broken first.
 */
export function checkChain(db: Db): ChainReport {
  const rows = db.prepare('SELECT * FROM change_log ORDER BY seq').iterate() as IterableIterator<Row>;
  let prev = GENESIS;
  let entries = 0;
  const breaks: ChainBreak[] = [];
  let hashBroken = false;
  const latest = new Map<string, Row>();
  const discarded = new Set<string>();
  for (const r of rows) {
    entries++;
    let hash: string;
    try {
      hash = (r.hash_version ?? 1) === 1 ? hashV1(prev, r) : hashV2(prev, r); // no column yet: a store before 0090
    } catch {
      hash = '';
    }
    if (!hashBroken && (r.prev_hash !== prev || r.hash !== hash)) {
      hashBroken = true;
      breaks.push({ seq: r.seq, kind: 'hash', table: r.record_table, rowId: r.record_id, message: `Change-log entry ${r.seq} (${r.entity} ${r.action}) does not match its hash: the log was edited.` });
    }
    prev = r.hash;
    if (r.record_table != null && r.record_id != null) latest.set(`${r.record_table}\u0000${r.record_id}`, r);
    if (r.entity === 'event' && r.action === 'discard') discarded.add(r.entity_id);
  }
  for (const r of latest.values()) {
    const table = r.record_table!;
    const id = r.record_id!;
    if (!Object.prototype.hasOwnProperty.call(CHAINED_TABLES, table)) {
      breaks.push({ seq: r.seq, kind: 'row-missing', table, rowId: id, message: `Change-log entry ${r.seq} records table "${table}", which this version does not know.` });
      continue;
    }
    const now = readRecord(db, table, id);
    if (r.record_json === null) continue; // recorded as deleted
    if (now === null) {
      if (CHAINED_TABLES[table]!.deletable || (r.event_id !== null && discarded.has(r.event_id))) continue;
      breaks.push({ seq: r.seq, kind: 'row-missing', table, rowId: id, message: `Row ${id} of table ${table} (recorded by change-log entry ${r.seq}) was deleted.` });
    } else if (now !== r.record_json) {
      breaks.push({ seq: r.seq, kind: 'row-changed', table, rowId: id, message: `Row ${id} of table ${table} was changed after change-log entry ${r.seq} recorded it.` });
    }
  }
  breaks.sort((a, b) => a.seq - b.seq);
  return { entries, head: prev, breaks };
}

/** The first broken sequence number (a hash that does not match, or a recorded row rewritten or deleted), or null when intact. */
export function verifyChangeLog(db: Db): number | null {
  return checkChain(db).breaks[0]?.seq ?? null;
}
