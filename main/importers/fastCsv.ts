import fs from 'node:fs';
import { isAscii, isUtf8 } from 'node:buffer';
import { daysFromCivil } from './valueParse';

/**
 * The import's fast path for the common log file: UTF-8 CSV/TSV read straight from bytes. Rows are cut at
 * LF (or CRLF) and fields at the delimiter byte without decoding the chunk to a string first, so numbers
 * can be parsed from their digits and only text fields become strings. It covers rows without quote
 * characters, lone CRs or NULs; at the first row that has one (or has the wrong number of fields, a field
 * over the size limit, or bytes that are not UTF-8) it stops and says where: the full tokenizer
 * (csvTokenizer.ts, via TableSource.batchesFrom) goes on from that row, with the same line numbers, and
 * gives the same values and the same errors.
 */
export type Handover = Readonly<{ offset: number; line: number }>;

type SliceBuffer = Buffer & { latin1Slice(start: number, end: number): string; utf8Slice(start: number, end: number): string };

const CHUNK_BYTES = 256 * 1024;
const INTERN_SLOTS = 4096;
const INTERN_MAX_LEN = 24;
const LF = 10;
const CR = 13;

export type FastCsvOptions = Readonly<{
  delimiter: string;
  quote: string;
  width: number;
  maxFieldChars: number;
  /** Fed every byte as it is read, in file order (the import's SHA-256 without a second pass). */
  hash?: { update(b: Uint8Array): unknown };
  /**
   * A row with another field count than the header's goes here (its line, field count and text) and
   * reading goes on, as the full tokenizer's onBad does; without it (strict mode) the reader hands over.
   */
  onBad?: (line: number, found: number, raw: string) => void;
}>;

export class FastCsvReader {
  /** Field k of the current row is buf[starts[k], ends[k]). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  buf: SliceBuffer = Buffer.alloc(0) as SliceBuffer;
  /** The current rows' bytes are all ASCII (a field's text is its Latin-1 decoding). */
  ascii = true;
  /** Set when the rest of the file needs the full tokenizer: from this row (offset −1: from the top). */
  handover: Handover | null = null;
  private readonly fd: number;
  private readonly size: number;
  private readonly d: number;
  private readonly q: number;
  private fileOffset = 0;
  private carry: Buffer | null = null;
  private line = 1;
  headerDone = false;
  private finished = false;

  constructor(
    file: string,
    private readonly o: FastCsvOptions,
  ) {
    this.d = o.delimiter.charCodeAt(0);
    this.q = o.quote.charCodeAt(0);
    this.starts = new Int32Array(o.width);
    this.ends = new Int32Array(o.width);
    this.fd = fs.openSync(file, 'r');
    this.size = fs.fstatSync(this.fd).size;
  }

  /** Bytes of the file handled so far. */
  get bytesRead(): number {
    return this.fileOffset - (this.carry?.length ?? 0);
  }

  /** Bytes read from the file (and given to `hash`) so far: the hash goes on from here after a handover. */
  get readUpTo(): number {
    return this.fileOffset;
  }

