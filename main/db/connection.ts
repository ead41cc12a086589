import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../../common/contract/errors';
import { renameDurable } from '../durableFs';
import { isDiskFull, readOnlyError, storeError } from '../storeErrors';
import { migrate, latestVersion } from './migrate';
import { migrations } from './migrations';
import { clearMarkers, holdMarker, staleMarkers } from './openMarker';

export type Db = Database.Database;

export type OpenOptions = Readonly<{
  /** Path to a better_sqlite3.node built for the running ABI (Electron passes its own build). */
  nativeBinding?: string;
  /** Clock for backup names. */
  now?: () => Date;
  /** Run the full `integrity_check` at open whatever the markers say (default: only when needed, see openDatabase). */
  fullCheck?: boolean;
}>;

/** Which check the last open ran, per file (for tests and `kaizen check`). */
export type OpenCheck = Readonly<{ check: 'quick_check' | 'integrity_check'; why: string | null }>;
const lastChecks = new Map<string, OpenCheck>();
export function lastOpenCheck(file: string): OpenCheck | undefined {
  return lastChecks.get(path.resolve(file));
}

const SQLITE_HEADER = 'SQLite format 3\u0000';
/** Page size of a newly created store (see openDatabase). */
export const PAGE_SIZE = 32_768;

function readHeader(file: string): string {
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(16);
    const n = fs.readSync(fd, buf, 0, 16, 0);
    return buf.subarray(0, n).toString('latin1');
  } finally {
    fs.closeSync(fd);
  }
}

function corrupt(file: string, reason: string): AppError {
  return new AppError(
    'DB_CORRUPT',
    `The data file ${file} ${reason}. It was left untouched. Choose another data folder (--data-dir or KAIZEN_DATA_DIR), or restore a backup.`,
    { file },
  );
}

/** An error the store's folder or disk caused (full, busy, read-only): reported as such, never as a damaged file. */
function isStoreCondition(e: unknown, file: string): boolean {
  return storeError(e, { folder: path.dirname(file) }) !== null;
}

/** Imported dataset tables (`ds_…`) and their staged quarantine (`q_ds_…`): written once, at import. */
const DATASET_TABLE = /^(q_)?ds_[A-Za-z0-9]{1,64}$/;

/**
 * The open-time check: `quick_check` of the schema and of each of the app's own tables with its indexes. Dataset
 * tables are left to the full check (after an unclean shutdown, in the background after open, in `kaizen check`):
 * they are written once, at import, and hold nearly all of a big store's pages, so checking them at every open
 * would cost ~1 s per GB (a 10M-row store took 1.2 s to open) for tables that no open can have changed.
 */
function quickCheckAppTables(db: Db): string {
  const tables = db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  for (const t of tables) {
    if (DATASET_TABLE.test(t)) continue;
    const r = String(db.pragma(`quick_check("${t.replace(/"/g, '""')}")`, { simple: true }));
    if (r !== 'ok') return r;
  }
  return 'ok';
}

/**
 * Checks an existing file before anything writes to it: SQLite header, version, then `quick_check` (every page
 * and b-tree readable and well-formed; ~10× faster than the full check, which also matches every index to its
 * table). The full `integrity_check` runs instead when `fullWhy` says why (an unclean shutdown, a forced check)
 * or before a migration rewrites the file.
 * `exclusive`: the disk is too full for the shared WAL index, so the probe keeps it in memory (see openDatabase).
 */
