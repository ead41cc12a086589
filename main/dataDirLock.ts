import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AppError } from '../common/contract/errors';
import { bootId, processAlive } from './processAlive';

/**
 * One long-running Kaizen Studio (the desktop app, `kaizen serve`, `npm start`) per data folder.
 *
 * The holder writes `<dataDir>/kaizen.lock` with O_EXCL, holding its PID, host name, boot and start time. A second
 * process reads it and refuses with a message naming the holder. A lock whose process is gone (PID not alive, or
 * written before this machine last booted) is stale and taken over; a lock from another computer (a shared
 * folder) is never guessed stale. Short CLI commands do not take the lock: SQLite's own locking keeps them safe
 * next to a running app. Plain Node: Electron's single-instance lock stays in main/electron.
 */
export const LOCK_FILE = 'kaizen.lock';

export type LockOwner = Readonly<{
  pid: number;
  hostname: string;
  /** Linux boot id; null where the platform has none (then bootedAt decides). */
  bootId: string | null;
  bootedAt: number;
  startedAt: string;
  /** Which face of the product holds the folder: 'serve', 'desktop'… */
  app: string;
  nonce: string;
}>;

export type DataDirLock = Readonly<{
  path: string;
  owner: LockOwner;
  release: () => void;
  /**
   * Set when the lock could not be written because the folder takes no writes at all (a full disk, a read-only
   * medium): the store then opens read-only or not at all (storeErrors.ts), so no second writer can exist, and
   * refusing to start would only hide the data the user can still read.
   */
  unwritable?: string;
}>;

/** Errors meaning "this folder takes no writes now", not "someone else holds it". */
const NO_WRITES = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/** Locks this process wrote and still holds: a lock file naming our own PID but not in here is stale (PID reuse). */
const held = new Map<string, LockOwner>();

function removeIfOurs(file: string, owner: LockOwner): void {
  if (held.get(file)?.nonce !== owner.nonce) return;
  held.delete(file);
  if (readOwner(file)?.nonce === owner.nonce) fs.rmSync(file, { force: true });
}

/** Last resort for a normal exit that skipped release(): one hook for every lock this process holds. */
let exitHook = false;
function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const [file, owner] of [...held]) removeIfOurs(file, owner);
  });
}

function readOwner(file: string): LockOwner | null {
  try {
    const o = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockOwner>;
    return typeof o.pid === 'number' && typeof o.hostname === 'string' && typeof o.nonce === 'string' ? (o as LockOwner) : null;
  } catch {
    return null;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

/** Why a lock may be taken over, or null while its holder may still be running. */
export function staleReason(owner: LockOwner, me: Pick<LockOwner, 'hostname' | 'bootId' | 'bootedAt' | 'pid'>): string | null {
  if (owner.hostname !== me.hostname) return null;
  if (owner.bootId && me.bootId) {
    if (owner.bootId !== me.bootId) return 'written before this computer last started';
  } else if (Math.abs(owner.bootedAt - me.bootedAt) > 120_000) return 'written before this computer last started';
  if (owner.pid === me.pid) return [...held.values()].some((h) => h.nonce === owner.nonce) ? null : 'its process id is now ours';
  return processAlive(owner.pid) ? null : `process ${owner.pid} is no longer running`;
}

function busy(dataDir: string, file: string, owner: LockOwner | null): AppError {
  if (!owner) {
    return new AppError('BUSY', `Kaizen Studio is starting on this data folder in another process (${dataDir}); wait a moment and try again.`, { lockPath: file });
  }
  const where = owner.hostname === os.hostname() ? '' : ` on the computer "${owner.hostname}"`;
  const hint =
    where === ''
      ? 'Close it first, or use another folder (--data-dir).'
      : `If Kaizen Studio no longer runs there, delete ${file} and start again.`;
  return new AppError(
    'BUSY',
    `Kaizen Studio is already running on this data folder (process ${owner.pid}${where}, started ${owner.startedAt}): ${dataDir}. ${hint}`,
    { lockPath: file, owner: { pid: owner.pid, hostname: owner.hostname, startedAt: owner.startedAt, app: owner.app } },
  );
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * Removes a stale lock under a short-lived guard file, so two processes that both found it stale cannot remove
 * each other's fresh lock. Returns false when another process is doing the same (try again).
 */
function removeStale(file: string, seen: LockOwner | null): boolean {
  const guard = `${file}.takeover`;
  if (ageMs(guard) > 10_000) fs.rmSync(guard, { force: true });
  let fd: number;
  try {
    fd = fs.openSync(guard, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    const now = readOwner(file);
    if ((now?.nonce ?? null) === (seen?.nonce ?? null)) fs.rmSync(file, { force: true });
    return true;
  } finally {
    fs.closeSync(fd);
    fs.rmSync(guard, { force: true });
  }
}

/**
 * Takes the data folder for this process, or throws BUSY naming the process that holds it. The lock is removed by
 * release() and, as a last resort, when the process exits normally; a killed holder leaves a stale lock that the
 * next start takes over.
 */
export function acquireDataDirLock(dataDir: string, app: string, now: () => Date = () => new Date()): DataDirLock {
  const dir = path.resolve(dataDir);
  const file = path.join(dir, LOCK_FILE);
  const owner: LockOwner = {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: bootId(),
    bootedAt: Math.round(Date.now() - os.uptime() * 1000),
    startedAt: now().toISOString(),
    app,
    nonce: randomBytes(12).toString('hex'),
  };
  try {
    fs.mkdirSync(dir, { recursive: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (NO_WRITES.has(code)) return unwritableLock(file, owner, code);
    throw e;
  }
  for (let attempt = 0; attempt < 50; attempt++) {
    let fd: number;
    try {
      fd = fs.openSync(file, 'wx', 0o644);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (NO_WRITES.has(code)) return unwritableLock(file, owner, code);
      if (code !== 'EEXIST') throw e;
      const current = readOwner(file);
      // An unreadable lock younger than a few seconds is one being written right now.
      const stale = current ? staleReason(current, owner) : ageMs(file) > 5_000 ? 'unreadable' : null;
      if (stale === null) {
        if (current || attempt >= 20) throw busy(dir, file, current);
        sleepSync(100);
        continue;
      }
      if (!removeStale(file, current)) sleepSync(20);
      continue;
    }
    try {
      fs.writeFileSync(fd, `${JSON.stringify(owner, null, 2)}\n`);
      fs.fsyncSync(fd);
    } catch (e) {
      // An empty lock left behind would block the next start for nothing: take it away again.
      fs.closeSync(fd);
      fs.rmSync(file, { force: true });
      const code = (e as NodeJS.ErrnoException).code ?? '';
      if (NO_WRITES.has(code)) return unwritableLock(file, owner, code);
      throw e;
    }
    fs.closeSync(fd);
    held.set(file, owner);
    installExitHook();
    return { path: file, owner, release: () => removeIfOurs(file, owner) };
  }
  throw busy(dir, file, readOwner(file));
}

function unwritableLock(file: string, owner: LockOwner, code: string): DataDirLock {
  const why = code === 'EROFS' ? 'the folder is read-only' : 'the disk is full';
  return { path: file, owner, release: () => undefined, unwritable: why };
}
