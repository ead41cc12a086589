import { z } from 'zod';
import { method } from './define';
import { ByEvent, Id, IsoDateTime, LongText } from './common';
import { FileHandle } from './system';

/** Output formats of `report-export` / `report-download` and `kaizen report --format`. */
export const REPORT_FORMATS = ['pdf', 'html', 'xlsx', 'csv', 'a3-pdf', 'a3-html', 'svg', 'png', 'review-pdf', 'review-html'] as const;
export const ReportFormat = z.enum(REPORT_FORMATS);
export type ReportFormat = z.infer<typeof ReportFormat>;

export const SectionId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be a section id like "team"');

/** A section the full report can contain right now (its feature has landed). */
export const ReportSectionInfo = z.object({
  id: SectionId,
  title: z.string(),
  description: z.string(),
  /** The section draws charts (so SVG/PNG chart export has something to export). */
  charts: z.boolean(),
});
export type ReportSectionInfo = z.infer<typeof ReportSectionInfo>;

export const A3_FIELDS = ['background', 'currentCondition', 'goal', 'rootCause', 'countermeasures', 'plan', 'followUp'] as const;
export const A3FieldName = z.enum(A3_FIELDS);
export type A3FieldName = z.infer<typeof A3FieldName>;
export const A3_FIELD_LABELS: Readonly<Record<A3FieldName, string>> = {
  background: 'Background',
  currentCondition: 'Current condition',
  goal: 'Goal',
  rootCause: 'Root-cause analysis',
  countermeasures: 'Countermeasures',
  plan: 'Implementation plan (who, when)',
  followUp: 'Follow-up and results',
};

export const A3Fields = z.object({
  background: LongText,
  currentCondition: LongText,
  goal: LongText,
  rootCause: LongText,
  countermeasures: LongText,
  plan: LongText,
  followUp: LongText,
});
export type A3Fields = z.infer<typeof A3Fields>;

export const A3Paper = z.enum(['A3', 'A4']);
export type A3Paper = z.infer<typeof A3Paper>;

/** The A3 as the editor shows it: every field's text, and whether the team edited it or it is filled from data. */
export const A3Draft = z.object({
  eventId: Id,
  title: z.string(),
  fields: A3Fields,
  edited: z.record(A3FieldName, z.boolean()),
  paper: A3Paper,
  updatedAt: IsoDateTime.nullable(),
});
export type A3Draft = z.infer<typeof A3Draft>;

export const ReportSettings = z.object({
  /** Sections chosen for the full report, in report order; null = every available section. */
  sections: z.array(SectionId).max(40).nullable(),
  bom: z.boolean(),
});
export type ReportSettings = z.infer<typeof ReportSettings>;

const ExportOptions = z.object({
  eventId: Id,
  format: ReportFormat,
  /** Overrides the saved choice of sections for this export. */
  sections: z.array(SectionId).max(40).optional(),
  /** CSV only: start each file with a UTF-8 byte-order mark so Excel reads accents correctly. */
  bom: z.boolean().optional(),
  /** Chosen by the caller so it can follow 'job-progressed' and cancel with 'job-cancel'. */
  jobId: Id.optional(),
  /** review-pdf / review-html: the stored review result to report (one of this event's). */
  reviewResultId: Id.optional(),
});

export const ReportFile = z.object({ name: z.string(), mimeType: z.string(), bytes: z.number().int() });
export type ReportFile = z.infer<typeof ReportFile>;

export const reportMethods = {
  'report-sections': method(ByEvent, z.object({ available: z.array(ReportSectionInfo), settings: ReportSettings })),
  'report-settings-update': method(z.object({ eventId: Id, patch: ReportSettings.partial() }), ReportSettings),
  /**
   * Writes the export with a temporary name and a rename, to `out` (a file; a folder for csv, svg and png — CLI
   * only, refused from a renderer or an HTTP client) or to the place a native save dialog chose (`outHandle`).
   */
  'report-export': method(
    ExportOptions.extend({ out: z.string().min(1).max(4096).optional(), outHandle: FileHandle.optional() }).refine(
      (o) => (o.out === undefined) !== (o.outHandle === undefined),
      { message: 'give exactly one of out (a path) or outHandle (from dialog-save-file)', path: ['out'] },
    ),
    z.object({ files: z.array(ReportFile.extend({ path: z.string() })) }),
  ),
  /** Returns the export's bytes (base64) for a browser download, where main cannot write to the user's disk. */
  'report-download': method(ExportOptions, z.object({ files: z.array(ReportFile.extend({ base64: z.string() })) })),
  'report-a3-get': method(ByEvent, A3Draft),
  'report-a3-update': method(
    z.object({ eventId: Id, patch: A3Fields.partial().optional(), paper: A3Paper.optional() }),
    A3Draft,
  ),
  /** Forgets the team's edits of the named fields (all when omitted) so they are filled from the event's data again. */
  'report-a3-reset': method(z.object({ eventId: Id, fields: z.array(A3FieldName).max(7).optional() }), A3Draft),
} as const;
