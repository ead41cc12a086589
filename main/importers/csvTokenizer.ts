import { AppError } from '../../common/contract/errors';

export type RowSink = (fields: string[], line: number) => void;

/**
 * A row the tokenizer could not take: a field count other than the header's (`found`), or text after a
 * closing quote (`column`, 1-based, and `after`, the start of that text). `raw` is the row as written
 * (without its line break).
 */
export type BadRow = Readonly<{ line: number; found: number; width: number; column: number | null; after: string | null; raw: string }>;

/** What a quarantined row's value shows of it: its text, cut at QUARANTINE_VALUE_CHARS. */
export const QUARANTINE_VALUE_CHARS = 200;
/** The quarantine's rule name for rows that could not be read (summaries count by it). */
export const MALFORMED_ROW = 'malformed row';

/** The reason a row could not be read, as the quarantine and (in strict mode) the error say it. */
export function badRowReason(b: BadRow): string {
  if (b.column !== null) return `unexpected text after a closing quote ("${b.after}…")`;
  return `expected ${b.width} fields (as in the header), found ${b.found}`;
}

export function quarantineValue(raw: string): string {
  return raw.length > QUARANTINE_VALUE_CHARS ? `${raw.slice(0, QUARANTINE_VALUE_CHARS)}…` : raw;
}

export type TokenizerOptions = Readonly<{
  fileName: string;
  delimiter: string;
  quote: string;
  maxFieldChars: number;
  onRow: RowSink;
  /** Line number of the first line fed (when starting mid-file). */
  firstLine?: number;
  /**
   * Rows that cannot be read go here instead of failing the whole file: text after a closing quote, and
   * (with `width`) a field count other than `width`. Without onBad both are errors (or not checked).
   */
  onBad?: (row: BadRow) => void;
  /** The expected field count; 0: the first row's (the header, when reading from the top). */
  width?: number;
}>;

/**
 * Streaming RFC 4180 tokenizer over decoded text chunks (CRLF, LF or CR line ends; quoted fields with
 * doubled quotes and embedded line breaks). Unquoted runs are found with indexOf, which is several
 * times faster than a per-character loop on typical logs. Blank lines are skipped. A quote inside an
 * unquoted field is kept literally (as papaparse does); text after a closing quote is an error, or with
 * `onBad` makes the row a bad row (the text is read up to the next delimiter and the row goes on).
 * Line numbers are 1-based physical lines where each row starts.
 */
export class CsvTokenizer {
  private rest = '';
  private line = 1;
  private readonly d: number;
  private readonly q: number;
  private readonly dChar: string;
  private readonly qChar: string;
  private width: number;

  constructor(private readonly o: TokenizerOptions) {
    this.dChar = o.delimiter;
    this.qChar = o.quote;
    this.d = o.delimiter.charCodeAt(0);
    this.q = o.quote.charCodeAt(0);
    this.line = o.firstLine ?? 1;
    this.width = o.width ?? 0;
  }

  private fail(line: number, fieldIndex: number, reason: string): never {
    throw new AppError('BAD_INPUT', `${this.o.fileName}: line ${line}, column ${fieldIndex + 1}: ${reason}`, { line, column: fieldIndex + 1 });
  }

