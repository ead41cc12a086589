import type { DateFormat } from './valueParse';

export type ColumnType = 'integer' | 'real' | 'boolean' | 'timestamp' | 'category' | 'text';
export const COLUMN_TYPES: readonly ColumnType[] = ['integer', 'real', 'boolean', 'timestamp', 'category', 'text'];

/** What inference found for one column; the wizard shows it and the user may override type and format. */
export type InferredColumn = {
  source: string;
  type: ColumnType;
  dateFormat: DateFormat | null;
  /** Day/month order could not be told from the data (every value has both parts ≤ 12): ask the user. */
  needsDateOrder: boolean;
  /** Share of non-missing sample values that parse as numbers, when some but not all do. */
  mixedNumericShare: number | null;
  /** Sample values that did not parse as the inferred type (timestamps). */
  unparsed: number;
  examples: string[];
  /** Integers beyond ±2^53 that made an all-integer column text (a double cannot hold them exactly): count and an example. */
  bigIntegers?: { count: number; example: string };
  /** A column mostly of dates (≥ 50 %, under the 90 % that makes a timestamp) kept as text: the share, the format, up to 3 values that are not dates. */
  mixedDates?: { share: number; format: string; notDates: string[] };
  /** A timestamp column's sample values that did not parse (up to 3). */
  unparsedExamples?: string[];
};

/** SQLite storage class of each type (timestamps as epoch ms, booleans as 0/1). */
export function storageOf(t: ColumnType): 'INTEGER' | 'REAL' | 'TEXT' {
  if (t === 'integer' || t === 'boolean' || t === 'timestamp') return 'INTEGER';
  if (t === 'real') return 'REAL';
  return 'TEXT';
}

export function isNumericType(t: ColumnType): boolean {
  return t === 'integer' || t === 'real' || t === 'timestamp' || t === 'boolean';
}
