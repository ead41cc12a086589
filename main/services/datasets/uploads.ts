import fs from 'node:fs';
import path from 'node:path';
import { AppError, notFound } from '../../../common/contract/errors';
import type { ImportSource } from '../../../common/contract/schemas/datasets';
import type { ServiceContext } from '../../context';
import { DEFAULT_LIMITS, formatBytes } from '../../importers/limits';

/** Raw bytes per chunk: base64 makes it ~700 KB, under the browser host's 1 MiB body cap. */
export const UPLOAD_CHUNK_BYTES = 512 * 1024;
const STALE_MS = 24 * 3600 * 1000;

type Upload = { fileName: string; size: number; received: number; file: string; lastModified: number | null };

/**
 * Browser mode cannot hand main a file path, so the renderer sends the file in base64 chunks that are
 * appended to a file under <dataDir>/uploads; imports then read it like any local file.
 */
export class Uploads {
  private readonly open = new Map<string, Upload>();
  constructor(private readonly ctx: ServiceContext) {}

  private dir(): string {
    const d = path.join(this.ctx.dataDir, 'uploads');
    fs.mkdirSync(d, { recursive: true });
    return d;
  }

  /**
   * Removes uploads abandoned by a closed tab or a crash. Only files untouched for a day: another process
   * (the CLI next to the app) may share the data folder, and its uploads are not in this map.
   */
  private sweep(dir: string): void {
    const cutoff = this.ctx.clock.now().getTime() - STALE_MS;
    for (const f of fs.readdirSync(dir)) {
      const file = path.join(dir, f);
      try {
        if (f.endsWith('.part') && fs.statSync(file).ctimeMs < cutoff) fs.rmSync(file, { force: true });
      } catch {
        // Gone already, or not ours to remove: leave it.
      }
    }
  }

  /** `lastModified` (epoch ms, from the browser's File) is kept as the upload's mtime for lineage. */
  begin(fileName: string, size: number, lastModified?: number): { uploadId: string; chunkBytes: number } {
    if (size > DEFAULT_LIMITS.maxFileBytes) throw new AppError('BAD_INPUT', `${fileName}: the file is ${formatBytes(size)}, over the import limit of ${formatBytes(DEFAULT_LIMITS.maxFileBytes)}.`);
    const dir = this.dir();
    this.sweep(dir);
    const uploadId = this.ctx.newId();
    const file = path.join(dir, `${uploadId.replace(/[^A-Za-z0-9-]/g, '')}.part`);
    fs.writeFileSync(file, '');
    this.open.set(uploadId, { fileName: path.basename(fileName), size, received: 0, file, lastModified: lastModified ?? null });
    if (size === 0) this.stamp(this.open.get(uploadId)!);
    return { uploadId, chunkBytes: UPLOAD_CHUNK_BYTES };
  }

  chunk(uploadId: string, offset: number, data: string): { received: number } {
    const u = this.open.get(uploadId);
    if (!u) throw notFound('Upload', uploadId);
    if (offset !== u.received) throw new AppError('CONFLICT', `Upload chunk at byte ${offset} but ${u.received} bytes were received so far.`, { received: u.received });
    const bytes = Buffer.from(data, 'base64');
    if (u.received + bytes.length > u.size) throw new AppError('BAD_INPUT', `${u.fileName}: more data than the announced ${u.size} bytes.`);
    fs.appendFileSync(u.file, bytes);
    u.received += bytes.length;
    if (u.received === u.size) this.stamp(u);
    return { received: u.received };
  }

  private stamp(u: Upload): void {
    if (u.lastModified !== null) fs.utimesSync(u.file, new Date(u.lastModified), new Date(u.lastModified));
  }

  discard(uploadId: string): boolean {
    const u = this.open.get(uploadId);
    if (!u) return false;
    this.open.delete(uploadId);
    fs.rmSync(u.file, { force: true });
    return true;
  }

  /** A local path and the name to show for an import source (uploads must be complete). */
  resolve(source: ImportSource): { file: string; displayName: string } {
    if (source.kind === 'path') return { file: source.path, displayName: path.basename(source.path) };
    if (source.kind === 'handle') {
      const file = this.ctx.files.peek(source.handle, 'open');
      return { file, displayName: path.basename(file) };
    }
    const u = this.open.get(source.uploadId);
    if (!u) throw notFound('Upload', source.uploadId);
    if (u.received !== u.size) throw new AppError('BAD_INPUT', `${u.fileName}: the upload is incomplete (${u.received} of ${u.size} bytes).`);
    return { file: u.file, displayName: u.fileName };
  }
}
