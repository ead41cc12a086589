import fs from 'node:fs';

/**
 * Whether a process with this id is running (signal 0 probes without signalling). EPERM means it exists but
 * belongs to another user: alive. Used wherever a file records its owner's PID (locks, scratch folders,
 * import tables, open markers) to tell a live owner from one a kill left behind.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** This boot's id (Linux), so a PID recorded before a reboot is never mistaken for a live process; null elsewhere. */
export function bootId(): string | null {
  try {
    return fs.readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
  } catch {
    return null;
  }
}
