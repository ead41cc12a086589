import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ArtifactSource } from '../../../common/contract/schemas/registry';
import type { ServiceContext } from '../../context';

export type ArtifactDigest = Readonly<{ name: string; sha256: string; size: number }>;

/** Raw bytes per chunk: base64 makes it ~700 KB, under the browser host's 1 MiB body cap. */
export const ARTIFACT_CHUNK_BYTES = 512 * 1024;
const STALE_MS = 2 * 3600 * 1000;

type Pending = { fileName: string; size: number; received: number; hash: Hash; touched: number };

/** SHA-256 of a local file, read as a stream (a model file may be gigabytes; it is never copied or held). */
export async function hashFile(file: string): Promise<ArtifactDigest> {
  let size: number;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) throw new AppError('BAD_INPUT', `${file} is not a file.`);
    size = st.size;
  } catch (e) {
    if (e instanceof AppError) throw e;
    throw new AppError('BAD_INPUT', `Cannot read the artifact ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}.`);
  }
  const hash = createHash('sha256');
  await pipeline(fs.createReadStream(file), hash);
  return { name: path.basename(file), sha256: hash.digest('hex'), size };
}

/**
 * Browser mode cannot name a file, so the page sends the artifact in base64 chunks; each chunk goes straight into
 * a running SHA-256 and is dropped. Nothing is written to disk: the registry keeps the hash, name and size only.
 */
export class ArtifactUploads {
  private readonly open = new Map<string, Pending>();
  constructor(private readonly ctx: ServiceContext) {}

  begin(fileName: string, size: number): { uploadId: string; chunkBytes: number } {
    this.sweep();
    const uploadId = this.ctx.newId();
    this.open.set(uploadId, { fileName: path.basename(fileName), size, received: 0, hash: createHash('sha256'), touched: Date.now() });
    return { uploadId, chunkBytes: ARTIFACT_CHUNK_BYTES };
  }

  chunk(uploadId: string, offset: number, data: string): { received: number } {
    const u = this.open.get(uploadId);
    if (!u) throw notFound('Artifact upload', uploadId);
    if (offset !== u.received) throw new AppError('CONFLICT', `Artifact chunk at byte ${offset} but ${u.received} bytes were received so far.`, { received: u.received });
    const bytes = Buffer.from(data, 'base64');
    if (u.received + bytes.length > u.size) throw new AppError('BAD_INPUT', `${u.fileName}: more data than the announced ${u.size} bytes.`);
    u.hash.update(bytes);
    u.received += bytes.length;
    u.touched = Date.now();
    return { received: u.received };
  }

  /** The finished digest; the upload is gone afterwards. */
  finish(uploadId: string): ArtifactDigest {
    const u = this.open.get(uploadId);
    if (!u) throw notFound('Artifact upload', uploadId);
    if (u.received !== u.size) throw new AppError('BAD_INPUT', `${u.fileName}: the upload is incomplete (${u.received} of ${u.size} bytes).`);
    this.open.delete(uploadId);
    return { name: u.fileName, sha256: u.hash.digest('hex'), size: u.size };
  }

  private sweep(): void {
    const cutoff = Date.now() - STALE_MS;
    for (const [k, u] of this.open) if (u.touched < cutoff) this.open.delete(k);
  }
}

/** The artifact's digest from the CLI's path, the desktop dialog's handle (spent) or a hashed upload. */
export async function digestArtifact(ctx: ServiceContext, uploads: ArtifactUploads, source: ArtifactSource): Promise<ArtifactDigest> {
  if (source.kind === 'upload') return uploads.finish(source.uploadId);
  const file = source.kind === 'path' ? source.path : ctx.files.peek(source.handle, 'open');
  return hashFile(file);
}
