import type { ColumnSpec, Preview, ReadOptions } from '../../common/contract/schemas/datasets';
import type { DatasetRow, VersionRow } from '../db/repositories/datasets';
import { inferColumns, numericLooking } from './infer';
import { readSample } from './importPlan';
import type { TableSource } from './source';
import { suggestRole, suggestUnit } from './suggest';
import { detectNumberLocale } from './valueParse';

/** Rows shown in the wizard's preview table. */
export const PREVIEW_ROWS = 20;

/** The wizard's first look at a file: how it was read, the first rows and each column's inferred type. */
export async function planPreview(src: TableSource, options: ReadOptions, existing: DatasetRow | null, latest: VersionRow | null = null): Promise<Preview> {
  const sample = await readSample(src);
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
    rows: sample.slice(0, PREVIEW_ROWS),
    columns: inferred.map((c) => ({ ...c, suggestedRole: suggestRole(c), suggestedUnit: suggestUnit(c.source) })),
    notes: src.notes,
    savedRules: existing?.rules ?? [],
    existingDatasetId: existing?.id ?? null,
    previousColumns: previousSpecs(latest),
  };
}

/** The column choices of the dataset's latest version, including dropped columns, as wizard specs. */
function previousSpecs(v: VersionRow | null): ColumnSpec[] {
  if (!v) return [];
  const kept: ColumnSpec[] = v.columns.map((c) => ({ source: c.source, name: c.name, type: c.privacy === 'pseudonymise' ? 'text' : c.type, dateFormat: c.dateFormat ?? null, role: c.role as ColumnSpec['role'], unit: c.unit, privacy: c.privacy }));
  const dropped = ((v.options.privacy as { dropped?: string[] } | undefined)?.dropped ?? []).map((source): ColumnSpec => ({ source, name: source, type: 'text', dateFormat: null, role: null, unit: null, privacy: 'drop' }));
  return [...kept, ...dropped];
}
