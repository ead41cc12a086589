import path from 'node:path';
import type { ArchiveManifest, ArchiveRedaction } from '../../../common/contract/schemas/archive';
import type { ServiceContext } from '../../context';
import { GENESIS, entryHash } from '../../db/changeLog';
import type { StoredChange } from '../../db/changeLog';
import type { Job } from '../../jobs';
import { requireEvent } from '../lookups';
import { encryptingStream } from './envelope';
import { datasetTables, ident, schemaMap, selectOwned } from './eventRows';
import { RAW_ROW_TABLES, makeRedactor } from './redact';
import { encodeArray, encodeRow } from './rowCodec';
import { ZipWriter } from './zipWrite';

export const ARCHIVE_FORMAT = 'kaizen-event-archive';
export const ARCHIVE_VERSION = 1;
const PAGE_ROWS = 8192;

export type ExportArchiveOptions = Readonly<{
  eventId: string;
  target: string;
  passphrase?: string | null;
  redact?: readonly ArchiveRedaction[];
  job?: Job;
}>;

export type ExportArchiveResult = Readonly<{ path: string; name: string; bytes: number; encrypted: boolean; redacted: ArchiveRedaction[]; manifest: ArchiveManifest }>;

/** The change log's rows of this event, redacted, re-linked into a chain of their own (the archive's chainHead). */
function eventChain(ctx: ServiceContext, eventId: string, redactor: ReturnType<typeof makeRedactor>): { rows: StoredChange[]; head: string } {
  const stored = ctx.db.prepare('SELECT * FROM change_log WHERE event_id = ? ORDER BY seq').all(eventId) as StoredChange[];
  let prev = GENESIS;
  const rows = stored.map((r, i) => {
    const red = {
      ...r,
      seq: i + 1,
      actor: redactor.person(r.actor),
      reason: redactor.text(r.reason),
      payload: redactor.text(r.payload),
      record_json: r.record_table ? redactor.recordJson(r.record_table, r.record_json) : r.record_json,
    };
    const hash = entryHash(prev, red);
    const linked = { ...red, prev_hash: prev, hash };
    prev = hash;
    return linked;
  });
  return { rows, head: prev };
}

/**
 * Writes one event as a `.kaizen` file: every row of the tables that belong to it (found from the schema,
 * eventRows.ts), its dataset tables, its change-log entries as a chain of their own, and the manifest last, with
 * each file's size and SHA-256. The event's own rows are read in one synchronous step (a consistent snapshot);
 * dataset tables, which never change once written, are streamed in pages so the store stays usable meanwhile.
 */
export async function exportArchive(ctx: ServiceContext, opts: ExportArchiveOptions): Promise<ExportArchiveResult> {
  const { db } = ctx;
  const event = requireEvent(ctx, opts.eventId, { allowDeleted: true });
  const redact = [...new Set(opts.redact ?? [])].sort() as ArchiveRedaction[];
  const redactor = makeRedactor(db, event.id, redact);
  const noRows = redact.includes('rows');
  const map = schemaMap(db);
  const job = opts.job;

  // Snapshot: the event's rows of every owned table, and its chain, read without yielding.
  const tables: { name: string; lines: string[] }[] = [];
  for (const t of map.owned) {
    if (noRows && RAW_ROW_TABLES.has(t.name)) continue;
    const lines: string[] = [];
    for (const r of selectOwned(db, t, event.id)) lines.push(encodeRow(redactor.row(t.name, r)));
    tables.push({ name: t.name, lines });
  }
  const chain = eventChain(ctx, event.id, redactor);
  const dsTables = datasetTables(db, event.id);
  const seenTables = new Set<string>();
  const datasets = dsTables.filter((d) => !seenTables.has(d.table) && seenTables.add(d.table));
  const totals = datasets.map((d) => db.prepare(`SELECT count(*) FROM ${ident(d.table)}`).pluck().get() as number);
  const ownedRows = tables.reduce((n, t) => n + t.lines.length, 0);
  const total = ownedRows + (noRows ? 0 : totals.reduce((a, b) => a + b, 0));
  let done = 0;
  job?.progress(0, total, 'Reading the event');

  const zip = new ZipWriter(job?.signal);
  for (const t of tables) {
    zip.add(`tables/${t.name}.jsonl`, function* () {
      for (let i = 0; i < t.lines.length; i += 500) yield `${t.lines.slice(i, i + 500).join('\n')}\n`;
      done += t.lines.length;
    });
  }
  zip.add('changelog.jsonl', function* () {
    for (const r of chain.rows) yield `${encodeRow(r)}\n`;
  });
  datasets.forEach((d, i) => {
    const columns = db.prepare('SELECT name, type FROM pragma_table_info(?) ORDER BY cid').all(d.table) as { name: string; type: string }[];
    zip.add(`datasets/${d.versionId}.json`, function* () {
      yield JSON.stringify({ table: d.table, columns, rows: noRows ? 0 : totals[i] });
    });
    if (noRows) return;
    const page = db.prepare(`SELECT rowid, * FROM ${ident(d.table)} WHERE rowid > ? ORDER BY rowid LIMIT ${PAGE_ROWS}`).raw();
    zip.add(`datasets/${d.versionId}.jsonl`, function* () {
      let after = Number.MIN_SAFE_INTEGER;
      for (;;) {
        const rows = page.all(after) as unknown[][];
        if (rows.length === 0) break;
        const parts = new Array<string>(rows.length);
        for (let k = 0; k < rows.length; k++) parts[k] = encodeArray(rows[k]!);
        after = rows[rows.length - 1]![0] as number;
        yield `${parts.join('\n')}\n`;
        done += rows.length;
        job?.progress(done, total, `Writing dataset ${i + 1} of ${datasets.length}`);
      }
    });
  });
  let manifest: ArchiveManifest | null = null;
  zip.addLast('manifest.json', function* () {
    manifest = {
      format: ARCHIVE_FORMAT,
      version: ARCHIVE_VERSION,
      app: ctx.version,
      created: ctx.nowIso(),
      event: { id: event.id, name: event.name },
      files: [...zip.files],
      chainHead: chain.head,
      redacted: redact,
    };
    yield `${JSON.stringify(manifest, null, 2)}\n`;
  });
  const passphrase = opts.passphrase ?? null;
  const bytes = await zip.write(opts.target, passphrase ? () => encryptingStream(passphrase) : null);
  job?.progress(total, total, 'Archive written');
  return { path: opts.target, name: path.basename(opts.target), bytes, encrypted: passphrase !== null, redacted: redact, manifest: manifest! };
}

