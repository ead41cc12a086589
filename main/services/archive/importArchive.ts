import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import type { ArchiveImported } from '../../../common/contract/schemas/archive';
import { fileStem } from '../../../common/domain/text/fileStem';
import type { ServiceContext } from '../../context';
import { appendChange, appendStoredChange, canonicalJson } from '../../db/changeLog';
import type { StoredChange } from '../../db/changeLog';
import { openConnection } from '../../db/connection';
import type { Db } from '../../db/connection';
import type { Job } from '../../jobs';
import { datasetTables, deleteOwned, ident, schemaMap } from './eventRows';
import type { SchemaMap } from './eventRows';
import { exportArchive } from './exportArchive';
import { decodeValue } from './rowCodec';
import { verifyArchive } from './verifyArchive';
import type { Row, VerifiedArchive } from './verifyArchive';
import { ArchiveReader, refuse } from './zipRead';
import type { ArchiveLimits } from './zipRead';

export type ImportMode = 'copy' | 'replace';
export type ImportArchiveOptions = Readonly<{
  file: string;
  /** The name to show in messages (the file's name, never a temp path). */
  label: string;
  passphrase?: string | null;
  mode?: ImportMode | null;
  job?: Job;
  limits?: Partial<ArchiveLimits>;
}>;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const HEX32 = /(?<![0-9a-f])[0-9a-f]{32}(?![0-9a-f])/gi;
const INSERT_BATCH = 8192;

/** New ids for every id the archive holds (as-copy), applied to every text value, ds_ table names included. */
function idRemapper(ctx: ServiceContext, v: VerifiedArchive, schema: SchemaMap): (s: string) => string {
  const map = new Map<string, string>();
  const add = (id: unknown) => {
    if (typeof id === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id) && !map.has(id)) map.set(id, ctx.newId());
  };
  add(v.manifest.event.id);
  // Row ids, and every key another table refers to (e.g. a rollback plan's plan_id, shared by its versions).
  const keys = new Map<string, Set<string>>();
  for (const t of schema.owned) for (const f of t.foreignKeys) (keys.get(f.table) ?? keys.set(f.table, new Set()).get(f.table)!).add(f.to);
  for (const [name, rows] of v.tables) {
    const cols = ['id', ...(keys.get(name) ?? [])];
    for (const r of rows) for (const c of cols) add(r[c]);
  }
  const dashless = new Map([...map].map(([a, b]) => [a.replace(/-/g, ''), b.replace(/-/g, '')]));
  return (s) => (s.length < 32 ? s : s.replace(UUID, (m) => map.get(m) ?? m).replace(HEX32, (m) => dashless.get(m) ?? m));
}

function remapRow(r: Row, remap: ((s: string) => string) | null): Row {
  if (!remap) return r;
  const out: Row = {};
  for (const [k, x] of Object.entries(r)) out[k] = typeof x === 'string' ? remap(x) : x;
  return out;
}

/** An integer key (`seq`) that collides here is renumbered after this store's highest, keeping the order. */
type Renumbered = Map<string, { key: string; ids: Map<string, number> }>;

function renumber(db: Db, map: SchemaMap, tables: Map<string, Row[]>): Renumbered {
  const changed: Renumbered = new Map();
  for (const t of map.owned) {
    const rows = tables.get(t.name);
    if (!t.integerKey || !rows?.length) continue;
    const key = t.integerKey;
    const has = db.prepare(`SELECT 1 FROM ${ident(t.name)} WHERE ${ident(key)} = ?`).pluck();
    if (!rows.some((r) => r[key] !== null && has.get(r[key]) !== undefined)) continue;
    let next = ((db.prepare(`SELECT max(${ident(key)}) FROM ${ident(t.name)}`).pluck().get() as number | null) ?? 0) + 1;
    const ids = new Map<string, number>();
    tables.set(t.name, rows.map((r) => {
      ids.set(String(r.id), next);
      return { ...r, [key]: next++ };
    }));
    changed.set(t.name, { key, ids });
  }
  return changed;
}

