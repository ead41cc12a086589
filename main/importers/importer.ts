import { AppError } from '../../common/contract/errors';
import type { ColumnProfile, ColumnSpec, ImportResult, ImportWarning, ReadOptions, Rule } from '../../common/contract/schemas/datasets';
import type { Db } from '../db/connection';
import { appendChange } from '../db/changeLog';
import * as repo from '../db/repositories/datasets';
import type { Limits } from './limits';
import type { Cell } from './convert';
import { checkAppendColumns, planImport } from './importPlan';
import { ColumnAccumulator } from './profiler';
import type { PreviousColumn } from './profiler';
import { compileRules } from './rules';
import { openSource } from './source/index';
import type { TableSource } from './source/index';
import { createVersionTable, TableWriter, versionTableName } from './tableWriter';
import { deletePacks, PackWriter } from '../db/repositories/columnPacks';
import { appendCutoff, existingValues, previousAccumulators, previousCategories, previousNumbers } from './previousData';
import { startParser } from './worker/parseRunner';
import type { Parser } from './worker/parseRunner';
import { hashFile, numericLayout } from './rowProducer';
import type { ParseEnd, ParseSpec } from './rowProducer';
import { collectWarnings } from './importWarnings';
import { activeImportTables, ImportSlices, ownerComment, StagedViolations } from './importSlices';
import type { SliceControl } from './importSlices';

/** Everything an import needs, as plain data (it crosses into a worker thread). */
export type ImportJob = Readonly<{
  file: string;
  displayName: string;
  eventId: string;
  name: string;
  datasetId: string | null;
  newDatasetId: string;
  versionId: string;
  options: ReadOptions;
  columns?: ColumnSpec[];
  rules?: Rule[];
  append: boolean;
  dryRun: boolean;
  /** The event's pseudonymisation salt (only when a column is pseudonymised). */
  salt: string | null;
  nowIso: string;
  actor: string;
  limits?: Partial<Limits>;
}>;

export type ImportHooks = Readonly<{
  progress: (doneBytes: number, totalBytes: number, rows: number) => void;
  cancelled: () => boolean;
  /** On the import worker's own connection: when to yield the write lock (see importSlices.ts). */
  slices?: SliceControl;
}>;


function cancelled(): AppError {
  return new AppError('CANCELLED', 'The import was cancelled; nothing was written.');
}

/**
 * Runs one import on `db`: parse → convert → append filter → rules (violations to quarantine) → privacy →
 * insert → profile → version row. The rows go into the version's own new table in short transactions
 * (importSlices.ts) so other writes are not locked out; the version row, the dataset row, the quarantine
 * and the change log are written by one last transaction, and until then nothing refers to the table.
 * Any error or a cancel drops the table, so a dataset is either fully there or not at all.
 */
export async function runImport(db: Db, job: ImportJob, hooks: ImportHooks): Promise<ImportResult> {
  const t0 = performance.now();
  const src = await openSource(job.file, { ...job.options, displayName: job.displayName, limits: job.limits });
  const parser = startParser(src.size);
  try {
    return await importFrom(src, parser, db, job, hooks, t0);
  } finally {
    await parser.dispose();
  }
}

