import fs from 'node:fs';
import path from 'node:path';
import { AppError, notFound } from '../../../common/contract/errors';
import type { archiveMethods } from '../../../common/contract/schemas/archive';
import { fileStem } from '../../../common/domain/text/fileStem';
import type { ServiceContext } from '../../context';
import type { Handlers } from '../../handlers';
import type { Job } from '../../jobs';
import { Uploads } from '../datasets/uploads';
import { requireEvent } from '../lookups';
import { exportArchive } from './exportArchive';
import { importArchive } from './importArchive';

/** Raw bytes per download chunk: base64 makes it ~700 KB per answer. */
const DOWNLOAD_CHUNK_BYTES = 512 * 1024;
const DOWNLOAD_DIR = 'archive-downloads';
/** A prepared download nobody fetched (a closed tab, a crash) is removed at the next download after this long. */
const STALE_MS = 24 * 3600 * 1000;

/** Runs a long archive job: progress and cancel through the job registry; a cancel answers CANCELLED. */
async function asJob<T>(ctx: ServiceContext, jobId: string | undefined, signal: AbortSignal | undefined, what: string, body: (job: Job) => Promise<T>): Promise<T> {
  const job = ctx.jobs.start(jobId ?? ctx.newId(), 'archive', signal);
  try {
    const out = await body(job);
    job.finish(true, `${what} done`);
    return out;
  } catch (e) {
    job.finish(false, e instanceof Error ? e.message : String(e));
    if (job.signal.aborted) throw new AppError('CANCELLED', `The ${what} was cancelled; nothing was written.`);
    throw e;
  }
}

export function archiveHandlers(ctx: ServiceContext): Handlers<keyof typeof archiveMethods> {
  const uploads = new Uploads(ctx);
  const downloads = new Map<string, { file: string; size: number }>();
  const downloadDir = () => {
    const d = path.join(ctx.dataDir, DOWNLOAD_DIR);
    fs.mkdirSync(d, { recursive: true });
    const cutoff = ctx.clock.now().getTime() - STALE_MS;
    for (const f of fs.readdirSync(d)) {
      try {
        if (fs.statSync(path.join(d, f)).mtimeMs < cutoff) fs.rmSync(path.join(d, f), { force: true });
      } catch {
        // Gone already: nothing to do.
      }
    }
    return d;
  };
  return {
    'archive-export': async (input, call) => {
      const target = input.out !== undefined ? path.resolve(input.out) : ctx.files.peek(input.outHandle!, 'save');
      if (!fs.existsSync(path.dirname(target))) throw new AppError('BAD_INPUT', `The folder ${path.dirname(target)} does not exist.`);
      const r = await asJob(ctx, input.jobId, call.signal, 'archive export', (job) =>
        exportArchive(ctx, { eventId: input.eventId, target, passphrase: input.passphrase ?? null, redact: input.redact, job }),
      );
      if (input.outHandle) ctx.files.spend(input.outHandle);
      return { name: r.name, bytes: r.bytes, encrypted: r.encrypted, redacted: r.redacted, path: r.path };
    },
    'archive-download': async (input, call) => {
      const event = requireEvent(ctx, input.eventId, { allowDeleted: true });
      const downloadId = ctx.newId();
      const file = path.join(downloadDir(), `${downloadId.replace(/[^A-Za-z0-9-]/g, '')}.kaizen`);
      const r = await asJob(ctx, input.jobId, call.signal, 'archive export', (job) =>
        exportArchive(ctx, { eventId: input.eventId, target: file, passphrase: input.passphrase ?? null, redact: input.redact, job }),
      );
      downloads.set(downloadId, { file, size: r.bytes });
      return { downloadId, name: `${fileStem(event.name, 'event')}.kaizen`, bytes: r.bytes, encrypted: r.encrypted, redacted: r.redacted, chunkBytes: DOWNLOAD_CHUNK_BYTES };
    },
    'archive-download-chunk': ({ downloadId, offset }) => {
      const d = downloads.get(downloadId);
      if (!d) throw notFound('Download', downloadId);
      const len = Math.max(0, Math.min(DOWNLOAD_CHUNK_BYTES, d.size - offset));
      const buf = Buffer.alloc(len);
      const fd = fs.openSync(d.file, 'r');
      try {
        fs.readSync(fd, buf, 0, len, offset);
      } finally {
        fs.closeSync(fd);
      }
      const done = offset + len >= d.size;
      if (done) {
        downloads.delete(downloadId);
        fs.rmSync(d.file, { force: true });
      }
      return { data: buf.toString('base64'), done };
    },
    'archive-upload-begin': ({ fileName, size }) => uploads.begin(fileName, size),
    'archive-upload-chunk': ({ uploadId, offset, data }) => uploads.chunk(uploadId, offset, data),
    'archive-upload-discard': ({ uploadId }) => ({ ok: uploads.discard(uploadId) }),
    'archive-import': async (input, call) => {
      const src = uploads.resolve(input.source);
      const result = await asJob(ctx, input.jobId, call.signal, 'archive import', (job) =>
        importArchive(ctx, { file: src.file, label: src.displayName, passphrase: input.passphrase ?? null, mode: input.mode ?? null, job }),
      );
      if (input.source.kind === 'upload') uploads.discard(input.source.uploadId);
      if (input.source.kind === 'handle') ctx.files.spend(input.source.handle);
      return result;
    },
  };
}
