import { z } from 'zod';
import { method } from './define';

export const FileFilter = z.object({ name: z.string().max(100), extensions: z.array(z.string().max(20)).max(20) });

/** What a dialog hands the renderer: never a path. */
export const DialogChoice = z.object({ canceled: z.boolean(), handle: z.string().nullable(), name: z.string().nullable() });
export type DialogChoice = z.infer<typeof DialogChoice>;

/** A handle from `dialog-open-file` / `dialog-save-file`. */
export const FileHandle = z.string().regex(/^fh-[A-Za-z0-9_-]{16,64}$/, 'must be a handle from a file dialog');

export const systemMethods = {
  /** One cancel for every long job (imports, report exports): answers whether such a job was running. */
  'job-cancel': method(z.object({ jobId: z.string().min(1).max(64) }), z.object({ cancelled: z.boolean() })),
  'app-info': method(
    z.object({}).default({}),
    z.object({
      version: z.string(),
      dataDir: z.string(),
      dbPath: z.string(),
      transport: z.enum(['electron', 'browser', 'cli', 'test']),
      nativeDialogs: z.boolean(),
      /** Set when the full integrity check after open found damage: the store is read-only from then on. */
      storeWarning: z.string().nullable(),
    }),
  ),
  /**
   * Native open dialog (Electron only; browser mode answers UNSUPPORTED and uses <input type=file>). The chosen
   * path stays in main: the renderer gets an opaque single-use handle and the file's name to show.
   */
  'dialog-open-file': method(
    z.object({ title: z.string().max(200).optional(), filters: z.array(FileFilter).max(20).optional() }).default({}),
    DialogChoice,
  ),
  /** Native save dialog (Electron only): a handle that one `report-export` (`outHandle`) writes to. */
  'dialog-save-file': method(
    z.object({ title: z.string().max(200).optional(), defaultName: z.string().max(255).optional(), filters: z.array(FileFilter).max(20).optional() }),
    DialogChoice,
  ),
} as const;
