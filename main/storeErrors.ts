import fs from 'node:fs';
import path from 'node:path';
import { AppError, isAppError } from '../common/contract/errors';

/**
 * Turns the ways a store or a disk says "no" (SQLite result codes from better-sqlite3, Node's errno codes)
 * into the AppErrors every transport shows: DISK_FULL, BUSY, READ_ONLY. Used by dispatch, the CLI's
 * top-level handler and the composition root, so a full disk, a locked store or a read-only folder never
 * crosses the boundary as INTERNAL or a stack trace.
 */
export type StoreErrorContext = Readonly<{
  /** The data folder (named in the message when the failing path is unknown or inside it). */
  folder: string;
  /** What holds the store right now, for the BUSY message ("an import"); another program when unknown. */
  busyWith?: () => string | null;
}>;

/** Below this many free bytes an unspecific SQLite I/O error is taken as a full disk (the WAL index needs 32 KiB). */
const LOW_SPACE_BYTES = 1024 * 1024;

const FULL_ERRNO = new Set(['ENOSPC', 'EDQUOT']);
const READ_ONLY_ERRNO = new Set(['EROFS']);
const DENIED_ERRNO = new Set(['EACCES', 'EPERM']);
/** Calls that write: a permission error on one of them means the folder cannot be written. */
const WRITING_SYSCALLS = new Set(['mkdir', 'write', 'rename', 'unlink', 'rmdir', 'copyfile', 'link', 'symlink', 'utime', 'ftruncate', 'fsync']);

export function diskFullError(folder: string): AppError {
  return new AppError('DISK_FULL', `The disk holding ${folder} is full; free space and try again — nothing was lost`, { folder });
}

export function readOnlyError(folder: string, reason: 'read-only' | 'permission denied'): AppError {
  return new AppError(
    'READ_ONLY',
    `Kaizen Studio cannot write to ${folder} (${reason}). Nothing was changed: make the folder writable or choose another data folder (--data-dir or KAIZEN_DATA_DIR).`,
    { folder, reason },
  );
}

export function busyError(what: string): AppError {
  return new AppError('BUSY', `The store is busy with ${what} — try again in a moment; nothing was lost`, { with: what });
}

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/** Free bytes for an unprivileged user on the disk holding `folder` (null when it cannot be asked). */
export function freeBytes(folder: string): number | null {
  try {
    const s = fs.statfsSync(folder);
    return s.bavail * s.bsize;
  } catch {
    return null;
  }
}

/**
 * SQLITE_FULL, ENOSPC and EDQUOT say it outright; a generic SQLite I/O error (SQLITE_IOERR_SHMSIZE when the
 * WAL index cannot grow, SQLITE_IOERR_WRITE …) counts when the disk has (almost) no space left.
 */
export function isDiskFull(e: unknown, folder: string): boolean {
  const code = codeOf(e);
  if (code.startsWith('SQLITE_FULL') || FULL_ERRNO.has(code)) return true;
  if (!code.startsWith('SQLITE_IOERR')) return false;
  const free = freeBytes(folder);
  return free !== null && free < LOW_SPACE_BYTES;
}

function isBusy(e: unknown): boolean {
  const code = codeOf(e);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

function inside(child: string, parent: string): boolean {
  return child === parent || child.startsWith(parent.endsWith(path.sep) ? parent : parent + path.sep);
}

/** The folder a Node error names: the data folder when the path is in it (or on the way to it), else the path's folder. */
function folderOf(e: unknown, folder: string): string {
  const p = (e as { path?: unknown }).path;
  if (typeof p !== 'string' || p === '') return folder;
  const abs = path.resolve(p);
  if (inside(abs, folder) || inside(folder, abs)) return folder;
  return (e as { syscall?: unknown }).syscall === 'mkdir' ? abs : path.dirname(abs);
}

/** The AppError for a store or disk failure, or null when `e` is something else (left to the caller). */
export function storeError(e: unknown, ctx: StoreErrorContext): AppError | null {
  if (isAppError(e) || e === null || typeof e !== 'object') return null;
  const code = codeOf(e);
  if (isDiskFull(e, ctx.folder)) return diskFullError(folderOf(e, ctx.folder));
  if (isBusy(e)) return busyError(ctx.busyWith?.() ?? 'another program or window');
  if (code.startsWith('SQLITE_READONLY')) return readOnlyError(ctx.folder, 'read-only');
  if (READ_ONLY_ERRNO.has(code)) return readOnlyError(folderOf(e, ctx.folder), 'read-only');
  if (DENIED_ERRNO.has(code)) {
    // Reading a file the user picked is not a store problem; writing anywhere, or anything in the data folder, is.
    const syscall = (e as { syscall?: unknown }).syscall;
    const p = (e as { path?: unknown }).path;
    const inStore = typeof p === 'string' && inside(path.resolve(p), ctx.folder);
    if (inStore || (typeof syscall === 'string' && WRITING_SYSCALLS.has(syscall))) return readOnlyError(folderOf(e, ctx.folder), 'permission denied');
  }
  return null;
}
