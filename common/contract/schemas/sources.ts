import { z } from 'zod';
import { method } from './define';
import { ById, ByEvent, Id } from './common';
import { ColumnTypeSchema } from './datasets';

/**
 * Linked datasets over local files (main/services/sources): the rows stay in a Parquet file, a folder of Parquet, a
 * CSV/TSV or a JSON Lines file and are read in place by DuckDB. `source-link` and `source-relink` with a `path` are
 * for the command line only (main/pathGuard.ts): a window or browser picks a file from the allowed folders
 * (`source-link-candidates`, then `source-link-chosen` with the folder's index and the file's relative name).
 */

const Name = z.string().trim().min(1, 'must not be empty').max(200);
const Format = z.enum(['parquet', 'parquet-folder', 'csv', 'tsv', 'jsonl']);

export const LinkedResult = z.object({
  datasetId: Id,
  versionId: Id,
  source: z.literal('duckdb'),
  format: Format,
  location: z.string(),
  convertedFrom: z.string().nullable(),
  rows: z.number().int(),
  columns: z.array(z.object({ name: z.string(), type: ColumnTypeSchema, nativeType: z.string() })),
  fingerprint: z.object({ value: z.string(), parts: z.record(z.string(), z.union([z.string(), z.number()])) }),
});
export type LinkedResult = z.infer<typeof LinkedResult>;

/** A linked dataset's link as the Data page shows it (badge "linked" with the path). */
export const LinkInfo = z.object({
  datasetId: Id,
  kind: z.enum(['duckdb', 'clickhouse']),
  format: z.string(),
  location: z.string(),
  convertedFrom: z.string().nullable(),
  rows: z.number().int(),
  fingerprint: z.string(),
  linkedAt: z.string(),
  checkedAt: z.string().nullable(),
});
export type LinkInfo = z.infer<typeof LinkInfo>;

/** A file in an allowed folder the user may link from a window or a browser. */
export const LinkCandidate = z.object({ folder: z.number().int().min(0), relative: z.string(), size: z.number().int(), format: Format });
export type LinkCandidate = z.infer<typeof LinkCandidate>;

const Relative = z
  .string()
  .min(1)
  .max(1000)
  .refine((s) => !s.split(/[\\/]/).includes('..') && !/^([\\/]|[A-Za-z]:)/.test(s), 'must be a name inside the folder');

export const sourceMethods = {
  /** Command line only (pathGuard): link FILE (a Parquet file or folder, CSV/TSV, JSON Lines) as a new dataset. */
  'source-link': method(
    z.object({ eventId: Id, path: z.string().min(1).max(4096), name: Name.optional(), convertParquet: z.boolean().default(false) }),
    LinkedResult,
  ),
  /** The folders a window or browser may link from, and the linkable files in them. */
  'source-link-candidates': method(z.object({}), z.object({ folders: z.array(z.object({ index: z.number().int(), label: z.string() })), files: z.array(LinkCandidate) })),
  'source-link-chosen': method(
    z.object({ eventId: Id, folder: z.number().int().min(0), relative: Relative, name: Name.optional(), convertParquet: z.boolean().default(false) }),
    LinkedResult,
  ),
  /** Reads the linked file again as it is now (or, from the command line only, at a new `path`): a new version. */
  'source-relink': method(z.object({ datasetId: Id, path: z.string().min(1).max(4096).optional() }), LinkedResult),
  'source-info': method(ById, LinkInfo.extend({ changed: z.boolean(), message: z.string().nullable() })),
  'source-list': method(ByEvent, z.array(LinkInfo)),
};
