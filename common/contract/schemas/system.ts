import { z } from 'zod';
import { method } from './define';

export const FileFilter = z.object({ name: z.string().max(100), extensions: z.array(z.string().max(20)).max(20) });

export const systemMethods = {
  'app-info': method(
    z.object({}).default({}),
    z.object({
      version: z.string(),
      dataDir: z.string(),
      dbPath: z.string(),
      transport: z.enum(['electron', 'browser', 'cli', 'test']),
      nativeDialogs: z.boolean(),
    }),
  ),
  /** Native open dialog (Electron only; browser mode answers UNSUPPORTED and uses <input type=file>). */
  'dialog-open-file': method(
    z.object({ title: z.string().max(200).optional(), filters: z.array(FileFilter).max(20).optional() }).default({}),
    z.object({ canceled: z.boolean(), paths: z.array(z.string()) }),
  ),
  'dialog-save-file': method(
    z.object({ title: z.string().max(200).optional(), defaultName: z.string().max(255).optional(), filters: z.array(FileFilter).max(20).optional() }),
    z.object({ canceled: z.boolean(), path: z.string().nullable() }),
  ),
} as const;