  /**
   * The field as text. Short ASCII values go through a small intern table keyed by their bytes, so a
   * column of a few categories reuses a few strings (no allocation, and their hashes stay cached for the
   * profile's counting) instead of making a million.
   */
  text(k: number): string {
    const s = this.starts[k]!;
    const e = this.ends[k]!;
    const b = this.buf;
    if (!this.ascii) return b.utf8Slice(s, e);
    const len = e - s;
    if (len > INTERN_MAX_LEN) return b.latin1Slice(s, e);
    let h = len;
    for (let i = s; i < e; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
    const slot = (h ^ (h >>> 15)) & (INTERN_SLOTS - 1);
    const cached = this.interned[slot];
    if (cached !== undefined && cached.length === len) {
      let same = true;
      for (let i = 0; i < len; i++) {
        if (cached.charCodeAt(i) !== b[s + i]) {
          same = false;
          break;
        }
      }
      if (same) return cached;
    }
    const str = b.latin1Slice(s, e);
    this.interned[slot] = str;
    return str;
  }

  private readonly interned: (string | undefined)[] = new Array<string | undefined>(INTERN_SLOTS);

  /** The field as text, not interned (for values a dictionary has already declined: rarely repeated). */
  plainText(k: number): string {
    return this.ascii ? this.buf.latin1Slice(this.starts[k]!, this.ends[k]!) : this.buf.utf8Slice(this.starts[k]!, this.ends[k]!);
  }

  /** Before the header is read, the full tokenizer must start from the top (offset −1: use batches()). */
  private handOver(offset: number, line: number): void {
    this.handover = this.headerDone ? { offset, line } : { offset: -1, line: 1 };
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  /**
   * Reads the next chunk and calls `onRow(line)` for each complete data row in it. Returns false when the
   * file is done or `handover` is set (nothing of that row or later was passed to onRow).
   */
  step(onRow: (line: number) => void): boolean {
    if (this.finished || this.handover) return false;
    // The unfinished line from the last chunk goes first, then the file's next bytes straight after it.
    const carried = this.carry?.length ?? 0;
    const chunk = Buffer.allocUnsafe(carried + CHUNK_BYTES);
    if (this.carry) this.carry.copy(chunk, 0);
    const n = fs.readSync(this.fd, chunk, carried, CHUNK_BYTES, this.fileOffset);
    this.o.hash?.update(chunk.subarray(carried, carried + n));
    const regionStartOffset = this.fileOffset - carried;
    this.fileOffset += n;
    const last = n === 0 || this.fileOffset >= this.size;
    let data = chunk.subarray(0, carried + n);
    let skip = 0;
    if (regionStartOffset === 0 && data.length >= 3 && data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf) skip = 3;
    let end = data.length;
    if (!last) {
      end = data.lastIndexOf(LF) + 1;
      if (end === 0) {
        // No complete line in this chunk: keep reading (the full tokenizer judges over-long rows).
        this.carry = data;
        if (data.length > this.o.maxFieldChars * 4 * this.o.width + 4096) this.handOver(regionStartOffset, this.line);
        return !this.handover;
      }
    }
    this.carry = end < data.length ? data.subarray(end) : null;
    data = data.subarray(0, end);
    this.buf = data as SliceBuffer;
    const region = data.subarray(skip);
    this.ascii = isAscii(region);
    if ((!this.ascii && !isUtf8(region)) || region.indexOf(0) >= 0) {
      this.handOver(regionStartOffset + skip, this.line);
      return false;
    }
    const { d, q, starts, ends } = this;
    const width = this.o.width;
    const maxField = this.o.maxFieldChars;
    // Bytes above all four that end a field or a row (digits and letters, in a CSV): one comparison each.
    const plain = Math.max(d, q, LF, CR);
    let p = skip;
    while (p < end) {
      const rowStart = p;
      let k = 0;
      let fieldStart = p;
      let fieldEnd = -1;
      let bad = false;
      for (; p < end; p++) {
        const c = data[p]!;
        if (c > plain) continue;
        if (c === d) {
          if (k < width) {
            starts[k] = fieldStart;
            ends[k] = p;
          }
          k++;
          fieldStart = p + 1;
        } else if (c === LF) {
          fieldEnd = p;
          break;
        } else if (c === CR) {
          if (data[p + 1] === LF) {
            fieldEnd = p;
            p++;
            break;
          }
          bad = true; // a lone CR ends a line for the full tokenizer
          break;
        } else if (c === q) {
          bad = true;
          break;
        }
      }
      if (fieldEnd < 0 && !bad) fieldEnd = p; // the file's last line, without a line break
      const lineNo = this.line;
      if (bad) {
        this.handOver(regionStartOffset + rowStart, lineNo);
        return false;
      }
      p++; // past the LF
      this.line++;
      if (k === 0 && fieldEnd === fieldStart) continue; // blank line
      if (!this.headerDone) {
        this.headerDone = true;
        continue;
      }
      if (k + 1 !== width) {
        // A row longer than a field may be: the full tokenizer says whether a field is over the limit.
        if (!this.o.onBad || fieldEnd - rowStart > this.o.maxFieldChars) {
          this.handOver(regionStartOffset + rowStart, lineNo);
          return false;
        }
        this.o.onBad(lineNo, k + 1, data.toString('utf8', rowStart, fieldEnd));
        continue;
      }
      starts[k] = fieldStart;
      ends[k] = fieldEnd;
      // A field over the limit needs a row over it (a character is at least one byte).
      if (fieldEnd - rowStart > maxField) {
        for (let j = 0; j < width; j++) {
          const len = ends[j]! - starts[j]!;
          if (len > maxField && this.text(j).length > maxField) {
            this.handOver(regionStartOffset + rowStart, lineNo);
            return false;
          }
        }
      }
      onRow(lineNo);
    }
    if (last) this.finished = true;
    return !this.finished;
  }
}

const POW10 = Array.from({ length: 23 }, (_, i) => 10 ** i);

/**
 * A plain decimal ([+-]digits[.digits], at most 15 significant digits) parsed from bytes; NaN for anything
 * else (the caller then converts the text). Equal to Number(text): the digits and the power of ten are
 * exact doubles, and one IEEE division of exact values is correctly rounded, as Number() is.
 */
export function parseDecimalBytes(b: Uint8Array, s: number, e: number): number {
  let i = s;
  let neg = false;
  const first = b[i];
  if (first === 45) {
    neg = true;
    i++;
  } else if (first === 43) i++;
  let m = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  for (; i < e; i++) {
    const c = b[i]!;
    if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else return NaN;
  }
  if (digits === 0 || digits > 15) return NaN;
  const v = frac === 0 ? m : m / POW10[frac]!;
  return neg ? -v : v;
}

const DAYS_IN = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digitsAt(b: Uint8Array, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = b[i]! - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

/**
 * YYYY-MM-DD[T ]HH:MM:SS[.fff][Z] from bytes, to epoch ms UTC: the layout valueParse's fastIso reads,
 * with the same result. Undefined for anything else, including out-of-range parts (the caller then
 * converts the text, which counts and reports invalid values).
 */
export function isoFromBytes(b: Uint8Array, s: number, e: number): number | undefined {
  const n = e - s;
  if (n < 19 || n > 24 || b[s + 4] !== 45 || b[s + 7] !== 45 || b[s + 13] !== 58 || b[s + 16] !== 58) return undefined;
  const sep = b[s + 10];
  if (sep !== 84 && sep !== 32) return undefined;
  let end = n;
  if (b[s + n - 1] === 90) end = n - 1;
  let ms = 0;
  if (end > 19) {
    if (b[s + 19] !== 46 || end - 20 !== 3) return undefined;
    ms = digitsAt(b, s + 20, 3);
    if (ms < 0) return undefined;
  }
  const y = digitsAt(b, s, 4);
  const mo = digitsAt(b, s + 5, 2);
  const d = digitsAt(b, s + 8, 2);
  const h = digitsAt(b, s + 11, 2);
  const mi = digitsAt(b, s + 14, 2);
  const se = digitsAt(b, s + 17, 2);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || se < 0 || se > 60) return undefined;
  const leap = mo === 2 && ((y % 4 === 0 && y % 100 !== 0) || y % 400 === 0);
  if (d > DAYS_IN[mo - 1]! + (leap ? 1 : 0)) return undefined;
  return daysFromCivil(y, mo, d) * 86_400_000 + h * 3_600_000 + mi * 60_000 + se * 1000 + ms;
}
