import type { Statement } from 'better-sqlite3';
import type { Db } from '../db/connection';
import type { Violation } from '../../common/contract/schemas/datasets';
import { assertTableName } from './tableWriter';
import { deletePacks } from '../db/repositories/columnPacks';
import { processAlive } from '../processAlive';

/**
 * How an import shares SQLite's one write lock. Rows go into the version's new table (which nothing
 * refers to until the import's last, short transaction writes the version row) in short transactions,
 * so a write from the window waits for one slice, not for the whole file. "A file that cannot be read
 * writes nothing" still holds: on an error or a cancel the table is dropped; after a kill, the next start
 * drops it (dropOrphanTables).
 *
 * On the import worker's own connection a slice may run across awaits and ends when another writer
 * waits (SliceControl); without one (in-process, on the service connection, which other calls use
 * between awaits) each block is its own transaction.
 */
export type SliceControl = Readonly<{
  /** Whether another writer is waiting for the lock (the slice has held it `heldMs`). */
  yieldNow: (heldMs: number) => boolean;
  /** After a commit that yielded: waits (briefly, bounded) for the waiting writer to take the lock. */
  pause: () => void;
  /** Around BEGIN IMMEDIATE: this import is itself waiting for the lock (other imports yield to it). */
  acquiring: (waiting: boolean) => void;
}>;

/** Cells of the lock state shared by the main thread and import workers: the main thread's tick, and imports waiting for the lock. */
export const TICK = 0;
export const WAITERS = 1;

/** A slice never holds the lock longer than this, even when no waiting writer was seen. */
export const MAX_SLICE_MS = 250;

export class ImportSlices {
  private started = 0;

  constructor(
    private readonly db: Db,
    private readonly control: SliceControl | null,
    /** Whether the next block is already waiting (then a slice goes on without releasing the lock). */
    private readonly ready: () => boolean,
  ) {}

  /** Opens a slice unless one is open. */
  begin(): void {
    if (this.db.inTransaction) return;
    this.control?.acquiring(true);
    try {
      this.db.exec('BEGIN IMMEDIATE');
    } finally {
      this.control?.acquiring(false);
    }
    this.started = performance.now();
  }

  /** After a block: commits unless the next block is ready and nobody waits; yields when somebody does. */
  next(): void {
    if (!this.db.inTransaction) return;
    const held = performance.now() - this.started;
    const yieldNow = this.control?.yieldNow(held) ?? false;
    if (this.control && !yieldNow && held < MAX_SLICE_MS && this.ready()) return;
    this.db.exec('COMMIT');
    if (yieldNow) this.control!.pause();
  }

  /** Commits the open slice, if any. */
  end(): void {
    if (this.db.inTransaction) this.db.exec('COMMIT');
  }

  rollback(): void {
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
  }
}

/** Marks a version table created by an import in progress (kept in sqlite_master's SQL; see dropOrphanTables). */
export function ownerComment(): string {
  return `/* kaizen-import pid=${process.pid} */`;
}

/** Tables created by imports running in this process (main thread; see runImportJob). */
export const activeImportTables = new Set<string>();

/**
 * Drops dataset tables that no version row refers to: left by an import that was killed (its rows were
 * committed slice by slice, its version row never). A table whose import is still running — in this
 * process, or in another live process (its pid is in the table's SQL) — is kept. Returns the names dropped.
 */
export function dropOrphanTables(db: Db): string[] {
  const orphans = db
    .prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name GLOB 'ds_*' AND name NOT IN (SELECT table_name FROM dataset_versions)")
    .all() as { name: string; sql: string }[];
  const dropped: string[] = [];
  for (const t of orphans) {
    const pid = Number(/kaizen-import pid=(\d+)/.exec(t.sql)?.[1] ?? NaN);
    if (pid === process.pid ? activeImportTables.has(t.name) : Number.isFinite(pid) && processAlive(pid)) continue;
    db.exec(`DROP TABLE IF EXISTS "${assertTableName(t.name)}"`);
    deletePacks(db, t.name);
    dropped.push(t.name);
  }
  return dropped;
}

/**
 * The import's rule violations wait in a temporary table (the connection's own, never in the store's
 * file) until the last transaction copies them to the quarantine with the version row they refer to.
 */
export class StagedViolations {
  private readonly table: string;
  private insert: Statement | null = null;

  constructor(
    private readonly db: Db,
    versionTable: string,
  ) {
    this.table = `q_${assertTableName(versionTable)}`;
    db.exec(`CREATE TEMP TABLE "${this.table}" (line INTEGER NOT NULL, column_name TEXT NOT NULL, value TEXT, reason TEXT NOT NULL, rule TEXT NOT NULL)`);
  }

  add(rows: readonly Violation[]): void {
    this.insert ??= this.db.prepare(`INSERT INTO temp."${this.table}" VALUES (?,?,?,?,?)`);
    for (const v of rows) this.insert.run(v.line, v.column, v.value, v.reason, v.rule);
  }

  /** Inside the last transaction: to the quarantine, in file order. */
  copyTo(versionId: string): void {
    this.db.prepare(`INSERT INTO dataset_quarantine (version_id, line, column_name, value, reason, rule) SELECT ?, line, column_name, value, reason, rule FROM temp."${this.table}" ORDER BY rowid`).run(versionId);
  }

  drop(): void {
    this.db.exec(`DROP TABLE IF EXISTS temp."${this.table}"`);
  }
}
