import { spawn } from 'node:child_process';
import fs from 'node:fs';

/**
 * The Chromium process groups this process has running, with their scratch folders. Chromium is started in its
 * own group (so its helpers can be killed with it, and a terminal's Ctrl-C does not reach it half-way), which
 * means nobody else kills it: we do, when its export is cancelled or fails, and when this process exits or is
 * told to stop while a render runs.
 */
const live = new Map<number, string>();

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type StopSignal = (typeof SIGNALS)[number];

export function killGroup(pid: number): void {
  try {
    if (process.platform === 'win32') spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore' }).on('error', () => undefined);
    else process.kill(-pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}

/** Kills every Chromium group still running (host shutdown, process exit). */
export function killAllRenders(): void {
  for (const pid of live.keys()) killGroup(pid);
}

/** Last words: kill the groups and remove their scratch folders, synchronously. */
function cleanUpNow(): void {
  for (const [pid, dir] of live) {
    killGroup(pid);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  live.clear();
}

/**
 * A stop signal while a render runs: clean up, then, if nobody else handles the signal (a plain CLI command), let it
 * take its default course (exit) as if we had not listened. A host that handles it (kaizen serve) shuts down itself.
 */
function onSignal(signal: StopSignal): void {
  cleanUpNow();
  if (process.listenerCount(signal) === 1) {
    unhook();
    process.kill(process.pid, signal);
  }
}

const handlers = Object.fromEntries(SIGNALS.map((s) => [s, () => onSignal(s)])) as Record<StopSignal, () => void>;
let hooked = false;

function hook(): void {
  if (hooked) return;
  hooked = true;
  process.on('exit', cleanUpNow);
  for (const s of SIGNALS) process.on(s, handlers[s]);
}

function unhook(): void {
  if (!hooked) return;
  hooked = false;
  process.off('exit', cleanUpNow);
  for (const s of SIGNALS) process.off(s, handlers[s]);
}

/** Records a running Chromium group and its scratch folder; the returned function forgets it once it is done. */
export function trackRender(pid: number, dir: string): () => void {
  live.set(pid, dir);
  hook();
  return () => {
    live.delete(pid);
    if (live.size === 0) unhook();
  };
}