function insertRows(db: Db, table: string, rows: readonly Row[]): void {
  const stmts = new Map<string, ReturnType<Db['prepare']>>();
  for (const r of rows) {
    const cols = Object.keys(r);
    const key = cols.join('\u0000');
    let st = stmts.get(key);
    if (!st) {
      st = db.prepare(`INSERT INTO ${ident(table)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      stmts.set(key, st);
    }
    st.run(cols.map((c) => r[c]));
  }
}

async function insertDataset(db: Db, reader: ArchiveReader, v: VerifiedArchive, d: VerifiedArchive['datasets'][number], table: string, job: Job | undefined, progress: () => void, count: (n: number) => void): Promise<void> {
  db.exec(`CREATE TABLE ${ident(table)} (${d.columns.map((c) => `${ident(c.name)} ${c.type.toUpperCase()}`).join(', ')}) STRICT`);
  if (!d.hasRows) return;
  const name = `datasets/${d.versionId}.jsonl`;
  const width = d.columns.length + 1;
  const st = db.prepare(`INSERT INTO ${ident(table)} (rowid, ${d.columns.map((c) => ident(c.name)).join(', ')}) VALUES (${Array(width).fill('?').join(', ')})`);
  const h = createHash('sha256');
  let n = 0;
  for await (const line of reader.lines(name, (c) => h.update(c))) {
    let arr: unknown;
    try {
      arr = JSON.parse(line);
    } catch {
      throw refuse(reader.label, `row ${n + 1} of "${name}" is not JSON`);
    }
    if (!Array.isArray(arr) || arr.length !== width || typeof arr[0] !== 'number') throw refuse(reader.label, `row ${n + 1} of "${name}" does not have ${width} values`);
    for (let i = 1; i < width; i++) {
      const x = arr[i] as unknown;
      if (x !== null && typeof x !== 'string' && typeof x !== 'number') {
        const dec = decodeValue(x);
        if (dec === undefined) throw refuse(reader.label, `row ${n + 1} of "${name}" has a value no column can hold`);
        arr[i] = dec;
      }
    }
    st.run(arr);
    n++;
    if (n % INSERT_BATCH === 0) {
      job?.signal.throwIfAborted();
      count(INSERT_BATCH);
      progress();
    }
  }
  count(n % INSERT_BATCH);
  if (h.digest('hex') !== v.sha256.get(name)) throw refuse(reader.label, `"${name}" changed while it was being imported`);
  if (n !== d.rows) throw refuse(reader.label, `"${name}" holds ${n} rows, its definition says ${d.rows}`);
}

/**
 * Imports a `.kaizen`: pass one verifies everything (verifyArchive) and writes nothing; pass two writes the event
 * in one transaction on a connection of its own (so the window's calls are never inside it): the replaced event
 * removed (after it was exported to `<dataDir>/backups`), rows inserted (ids remapped for a copy, colliding
 * integer keys renumbered), dataset tables created and filled from the stream, the event's change-log entries
 * appended to this store's chain, and one 'import' entry. Any failure or cancel rolls the whole of it back.
 */
export async function importArchive(ctx: ServiceContext, opts: ImportArchiveOptions): Promise<ArchiveImported> {
  // The import writes on a connection of its own, which the read-only switch of a damaged store does not cover.
  if (ctx.health.storeWarning) throw new AppError('READ_ONLY', `Nothing can be imported: ${ctx.health.storeWarning}`);
  const reader = await ArchiveReader.open(opts.file, opts.label, { passphrase: opts.passphrase, limits: opts.limits });
  try {
    const map = schemaMap(ctx.db);
    const v = await verifyArchive(reader, map, opts.job);
    opts.job?.signal.throwIfAborted();
    const sourceId = v.manifest.event.id;
    const exists = ctx.db.prepare('SELECT name FROM events WHERE id = ?').pluck().get(sourceId) as string | undefined;
    if (exists !== undefined && !opts.mode) {
      throw new AppError(
        'CONFLICT',
        `The event "${exists}" (${sourceId}) is already in this data folder. Choose: import the archive as a copy (new ids), or replace the event here (it is saved to backups first). Nothing was imported.`,
        { exists: true, eventId: sourceId, name: exists },
      );
    }
    const mode: ImportMode | null = exists !== undefined ? opts.mode! : opts.mode === 'copy' ? 'copy' : null;
    let backup: string | null = null;
    if (mode === 'replace') {
      const dir = path.join(ctx.dataDir, 'backups');
      fs.mkdirSync(dir, { recursive: true });
      backup = path.join(dir, `${fileStem(exists!)}-${ctx.nowIso().replace(/[:.]/g, '-')}.kaizen`);
      await exportArchive(ctx, { eventId: sourceId, target: backup });
    }
    return await write(ctx, reader, v, map, mode, backup, opts.job);
  } finally {
    reader.close();
  }
}

async function write(ctx: ServiceContext, reader: ArchiveReader, v: VerifiedArchive, map: SchemaMap, mode: ImportMode | null, backup: string | null, job: Job | undefined): Promise<ArchiveImported> {
  const db = openConnection(ctx.dbPath, { nativeBinding: ctx.nativeBinding, synchronous: 'FULL' });
  const sourceId = v.manifest.event.id;
  const remap = mode === 'copy' ? idRemapper(ctx, v, map) : null;
  const eventId = remap ? remap(sourceId) : sourceId;
  const totalRows = v.datasets.reduce((n, d) => n + (d.hasRows ? d.rows : 0), 0);
  let rows = 0;
  const progress = () => job?.progress(rows, totalRows, 'Writing dataset rows');
  let open = false;
  try {
    db.exec('BEGIN IMMEDIATE');
    open = true;
    db.pragma('defer_foreign_keys = ON');
    const at = ctx.nowIso();
    if (mode === 'replace') {
      for (const t of datasetTables(db, sourceId)) db.exec(`DROP TABLE IF EXISTS ${ident(t.table)}`);
      deleteOwned(db, map, sourceId);
      appendChange(db, at, { actor: ctx.actor, entity: 'event', entityId: sourceId, action: 'discard', reason: `Replaced by the archive ${reader.label}; the replaced event was saved to ${backup}`, eventId: sourceId });
    }
    const tables = new Map<string, Row[]>();
    for (const [name, list] of v.tables) tables.set(name, list.map((r) => remapRow(r, remap)));
    if (remap) {
      const ev = tables.get('events')![0]!;
      tables.set('events', [{ ...ev, name: `${String(ev.name)} (copy)` }]);
    }
    const renumbered = renumber(db, map, tables);
    for (const t of map.owned) {
      const list = tables.get(t.name);
      if (!list?.length) continue;
      try {
        insertRows(db, t.name, list);
      } catch (e) {
        const code = (e as { code?: string }).code ?? '';
        if (code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
          throw refuse(reader.label, `some of its rows of table ${t.name} are already in this data folder (${(e as Error).message}); import it as a copy`);
        }
        if (code.startsWith('SQLITE_CONSTRAINT')) throw refuse(reader.label, `its rows of table ${t.name} do not fit this version's schema (${(e as Error).message})`);
        throw e;
      }
    }
    for (const d of v.datasets) {
      const table = remap ? remap(d.table) : d.table;
      if (db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) throw refuse(reader.label, `its dataset table ${table} is already in this data folder; import it as a copy`);
      await insertDataset(db, reader, v, d, table, job, progress, (n) => (rows += n));
    }
    for (const e of v.chain) appendStoredChange(db, entry(e, remap, renumbered));
    // A plain import adds the event's own chain and nothing else (on a fresh store the log then ends at the
    // manifest's chainHead, and the report's governance section reads as before); a copy or a replacement is logged.
    if (mode) appendChange(db, ctx.nowIso(), {
      actor: ctx.actor,
      entity: 'event',
      entityId: eventId,
      action: 'import',
      reason: `Imported from the archive ${reader.label}${mode === 'copy' ? ' as a copy' : mode === 'replace' ? ', replacing the event here' : ''}`,
      payload: { archive: reader.label, sourceEventId: sourceId, created: v.manifest.created, app: v.manifest.app, chainHead: v.manifest.chainHead, redacted: v.manifest.redacted, mode: mode ?? 'new' },
      eventId,
    });
    try {
      db.exec('COMMIT');
    } catch (e) {
      if (/FOREIGN KEY/i.test((e as Error).message)) throw refuse(reader.label, 'its rows do not fit together (a reference points at a row the archive does not hold)');
      throw e;
    }
    open = false;
    job?.progress(totalRows, totalRows, 'Imported');
    const name = db.prepare('SELECT name FROM events WHERE id = ?').pluck().get(eventId) as string;
    return { eventId, name, datasets: (tables.get('datasets') ?? []).length, rows, backup };
  } finally {
    if (open && db.inTransaction) db.exec('ROLLBACK');
    db.close();
  }
}

/** An archived entry as this store appends it: ids remapped for a copy, renumbered keys in its row copy. */
function entry(e: StoredChange, remap: ((s: string) => string) | null, renumbered: Renumbered): Omit<StoredChange, 'seq' | 'prev_hash' | 'hash'> {
  const r = remap ?? ((s: string) => s);
  let recordJson = e.record_json === null ? null : r(e.record_json);
  const re = e.record_table ? renumbered.get(e.record_table) : undefined;
  if (recordJson !== null && re) {
    const obj = JSON.parse(recordJson) as Record<string, unknown>;
    const n = re.ids.get(String(obj.id));
    if (n !== undefined && re.key in obj) {
      obj[re.key] = n;
      recordJson = canonicalJson(obj);
    }
  }
  return {
    at: e.at,
    actor: e.actor,
    entity: e.entity,
    entity_id: r(e.entity_id),
    action: e.action,
    reason: e.reason,
    payload: r(e.payload),
    event_id: e.event_id === null ? null : r(e.event_id),
    record_table: e.record_table,
    record_id: e.record_id === null ? null : r(e.record_id),
    record_json: recordJson,
    hash_version: e.hash_version,
  };
}
