import { createHash } from 'node:crypto';
import { ArchiveManifest } from '../../../common/contract/schemas/archive';
import { CHAINED_TABLES } from '../../db/chainedTables';
import { GENESIS, canonicalJson, entryHash } from '../../db/changeLog';
import type { StoredChange } from '../../db/changeLog';
import type { Job } from '../../jobs';
import type { SchemaMap } from './eventRows';
import { ARCHIVE_FORMAT, ARCHIVE_VERSION } from './exportArchive';
import { decodeValue } from './rowCodec';
import type { ArchiveReader } from './zipRead';
import { refuse } from './zipRead';

/** A table's rows are held in memory while the archive is checked; dataset rows never are. */
const MAX_TABLE_BYTES = 256 * 1024 * 1024;
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_COLUMNS = 4000;

export type Row = Record<string, string | number | null | Buffer>;
export type DatasetDef = Readonly<{ versionId: string; table: string; columns: readonly { name: string; type: string }[]; rows: number; hasRows: boolean }>;
export type VerifiedArchive = Readonly<{
  manifest: ArchiveManifest;
  tables: ReadonlyMap<string, Row[]>;
  chain: StoredChange[];
  datasets: readonly DatasetDef[];
  sha256: ReadonlyMap<string, string>;
}>;

async function readAll(reader: ArchiveReader, name: string, max: number): Promise<Buffer[]> {
  const parts: Buffer[] = [];
  let n = 0;
  for await (const c of reader.chunks(name)) {
    n += c.length;
    if (n > max) throw refuse(reader.label, `entry "${name}" is larger than ${max} bytes`);
    parts.push(c);
  }
  return parts;
}

function parseLines(reader: ArchiveReader, name: string, parts: Buffer[]): unknown[] {
  const text = Buffer.concat(parts).toString('utf8');
  const out: unknown[] = [];
  let line = 0;
  for (const l of text.split('\n')) {
    line++;
    if (l === '') continue;
    try {
      out.push(JSON.parse(l));
    } catch {
      throw refuse(reader.label, `line ${line} of entry "${name}" is not JSON`);
    }
  }
  return out;
}

function toRow(reader: ArchiveReader, name: string, i: number, v: unknown): Row {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw refuse(reader.label, `line ${i + 1} of entry "${name}" is not a row`);
  const row: Row = {};
  for (const [k, x] of Object.entries(v)) {
    const d = decodeValue(x);
    if (d === undefined) throw refuse(reader.label, `line ${i + 1} of entry "${name}" has a value in "${k}" that no column can hold`);
    row[k] = d;
  }
  return row;
}

/**
 * Pass one of an import, writing nothing: the manifest (format, version, every file listed and present), every
 * file's size and SHA-256, the event's rows (tables this version knows, columns it has), and the change-log chain
 * — each entry's hash, their links, the head the manifest names, and the rows the entries record.
 */
