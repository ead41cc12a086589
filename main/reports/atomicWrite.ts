import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { renameDurable } from '../durableFs';

/** For tests: a hook that runs between writing the temporary file and renaming it (simulates a crash). */
export type WriteHooks = Readonly<{ beforeRename?: (tempPath: string) => void }>;

/**
 * Writes the whole file under a temporary name in the same folder, flushes it to disk, then renames it over the
 * target and flushes the folder (so the new name survives a power cut). A reader never sees a half-written
 * report; if anything fails, the temporary file is removed and the previous file (if any) is left untouched.
 */
export function writeFileAtomic(target: string, data: Buffer, hooks: WriteHooks = {}): void {
  const dir = path.dirname(target);
  const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
  let fd: number | null = null;
  try {
    fd = fs.openSync(temp, 'wx', 0o644);
    fs.writeSync(fd, data, 0, data.length, 0);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    hooks.beforeRename?.(temp);
    renameDurable(temp, target);
  } catch (e) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(temp, { force: true });
    throw e;
  }
}
