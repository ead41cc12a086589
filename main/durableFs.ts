import fs from 'node:fs';
import path from 'node:path';

/**
 * Flushes a folder's entries (new names, renames) to disk. A rename is atomic but lives in the folder's
 * metadata: without this, a power cut soon after can bring back the old name or neither. Windows cannot
 * open a folder for fsync (and its file system orders renames itself): there it is a no-op.
 */
export function fsyncDir(dir: string): void {
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dir, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Renames `from` over `to` and flushes the folder holding `to`, so the new name survives a power cut. */
export function renameDurable(from: string, to: string): void {
  fs.renameSync(from, to);
  fsyncDir(path.dirname(to));
}
