import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import fs from 'node:fs';
import { Readable, Transform } from 'node:stream';
import type { TransformCallback } from 'node:stream';
import { AppError } from '../../../common/contract/errors';

/**
 * The encrypted `.kaizen` envelope: the whole ZIP, AES-256-GCM in 1 MiB chunks, key = scrypt(passphrase, random
 * salt). Chunked so that reading is streamed and every byte is authenticated before it is used: each chunk has
 * its own tag; its nonce and additional data carry its index and whether it is the last one, and the additional
 * data carries the header, so reordered, dropped, truncated or edited chunks, and an edited header, all fail.
 *
 * Header (40 bytes): "KZENC001" | log2 N | r | p | 0 | salt (16) | nonce prefix (8) | chunk size (u32 LE).
 */
export const ENVELOPE_MAGIC = Buffer.from('KZENC001', 'latin1');
const HEADER_BYTES = 40;
const TAG_BYTES = 16;
export const CHUNK_BYTES = 1024 * 1024;
/** scrypt cost: N = 2^15, r = 8 (32 MiB, ≈ 0.1 s); a hostile header may not ask for more than 2^20. */
const LOG_N = 15;
const MAX_LOG_N = 20;

export const WRONG_PASSPHRASE = 'wrong passphrase or damaged archive';

type Header = Readonly<{ raw: Buffer; logN: number; r: number; p: number; salt: Buffer; noncePrefix: Buffer; chunkBytes: number }>;

function deriveKey(passphrase: string, h: Pick<Header, 'logN' | 'r' | 'p' | 'salt'>): Buffer {
  const N = 2 ** h.logN;
  return scryptSync(passphrase.normalize('NFC'), h.salt, 32, { N, r: h.r, p: h.p, maxmem: 128 * N * h.r * 2 + 1024 * 1024 });
}

function nonce(h: Header, index: number): Buffer {
  const n = Buffer.alloc(12);
  h.noncePrefix.copy(n, 0);
  n.writeUInt32BE(index, 8);
  return n;
}

function aad(h: Header, index: number, final: boolean): Buffer {
  const a = Buffer.alloc(HEADER_BYTES + 5);
  h.raw.copy(a, 0);
  a.writeUInt32BE(index, HEADER_BYTES);
  a[HEADER_BYTES + 4] = final ? 1 : 0;
  return a;
}

export function isEnvelope(firstBytes: Buffer): boolean {
  return firstBytes.length >= ENVELOPE_MAGIC.length && firstBytes.subarray(0, ENVELOPE_MAGIC.length).equals(ENVELOPE_MAGIC);
}

/** A Transform: ZIP bytes in, envelope bytes out. Holds one chunk in memory. */
export function encryptingStream(passphrase: string, chunkBytes = CHUNK_BYTES): Transform {
  const salt = randomBytes(16);
  const noncePrefix = randomBytes(8);
  const raw = Buffer.alloc(HEADER_BYTES);
  ENVELOPE_MAGIC.copy(raw, 0);
  raw[8] = LOG_N;
  raw[9] = 8;
  raw[10] = 1;
  salt.copy(raw, 12);
  noncePrefix.copy(raw, 28);
  raw.writeUInt32LE(chunkBytes, 36);
  const h: Header = { raw, logN: LOG_N, r: 8, p: 1, salt, noncePrefix, chunkBytes };
  const key = deriveKey(passphrase, h);
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let index = 0;
  let headerSent = false;
  const seal = (plain: Buffer, final: boolean): Buffer => {
    const c = createCipheriv('aes-256-gcm', key, nonce(h, index));
    c.setAAD(aad(h, index, final));
    const body = Buffer.concat([c.update(plain), c.final(), c.getAuthTag()]);
    index++;
    return body;
  };
  return new Transform({
    transform(data: Buffer, _enc, cb: TransformCallback) {
      if (!headerSent) {
        this.push(raw);
        headerSent = true;
      }
      pending.push(data);
      pendingBytes += data.length;
      // Keep at least one byte back so the last chunk is always sealed as final in flush.
      while (pendingBytes > chunkBytes) {
        const all = Buffer.concat(pending);
        this.push(seal(all.subarray(0, chunkBytes), false));
        pending = [all.subarray(chunkBytes)];
        pendingBytes = all.length - chunkBytes;
      }
      cb();
    },
    flush(cb: TransformCallback) {
      if (!headerSent) this.push(raw);
      this.push(seal(Buffer.concat(pending), true));
      cb();
    },
  });
}

