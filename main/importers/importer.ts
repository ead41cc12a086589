import { AppError } from '../../common/contract/errors';
import type { ColumnProfile, ColumnSpec, ImportResult, ImportWarning, ReadOptions, Rule } from '../../common/contract/schemas/datasets';
import type { Db } from '../db/connection';
import { appendChange } from '../db/changeLog';
import * as repo from '../db/repositories/datasets';
import type { Limits } from './limits';
import type { Cell } from './convert';
import { checkAppendColumns, planImport } from './importPlan';
import { ColumnAccumulator } from './profiler';
import { compileRules } from './rules';
import { openSource } from './source';
import type { TableSource } from './source';
import { createVersionTable, TableWriter } from './tableWriter';
import { appendCutoff, existingValues, previousAccumulators, previousNumbers } from './previousData';
import { startParser } from './parseRunner';
import type { Parser } from './parseRunner';
import { hashFile, numericLayout } from './rowProducer';
import type { ParseEnd, ParseSpec } from './rowProducer';
import { collectWarnings } from './importWarnings';

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
}>;


function cancelled(): AppError {
  return new AppError('CANCELLED', 'The import was cancelled; nothing was written.');
}

/** Feeds a block's number columns (NaN = missing) into their profile accumulators. */
function profileNumbers(b: Readonly<{ rows: number; nums: Float64Array }>, numeric: readonly boolean[], accs: readonly (ColumnAccumulator | null)[], fresh: readonly (ColumnAccumulator | null)[] | null): void {
  const numCols = numeric.filter(Boolean).length;
  for (let k = 0, j = 0; k < numeric.length; k++) {
    if (!numeric[k]) continue;
    accs[k]?.addNumbers(b.nums, j, numCols, b.rows);
    fresh?.[k]?.addNumbers(b.nums, j, numCols, b.rows);
    j++;
  }
}

