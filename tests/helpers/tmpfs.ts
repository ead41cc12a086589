import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { tempDir } from './tempServices';

/** Mounting a tmpfs (a small disk that can be filled, or remounted read-only) needs root. */
export const isRoot = process.getuid?.() === 0;

/** Mounts a fresh tmpfs of `megabytes` on a new temp folder; root only. */
export function mountTmpfs(megabytes: number): string {
  const dir = tempDir('kaizen-tmpfs-');
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${megabytes}m`, 'tmpfs', dir], { stdio: 'pipe' });
  return dir;
}

export function remount(dir: string, mode: 'ro' | 'rw'): void {
  execFileSync('mount', ['-o', `remount,${mode}`, dir], { stdio: 'pipe' });
}

export function unmount(dir: string): void {
  execFileSync('umount', ['-l', dir], { stdio: 'pipe' });
  fs.rmSync(dir, { recursive: true, force: true });
}

/** Writes `file` until the disk refuses even one byte; returns its size. */
export function fillDisk(file: string): number {
  const fd = fs.openSync(file, 'a');
  try {
    for (const size of [1 << 20, 64 << 10, 4096, 512, 1]) {
      const chunk = Buffer.alloc(size, 0x2e);
      try {
        for (;;) fs.writeSync(fd, chunk);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

/** Shrinks a filler file so about `bytes` are free again. */
export function leaveFree(filler: string, bytes: number): void {
  fs.truncateSync(filler, Math.max(0, fs.statSync(filler).size - bytes));
}