function inspectExisting(file: string, opts: OpenOptions, exclusive: boolean, fullWhy: string | null): number {
  const size = fs.statSync(file).size;
  if (size === 0) return 0;
  if (size < 100 || readHeader(file) !== SQLITE_HEADER) throw corrupt(file, 'is not an SQLite database');
  let probe: Db | undefined;
  try {
    probe = exclusive
      ? new Database(file, { fileMustExist: true, nativeBinding: opts.nativeBinding })
      : new Database(file, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
    if (exclusive) probe.pragma('locking_mode = EXCLUSIVE');
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latestVersion(migrations)) {
      throw new AppError(
        'DB_NEWER',
        `The data file ${file} was written by a newer Kaizen Studio (schema ${version}; this app knows up to ${latestVersion(migrations)}). It was left untouched: update the app or choose another data folder.`,
        { file, version },
      );
    }
    const why = fullWhy ?? (version < latestVersion(migrations) ? 'before migrating' : null);
    const pragma = why === null ? 'quick_check' : 'integrity_check';
    const check = why === null ? quickCheckAppTables(probe) : probe.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw corrupt(file, `failed its integrity check (${String(check)})`);
    lastChecks.set(path.resolve(file), { check: pragma, why });
    return version;
  } catch (e) {
    if (isAppError(e) || isStoreCondition(e, file)) throw e;
    throw corrupt(file, `could not be read as a database (${(e as Error).message})`);
  } finally {
    probe?.close();
  }
}

/**
 * Creates the data folder if needed and checks that it, the store and its WAL files can be written, before
 * anything opens them: a read-only medium or a folder of another user is named as such (READ_ONLY), never
 * mistaken for a damaged file.
 */
function requireWritable(file: string): void {
  const dir = path.dirname(file);
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    // Node's recursive mkdir can report ENOENT when a parent cannot be made: ask the nearest existing folder why.
    let existing = path.dirname(dir);
    while (!fs.existsSync(existing) && path.dirname(existing) !== existing) existing = path.dirname(existing);
    checkWritable(existing, dir);
    throw storeError(e, { folder: dir }) ?? e;
  }
  for (const p of [dir, file, `${file}-wal`, `${file}-shm`]) checkWritable(p, dir);
}

/** Throws READ_ONLY naming `folder` when `p` exists and cannot be written. */
function checkWritable(p: string, folder: string): void {
  try {
    fs.accessSync(p, fs.constants.W_OK);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code === 'EROFS') throw readOnlyError(folder, 'read-only');
    if (code === 'EACCES' || code === 'EPERM') throw readOnlyError(folder, 'permission denied');
    throw e;
  }
}

const PARTIAL_BACKUP = /\.bak-.*\.partial(-journal|-wal|-shm)?$/;

/** Removes backups a kill interrupted (they never got their final name); best effort. */
function removeStalePartialBackups(file: string): void {
  const dir = path.dirname(file);
  const base = path.basename(file);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const n of names) {
    if (n.startsWith(`${base}.bak-`) && PARTIAL_BACKUP.test(n)) fs.rmSync(path.join(dir, n), { force: true });
  }
}

/** Flushes a finished file's bytes to disk. */
function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The copy taken before migrating is written under `<name>.partial`, flushed, then renamed (and the folder
 * flushed): a kill or a full disk during the copy never leaves a partial file under a backup's name.
 */
async function backupBeforeMigrating(db: Db, file: string, version: number, now: Date): Promise<string> {
  const stamp = now.toISOString().replace(/[:.]/g, '-');
  const target = `${file}.bak-v${version}-${stamp}`;
  const partial = `${target}.partial`;
  try {
    await db.backup(partial);
    fsyncFile(partial);
    renameDurable(partial, target);
    return target;
  } catch (e) {
    for (const suffix of ['', '-journal', '-wal', '-shm']) fs.rmSync(`${partial}${suffix}`, { force: true });
    throw e;
  }
}

/**
 * The pragmas every connection to the event store uses — the app's and the import worker's alike.
 * `synchronous`: FULL for the event store, so every acknowledged change survives a power cut; a bulk import
 * commits its slices with NORMAL and makes its last transaction FULL (importer.ts).
 */
export function configureConnection(db: Db, opts: Readonly<{ synchronous: 'FULL' | 'NORMAL' }>): void {
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma(`synchronous = ${opts.synchronous}`);
  // Deleted rows (a removed team member's name, a deleted dataset) are overwritten with zeros, not left in free space.
  db.pragma('secure_delete = ON');
}

