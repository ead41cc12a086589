import fs from 'node:fs';
import zlib from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl from 'yauzl';
import type { Entry, ZipFile } from 'yauzl';
import { AppError } from '../../../common/contract/errors';
import { EnvelopeReader, isEnvelope } from './envelope';

/** What an archive may cost before it is refused (every figure counted while streaming, never taken from headers). */
export type ArchiveLimits = Readonly<{
  maxEntries: number;
  maxEntryBytes: number;
  maxTotalBytes: number;
  /** Inflated bytes per compressed byte, above which an entry is a zip bomb (checked once an entry passes 1 MiB). */
  maxRatio: number;
}>;

const GiB = 1024 ** 3;
export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = { maxEntries: 10_000, maxEntryBytes: 8 * GiB, maxTotalBytes: 32 * GiB, maxRatio: 100 };
const RATIO_FLOOR = 1024 * 1024;

/** Entry names a `.kaizen` file may hold; anything else is refused (after the specific checks below). */
const ALLOWED_NAME = /^(manifest\.json|changelog\.jsonl|tables\/[a-z][a-z0-9_]{0,62}\.jsonl|datasets\/[0-9a-f-]{36}\.(json|jsonl))$/;
const RESERVED = new Set(['CON', 'PRN', 'AUX', 'NUL', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((i) => [`COM${i}`, `LPT${i}`])]);
const NESTED_EXT = /\.(zip|kaizen|jar|war|apk|gz|tgz|bz2|xz|zst|7z|rar|tar|cab)$/i;
const NESTED_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from([0x1f, 0x8b]), Buffer.from('KZENC001', 'latin1'), Buffer.from('7z\xbc\xaf', 'latin1'), Buffer.from('Rar!', 'latin1')];

export type ArchiveEntry = Readonly<{ name: string; compressedSize: number; uncompressedSize: number; entry: Entry }>;

/** The user-facing refusal: the file, the problem; nothing was imported. */
export function refuse(label: string, problem: string): AppError {
  return new AppError('BAD_INPUT', `${label}: ${problem}. The archive was refused; nothing was imported.`);
}

function q(name: string): string {
  return JSON.stringify(name.length > 120 ? `${name.slice(0, 120)}…` : name);
}

/** The problem with one central-directory entry, or null when it is acceptable. Exported for unit tests. */
export function entryProblem(name: string, e: Pick<Entry, 'externalFileAttributes' | 'generalPurposeBitFlag' | 'compressionMethod'>): string | null {
  const n = q(name);
  if ([...name].some((ch) => ch.charCodeAt(0) < 0x20)) return `entry ${n} has control characters in its name`;
  if (name.includes('\\')) return `entry ${n} uses a backslash (a Windows path) in its name`;
  if (name.startsWith('/')) return `entry ${n} has an absolute path`;
  if (/^[A-Za-z]:/.test(name)) return `entry ${n} has a drive-letter path`;
  if (name.split('/').includes('..')) return `entry ${n} has a parent-folder (..) path`;
  if (((e.externalFileAttributes >>> 16) & 0o170000) === 0o120000) return `entry ${n} is a symbolic link`;
  if ((e.generalPurposeBitFlag & 0x41) !== 0) return `entry ${n} has the ZIP encryption flag set (Kaizen archives are encrypted as a whole, never per entry)`;
  for (const seg of name.split('/')) {
    if (RESERVED.has(seg.split('.')[0]!.trim().toUpperCase())) return `entry ${n} has a Windows reserved name (${seg})`;
  }
  if (NESTED_EXT.test(name)) return `entry ${n} is a nested archive`;
  if (e.compressionMethod !== 0 && e.compressionMethod !== 8) return `entry ${n} uses an unsupported compression method (${e.compressionMethod})`;
  return null;
}

function decodeName(e: Entry): string {
  const raw = (e as Entry & { fileNameRaw?: Buffer }).fileNameRaw ?? (e.fileName as unknown as Buffer);
  return (e.generalPurposeBitFlag & 0x800) !== 0 ? raw.toString('utf8') : raw.toString('latin1');
}

class EnvelopeRandomAccess extends yauzl.RandomAccessReader {
  constructor(private readonly env: EnvelopeReader) {
    super();
  }
  override _readStreamForRange(start: number, end: number): Readable {
    return this.env.read(start, end);
  }
}