/**
 * Runs one import in ONE transaction on `db`: parse → convert → append filter → rules (violations to
 * quarantine) → privacy → insert → profile → version row. Any error or a cancel rolls everything back,
 * so a dataset is either fully there or not at all.
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
  const tableName = `ds_${job.versionId.replace(/[^A-Za-z0-9]/g, '')}`;
  const write = !job.dryRun;
  // Append: the new version's profile covers every row, so the previous rows are profiled first.
  const before = write && job.append && prev ? previousAccumulators(db, prev, cols) : null;
  const numberProfiled = cols.map((c) => write && (c.type === 'integer' || c.type === 'real' || c.type === 'timestamp'));
  const spec: ParseSpec = {
    file: job.file,
    source: { ...job.options, format: src.format, encoding: job.options.encoding, displayName: job.displayName, limits: job.limits, knownHeaders: src.headers },
    columns: cols.map((c) => ({ name: c.name, type: c.type, dateFormat: c.dateFormat, srcIndex: c.srcIndex, pseudonymise: c.privacy === 'pseudonymise' })),
    locale: plan.locale,
    rules,
    seen,
    cutoff,
    salt: job.salt,
    start: before?.map((a) => a.state()) ?? null,
    trackNew: before !== null,
    hash: early === null,
    // A writing import profiles its number columns on this thread, from the blocks (a column at a time,
    // addNumbers): it balances the two threads (this one inserts; the parse thread does everything else).
    profileHere: cols.map((_, k) => !numberProfiled[k]),
  };
  const numAccs = cols.map((c, k) => (numberProfiled[k] ? (before?.[k] ?? new ColumnAccumulator(c.type, undefined, k + 1)) : null));
  const numNew = before ? cols.map((c, k) => (numberProfiled[k] ? new ColumnAccumulator(c.type, undefined, k + 101) : null)) : null;
  // The previous rows' sample is copied now: the import continues from (and changes) that state.
  const prevSamples = before?.map((a) => a.sortedSample()) ?? null;
  if (write) {
    // A bigger page cache for the duration of the import: fewer spills of the growing table to the WAL.
    db.pragma('cache_size = -65536');
    db.exec('BEGIN IMMEDIATE');
    // Quarantine rows are written as the file streams, before their version row exists: check at COMMIT.
    db.pragma('defer_foreign_keys = ON');
  }
  const parse = parser.rows(spec);
  try {
    if (write && !ds) repo.insertDataset(db, { id: datasetId, eventId: job.eventId, name: job.name, rules, createdAt: job.nowIso });
    if (write) createVersionTable(db, tableName, cols);
    const numeric = numericLayout(cols);
    const writer = write ? new TableWriter(db, tableName, numeric) : null;
    let end: ParseEnd;
    for (;;) {
      if (hooks.cancelled()) throw cancelled();
      const r = await parse.next();
      if (r.done) {
        end = r.value;
        break;
      }
      const b = r.value;
      writer?.addBlock(b);
      profileNumbers(b, numeric, numAccs, numNew);
      if (write && b.violations.length > 0) repo.insertViolations(db, job.versionId, b.violations);
      hooks.progress(b.bytesRead, b.size, b.rowsSoFar);
    }
    if (hooks.cancelled()) throw cancelled();
    writer?.flush();
    const { rows, skipped, stats } = end;
    const sha256 = early ?? end.sha256!;
    const prevNums = prev && !job.append && write ? previousNumbers(db, prev, cols) : null;
    const profile = cols.map((c, k) => {
      const acc = numAccs[k] ?? new ColumnAccumulator(c.type, end.accs[k]);
      const newRows = numNew?.[k] ?? (end.accsNew ? new ColumnAccumulator(c.type, end.accsNew[k]) : null);
      const current = newRows && newRows.state().sampleLen > 0 ? newRows.sortedSample() : null;
      const previous =
        job.append && prevSamples && newRows
          ? prevSamples[k]!.length > 0 && current
            ? { values: prevSamples[k]!, version: prev?.version ?? 0, current }
            : null
          : (prevNums?.get(c.name) ?? null);
      return acc.build(
        { name: c.name, role: c.role, unit: c.unit, invalid: stats[k]!.invalid, transformed: c.privacy === 'pseudonymise' ? { action: 'pseudonymise', reason: 'Marked personal at import: replaced by salted SHA-256 (salt per event).' } : null },
        previous,
      );
    });
    const warnings: ImportWarning[] = collectWarnings({ src, plan, stats, profile, skipped, append: job.append, malformed: end.malformed });
    const total = job.append && prev ? prev.rowCount + rows : rows;
    const version = (prev?.version ?? 0) + 1;
    if (write) {
      repo.insertVersion(db, {
        id: job.versionId, datasetId, version, tableName, baseVersionId: job.append && prev ? prev.id : null, mode: job.append ? 'append' : 'full',
        ownRows: rows, rowCount: total, rejectedCount: end.rejectedRows, sha256, fileName: src.fileName, fileSize: src.size, fileMtime: src.mtime,
        columns: cols.map(({ srcIndex: _s, ...c }) => c),
        options: { format: src.format, encoding: src.encoding, delimiter: src.delimiter, quote: src.quote, sheet: src.sheet, numberLocale: plan.locale, privacy: { dropped: plan.dropped, pseudonymised: cols.filter((c) => c.privacy === 'pseudonymise').map((c) => c.source) } },
        rules, profile, warnings, importedAt: job.nowIso,
      });
      if (job.rules && ds) repo.setDatasetRules(db, ds.id, job.rules);
      appendChange(db, job.nowIso, { actor: job.actor, entity: 'dataset', entityId: datasetId, action: job.append ? 'append' : 'import', payload: { name: job.name, version, sha256, rows: total, rejected: end.rejectedRows, fileName: src.fileName } });
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
    if (write && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    await parse.return(undefined as never);
    if (write) db.pragma('cache_size = -2000');
  }
}
