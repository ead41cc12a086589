/** Size limits, said to the user before anything is read. Overridable per call (tests use small ones). */
export type Limits = Readonly<{
  maxFileBytes: number;
  maxFieldBytes: number;
  maxColumns: number;
  /** XLSX: the most the parts read from the zip (sheet, shared strings, styles) may unpack to, in all. */
  maxUnzippedBytes: number;
  /** XLSX: the shared-strings table is held in memory while the sheet is read, so it has its own cap. */
  maxSharedStringsBytes: number;
}>;

/** JSON records nested deeper than this are refused (the reader, and JSON.stringify of a cell, recurse). */
export const MAX_JSON_DEPTH = 64;

/**
 * Columns per file: SQLite's own limit (SQLITE_MAX_COLUMN, 2,000 in better-sqlite3's build) for a
 * version's table, said before anything is stored or previewed.
 */
export const MAX_COLUMNS = 2000;

/**
 * 4 GiB per file and 1 MiB per field: larger inputs are almost always the wrong file. Every format
 * streams, so no format has a tighter file cap; a JSON Lines line or JSON array item is read whole
 * and may be up to 4 × maxFieldBytes.
 */
export const DEFAULT_LIMITS: Limits = {
  maxFileBytes: 4 * 1024 ** 3,
  maxFieldBytes: 1024 * 1024,
  maxColumns: MAX_COLUMNS,
  // A workbook may not unpack to more than a CSV file may be; the zip directory's sizes are checked before
  // reading and the bytes actually inflated while reading (a zip's stated sizes can lie).
  maxUnzippedBytes: 4 * 1024 ** 3,
  maxSharedStringsBytes: 256 * 1024 ** 2,
};

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(n % 1024 ** 3 === 0 ? 0 : 1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(n % 1024 ** 2 === 0 ? 0 : 1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(n % 1024 === 0 ? 0 : 1)} KiB`;
  return `${n} bytes`;
}
