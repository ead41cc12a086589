import { inferColumns, numericLooking } from './infer';
import { makeConverter, newStats } from './convert';
import type { ColumnType } from './columnTypes';
import { openSource } from './source/index';
import type { RawRow } from './source/index';
import { detectNumberLocale } from './valueParse';

export type { ColumnType } from './columnTypes';

export type TableData = {
  fileName: string;
  rowCount: number;
  columns: { name: string; type: ColumnType; values: (number | string | boolean | null)[] }[];
};

/** Rows used to infer types (the importer uses the same sample size). */
export const INFER_SAMPLE_ROWS = 20_000;

/**
 * Reads a whole CSV/TSV/JSON/JSONL/XLSX file into typed columns with the importer's parser and type
 * inference (for the analysis CLIs' --input). Timestamps are epoch milliseconds UTC; booleans are
 * booleans; values that do not fit their column's type are null. Dates whose day/month order cannot
 * be told are left as text (the importer asks instead of guessing). Throws AppError('BAD_INPUT',
 * "<file>: line N, column C: reason") for files that cannot be read.
 */
export async function readTableFile(file: string, opts: { sheet?: string } = {}): Promise<TableData> {
  // Strict: a row that cannot be read refuses the file (there is no quarantine to show it in).
  const src = await openSource(file, { sheet: opts.sheet, strict: true });
  const rows: RawRow[] = [];
  for await (const b of src.batches()) for (const r of b.rows) rows.push(r);
  const sample = rows.length > INFER_SAMPLE_ROWS ? rows.slice(0, INFER_SAMPLE_ROWS) : rows;
  const locale = detectNumberLocale(numericLooking(sample));
  const inferred = inferColumns(src.headers, sample, locale);
  const columns = inferred.map((c, j) => {
    const type: ColumnType = c.type === 'timestamp' && c.needsDateOrder ? 'text' : c.type;
    const convert = makeConverter(type, c.dateFormat, locale, newStats());
    const values: (number | string | boolean | null)[] = new Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const v = convert(rows[i]![j] ?? null, i + 2);
      values[i] = type === 'boolean' && v !== null ? v === 1 : v;
    }
    return { name: c.source, type, values };
  });
  return { fileName: src.fileName, rowCount: rows.length, columns };
}
