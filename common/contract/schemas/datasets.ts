import { z } from 'zod';
import { method } from './define';
import { ByEvent, Id, IsoDateTime } from './common';
import { FileHandle } from './system';

export const COLUMN_TYPES = ['integer', 'real', 'boolean', 'timestamp', 'category', 'text'] as const;
export const ColumnTypeSchema = z.enum(COLUMN_TYPES);
export type ColumnType = z.infer<typeof ColumnTypeSchema>;

/** Column roles later features look for (SPC uses latency + timestamp, fairness uses group + labels …). */
export const COLUMN_ROLES = [
  'timestamp',
  'entity-id',
  'stage',
  'model-version',
  'score',
  'predicted-label',
  'true-label',
  'group',
  'latency',
  'status',
] as const;
export const ColumnRole = z.enum(COLUMN_ROLES);
export type ColumnRole = z.infer<typeof ColumnRole>;
export const COLUMN_ROLE_LABELS: Readonly<Record<ColumnRole, string>> = {
  timestamp: 'Timestamp',
  'entity-id': 'Entity / request id',
  stage: 'Stage',
  'model-version': 'Model version',
  score: 'Prediction score',
  'predicted-label': 'Predicted label',
  'true-label': 'True label',
  group: 'Group attribute',
  latency: 'Latency',
  status: 'Status',
};

export const DATE_FORMATS = ['iso', 'epoch-s', 'epoch-ms', 'dmy', 'mdy', 'ymd'] as const;
export const DateFormatSchema = z.enum(DATE_FORMATS);
export const NumberLocaleSchema = z.enum(['dot', 'comma']);
export const PrivacyAction = z.enum(['keep', 'drop', 'pseudonymise']);
export const FileFormatSchema = z.enum(['csv', 'tsv', 'json', 'jsonl', 'xlsx']);
export const EncodingSchema = z.enum(['auto', 'utf-8', 'utf-16le', 'utf-16be', 'latin1']);

const ColName = z.string().trim().min(1, 'must not be empty').max(200);
const Unit = z.string().trim().max(40).nullable();

export const DatasetColumn = z.object({ name: z.string(), type: ColumnTypeSchema, role: z.string().nullable(), unit: z.string().nullable() });
export type DatasetColumn = z.infer<typeof DatasetColumn>;

export const DatasetInfo = z.object({
  id: Id,
  eventId: Id,
  name: z.string(),
  version: z.number().int(),
  versionId: Id,
  rowCount: z.number().int(),
  columns: z.array(DatasetColumn),
  importedAt: IsoDateTime,
});
export type DatasetInfo = z.infer<typeof DatasetInfo>;

export const DatasetListItem = DatasetInfo.extend({
  versionCount: z.number().int(),
  fileName: z.string(),
  rejectedCount: z.number().int(),
  warningCount: z.number().int(),
});

/** Validation rules, saved with the dataset and reused on its next import. */
export const Rule = z.discriminatedUnion('kind', [
  z.object({ column: ColName, kind: z.literal('required') }),
  z.object({ column: ColName, kind: z.literal('min'), value: z.number() }),
  z.object({ column: ColName, kind: z.literal('max'), value: z.number() }),
  z.object({ column: ColName, kind: z.literal('allowed'), values: z.array(z.string().max(500)).min(1).max(1000) }),
  z.object({ column: ColName, kind: z.literal('regex'), pattern: z.string().min(1).max(500) }),
  z.object({ column: ColName, kind: z.literal('unique') }),
]);
export type Rule = z.infer<typeof Rule>;

export const ColumnSpec = z.object({
  /** Header in the file. */
  source: z.string().max(500),
  name: ColName,
  type: ColumnTypeSchema,
  dateFormat: DateFormatSchema.nullable().default(null),
  role: ColumnRole.nullable().default(null),
  unit: Unit.default(null),
  privacy: PrivacyAction.default('keep'),
});
export type ColumnSpec = z.infer<typeof ColumnSpec>;

export const ReadOptions = z.object({
  format: FileFormatSchema.optional(),
  encoding: EncodingSchema.default('auto'),
  delimiter: z.string().length(1).optional(),
  quote: z.string().length(1).optional(),
  sheet: z.string().max(200).optional(),
  numberLocale: NumberLocaleSchema.optional(),
  /** CSV/TSV: a row that cannot be read (ragged, text after a closing quote) refuses the file instead of going to the quarantine. */
  strict: z.boolean().optional(),
});
export type ReadOptions = z.infer<typeof ReadOptions>;

