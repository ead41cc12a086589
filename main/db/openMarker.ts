import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { bootId, processAlive } from '../processAlive';

/**
 * "Was the store closed cleanly?" One marker per process beside the store, `<store>.open-<pid>`, written when a
 * process opens the store and removed when it closes it (or exits normally). Several processes may hold the
 * store at once (the app and a CLI command next to it): each has its own marker, so a short command never
 * removes the app's. A marker whose process is gone (on this computer: its PID is not running, or it was
 * written before the computer last started) means that process stopped without closing — a crash, a kill,
 * a power cut — and the next open runs the full integrity check. Markers from another computer (a shared
 * folder) are never guessed stale.
 */
type Marker = Readonly<{ pid: number; hostname: string; bootId: string | null; startedAt: string; nonce: string }>;

export type StaleMarker = Readonly<{ path: string; reason: string }>;

/** Markers this process wrote, with how many open connections share each. */
const held = new Map<string, { nonce: string; count: number }>();

function markerPrefix(file: string): string {
  return `${path.basename(file)}.open-`;
}

export function markerPath(file: string, pid = process.pid): string {
  return path.join(path.dirname(file), `${markerPrefix(file)}${pid}`);
}

function readMarker(p: string): Marker | null {
  try {
    const m = JSON.parse(fs.readFileSync(p, 'utf8')) as Partial<Marker>;
    return typeof m.pid === 'number' && typeof m.hostname === 'string' ? (m as Marker) : null;
  } catch {
    return null;
  }
}

/** Why the process behind a marker stopped without closing the store, or null while it may still hold it. */
function staleReason(p: string): string | null {
  const m = readMarker(p);
  // Unreadable: a process killed while writing it (the write is tiny, so this is rare); treat as unclean.
  if (!m) return 'its open marker is unreadable';
  if (m.hostname !== os.hostname()) return null;
  const boot = bootId();
  if (m.bootId && boot && m.bootId !== boot) return 'the computer restarted while it was open';
  if (m.pid === process.pid) return held.get(p)?.nonce === m.nonce ? null : 'its process id is now ours';
  return processAlive(m.pid) ? null : `process ${m.pid} stopped without closing it`;
}

/** The markers left by processes that stopped without closing the store (an unclean shutdown). */
export function staleMarkers(file: string): StaleMarker[] {
  const prefix = markerPrefix(file);
  let names: string[];
  try {
    names = fs.readdirSync(path.dirname(file));
  } catch {
    return [];
  }
  const out: StaleMarker[] = [];
  for (const n of names) {
    if (!n.startsWith(prefix) || !/^\d+$/.test(n.slice(prefix.length))) continue;
    const p = path.join(path.dirname(file), n);
    const reason = staleReason(p);
    if (reason) out.push({ path: p, reason });
  }
  return out;
}

/** Forgets stale markers once the full check has passed. Best effort. */
export function clearMarkers(markers: readonly StaleMarker[]): void {
  for (const m of markers) fs.rmSync(m.path, { force: true });
}

let exitHook = false;
function installExitHook(): void {
  if (exitHook) return;
  exitHook = true;
  // A normal exit closes SQLite cleanly even when close() was skipped: leave no marker behind then.
  process.on('exit', () => {
    for (const [p, h] of held) if (readMarker(p)?.nonce === h.nonce) fs.rmSync(p, { force: true });
    held.clear();
  });
}

/**
 * Marks the store open by this process (shared by every connection this process opens to it) and returns the
 * release for one connection. Best effort: a folder that takes no writes (a full disk) gets no marker, and the
 * background check still runs.
 */
export function holdMarker(file: string): () => void {
  const p = markerPath(file);
  const h = held.get(p);
  if (h) h.count++;
  else {
    const marker: Marker = { pid: process.pid, hostname: os.hostname(), bootId: bootId(), startedAt: new Date().toISOString(), nonce: randomBytes(8).toString('hex') };
    try {
      fs.writeFileSync(p, JSON.stringify(marker));
      held.set(p, { nonce: marker.nonce, count: 1 });
      installExitHook();
    } catch {
      return () => undefined;
    }
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    const cur = held.get(p);
    if (!cur || --cur.count > 0) return;
    held.delete(p);
    if (readMarker(p)?.nonce === cur.nonce) fs.rmSync(p, { force: true });
  };
}
