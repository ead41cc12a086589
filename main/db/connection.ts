import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../common/contract/errors';
import { migrate, latestVersion } from './migrate';
import { migrations } from './migrations';

export type Db = Database.Database;

export type OpenOptions = Readonly<{
  /** Path to a better_sqlite3.node built for the running ABI (Electron passes its own build). */
  nativeBinding?: string;
  /** Clock for backup names. */
  now?: () => Date;
}>;

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

/** Checks an existing file before anything writes to it: SQLite header, integrity, version. */
function inspectExisting(file: string, opts: OpenOptions): number {
  const size = fs.statSync(file).size;
  if (size === 0) return 0;
  if (size < 100 || readHeader(file) !== SQLITE_HEADER) throw corrupt(file, 'is not an SQLite database');
  let probe: Db | undefined;
  try {
    probe = new Database(file, { readonly: true, fileMustExist: true, nativeBinding: opts.nativeBinding });
    const version = probe.pragma('user_version', { simple: true }) as number;
    if (version > latestVersion(migrations)) {
      throw new AppError(
        'DB_NEWER',
        `The data file ${file} was written by a newer Kaizen Studio (schema ${version}; this app knows up to ${latestVersion(migrations)}). It was left untouched: update the app or choose another data folder.`,
        { file, version },
      );
    }
    const check = probe.pragma('integrity_check', { simple: true });
    if (check !== 'ok') throw corrupt(file, `failed its integrity check (${String(check)})`);
    return version;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw corrupt(file, `could not be read as a database (${(e as Error).message})`);
  } finally {
    probe?.close();
  }
}

/**
 * Opens (creating if needed) the store, refusing newer or damaged files without touching them,
 * taking a backup copy before any migration, then migrating to the latest schema.
 */
export async function openDatabase(file: string, opts: OpenOptions = {}): Promise<Db> {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const existed = fs.existsSync(file);
  const version = existed ? inspectExisting(file, opts) : 0;
  const db = new Database(file, { nativeBinding: opts.nativeBinding });
  try {
    // A new store gets 32 KiB pages (SQLite's default is 4 KiB): dataset tables are large and written and
    // scanned in bulk, where bigger pages mean fewer pages to balance, log and read; no effect on an
    // existing file (its page size is fixed once it is in WAL mode). See the README's design notes.
    if (!existed) db.pragma(`page_size = ${PAGE_SIZE}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    if (version > 0 && version < latestVersion(migrations)) {
      const stamp = (opts.now ?? (() => new Date()))().toISOString().replace(/[:.]/g, '-');
      await db.backup(`${file}.bak-v${version}-${stamp}`);
    }
    migrate(db, migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Checkpoints the WAL into the main file and closes. Safe to call twice. */
export function closeDatabase(db: Db): void {
  if (!db.open) return;
  try {
    db.pragma('wal_checkpoint(TRUNCATE)');
  } finally {
    db.close();
  }
}
