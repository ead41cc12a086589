import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { processAlive } from '../../processAlive';

/**
 * Scratch folders for report rendering live in `<dataDir>/tmp`, not the system temp folder: the report's HTML
 * holds names, and a folder left by a killed export must be found and removed at the next start. Each folder is
 * named `<kind>-<owner pid>-<random>` and, while Chromium runs in it, holds `chromium.pid` (its process group).
 */
export const SCRATCH_DIR = 'tmp';
export const CHROMIUM_PID_FILE = 'chromium.pid';

export function scratchRoot(dataDir: string): string {
  return path.join(dataDir, SCRATCH_DIR);
}

/** A fresh private folder under `root` owned by this process. */
export function makeScratchDir(root: string, kind: string): string {
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  return fs.mkdtempSync(path.join(root, `${kind}-${process.pid}-`));
}

/** The command line of a running process, to make sure a recorded PID still is the Chromium we started. */
function commandLine(pid: number): string | null {
  try {
    if (process.platform === 'linux') return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
    if (process.platform === 'win32') return null;
    return execFileSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return null;
  }
}

/** Kills a Chromium group left by a killed export, if that PID still runs Chromium on this scratch folder. */
function killOrphan(folder: string): void {
  let pid: number;
  try {
    pid = Number(fs.readFileSync(path.join(folder, CHROMIUM_PID_FILE), 'utf8').trim());
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 1 || !commandLine(pid)?.includes(folder)) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/**
 * Start-up clean-up: removes scratch folders whose owner process is gone (a killed export, a crash), first killing
 * the Chromium process group recorded in them. Folders of live processes (an app or CLI running next to us) stay.
 */
export function sweepScratch(dataDir: string): void {
  const root = scratchRoot(dataDir);
  let entries: string[];
  try {
    entries = fs.readdirSync(root);
  } catch {
    return;
  }
  for (const name of entries) {
    const owner = Number(/^[a-z]+-(\d+)-/.exec(name)?.[1]);
    if (Number.isInteger(owner) && (owner === process.pid || processAlive(owner))) continue;
    const folder = path.join(root, name);
    killOrphan(folder);
    try {
      fs.rmSync(folder, { recursive: true, force: true });
    } catch {
      // Read-only or busy: tried again at the next start.
    }
  }
}