export async function verifyArchive(reader: ArchiveReader, map: SchemaMap, job?: Pick<Job, 'signal' | 'progress'>): Promise<VerifiedArchive> {
  const label = reader.label;
  if (!reader.entries.has('manifest.json')) throw refuse(label, 'it has no manifest.json (not a Kaizen event archive)');
  let raw: unknown;
  try {
    raw = JSON.parse(await reader.text('manifest.json', MAX_MANIFEST_BYTES));
  } catch (e) {
    if (e instanceof Error && e.name === 'AppError') throw e;
    throw refuse(label, 'its manifest.json is not JSON');
  }
  const head = raw as { format?: unknown; version?: unknown };
  if (head?.format !== ARCHIVE_FORMAT) throw refuse(label, 'its manifest is not a Kaizen event archive manifest');
  if (typeof head.version === 'number' && head.version > ARCHIVE_VERSION) {
    throw refuse(label, `it was made by a newer version of Kaizen Studio (archive format ${head.version}; this version reads format ${ARCHIVE_VERSION}) — update Kaizen Studio to import it`);
  }
  const parsed = ArchiveManifest.safeParse(raw);
  if (!parsed.success) throw refuse(label, `its manifest is malformed (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? ''})`);
  const manifest = parsed.data;
  const listed = new Map(manifest.files.map((f) => [f.path, f]));
  if (listed.size !== manifest.files.length) throw refuse(label, 'its manifest lists a file twice');
  for (const name of reader.entries.keys()) if (name !== 'manifest.json' && !listed.has(name)) throw refuse(label, `entry "${name}" is not listed in the manifest`);
  for (const name of listed.keys()) if (!reader.entries.has(name)) throw refuse(label, `the manifest lists "${name}", which the archive does not hold`);

  const owned = new Map(map.owned.map((t) => [t.name, t]));
  const tables = new Map<string, Row[]>();
  let chain: StoredChange[] = [];
  const defs = new Map<string, Omit<DatasetDef, 'hasRows'>>();
  const sha256 = new Map<string, string>();
  const totalBytes = manifest.files.reduce((n, f) => n + f.bytes, 0);
  let checked = 0;
  for (const f of manifest.files) {
    job?.signal.throwIfAborted();
    job?.progress(checked, totalBytes, 'Checking the archive');
    const small = !f.path.endsWith('.jsonl') || !f.path.startsWith('datasets/');
    const h = createHash('sha256');
    let bytes = 0;
    let parts: Buffer[] = [];
    if (small) {
      parts = await readAll(reader, f.path, f.path.startsWith('datasets/') ? MAX_MANIFEST_BYTES : MAX_TABLE_BYTES);
      for (const p of parts) bytes += p.length;
      h.update(Buffer.concat(parts));
    } else {
      for await (const c of reader.chunks(f.path)) {
        h.update(c);
        bytes += c.length;
        checked += c.length;
        if ((bytes & 0xfffff) < c.length) {
          job?.signal.throwIfAborted();
          job?.progress(checked, totalBytes, 'Checking the archive');
        }
      }
    }
    const got = h.digest('hex');
    if (small) checked += bytes;
    if (got !== f.sha256 || bytes !== f.bytes) throw refuse(label, `the manifest's hash of "${f.path}" does not match its content (the archive was changed or damaged)`);
    sha256.set(f.path, got);
    if (!small) continue;
    const m = /^tables\/(.+)\.jsonl$/.exec(f.path);
    if (m) {
      const t = owned.get(m[1]!);
      if (!t) throw refuse(label, `it was made by a newer version of Kaizen Studio (it holds table "${m[1]}", which this version does not know)`);
      const rows = parseLines(reader, f.path, parts).map((v, i) => toRow(reader, f.path, i, v));
      const cols = new Set(t.columns);
      for (const r of rows) for (const k of Object.keys(r)) if (!cols.has(k)) throw refuse(label, `it was made by a newer version of Kaizen Studio (table "${t.name}" has a column "${k}" this version does not know)`);
      tables.set(t.name, rows);
    } else if (f.path === 'changelog.jsonl') {
      chain = parseLines(reader, f.path, parts) as StoredChange[];
    } else {
      const vid = /^datasets\/(.+)\.json$/.exec(f.path)![1]!;
      defs.set(vid, datasetDef(reader, f.path, vid, JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown));
    }
  }
  checkEventRow(reader, manifest, tables);
  checkChain(reader, manifest, tables, chain);
  const datasets = [...defs.values()].map((d) => ({ ...d, hasRows: listed.has(`datasets/${d.versionId}.jsonl`) }));
  for (const name of listed.keys()) {
    const m = /^datasets\/(.+)\.jsonl$/.exec(name);
    if (m && !defs.has(m[1]!)) throw refuse(label, `"${name}" has no table definition`);
  }
  const versionIds = new Set((tables.get('dataset_versions') ?? []).map((r) => String(r.id)));
  const tableNames = new Set((tables.get('dataset_versions') ?? []).map((r) => String(r.table_name)));
  for (const d of datasets) if (!versionIds.has(d.versionId) || !tableNames.has(d.table)) throw refuse(label, `dataset table "${d.table}" belongs to no dataset version of the event`);
  return { manifest, tables, chain, datasets, sha256 };
}

