import { z } from 'zod';
import { method } from './define';
import { Id } from './common';
import { ImportSource } from './datasets';
import { FileHandle } from './system';

/** What an export may leave out: raw dataset rows, people's names (→ role labels), free-text notes. */
export const ARCHIVE_REDACTIONS = ['rows', 'names', 'free-text'] as const;
export const ArchiveRedaction = z.enum(ARCHIVE_REDACTIONS);
export type ArchiveRedaction = z.infer<typeof ArchiveRedaction>;

/** Never stored, never logged: used once to derive the key (scrypt) and dropped. */
export const ArchivePassphrase = z.string().min(1).max(1024);
/** A passphrase that encrypts an export: long enough to resist guessing at scrypt's cost. */
export const NewArchivePassphrase = z.string().min(8, 'must be at least 8 characters').max(1024);

/** The `.kaizen` manifest (`manifest.json`), exactly as issue 18 specifies, plus what was redacted. */
export const ArchiveManifest = z.object({
  format: z.literal('kaizen-event-archive'),
  version: z.number().int().min(1),
  app: z.string().max(100),
  created: z.string().max(40),
  event: z.object({ id: Id, name: z.string().max(1000) }),
  files: z.array(z.object({ path: z.string().max(300), bytes: z.number().int().min(0), sha256: z.string().regex(/^[0-9a-f]{64}$/) })).max(10_000),
  chainHead: z.string().regex(/^[0-9a-f]{64}$/),
  redacted: z.array(ArchiveRedaction).max(3),
});
export type ArchiveManifest = z.infer<typeof ArchiveManifest>;

const ExportOptions = z.object({
  eventId: Id,
  redact: z.array(ArchiveRedaction).max(3).optional(),
  /** Encrypts the archive (AES-256-GCM, key from scrypt). */
  passphrase: NewArchivePassphrase.optional(),
  /** Chosen by the caller so it can follow 'job-progressed' (kind 'archive') and cancel with 'job-cancel'. */
  jobId: Id.optional(),
});

export const ArchiveWritten = z.object({ name: z.string(), bytes: z.number().int(), encrypted: z.boolean(), redacted: z.array(ArchiveRedaction) });

export const ArchiveImported = z.object({
  eventId: Id,
  name: z.string(),
  datasets: z.number().int(),
  rows: z.number().int(),
  /** With mode 'replace': where the replaced event was saved first (a .kaizen under the data folder's backups). */
  backup: z.string().nullable(),
});
export type ArchiveImported = z.infer<typeof ArchiveImported>;

export const archiveMethods = {
  /**
   * Writes the event's `.kaizen` through a temporary file and a rename: to `out` (CLI only, refused from a
   * renderer or an HTTP client) or to the place a native save dialog chose (`outHandle`).
   */
  'archive-export': method(
    ExportOptions.extend({ out: z.string().min(1).max(4096).optional(), outHandle: FileHandle.optional() }).refine(
      (o) => (o.out === undefined) !== (o.outHandle === undefined),
      { message: 'give exactly one of out (a path) or outHandle (from dialog-save-file)', path: ['out'] },
    ),
    ArchiveWritten.extend({ path: z.string() }),
  ),
  /** Browser mode: writes the archive under the data folder and hands it out in chunks ('archive-download-chunk'). */
  'archive-download': method(ExportOptions, ArchiveWritten.extend({ downloadId: Id, chunkBytes: z.number().int() })),
  /** One chunk (base64) of a prepared download; the file is removed after its last chunk. */
  'archive-download-chunk': method(z.object({ downloadId: Id, offset: z.number().int().min(0) }), z.object({ data: z.string(), done: z.boolean() })),
  'archive-upload-begin': method(z.object({ fileName: z.string().min(1).max(255), size: z.number().int().min(0) }), z.object({ uploadId: Id, chunkBytes: z.number().int() })),
  'archive-upload-chunk': method(z.object({ uploadId: Id, offset: z.number().int().min(0), data: z.string().max(800_000) }), z.object({ received: z.number().int() })),
  'archive-upload-discard': method(z.object({ uploadId: Id }), z.object({ ok: z.boolean() })),
  /**
   * Verifies the archive (every SHA-256, the event's change-log chain, hostile ZIP structure) and writes it in one
   * transaction. When the event is already here, `mode` must say 'copy' (new ids everywhere) or 'replace' (the
   * current one is exported to backups first); without it the answer is CONFLICT with `details.exists`.
   */
  'archive-import': method(
    z.object({ source: ImportSource, passphrase: ArchivePassphrase.optional(), mode: z.enum(['copy', 'replace']).optional(), jobId: Id.optional() }),
    ArchiveImported,
  ),
} as const;