  /** Feeds the next chunk; `last` flushes the final row (and reports an unclosed quote). */
  push(chunk: string, last: boolean): void {
    const s = this.rest.length > 0 ? this.rest + chunk : chunk;
    const n = s.length;
    const { d, q, dChar, qChar } = this;
    const hasCr = s.indexOf('\r') >= 0;
    let line = this.line;
    let i = 0;
    let rowStart = 0;
    let rowLine = line;
    let fields: string[] = [];
    // Text after a closing quote in this row (onBad): the field's index, else -1.
    let badCol = -1;
    let badAt = 0;
    let badEnd = 0;
    let nextD = -2;
    let nextNl = -2;
    const max = this.o.maxFieldChars;
    for (;;) {
      if (i >= n) {
        if (!last) break;
        if (fields.length > 0) this.emit(fields, rowLine, s, rowStart, n, badCol, badAt, badEnd);
        rowStart = n;
        break;
      }
      let field: string;
      if (s.charCodeAt(i) === q) {
        let j = i + 1;
        let acc = '';
        let closed = -1;
        for (;;) {
          const k = s.indexOf(qChar, j);
          if (k < 0) break;
          if (k + 1 < n && s.charCodeAt(k + 1) === q) {
            acc += s.slice(j, k + 1);
            j = k + 2;
            continue;
          }
          if (k + 1 >= n && !last) break; // cannot tell "" from " yet
          closed = k;
          acc += s.slice(j, k);
          break;
        }
        if (closed < 0) {
          if (last) this.fail(rowLine, fields.length, 'unbalanced quote: a quoted field starting on this line never closes.');
          if (n - rowStart > max * 4 + 1024) this.fail(rowLine, fields.length, `field over the size limit of ${max} characters (or an unbalanced quote).`);
          break;
        }
        field = acc;
        for (let p = i; p < closed; p++) {
          const c = s.charCodeAt(p);
          if (c === 10 || (c === 13 && s.charCodeAt(p + 1) !== 10)) line++;
        }
        i = closed + 1;
        if (i < n) {
          const c = s.charCodeAt(i);
          if (c !== d && c !== 10 && c !== 13) {
            if (!this.o.onBad) this.fail(rowLine, fields.length, `unexpected text after a closing quote ("${s.slice(i, i + 10)}…").`);
            // Read the rest of the field literally; the row is reported, not emitted.
            let end = i;
            while (end < n) {
              const e = s.charCodeAt(end);
              if (e === d || e === 10 || e === 13) break;
              end++;
            }
            if (end >= n && !last) break;
            if (badCol < 0) {
              badCol = fields.length;
              badAt = i;
              badEnd = Math.min(end, i + 10);
            }
            field += s.slice(i, end);
            i = end;
          }
        }
      } else {
        let end: number;
        if (!hasCr) {
          if (nextD !== -1 && nextD < i) nextD = s.indexOf(dChar, i);
          if (nextNl !== -1 && nextNl < i) nextNl = s.indexOf('\n', i);
          end = nextD < 0 ? (nextNl < 0 ? n : nextNl) : nextNl < 0 ? nextD : Math.min(nextD, nextNl);
        } else {
          end = i;
          while (end < n) {
            const c = s.charCodeAt(end);
            if (c === d || c === 10 || c === 13) break;
            end++;
          }
        }
        if (end >= n && !last) break;
        field = s.slice(i, end);
        i = end;
      }
      if (field.length > max) this.fail(rowLine, fields.length, `field over the size limit of ${max} characters.`);
      fields.push(field);
      if (i >= n) {
        if (!last) break;
        this.emit(fields, rowLine, s, rowStart, n, badCol, badAt, badEnd);
        fields = [];
        rowStart = n;
        break;
      }
      const c = s.charCodeAt(i);
      if (c === d) {
        i++;
        if (i >= n && last) {
          fields.push('');
          this.emit(fields, rowLine, s, rowStart, n, badCol, badAt, badEnd);
          fields = [];
          rowStart = n;
          break;
        }
        continue;
      }
      const rowEnd = i;
      if (c === 13) {
        if (i + 1 >= n && !last) break;
        i += s.charCodeAt(i + 1) === 10 ? 2 : 1;
      } else i++;
      line++;
      this.emit(fields, rowLine, s, rowStart, rowEnd, badCol, badAt, badEnd);
      fields = [];
      badCol = -1;
      rowStart = i;
      rowLine = line;
    }
    this.rest = rowStart < n ? s.slice(rowStart) : '';
    this.line = rowLine;
    if (this.rest.length > max * 4 + 1024 && !last) {
      this.fail(rowLine, 0, `row over the size limit (${max} characters per field).`);
    }
  }

  /** Hands a row on: to onRow, or (onBad) as a bad row when it has text after a quote or the wrong width. */
  private emit(fields: string[], line: number, s: string, start: number, end: number, badCol: number, badAt: number, badEnd: number): void {
    if (fields.length === 1 && fields[0] === '') return;
    const onBad = this.o.onBad;
    if (onBad) {
      if (badCol >= 0) {
        onBad({ line, found: fields.length, width: this.width || fields.length, column: badCol + 1, after: s.slice(badAt, badEnd), raw: s.slice(start, end) });
        return;
      }
      if (this.width === 0) this.width = fields.length;
      else if (fields.length !== this.width) {
        onBad({ line, found: fields.length, width: this.width, column: null, after: null, raw: s.slice(start, end) });
        return;
      }
    }
    this.o.onRow(fields, line);
  }
}

/** Tokenizes a whole string (tests, small samples). */
export function tokenizeAll(text: string, delimiter = ',', quote = '"', maxFieldChars = 1 << 20): { fields: string[]; line: number }[] {
  const rows: { fields: string[]; line: number }[] = [];
  const t = new CsvTokenizer({ fileName: 'input', delimiter, quote, maxFieldChars, onRow: (fields, line) => rows.push({ fields, line }) });
  t.push(text, true);
  return rows;
}