/**
 * Random access to the plaintext of an envelope file: `read(start, end)` streams bytes [start, end), each chunk
 * decrypted and authenticated before any of it is handed on. A wrong passphrase or any changed byte throws
 * WRONG_PASSPHRASE. Keeps the last two chunks (≤ 2 MiB).
 */
export class EnvelopeReader {
  readonly plainSize: number;
  private readonly key: Buffer;
  private readonly chunks: number;
  private readonly cache = new Map<number, Buffer>();

  private constructor(private readonly fd: number, private readonly h: Header, fileSize: number, passphrase: string) {
    const body = fileSize - HEADER_BYTES;
    const stride = h.chunkBytes + TAG_BYTES;
    this.chunks = Math.ceil(body / stride);
    if (this.chunks < 1 || body - this.chunks * TAG_BYTES < 0) throw new AppError('BAD_INPUT', WRONG_PASSPHRASE);
    this.plainSize = body - this.chunks * TAG_BYTES;
    this.key = deriveKey(passphrase, h);
    // Authenticate the first chunk now, so a wrong passphrase is known before anything else happens.
    this.chunk(0);
  }

  static open(file: string, passphrase: string): EnvelopeReader {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const raw = Buffer.alloc(HEADER_BYTES);
      if (size < HEADER_BYTES + TAG_BYTES || fs.readSync(fd, raw, 0, HEADER_BYTES, 0) !== HEADER_BYTES || !isEnvelope(raw)) {
        throw new AppError('BAD_INPUT', WRONG_PASSPHRASE);
      }
      const h: Header = { raw, logN: raw[8]!, r: raw[9]!, p: raw[10]!, salt: raw.subarray(12, 28), noncePrefix: raw.subarray(28, 36), chunkBytes: raw.readUInt32LE(36) };
      if (h.logN < 10 || h.logN > MAX_LOG_N || h.r < 1 || h.r > 16 || h.p < 1 || h.p > 4 || h.chunkBytes < 1024 || h.chunkBytes > 16 * 1024 * 1024) {
        throw new AppError('BAD_INPUT', WRONG_PASSPHRASE);
      }
      return new EnvelopeReader(fd, h, size, passphrase);
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
  }

  private chunk(index: number): Buffer {
    const hit = this.cache.get(index);
    if (hit) return hit;
    const stride = this.h.chunkBytes + TAG_BYTES;
    const final = index === this.chunks - 1;
    const len = final ? this.plainSize - index * this.h.chunkBytes + TAG_BYTES : stride;
    const buf = Buffer.alloc(len);
    const got = fs.readSync(this.fd, buf, 0, len, HEADER_BYTES + index * stride);
    let plain: Buffer;
    try {
      if (got !== len) throw new Error('short read');
      const d = createDecipheriv('aes-256-gcm', this.key, nonce(this.h, index));
      d.setAAD(aad(this.h, index, final));
      d.setAuthTag(buf.subarray(len - TAG_BYTES));
      plain = Buffer.concat([d.update(buf.subarray(0, len - TAG_BYTES)), d.final()]);
    } catch {
      throw new AppError('BAD_INPUT', WRONG_PASSPHRASE);
    }
    if (this.cache.size >= 2) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(index, plain);
    return plain;
  }

  /** Reads every chunk once: true when the whole file authenticates. */
  verifyAll(): void {
    for (let i = 0; i < this.chunks; i++) this.chunk(i);
  }

  read(start: number, end: number): Readable {
    let pos = start;
    const readable: Readable = new Readable({
      read: () => {
        try {
          if (pos >= end) {
            readable.push(null);
            return;
          }
          const i = Math.floor(pos / this.h.chunkBytes);
          const c = this.chunk(i);
          const off = pos - i * this.h.chunkBytes;
          const take = Math.min(c.length - off, end - pos);
          if (take <= 0) throw new AppError('BAD_INPUT', WRONG_PASSPHRASE);
          pos += take;
          readable.push(c.subarray(off, off + take));
        } catch (e) {
          readable.destroy(e as Error);
        }
      },
    });
    return readable;
  }

  close(): void {
    fs.closeSync(this.fd);
  }
}