function openZip(file: string, env: EnvelopeReader | null): Promise<ZipFile> {
  const opts = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: false, strictFileNames: true };
  return new Promise((resolve, reject) => {
    const done = (err: Error | null, z?: ZipFile) => (err || !z ? reject(err ?? new Error('no zip')) : resolve(z));
    if (env) yauzl.fromRandomAccessReader(new EnvelopeRandomAccess(env), env.plainSize, opts, done);
    else yauzl.open(file, opts, done);
  });
}

/**
 * A `.kaizen` file opened for streaming: its central directory read and every entry checked before any entry's
 * data is read (paths, links, flags, names, counts, stated sizes); entry data is then inflated as a stream with
 * the inflated bytes counted against the limits and the header. Nothing is ever extracted to disk.
 */
export class ArchiveReader {
  private total = 0;
  private constructor(
    readonly label: string,
    private readonly zip: ZipFile,
    private readonly env: EnvelopeReader | null,
    readonly entries: ReadonlyMap<string, ArchiveEntry>,
    private readonly limits: ArchiveLimits,
  ) {}

  get encrypted(): boolean {
    return this.env !== null;
  }

  static async open(file: string, label: string, opts: { passphrase?: string | null; limits?: Partial<ArchiveLimits> } = {}): Promise<ArchiveReader> {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, ...opts.limits };
    let head: Buffer;
    try {
      const fd = fs.openSync(file, 'r');
      try {
        head = Buffer.alloc(8);
        head = head.subarray(0, fs.readSync(fd, head, 0, 8, 0));
      } finally {
        fs.closeSync(fd);
      }
    } catch (e) {
      throw new AppError('BAD_INPUT', `${label}: cannot read the file (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}).`);
    }
    let env: EnvelopeReader | null = null;
    if (isEnvelope(head)) {
      if (!opts.passphrase) throw new AppError('BAD_INPUT', `${label} is encrypted: give its passphrase.`, { needsPassphrase: true });
      env = EnvelopeReader.open(file, opts.passphrase);
    } else if (!head.subarray(0, 2).equals(Buffer.from('PK'))) {
      throw refuse(label, 'this is not a Kaizen archive (not a ZIP file)');
    }
    let zip: ZipFile;
    try {
      zip = await openZip(file, env);
    } catch (e) {
      env?.close();
      if (e instanceof AppError) throw e;
      const m = (e as Error).message;
      if (/end of central directory record signature not found/i.test(m)) throw refuse(label, 'the file is truncated or not a ZIP file (its ZIP directory is missing)');
      throw refuse(label, `the ZIP file is damaged (${m})`);
    }
    try {
      if (zip.entryCount > limits.maxEntries) throw refuse(label, `it has more entries (${zip.entryCount}) than the limit of ${limits.maxEntries}`);
      const entries = await listEntries(zip, label, limits);
      return new ArchiveReader(label, zip, env, entries, limits);
    } catch (e) {
      zip.close();
      env?.close();
      throw e;
    }
  }

  /** Every chunk of the entry's inflated bytes, counted against the limits and its stated size. */
  async *chunks(name: string): AsyncGenerator<Buffer> {
    const a = this.entries.get(name);
    if (!a) throw refuse(this.label, `entry ${q(name)} is missing`);
    const raw = await new Promise<Readable>((resolve, reject) =>
      this.zip.openReadStream(a.entry, { decodeFileData: false }, (err, s) => (err || !s ? reject(this.damaged(err)) : resolve(s))),
    );
    const stream: Readable = a.entry.compressionMethod === 8 ? raw.pipe(zlib.createInflateRaw()) : raw;
    raw.on('error', (e) => stream.destroy(e));
    let count = 0;
    let first = true;
    try {
      for await (const c of stream as AsyncIterable<Buffer>) {
        if (first && c.length > 0) {
          first = false;
          if (NESTED_MAGIC.some((m) => c.length >= m.length && c.subarray(0, m.length).equals(m))) throw refuse(this.label, `entry ${q(name)} is a nested archive`);
        }
        count += c.length;
        this.total += c.length;
        if (count > a.uncompressedSize) throw refuse(this.label, `the sizes in the header of entry ${q(name)} lie (it says ${a.uncompressedSize} bytes, it inflates to more)`);
        if (count > this.limits.maxEntryBytes) throw refuse(this.label, `entry ${q(name)} inflates to more than the limit of ${this.limits.maxEntryBytes} bytes`);
        if (this.total > this.limits.maxTotalBytes) throw refuse(this.label, `it inflates to more than the limit of ${this.limits.maxTotalBytes} bytes`);
        if (count > RATIO_FLOOR && count > this.limits.maxRatio * Math.max(1, a.compressedSize)) throw refuse(this.label, `entry ${q(name)} has a compression ratio over ${this.limits.maxRatio} (a zip bomb)`);
        yield c;
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw this.damaged(e as Error);
    } finally {
      stream.destroy();
      raw.destroy();
    }
    if (count !== a.uncompressedSize) throw refuse(this.label, `the sizes in the header of entry ${q(name)} lie (it says ${a.uncompressedSize} bytes, it holds ${count})`);
  }

  /** The entry's lines (JSON Lines), streamed. */
  async *lines(name: string, onChunk?: (c: Buffer) => void): AsyncGenerator<string> {
    let rest = '';
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for await (const c of this.chunks(name)) {
      onChunk?.(c);
      let text: string;
      try {
        text = rest + decoder.decode(c, { stream: true });
      } catch {
        throw refuse(this.label, `entry ${q(name)} is not UTF-8 text`);
      }
      const parts = text.split('\n');
      rest = parts.pop()!;
      for (const p of parts) if (p !== '') yield p;
    }
    try {
      rest += decoder.decode();
    } catch {
      throw refuse(this.label, `entry ${q(name)} is not UTF-8 text`);
    }
    if (rest !== '') yield rest;
  }

  async text(name: string, maxBytes: number): Promise<string> {
    const parts: Buffer[] = [];
    let n = 0;
    for await (const c of this.chunks(name)) {
      n += c.length;
      if (n > maxBytes) throw refuse(this.label, `entry ${q(name)} is larger than ${maxBytes} bytes`);
      parts.push(c);
    }
    return Buffer.concat(parts).toString('utf8');
  }

  private damaged(e: Error | null | undefined): AppError {
    if (e instanceof AppError) return e;
    return refuse(this.label, this.env ? 'wrong passphrase or damaged archive' : `the ZIP file is truncated or damaged (${e?.message ?? 'unreadable entry'})`);
  }

  close(): void {
    this.zip.close();
    this.env?.close();
  }
}

