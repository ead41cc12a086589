import type { ColumnSpec, Preview, ReadOptions } from '../../common/contract/schemas/datasets';
import type { DatasetRow, VersionRow } from '../db/repositories/datasets';
import { inferColumns, numericLooking } from './infer';
import { readSample } from './importPlan';
import type { TableSource } from './source/index';
import type { InferredColumn } from './columnTypes';
import { badRowReason } from './csvTokenizer';
import type { BadRow } from './csvTokenizer';
import { isWellFormed, toWellFormed } from './textDecode';
import { suggestRole, suggestUnit } from './suggest';
import { detectNumberLocale } from './valueParse';

/** Rows shown in the wizard's preview table. */
export const PREVIEW_ROWS = 20;

/** The wizard's first look at a file: how it was read, the first rows and each column's inferred type. */
export async function planPreview(src: TableSource, options: ReadOptions, existing: DatasetRow | null, latest: VersionRow | null = null): Promise<Preview> {
  const bad: BadRow[] = [];
  const sample = await readSample(src, undefined, bad);
  const numberLocale = options.numberLocale ?? detectNumberLocale(numericLooking(sample));
  const inferred = inferColumns(src.headers, sample, numberLocale);
  return {
    fileName: src.fileName,
    size: src.size,
    format: src.format,
    encoding: src.encoding,
    delimiter: src.delimiter,
    quote: src.quote,
    sheet: src.sheet,
    sheets: src.sheets,
    numberLocale,
    headers: src.headers,
    rows: sample.slice(0, PREVIEW_ROWS).map((r) => r.map((v) => (v === null || isWellFormed(v) ? v : toWellFormed(v)))),
    columns: inferred.map((c) => ({ ...c, suggestedRole: suggestRole(c), suggestedUnit: suggestUnit(c.source) })),
    notes: [...src.notes, ...(src.warnings ?? []).map((w) => w.message), ...sampleNotes(inferred, bad, sample.length)],
    savedRules: existing?.rules ?? [],
    existingDatasetId: existing?.id ?? null,
    previousColumns: previousSpecs(latest),
  };
}

/** What the sample already shows the import will warn about: unreadable rows, big integers kept as text, mostly-date text columns. */
function sampleNotes(inferred: readonly InferredColumn[], bad: readonly BadRow[], rows: number): string[] {
  const notes: string[] = [];
  if (bad.length > 0) {
    const first = bad.slice(0, 3).map((b) => `line ${b.line}: ${badRowReason(b)}`).join('; ');
    notes.push(`${bad.length} of the first ${(rows + bad.length).toLocaleString('en-US')} rows cannot be read (${first}); the import puts such rows in the quarantine and imports the rest.`);
  }
  for (const c of inferred) {
    if (c.bigIntegers) notes.push(`${c.source}: integers beyond ±2^53 (e.g. "${c.bigIntegers.example}") are kept as text so no digit changes.`);
    if (c.mixedDates) notes.push(`${c.source}: ${Math.round(c.mixedDates.share * 100)} % of values are dates, the rest are not (e.g. ${c.mixedDates.notDates.map((v) => `"${v}"`).join(', ')}); kept as ${c.type} unless you choose timestamp.`);
  }
  return notes;
}

/** The column choices of the dataset's latest version, including dropped columns, as wizard specs. */
function previousSpecs(v: VersionRow | null): ColumnSpec[] {
  if (!v) return [];
  const kept: ColumnSpec[] = v.columns.map((c) => ({ source: c.source, name: c.name, type: c.privacy === 'pseudonymise' ? 'text' : c.type, dateFormat: c.dateFormat ?? null, role: c.role as ColumnSpec['role'], unit: c.unit, privacy: c.privacy }));
  const dropped = ((v.options.privacy as { dropped?: string[] } | undefined)?.dropped ?? []).map((source): ColumnSpec => ({ source, name: source, type: 'text', dateFormat: null, role: null, unit: null, privacy: 'drop' }));
  return [...kept, ...dropped];
}
