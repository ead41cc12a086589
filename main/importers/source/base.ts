import fs from 'node:fs';
import { AppError } from '../../../common/contract/errors';
import type { ImportWarning } from '../../../common/contract/schemas/datasets';
import type { EncodingChoice } from '../textDecode';
import { isWellFormed, toWellFormed } from '../textDecode';
import type { BadRow } from '../csvTokenizer';
import type { Limits } from '../limits';

/** Where the array of records sits inside a top-level JSON object (`{"records":[…]}`), found by the JSON reader. */
export type RecordsAt = Readonly<{ key: string; at: number; line: number; lastNl: number }>;

export type FileFormat = 'csv' | 'tsv' | 'json' | 'jsonl' | 'xlsx';
/** One raw row: text values as read (null = no value, e.g. JSON null or an empty XLSX cell). */
export type RawRow = (string | null)[];
/**
 * Rows in file order with the line (CSV/JSONL), item (JSON) or sheet row (XLSX) each came from; `bad`:
 * CSV/TSV rows among them that could not be read (they go to the quarantine; never in strict mode).
 */
export type Batch = Readonly<{ rows: RawRow[]; lines: number[]; bad?: BadRow[] }>;

export type SourceOptions = Readonly<{
  format?: FileFormat;
  encoding?: EncodingChoice;
  delimiter?: string;
  quote?: string;
  sheet?: string;
  /** Display name used in messages (browser uploads keep the user's file name). */
  displayName?: string;
  limits?: Partial<Limits>;
  /**
   * JSON / JSON Lines: the columns, when this file was already opened (the import's parse worker reopens
   * the file the import planned from): skips the pass over the whole file that collects the keys.
   */
  knownHeaders?: string[];
  /** A row that cannot be read (ragged, text after a closing quote) refuses the whole file instead of going to the quarantine. */
  strict?: boolean;
  /** JSON: the array of records inside a top-level object, as found when the file was first opened. */
  jsonRecords?: RecordsAt;
}>;

export type SourceInfo = Readonly<{
  fileName: string;
  format: FileFormat;
  encoding: string | null;
  delimiter: string | null;
  quote: string | null;
  sheet: string | null;
  sheets: string[];
  headers: string[];
  /** Things the user should know about how the file was read (encoding guessed, …). */
  notes: string[];
  /** Import warnings found while opening (generated column names, …); shown in the preview's notes too. */
  warnings?: ImportWarning[];
  size: number;
  mtime: string;
}>;

export type TableSource = SourceInfo &
  Readonly<{
    /** Streams the data rows (header excluded) from the start; may be called more than once. */
    batches: () => AsyncGenerator<Batch>;
    /** Bytes consumed so far by the running batches() (for progress). */
    bytesRead: () => number;
    /**
     * CSV/TSV only: the data rows from a byte offset where a row starts (after the header), numbered from
     * `line` — where the fast byte reader (fastCsv.ts) hands over when a row needs the full tokenizer.
     */
    batchesFrom?: (offset: number, line: number) => AsyncGenerator<Batch>;
    /** Options that let a reopen of the same file skip what this open found out (the import's parse worker). */
    reopen?: Partial<SourceOptions>;
  }>;

const FORBIDDEN_NAMES = new Set(['__proto__']);

export function badInput(fileName: string, message: string, details?: unknown): AppError {
  return new AppError('BAD_INPUT', `${fileName}: ${message}`, details);
}

/** Header checks shared by every format: none empty, none duplicated, none that could pollute objects. */
export function checkHeaders(fileName: string, headers: string[], where: string): string[] {
  const seen = new Map<string, number>();
  headers.forEach((raw, i) => {
    const h = raw.trim();
    if (h === '') throw badInput(fileName, `${where}, column ${i + 1}: empty column name in the header.`, { column: i + 1 });
    if (FORBIDDEN_NAMES.has(h)) throw badInput(fileName, `${where}, column ${i + 1}: "${h}" is not allowed as a column name.`, { column: i + 1 });
    const prev = seen.get(h.toLowerCase());
    if (prev !== undefined) {
      throw badInput(fileName, `${where}, column ${i + 1}: duplicate column name "${h}" (also column ${prev + 1}).`, { column: i + 1 });
    }
    seen.set(h.toLowerCase(), i);
  });
  return headers.map((h) => h.trim());
}

/**
 * Header cells as column names: an empty cell gets `column_<position>` and a repeated name
 * `<name>_<position>` (1-based, made unique), each with a warning, so a spreadsheet export with a blank
 * or doubled heading still imports; then the checks of checkHeaders (e.g. `__proto__` is refused).
 */
export function nameColumns(fileName: string, raw: readonly string[], where: string): { headers: string[]; warnings: ImportWarning[] } {
  const taken = new Set(raw.map((h) => h.trim().toLowerCase()));
  const seen = new Map<string, number>();
  const warnings: ImportWarning[] = [];
  const unique = (base: string): string => {
    let name = base;
    for (let k = 2; taken.has(name.toLowerCase()); k++) name = `${base}_${k}`;
    taken.add(name.toLowerCase());
    return name;
  };
  const headers = raw.map((cell, i) => {
    let h = cell.trim();
    if (!isWellFormed(h)) {
      h = toWellFormed(h);
      warnings.push({ code: 'replaced-characters', column: h, message: `${where}, column ${i + 1}: the name held unpaired UTF-16 surrogates (not valid text); each was replaced by U+FFFD (�): "${h}".` });
    }
    if (h === '') {
      const name = unique(`column_${i + 1}`);
      warnings.push({ code: 'generated-column-name', column: name, message: `${where}, column ${i + 1}: the header cell is empty; the column is named "${name}".` });
      return name;
    }
    const prev = seen.get(h.toLowerCase());
    if (prev === undefined) {
      seen.set(h.toLowerCase(), i);
      return h;
    }
    const name = unique(`${h}_${i + 1}`);
    warnings.push({ code: 'generated-column-name', column: name, message: `${where}, column ${i + 1}: "${h}" is also the name of column ${prev + 1}; this column is named "${name}".` });
    return name;
  });
  return { headers: checkHeaders(fileName, headers, where), warnings };
}

/** Reads a file in fixed-size chunks without holding it (sync reads: this runs in a worker or the CLI). */
export function* readChunks(file: string, chunkBytes = 1 << 20, start = 0): Generator<{ bytes: Uint8Array; last: boolean; offset: number }> {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    let offset = start;
    const buf = Buffer.allocUnsafe(chunkBytes);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, chunkBytes, offset);
      offset += n;
      const last = n === 0 || offset >= size;
      yield { bytes: buf.subarray(0, n), last, offset };
      if (last) return;
    }
  } finally {
    fs.closeSync(fd);
  }
}