function listEntries(zip: ZipFile, label: string, limits: ArchiveLimits): Promise<Map<string, ArchiveEntry>> {
  const entries = new Map<string, ArchiveEntry>();
  const folded = new Map<string, string>();
  let statedTotal = 0;
  return new Promise((resolve, reject) => {
    const fail = (e: Error) => {
      zip.removeAllListeners('entry');
      reject(e instanceof AppError ? e : refuse(label, /truncated|EOF|signature/i.test(e.message) ? `the file is truncated or damaged (${e.message})` : `the ZIP file is damaged (${e.message})`));
    };
    zip.on('error', fail);
    zip.on('end', () => {
      // Names outside the archive's layout are refused only now, so the specific problems above are named first.
      const stray = [...entries.keys()].find((n) => !ALLOWED_NAME.test(n));
      if (stray !== undefined) fail(refuse(label, `entry ${q(stray)} is not part of a Kaizen archive`));
      else resolve(entries);
    });
    zip.on('entry', (e: Entry) => {
      try {
        if (entries.size + 1 > limits.maxEntries) throw refuse(label, `it has more entries than the limit of ${limits.maxEntries}`);
        const name = decodeName(e);
        const problem = entryProblem(name, e);
        if (problem) throw refuse(label, problem);
        if (entries.has(name)) throw refuse(label, `entry ${q(name)} appears twice (duplicate entry names)`);
        const key = name.normalize('NFC').toLowerCase();
        const clash = folded.get(key);
        if (clash !== undefined) throw refuse(label, `entries ${q(clash)} and ${q(name)} collide by letter case or Unicode normalisation`);
        folded.set(key, name);
        if (e.uncompressedSize > limits.maxEntryBytes) throw refuse(label, `entry ${q(name)} says it inflates to ${e.uncompressedSize} bytes, over the limit of ${limits.maxEntryBytes}`);
        statedTotal += e.uncompressedSize;
        if (statedTotal > limits.maxTotalBytes) throw refuse(label, `its entries say they inflate to more than the limit of ${limits.maxTotalBytes} bytes`);
        if (e.uncompressedSize > RATIO_FLOOR && e.uncompressedSize > limits.maxRatio * Math.max(1, e.compressedSize)) throw refuse(label, `entry ${q(name)} has a compression ratio over ${limits.maxRatio} (a zip bomb)`);
        entries.set(name, { name, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize, entry: e });
        zip.readEntry();
      } catch (err) {
        fail(err as Error);
      }
    });
    zip.readEntry();
  });
}