/**
 * Where an import reads from. `path` is for the CLI only (the user typed it): dispatch refuses it from a renderer
 * or an HTTP client. The desktop window sends the `handle` of a native dialog; browser mode uploads the file.
 */
export const ImportSource = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('path'), path: z.string().min(1).max(4096) }),
  z.object({ kind: z.literal('upload'), uploadId: Id }),
  z.object({ kind: z.literal('handle'), handle: FileHandle }),
]);
export type ImportSource = z.infer<typeof ImportSource>;

export const ImportWarning = z.object({ code: z.string(), column: z.string().nullable(), message: z.string(), count: z.number().int().optional() });
export type ImportWarning = z.infer<typeof ImportWarning>;

export const InferredColumnOut = z.object({
  source: z.string(),
  type: ColumnTypeSchema,
  dateFormat: DateFormatSchema.nullable(),
  needsDateOrder: z.boolean(),
  mixedNumericShare: z.number().nullable(),
  unparsed: z.number().int(),
  examples: z.array(z.string()),
  suggestedRole: ColumnRole.nullable(),
  suggestedUnit: z.string().nullable(),
});

export const Preview = z.object({
  fileName: z.string(),
  size: z.number(),
  format: FileFormatSchema,
  encoding: z.string().nullable(),
  delimiter: z.string().nullable(),
  quote: z.string().nullable(),
  sheet: z.string().nullable(),
  sheets: z.array(z.string()),
  numberLocale: NumberLocaleSchema,
  headers: z.array(z.string()),
  rows: z.array(z.array(z.string().nullable())),
  columns: z.array(InferredColumnOut),
  notes: z.array(z.string()),
  /** Rules saved with the dataset of the same name in this event, to reuse. */
  savedRules: z.array(Rule),
  existingDatasetId: Id.nullable(),
  /** The latest version's column choices (name, type, date format, role, unit, privacy), reused by the wizard. */
  previousColumns: z.array(ColumnSpec),
});
export type Preview = z.infer<typeof Preview>;

export const Violation = z.object({ line: z.number().int(), column: z.string(), value: z.string().nullable(), reason: z.string(), rule: z.string() });
export type Violation = z.infer<typeof Violation>;