async function importFrom(src: TableSource, parser: Parser, db: Db, job: ImportJob, hooks: ImportHooks, t0: number): Promise<ImportResult> {
  const ds = job.datasetId ? repo.findDataset(db, job.datasetId) : repo.findDatasetByName(db, job.eventId, job.name);
  const prev = ds ? repo.latestVersion(db, ds.id) : null;
  if (job.append && !prev) throw new AppError('BAD_INPUT', `Append needs an existing dataset named "${job.name}" in this event; import the file normally first.`);
  // With an earlier version, hash first: an unchanged file is answered at once. A new dataset's file is
  // hashed by the parser after its last row, while the inserts finish (off the import's critical path).
  const early = prev ? hashFile(job.file) : null;
  if (prev && prev.sha256 === early) {
    const sha256 = early;
    return {
      status: 'unchanged', datasetId: ds!.id, versionId: prev.id, version: prev.version, rows: prev.rowCount, rowDelta: 0, rejected: 0,
      rejectedByReason: [], firstRejections: [], sha256, unchangedSameAs: prev.version,
      columns: prev.columns.map((c) => ({ name: c.name, type: c.type, missing: ((prev.profile as ColumnProfile[]).find((p) => p.name === c.name)?.missing ?? 0) })),
      warnings: [], seconds: (performance.now() - t0) / 1000,
    };
  }
  const plan = await planImport(src, job.options, job.columns, prev);
  const cols = plan.columns;
  if (job.append && prev) checkAppendColumns(cols, prev);
  const rules = job.rules ?? ds?.rules ?? [];
  const names = cols.map((c) => c.name);
  compileRules(rules, names); // unknown columns and bad patterns fail here, before anything is written
  const cutoff = job.append && prev ? appendCutoff(db, prev, cols) : null;
  const seen: [string, Cell[]][] = prev && job.append ? rules.filter((r) => r.kind === 'unique').map((r) => [r.column, existingValues(db, prev, r.column)]) : [];
  if (cols.some((c) => c.privacy === 'pseudonymise') && !job.salt) throw new Error('pseudonymisation needs the event salt');
  const datasetId = ds?.id ?? job.newDatasetId;
  const tableName = versionTableName(job.versionId);
  const write = !job.dryRun;
  // Append: the new version's profile covers every row, so the previous rows are profiled first.
  const before = write && job.append && prev ? previousAccumulators(db, prev, cols) : null;
  const spec: ParseSpec = {
    file: job.file,
    source: { ...job.options, format: src.format, encoding: job.options.encoding, displayName: job.displayName, limits: job.limits, knownHeaders: src.headers, ...src.reopen },
    columns: cols.map((c) => ({ name: c.name, type: c.type, dateFormat: c.dateFormat, srcIndex: c.srcIndex, pseudonymise: c.privacy === 'pseudonymise' })),
    locale: plan.locale,
    rules,
    seen,
    cutoff,
    salt: job.salt,
    start: before?.map((a) => a.state()) ?? null,
    trackNew: before !== null,
    hash: early === null,
    // The parse thread profiles every column (number columns a block column at a time): this thread's
    // inserts are the longer half of an import.
    profileHere: cols.map(() => true),
  };
  // The previous rows' sample is copied now: the import continues from (and changes) that state.
  const prevSamples = before?.map((a) => a.sortedSample()) ?? null;
  // …and so are its category counts (the profile compares the new rows' category shares with them).
  const prevCategories = before?.map((a) => a.categoryCounts()) ?? null;
  const sync = db.pragma('synchronous', { simple: true }) as number;
  const slices = new ImportSlices(db, hooks.slices ?? null, parser.ready);
  let staged: StagedViolations | null = null;
  if (write) {
    // A bigger page cache for the duration of the import: fewer spills of the growing table to the WAL.
    db.pragma('cache_size = -65536');
    // The slices need not reach the disk one by one: the last transaction syncs them all (FULL below).
    db.pragma('synchronous = NORMAL');
    activeImportTables.add(tableName);
    slices.begin();
    createVersionTable(db, tableName, cols, ownerComment());
    slices.next();
    staged = new StagedViolations(db, tableName);
  }
  const parse = parser.rows(spec);
  try {
    const numeric = numericLayout(cols);
    // The numeric columns are also packed (migration 0230): a chart reads blobs instead of one value per row.
    const packs = write ? new PackWriter(db, tableName, cols.filter((_c, k) => numeric[k]).map((c) => c.sqlName)) : null;
    const writer = write ? new TableWriter(db, tableName, numeric, packs) : null;
    let end: ParseEnd;
    for (;;) {
      if (hooks.cancelled()) throw cancelled();
      const r = await parse.next();
      if (r.done) {
        end = r.value;
        break;
      }
      const b = r.value;
      if (write) slices.begin();
      writer?.addBlock(b);
      if (b.violations.length > 0) staged?.add(b.violations);
      if (write) slices.next();
      hooks.progress(b.bytesRead, b.size, b.rowsSoFar);
    }
    if (hooks.cancelled()) throw cancelled();
    const { rows, skipped, stats } = end;
    const sha256 = early ?? end.sha256!;
    const prevNums = prev && !job.append && write ? previousNumbers(db, prev, cols) : null;
    const prevCats = prev && !job.append && write ? previousCategories(db, prev, cols) : null;
    const profile = cols.map((c, k) => {
      const acc = new ColumnAccumulator(c.type, end.accs[k]);
      const newRows = end.accsNew ? new ColumnAccumulator(c.type, end.accsNew[k]) : null;
      const current = newRows && newRows.state().sampleLen > 0 ? newRows.sortedSample() : null;
      // Append: the new rows against the previous rows; a full version: the whole file against the previous version.
      const previous: PreviousColumn | null =
        job.append && prevSamples && newRows
          ? {
              version: prev?.version ?? 0,
              ...(prevSamples[k]!.length > 0 && current ? { values: prevSamples[k]!, current } : {}),
              ...(c.type === 'category' || c.type === 'boolean' ? { categories: prevCategories![k]!, currentCategories: newRows.categoryCounts() } : {}),
            }
          : (prevNums?.get(c.name) ?? prevCats?.get(c.name) ?? null);
      return acc.build(
        { name: c.name, role: c.role, unit: c.unit, invalid: stats[k]!.invalid, transformed: c.privacy === 'pseudonymise' ? { action: 'pseudonymise', reason: 'Marked personal at import: replaced by salted SHA-256 (salt per event).' } : null },
        previous,
      );
    });
    const warnings: ImportWarning[] = collectWarnings({ src, plan, stats, profile, skipped, append: job.append, malformed: end.malformed });
    const total = job.append && prev ? prev.rowCount + rows : rows;
    const version = (prev?.version ?? 0) + 1;
    if (write) {
      // The last transaction: the remaining rows, then everything that refers to the table.
      slices.end();
      db.pragma(`synchronous = ${Math.max(sync, 2)}`);
      slices.begin();
      writer!.flush();
      checkUnchanged(db, job, ds?.id ?? null, prev?.id ?? null);
      if (!ds) repo.insertDataset(db, { id: datasetId, eventId: job.eventId, name: job.name, rules, createdAt: job.nowIso });
      repo.insertVersion(db, {
        id: job.versionId, datasetId, version, tableName, baseVersionId: job.append && prev ? prev.id : null, mode: job.append ? 'append' : 'full',
        ownRows: rows, rowCount: total, rejectedCount: end.rejectedRows, sha256, fileName: src.fileName, fileSize: src.size, fileMtime: src.mtime,
        columns: cols.map(({ srcIndex: _s, ...c }) => c),
        options: { format: src.format, encoding: src.encoding, delimiter: src.delimiter, quote: src.quote, sheet: src.sheet, numberLocale: plan.locale, privacy: { dropped: plan.dropped, pseudonymised: cols.filter((c) => c.privacy === 'pseudonymise').map((c) => c.source) } },
        rules, profile, warnings, importedAt: job.nowIso,
      });
      staged!.copyTo(job.versionId);
      if (job.rules && ds) repo.setDatasetRules(db, ds.id, job.rules);
      appendChange(db, job.nowIso, { actor: job.actor, entity: 'dataset', entityId: datasetId, action: job.append ? 'append' : 'import', payload: { name: job.name, version, sha256, rows: total, rejected: end.rejectedRows, fileName: src.fileName }, eventId: job.eventId });
      if (hooks.cancelled()) throw cancelled();
      db.exec('COMMIT');
    }
    return {
      status: write ? 'imported' : 'dry-run', datasetId: write ? datasetId : (ds?.id ?? null), versionId: write ? job.versionId : null, version: write ? version : null,
      rows: total, rowDelta: job.append ? rows : prev ? rows - prev.rowCount : null, rejected: end.rejectedRows,
      rejectedByReason: end.byRule, firstRejections: end.first, sha256, unchangedSameAs: null,
      columns: profile.map((p) => ({ name: p.name, type: p.type, missing: p.missing })), warnings, seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    if (write) discard(db, slices, tableName);
    throw e;
  } finally {
    await parse.return(undefined as never);
    if (write) {
      activeImportTables.delete(tableName);
      try {
        staged?.drop();
      } catch {
        // a temporary table: gone with the connection anyway
      }
      db.pragma('cache_size = -2000');
      db.pragma(`synchronous = ${sync}`);
    }
  }
}

/**
 * The dataset and its latest version are still what the import planned against: another import (or a
 * delete) may have finished while this one ran, now that an import no longer holds the lock throughout.
 */
function checkUnchanged(db: Db, job: ImportJob, datasetId: string | null, prevId: string | null): void {
  const ds = job.datasetId ? repo.findDataset(db, job.datasetId) : repo.findDatasetByName(db, job.eventId, job.name);
  const latest = ds ? repo.latestVersion(db, ds.id) : null;
  if ((ds?.id ?? null) !== datasetId || (latest?.id ?? null) !== prevId) {
    throw new AppError('BUSY', `Dataset "${job.name}" changed while this import ran (another import or a delete finished first); nothing was written by this import. Import the file again.`);
  }
}

/** After an error or a cancel: the open slice is rolled back and the version's table dropped. */
function discard(db: Db, slices: ImportSlices, table: string): void {
  try {
    slices.rollback();
    db.exec(`DROP TABLE IF EXISTS "${table}"`);
    deletePacks(db, table);
  } catch {
    // e.g. the disk is full: the next start drops the table (dropOrphanTables)
  }
}