/** Opens another connection to an existing store (the import worker), set up like the app's own. */
export function openConnection(file: string, opts: Readonly<{ nativeBinding?: string; synchronous: 'FULL' | 'NORMAL' }>): Db {
  const db = new Database(file, { fileMustExist: true, nativeBinding: opts.nativeBinding });
  try {
    configureConnection(db, opts);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

async function openStore(file: string, opts: OpenOptions, exclusive: boolean, fullWhy: string | null): Promise<Db> {
  // An empty file (left by an open that failed on a full disk) is still a new store: it gets the new page size.
  const existed = fs.existsSync(file) && fs.statSync(file).size > 0;
  const version = existed ? inspectExisting(file, opts, exclusive, fullWhy) : 0;
  const db = new Database(file, { nativeBinding: opts.nativeBinding });
  try {
    // Before the first access: the WAL index then lives in this process's memory instead of the -shm file.
    if (exclusive) db.pragma('locking_mode = EXCLUSIVE');
    // A new store gets 32 KiB pages (SQLite's default is 4 KiB): dataset tables are large and written and
    // scanned in bulk, where bigger pages mean fewer pages to balance, log and read; no effect on an
    // existing file (its page size is fixed once it is in WAL mode). See the README's design notes.
    if (!existed) db.pragma(`page_size = ${PAGE_SIZE}`);
    // Every acknowledged change survives a power cut (the WAL is flushed at each commit, not only at checkpoints).
    configureConnection(db, { synchronous: 'FULL' });
    if (version > 0 && version < latestVersion(migrations)) {
      await backupBeforeMigrating(db, file, version, (opts.now ?? (() => new Date()))());
    }
    const { from, to } = migrate(db, migrations);
    // Creating the schema writes every new b-tree's page to the WAL (~6 MB with 32 KiB pages): fold it into
    // the main file now so a fresh store does not carry it until the first automatic checkpoint.
    if (from !== to) db.pragma('wal_checkpoint(TRUNCATE)');
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Opens (creating if needed) the store, refusing newer or damaged files without touching them,
 * taking a backup copy before any migration, then migrating to the latest schema.
 *
 * A full disk is not a reason to refuse reading: when SQLite cannot grow the shared WAL index (-shm) the
 * store is opened again with `locking_mode=EXCLUSIVE` set before the first access, which keeps that index
 * in this process's memory. Everything reads; writes answer DISK_FULL. That connection holds the store
 * alone until the app is restarted (another process or the import worker then gets BUSY).
 * Failures caused by the folder or disk come out as DISK_FULL, READ_ONLY or BUSY AppErrors.
 */
export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<Db> {
  const folder = path.dirname(file);
  try {
    requireWritable(file);
    removeStalePartialBackups(file);
    // A process that stopped without closing the store (crash, kill, power cut) left its marker: check in full.
    const stale = staleMarkers(file);
    const fullWhy = opts.fullCheck ? 'asked for' : stale.length > 0 ? `after an unclean shutdown (${stale[0]!.reason})` : null;
    let db: Db;
    try {
      db = await openStore(file, opts, false, fullWhy);
    } catch (e) {
      if (!isDiskFull(e, folder)) throw e;
      db = await openStore(file, opts, true, fullWhy);
    }
    // Only once the check passed: a store that failed keeps its markers, so the next open checks in full again.
    clearMarkers(stale);
    markerRelease.set(db, holdMarker(file));
    return db;
  } catch (e) {
    throw storeError(e, { folder }) ?? e;
  }
}

/**
 * Checkpoints the WAL into the main file and closes. Safe to call twice. A checkpoint that fails (a full
 * disk, a reader in another process) loses nothing: the WAL keeps every commit and the next open reads it.
 */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } catch {
    // Left in the WAL; see above.
  } finally {
    db.close();
    markerRelease.get(db)?.();
    markerRelease.delete(db);
  }
}

/** The open marker (openMarker.ts) each connection openDatabase returned holds until closeDatabase. */
const markerRelease = new WeakMap<Db, () => void>();