export const ImportResult = z.object({
  status: z.enum(['imported', 'unchanged', 'dry-run']),
  datasetId: Id.nullable(),
  versionId: Id.nullable(),
  version: z.number().int().nullable(),
  /** Rows in this version (for append: old plus new). */
  rows: z.number().int(),
  /** Rows added by this import (append) or the change against the previous version (full). */
  rowDelta: z.number().int().nullable(),
  rejected: z.number().int(),
  rejectedByReason: z.array(z.object({ reason: z.string(), count: z.number().int() })),
  firstRejections: z.array(Violation),
  sha256: z.string(),
  unchangedSameAs: z.number().int().nullable(),
  columns: z.array(z.object({ name: z.string(), type: ColumnTypeSchema, missing: z.number().int() })),
  warnings: z.array(ImportWarning),
  seconds: z.number(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportInput = z.object({
  eventId: Id,
  source: ImportSource,
  name: z.string().trim().min(1).max(200).optional(),
  jobId: Id.optional(),
  options: ReadOptions.default({ encoding: 'auto' }),
  /** Column overrides; columns not listed keep their inferred type. */
  columns: z.array(ColumnSpec).max(2000).optional(),
  /** Rules for this import; when omitted the dataset's saved rules are reused. */
  rules: z.array(Rule).max(500).optional(),
  /** Columns (stored names) holding personal data: flagged on the dataset, and a "Review the DPA" action is raised once. */
  personal: z.array(ColName).max(2000).optional(),
  append: z.boolean().default(false),
  dryRun: z.boolean().default(false),
});
export type ImportInput = z.infer<typeof ImportInput>;

const HistogramSchema = z.object({ edges: z.array(z.number()), counts: z.array(z.number().int()) });
export const ColumnProfile = z.object({
  name: z.string(),
  type: ColumnTypeSchema,
  role: z.string().nullable(),
  unit: z.string().nullable(),
  count: z.number().int(),
  missing: z.number().int(),
  missingPct: z.number(),
  distinct: z.number().int(),
  distinctCapped: z.boolean(),
  min: z.number().nullable(),
  max: z.number().nullable(),
  mean: z.number().nullable(),
  std: z.number().nullable(),
  quantiles: z.record(z.string(), z.number()).nullable(),
  histogram: HistogramSchema.nullable(),
  /** Sample size when quantiles/histogram/PSI were estimated from a uniform sample (large columns); absent or null = exact. */
  sampled: z.number().int().nullable().optional(),
  top: z.array(z.object({ value: z.string(), count: z.number().int() })),
  /** PSI against the previous version: numbers by reference deciles (edges), categories one bin per value (kind, no edges). */
  psi: z.object({ value: z.number(), edges: z.array(z.number()), flagged: z.boolean(), againstVersion: z.number().int(), kind: z.enum(['numeric', 'categorical']).optional() }).nullable(),
  /** Why the column was not compared with the previous version (a time column, free text, too many categories). */
  psiSkipped: z.string().nullable().optional(),
  transformed: z.object({ action: z.enum(['pseudonymise']), reason: z.string() }).nullable(),
  warnings: z.array(z.object({ code: z.string(), message: z.string() })),
});
export type ColumnProfile = z.infer<typeof ColumnProfile>;

export const VersionInfo = z.object({
  id: Id,
  version: z.number().int(),
  mode: z.enum(['full', 'append']),
  rowCount: z.number().int(),
  ownRows: z.number().int(),
  rejectedCount: z.number().int(),
  sha256: z.string(),
  fileName: z.string(),
  fileSize: z.number(),
  fileMtime: z.string().nullable(),
  options: z.record(z.string(), z.unknown()),
  rules: z.array(Rule),
  droppedColumns: z.array(z.string()),
  warnings: z.array(ImportWarning),
  importedAt: IsoDateTime,
  uses: z.array(z.object({ usedBy: z.string(), label: z.string(), at: IsoDateTime })),
});
export type VersionInfo = z.infer<typeof VersionInfo>;

const DatasetRef = z.object({ datasetId: Id, version: z.number().int().positive().optional() });

export const datasetMethods = {
  'dataset-list': method(ByEvent, z.array(DatasetListItem)),
  'dataset-get': method(DatasetRef, DatasetInfo),
  'dataset-versions': method(z.object({ datasetId: Id }), z.array(VersionInfo)),
  'dataset-profile': method(DatasetRef, z.object({ version: z.number().int(), columns: z.array(ColumnProfile) })),
  'dataset-rows': method(
    DatasetRef.extend({ offset: z.number().int().min(0), limit: z.number().int().min(1).max(5000) }),
    z.object({ total: z.number().int(), offset: z.number().int(), rows: z.array(z.array(z.union([z.number(), z.string(), z.null()]))) }),
  ),
  'dataset-quarantine': method(
    z.object({ versionId: Id, limit: z.number().int().min(1).max(1000).default(100) }),
    z.object({ total: z.number().int(), byReason: z.array(z.object({ reason: z.string(), count: z.number().int() })), rows: z.array(Violation) }),
  ),
  'dataset-delete': method(z.object({ datasetId: Id }), z.object({ id: Id })),
  'dataset-upload-begin': method(z.object({ fileName: z.string().min(1).max(255), size: z.number().int().min(0), lastModified: z.number().int().min(0).optional() }), z.object({ uploadId: Id, chunkBytes: z.number().int() })),
  /** One base64 chunk of the file at `offset` (browser mode: keeps each request under the host's 1 MiB cap). */
  'dataset-upload-chunk': method(z.object({ uploadId: Id, offset: z.number().int().min(0), data: z.string().max(800_000) }), z.object({ received: z.number().int() })),
  'dataset-upload-discard': method(z.object({ uploadId: Id }), z.object({ ok: z.boolean() })),
  'dataset-preview': method(z.object({ eventId: Id, source: ImportSource, options: ReadOptions.default({ encoding: 'auto' }) }), Preview),
  'dataset-import': method(ImportInput, ImportResult),
} as const;
