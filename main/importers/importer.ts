import { createHash } from 'node:crypto';
import { AppError } from '../../common/contract/errors';
import type { ColumnProfile, ColumnSpec, ImportResult, ImportWarning, ReadOptions, Rule, Violation } from '../../common/contract/schemas/datasets';
import type { Db } from '../db/connection';
import { appendChange } from '../db/changeLog';
import * as repo from '../db/repositories/datasets';
import type { Limits } from './limits';
import { makeConverter, newStats } from './convert';
import type { Cell, ConvertStats } from './convert';
import { checkAppendColumns, planImport } from './importPlan';
import { ColumnAccumulator } from './profiler';
import { compileRules, ViolationLog } from './rules';
import { openSource, readChunks } from './source';
import { createVersionTable, TableWriter } from './tableWriter';
import { appendCutoff, previousNumbers } from './previousData';
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

export function hashFile(file: string): string {
  const h = createHash('sha256');
  for (const c of readChunks(file, 4 << 20)) h.update(c.bytes);
  return h.digest('hex');
}

function cancelled(): AppError {
  return new AppError('CANCELLED', 'The import was cancelled; nothing was written.');
}

/**
 * Runs one import in ONE transaction on `db`: parse → convert → append filter → rules (violations to
 * quarantine) → privacy → insert → profile → version row. Any error or a cancel rolls everything back,
 * so a dataset is either fully there or not at all.
 */