function datasetDef(reader: ArchiveReader, name: string, versionId: string, v: unknown): Omit<DatasetDef, 'hasRows'> {
  const d = v as { table?: unknown; columns?: unknown; rows?: unknown };
  const ok =
    typeof d?.table === 'string' && /^ds_[0-9a-f]{32}$/.test(d.table) && typeof d.rows === 'number' && Number.isInteger(d.rows) && d.rows >= 0 &&
    Array.isArray(d.columns) && d.columns.length >= 1 && d.columns.length <= MAX_COLUMNS &&
    d.columns.every((c: { name?: unknown; type?: unknown }) => typeof c?.name === 'string' && /^[A-Za-z_][A-Za-z0-9_]{0,63}$/.test(c.name) && typeof c.type === 'string' && /^(INTEGER|REAL|TEXT|BLOB|ANY)$/i.test(c.type));
  if (!ok) throw refuse(reader.label, `"${name}" is not a dataset table definition`);
  return { versionId, table: d.table as string, columns: d.columns as { name: string; type: string }[], rows: d.rows as number };
}

function checkEventRow(reader: ArchiveReader, manifest: ArchiveManifest, tables: ReadonlyMap<string, Row[]>): void {
  const ev = tables.get('events') ?? [];
  if (ev.length !== 1 || ev[0]!.id !== manifest.event.id) throw refuse(reader.label, `it does not hold exactly the event its manifest names (${manifest.event.id})`);
}

/** The event's chain: every entry's hash and link, the head, and each recorded row's latest copy. */
function checkChain(reader: ArchiveReader, manifest: ArchiveManifest, tables: ReadonlyMap<string, Row[]>, chain: StoredChange[]): void {
  const label = reader.label;
  let prev = GENESIS;
  const latest = new Map<string, StoredChange>();
  chain.forEach((e, i) => {
    const shaped =
      e && typeof e === 'object' && typeof e.at === 'string' && typeof e.actor === 'string' && typeof e.entity === 'string' && typeof e.entity_id === 'string' &&
      typeof e.action === 'string' && typeof e.reason === 'string' && typeof e.payload === 'string' && typeof e.hash === 'string' && typeof e.prev_hash === 'string' &&
      (e.record_json === null || typeof e.record_json === 'string') && (e.record_table === null || typeof e.record_table === 'string') &&
      (e.record_id === null || typeof e.record_id === 'string') && (e.hash_version === 1 || e.hash_version === 2) && e.event_id === manifest.event.id;
    if (!shaped) throw refuse(label, `change-log entry ${i + 1} is malformed`);
    let hash = '';
    try {
      hash = entryHash(prev, e);
    } catch {
      hash = '';
    }
    if (e.prev_hash !== prev || e.hash !== hash) throw refuse(label, `the change-log chain is broken at entry ${i + 1} (${e.entity} ${e.action}): the log was edited`);
    prev = e.hash;
    if (e.record_table !== null && e.record_id !== null) latest.set(`${e.record_table}\u0000${e.record_id}`, e);
  });
  if (prev !== manifest.chainHead) throw refuse(label, 'the change-log chain does not end at the head the manifest names (entries were removed or added)');
  for (const e of latest.values()) {
    const t = Object.prototype.hasOwnProperty.call(CHAINED_TABLES, e.record_table!) ? CHAINED_TABLES[e.record_table!]! : null;
    if (!t) throw refuse(label, `it was made by a newer version of Kaizen Studio (its change log records table "${e.record_table}")`);
    if (e.record_json === null) continue;
    const row = (tables.get(e.record_table!) ?? []).find((r) => r[t.key] === e.record_id);
    if (!row) {
      if (t.deletable) continue;
      throw refuse(label, `row ${e.record_id} of table ${e.record_table}, recorded by the change log, is missing from the archive`);
    }
    let copy: Record<string, unknown> = row;
    if (t.columns) {
      copy = {};
      for (const c of t.columns) copy[c] = row[c] ?? null;
    }
    if (canonicalJson(copy) !== e.record_json) throw refuse(label, `row ${e.record_id} of table ${e.record_table} differs from what the change log recorded (the archive was edited)`);
  }
}

