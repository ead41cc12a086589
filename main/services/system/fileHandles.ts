import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { AppError } from '../../../common/contract/errors';

export type HandlePurpose = 'open' | 'save';

type Entry = { path: string; purpose: HandlePurpose; expires: number };

/** A handle lives long enough for a wizard to be read and filled in, not for a day. */
const TTL_MS = 2 * 3600 * 1000;

const deadHandle = () =>
  new AppError('NOT_FOUND', 'That file choice has been used or has expired; choose the file again.');

/**
 * Opaque, single-use stand-ins for paths the user chose in a native dialog (Electron). The main process keeps
 * the path; the renderer only ever sees a random handle and the file's name, so a compromised renderer cannot
 * name a file of its own. An open handle may be peeked (preview, dry run) and is spent by the one import that
 * succeeds with it; a save handle is spent by the export that uses it. Handles are bound to their purpose.
 */
export class FileHandles {
  private readonly entries = new Map<string, Entry>();
  constructor(private readonly now: () => number = Date.now) {}

  issue(file: string, purpose: HandlePurpose): { handle: string; name: string } {
    this.sweep();
    const handle = `fh-${randomBytes(18).toString('base64url')}`;
    this.entries.set(handle, { path: path.resolve(file), purpose, expires: this.now() + TTL_MS });
    return { handle, name: path.basename(file) };
  }

  /** The chosen path, leaving the handle usable (previews and dry runs before the import). */
  peek(handle: string, purpose: HandlePurpose): string {
    const e = this.entries.get(handle);
    if (!e || e.expires < this.now()) throw deadHandle();
    if (e.purpose !== purpose) {
      throw new AppError('FORBIDDEN', `That file was chosen to ${e.purpose === 'open' ? 'be read' : 'be written'}, not to ${purpose === 'open' ? 'be read' : 'be written'}.`);
    }
    return e.path;
  }

  /** The chosen path; the handle is dead afterwards. */
  take(handle: string, purpose: HandlePurpose): string {
    const p = this.peek(handle, purpose);
    this.entries.delete(handle);
    return p;
  }

  spend(handle: string): void {
    this.entries.delete(handle);
  }

  private sweep(): void {
    const t = this.now();
    for (const [k, e] of this.entries) if (e.expires < t) this.entries.delete(k);
  }
}