export async function runImport(db: Db, job: ImportJob, hooks: ImportHooks): Promise<ImportResult> {
  const t0 = performance.now();
  const src = await openSource(job.file, { ...job.options, displayName: job.displayName, limits: job.limits });
  const sha256 = hashFile(job.file);
  const ds = job.datasetId ? repo.findDataset(db, job.datasetId) : repo.findDatasetByName(db, job.eventId, job.name);
  const prev = ds ? repo.latestVersion(db, ds.id) : null;
  if (job.append && !prev) throw new AppError('BAD_INPUT', `Append needs an existing dataset named "${job.name}" in this event; import the file normally first.`);
  if (prev && prev.sha256 === sha256) {
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
  const cutoff = job.append && prev ? appendCutoff(db, prev, cols) : null;
  const seen = new Map<string, Set<Cell>>();
  if (prev && job.append) for (const r of rules) if (r.kind === 'unique') seen.set(r.column, new Set(cutoff?.existingValues(r.column) ?? []));
  const checks = compileRules(rules, names, seen);
  const stats: ConvertStats[] = cols.map(() => newStats());
  const conv = cols.map((c, k) => makeConverter(c.type === 'text' && c.privacy === 'pseudonymise' ? 'text' : c.type, c.dateFormat, plan.locale, stats[k]!));
  const accs = cols.map((c) => new ColumnAccumulator(c.type));
  const pseudo = cols.map((c, k) => (c.privacy === 'pseudonymise' ? k : -1)).filter((k) => k >= 0);
  if (pseudo.length > 0 && !job.salt) throw new Error('pseudonymisation needs the event salt');
  const datasetId = ds?.id ?? job.newDatasetId;
  const tableName = `ds_${job.versionId.replace(/[^A-Za-z0-9]/g, '')}`;
  const write = !job.dryRun;
  if (write) {
    // A bigger page cache for the duration of the import: fewer spills of the growing table to the WAL.
    db.pragma('cache_size = -65536');
    db.exec('BEGIN IMMEDIATE');
    // Quarantine rows are written as the file streams, before their version row exists: check at COMMIT.
    db.pragma('defer_foreign_keys = ON');
  }
  try {
    if (write && !ds) repo.insertDataset(db, { id: datasetId, eventId: job.eventId, name: job.name, rules, createdAt: job.nowIso });
    if (write && cutoff) cutoff.feedPrevious(accs);
    const baseCounts = accs.map((a) => a.numericCount);
    if (write) createVersionTable(db, tableName, cols);
    const writer = write ? new TableWriter(db, tableName, cols.length) : null;
    const violations = new ViolationLog(write ? (vs: Violation[]) => pending.push(...vs) : null);
    let pending: Violation[] = [];
    let rows = 0;
    let skipped = 0;
    const cells: Cell[] = new Array(cols.length);
    const raws: (string | null)[] = new Array(cols.length);
    const srcIdx = cols.map((c) => c.srcIndex);
    for await (const batch of src.batches()) {
      if (hooks.cancelled()) throw cancelled();
      for (let i = 0; i < batch.rows.length; i++) {
        const row = batch.rows[i]!;
        const line = batch.lines[i]!;
        for (let k = 0; k < cols.length; k++) {
          const raw = row[srcIdx[k]!] ?? null;
          raws[k] = raw;
          cells[k] = conv[k]!(raw, line);
        }
        if (cutoff && !cutoff.isNew(cells)) {
          skipped++;
          continue;
        }
        let vs: Violation[] | null = null;
        for (const rc of checks) {
          const msg = rc.check(cells[rc.index]!, raws[rc.index]!);
          if (msg) (vs ??= []).push({ line, column: rc.column, value: raws[rc.index] ?? null, reason: msg, rule: rc.rule });
        }
        if (vs) {
          violations.add(vs);
          continue;
        }
        for (const k of pseudo) {
          const v = cells[k];
          if (v !== null) cells[k] = createHash('sha256').update(job.salt!).update(String(v)).digest('hex');
        }
        for (let k = 0; k < cols.length; k++) accs[k]!.add(cells[k]!);
        writer?.add(cells);
        rows++;
      }
      if (pending.length > 0 && write) {
        repo.insertViolations(db, job.versionId, pending);
        pending = [];
      }
      hooks.progress(src.bytesRead(), src.size, rows);
    }
    if (hooks.cancelled()) throw cancelled();
    writer?.flush();
    const prevNums = prev && !job.append && write ? previousNumbers(db, prev, cols) : null;
    const profile = cols.map((c, k) => {
      const previous = job.append ? accs[k]!.splitPrevious(baseCounts[k]!, prev?.version ?? 0) : (prevNums?.get(c.name) ?? null);
      return accs[k]!.build(
        { name: c.name, role: c.role, unit: c.unit, invalid: stats[k]!.invalid, transformed: c.privacy === 'pseudonymise' ? { action: 'pseudonymise', reason: 'Marked personal at import: replaced by salted SHA-256 (salt per event).' } : null },
        previous,
      );
    });
    const warnings: ImportWarning[] = collectWarnings({ src, plan, stats, profile, skipped, append: job.append });
    const total = job.append && prev ? prev.rowCount + rows : rows;
    const version = (prev?.version ?? 0) + 1;
    if (write) {
      repo.insertVersion(db, {
        id: job.versionId, datasetId, version, tableName, baseVersionId: job.append && prev ? prev.id : null, mode: job.append ? 'append' : 'full',
        ownRows: rows, rowCount: total, rejectedCount: violations.rejectedRows, sha256, fileName: src.fileName, fileSize: src.size, fileMtime: src.mtime,
        columns: cols.map(({ srcIndex: _s, ...c }) => c),
        options: { format: src.format, encoding: src.encoding, delimiter: src.delimiter, quote: src.quote, sheet: src.sheet, numberLocale: plan.locale, privacy: { dropped: plan.dropped, pseudonymised: cols.filter((c) => c.privacy === 'pseudonymise').map((c) => c.source) } },
        rules, profile, warnings, importedAt: job.nowIso,
      });
      if (job.rules && ds) repo.setDatasetRules(db, ds.id, job.rules);
      appendChange(db, job.nowIso, { actor: job.actor, entity: 'dataset', entityId: datasetId, action: job.append ? 'append' : 'import', payload: { name: job.name, version, sha256, rows: total, rejected: violations.rejectedRows, fileName: src.fileName } });
      if (hooks.cancelled()) throw cancelled();
      db.exec('COMMIT');
    }
    return {
      status: write ? 'imported' : 'dry-run', datasetId: write ? datasetId : (ds?.id ?? null), versionId: write ? job.versionId : null, version: write ? version : null,
      rows: total, rowDelta: job.append ? rows : prev ? rows - prev.rowCount : null, rejected: violations.rejectedRows,
      rejectedByReason: violations.summary(), firstRejections: violations.first, sha256, unchangedSameAs: null,
      columns: profile.map((p) => ({ name: p.name, type: p.type, missing: p.missing })), warnings, seconds: (performance.now() - t0) / 1000,
    };
  } catch (e) {
    if (write && db.inTransaction) db.exec('ROLLBACK');
    throw e;
  } finally {
    if (write) db.pragma('cache_size = -2000');
  }
}
