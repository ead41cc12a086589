import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yazl from 'yazl';
import { renameDurable } from '../../durableFs';

export type WrittenFile = Readonly<{ path: string; bytes: number; sha256: string }>;

type Source = () => Iterable<Buffer | string> | AsyncIterable<Buffer | string>;

/**
 * Streams ZIP entries into `target` through a temporary file in the same folder (`.<name>.<random>.partial`),
 * flushed and renamed when complete, removed on any failure or cancel. Each entry is produced lazily, when the
 * ZIP writer reaches it, and hashed (SHA-256) and counted as it goes, so an entry written last (the manifest) can
 * list every earlier one. With `encrypt`, the ZIP bytes pass through the envelope before they reach the disk.
 */
export class ZipWriter {
  private readonly zip = new yazl.ZipFile();
  readonly files: WrittenFile[] = [];
  private readonly pending: { name: string; source: Source; record: boolean }[] = [];

  constructor(private readonly signal?: AbortSignal) {}

  /** An entry whose bytes come from `source`, listed in `files` (and so in the manifest). */
  add(name: string, source: Source): void {
    this.pending.push({ name, source, record: true });
  }

  /** An entry not listed in `files` (the manifest itself), produced after every earlier entry is written. */
  addLast(name: string, source: Source): void {
    this.pending.push({ name, source, record: false });
  }

  private entryStream(name: string, source: Source, record: boolean): Readable {
    const signal = this.signal;
    const files = this.files;
    async function* hashed(): AsyncGenerator<Buffer> {
      const h = createHash('sha256');
      let bytes = 0;
      for await (const part of source()) {
        signal?.throwIfAborted();
        const b = typeof part === 'string' ? Buffer.from(part, 'utf8') : part;
        h.update(b);
        bytes += b.length;
        yield b;
      }
      if (record) files.push({ path: name, bytes, sha256: h.digest('hex') });
    }
    const stream = Readable.from(hashed(), { objectMode: false });
    // The ZIP writer reports an entry's failure through its own 'error'; a failure after the output was already
    // torn down (a cancel) has no one left to tell and must not become an uncaught exception.
    stream.on('error', () => undefined);
    return stream;
  }

  /** Writes everything to `target` atomically; returns the file's size. */
  async write(target: string, encrypt: (() => Transform) | null): Promise<number> {
    this.signal?.throwIfAborted();
    const dir = path.dirname(target);
    const temp = path.join(dir, `.${path.basename(target)}.${randomBytes(6).toString('hex')}.partial`);
    for (const p of this.pending) {
      this.zip.addReadStreamLazy(p.name, { compress: true, compressionLevel: 1, mtime: new Date(0) }, (cb) => {
        try {
          cb(null, this.entryStream(p.name, p.source, p.record));
        } catch (e) {
          cb(e as Error, undefined as unknown as Readable);
        }
      });
    }
    this.zip.end();
    const out = fs.createWriteStream(temp, { flags: 'wx' });
    const zipOut = this.zip.outputStream as unknown as Readable;
    // An entry that fails (a cancel, a read error) is reported by the ZIP writer: end the output with it.
    this.zip.on('error', (e: Error) => zipOut.destroy(e));
    try {
      const stages: NodeJS.ReadWriteStream[] = encrypt ? [encrypt()] : [];
      await pipeline([zipOut, ...stages, out] as unknown as Parameters<typeof pipeline>, { signal: this.signal } as never);
      const fd = fs.openSync(temp, 'r+');
      try {
        fs.fsyncSync(fd);
      } finally {
        fs.closeSync(fd);
      }
      const size = fs.statSync(temp).size;
      renameDurable(temp, target);
      return size;
    } catch (e) {
      zipOut.destroy();
      out.destroy();
      fs.rmSync(temp, { force: true });
      throw e;
    }
  }
}
