import { isAscii, isUtf8 } from 'node:buffer';
import { AppError } from '../../common/contract/errors';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'latin1';
export type EncodingChoice = Encoding | 'auto';

export type Detected = Readonly<{ encoding: Encoding; bomBytes: number; note: string | null }>;

/** Index of the first byte that breaks UTF-8, or -1. A sequence cut by the end of `buf` is not an error. */
export function firstInvalidUtf8(buf: Uint8Array): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need = 3;
    let min = 0x10000;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b < 0xf0 || b > 0xf4) return i;
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return -1; // cut by the end of the chunk: the next chunk completes it
      const c = buf[i + k]!;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function looksUtf16(sample: Uint8Array): Encoding | null {
  const n = Math.min(sample.length, 4096) & ~1;
  if (n < 4) return null;
  let evenZero = 0;
  let oddZero = 0;
  for (let i = 0; i < n; i += 2) {
    if (sample[i] === 0) evenZero++;
    if (sample[i + 1] === 0) oddZero++;
  }
  const pairs = n / 2;
  if (oddZero > pairs * 0.4 && evenZero < pairs * 0.05) return 'utf-16le';
  if (evenZero > pairs * 0.4 && oddZero < pairs * 0.05) return 'utf-16be';
  return null;
}

/**
 * Detects the encoding from the first bytes: a BOM wins; otherwise UTF-16 by its zero-byte pattern;
 * otherwise UTF-8 when the sample is valid UTF-8, else Latin-1 (every byte sequence is valid Latin-1).
 */
export function detectEncoding(sample: Uint8Array, choice: EncodingChoice = 'auto'): Detected {
  let bom: Detected | null = null;
  if (sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) bom = { encoding: 'utf-8', bomBytes: 3, note: null };
  else if (sample[0] === 0xff && sample[1] === 0xfe) bom = { encoding: 'utf-16le', bomBytes: 2, note: null };
  else if (sample[0] === 0xfe && sample[1] === 0xff) bom = { encoding: 'utf-16be', bomBytes: 2, note: null };
  if (choice !== 'auto') return { encoding: choice, bomBytes: bom && bom.encoding === choice ? bom.bomBytes : 0, note: null };
  if (bom) return bom;
  const utf16 = looksUtf16(sample);
  if (utf16) return { encoding: utf16, bomBytes: 0, note: `Detected ${utf16.toUpperCase()} without a byte-order mark.` };
  if (firstInvalidUtf8(sample) >= 0) {
    return { encoding: 'latin1', bomBytes: 0, note: 'The file is not valid UTF-8; it was read as Latin-1 (Windows-1252: 0x80 is €) — choose another encoding if text looks wrong.' };
  }
  return { encoding: 'utf-8', bomBytes: 0, note: null };
}

/** Windows-1252's characters for bytes 0x80–0x9F (the five it leaves undefined stay C1 controls, as WHATWG says). */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';
const C1 = /[\u0080-\u009f]/g;

/**
 * Latin-1 as files mean it: Windows-1252 (the WHATWG reading of the "latin1" label). Node 20's
 * TextDecoder('windows-1252') returns ISO-8859-1 C1 controls for 0x80–0x9F instead of €, “ ” …
 * (its fast path), so the mapping is done here: one Latin-1 slice, then the 32 C1 bytes replaced.
 */
export function decodeWindows1252(bytes: Uint8Array): string {
  const b = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = b.toString('latin1');
  C1.lastIndex = 0;
  return C1.test(text) ? text.replace(C1, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!) : text;
}

/**
 * UTF-16 code units as they are, lone surrogates included (TextDecoder would turn them into U+FFFD
 * without saying so; the import replaces them itself and warns, naming column and line).
 */
function utf16Units(bytes: Uint8Array, bigEndian: boolean): string {
  const even = bytes.length & ~1;
  const b = Buffer.from(bytes.buffer, bytes.byteOffset, even);
  return bigEndian ? Buffer.from(b).swap16().toString('utf16le') : b.toString('utf16le');
}

/** Decodes a sample (the first bytes of a file, possibly cut mid-character) in the detected encoding; a BOM is dropped. */
export function decodeSample(bytes: Uint8Array, encoding: Encoding): string {
  if (encoding === 'latin1') return decodeWindows1252(bytes);
  if (encoding === 'utf-8') return new TextDecoder('utf-8').decode(bytes);
  const text = utf16Units(bytes, encoding === 'utf-16be');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

type WellFormedString = { isWellFormed(): boolean; toWellFormed(): string };
/** String#isWellFormed (ES2024; Node 20 and Electron have it): false when the text holds an unpaired surrogate. */
export function isWellFormed(s: string): boolean {
  return (s as unknown as WellFormedString).isWellFormed();
}
/** The text with each unpaired surrogate replaced by U+FFFD. */
export function toWellFormed(s: string): string {
  return (s as unknown as WellFormedString).toWellFormed();
}

function countLines(buf: Uint8Array, end: number): number {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  let lines = 0;
  let i = b.indexOf(10, 0);
  while (i !== -1 && i < end) {
    lines++;
    i = b.indexOf(10, i + 1);
  }
  return lines;
}

/**
 * Streaming decoder: bytes in, text out, in the detected encoding. Invalid UTF-8 and NUL characters
 * are errors naming the file and line, because both mean the file is not the text it claims to be.
 */
export class StreamDecoder {
  private linesBefore: number;
  /** `linesBefore` > 0 when decoding starts mid-file (at a line start): line numbers in errors go on from there. */
  constructor(
    private readonly fileName: string,
    readonly encoding: Encoding,
    linesBefore = 0,
  ) {
    this.linesBefore = linesBefore;
    this.first = linesBefore === 0;
  }

  private carry: Buffer | null = null;
  private first: boolean;

  /** UTF-8 fast path: validate with simdutf (buffer.isUtf8), then Buffer#toString; a cut sequence waits for the next chunk. */
  private decodeUtf8(chunk: Uint8Array, last: boolean): string {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    let cut = data.length;
    if (!last) {
      // Step back over an incomplete multi-byte sequence at the end (at most 3 bytes).
      for (let k = 1; k <= 3 && k <= data.length; k++) {
        const b = data[data.length - k]!;
        if ((b & 0xc0) === 0x80) continue;
        if (b >= 0xc0) {
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (need > k) cut = data.length - k;
        }
        break;
      }
    }
    const body = data.subarray(0, cut);
    // Pure ASCII (most logs): one-byte Latin-1 decoding is the same text and much cheaper.
    const ascii = isAscii(body);
    if (!ascii && !isUtf8(body)) {
      const at = firstInvalidUtf8(body);
      const line = this.linesBefore + countLines(body, at < 0 ? body.length : at) + 1;
      throw new AppError('BAD_INPUT', `${this.fileName}: line ${line}: invalid UTF-8 byte sequence (choose the file's encoding, e.g. Latin-1, in the import options).`, { line });
    }
    this.carry = cut < data.length ? Buffer.from(data.subarray(cut)) : null;
    let start = 0;
    if (this.first && body.length >= 3 && body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) start = 3;
    if (body.length > 0) this.first = false;
    this.linesBefore += countLines(body, body.length);
    return ascii ? body.toString('latin1') : body.toString('utf8', start);
  }

  /**
   * UTF-16: an odd byte or a high surrogate at the end of a chunk waits for the next one (a pair is never
   * split); a lone surrogate stays in the text (see utf16Units). A final odd byte becomes U+FFFD.
   */
  private decodeUtf16(chunk: Uint8Array, last: boolean): string {
    const data = this.carry ? Buffer.concat([this.carry, chunk]) : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const be = this.encoding === 'utf-16be';
    let cut = data.length & ~1;
    if (!last && cut >= 2) {
      const unit = be ? (data[cut - 2]! << 8) | data[cut - 1]! : data[cut - 2]! | (data[cut - 1]! << 8);
      if (unit >= 0xd800 && unit <= 0xdbff) cut -= 2;
    }
    this.carry = last || cut === data.length ? null : Buffer.from(data.subarray(cut));
    let text = utf16Units(data.subarray(0, cut), be);
    if (last && (data.length & 1) === 1) text += '\ufffd';
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    return text;
  }

  decode(chunk: Uint8Array, last: boolean): string {
    const before = this.linesBefore;
    let text: string;
    if (this.encoding === 'utf-8') text = this.decodeUtf8(chunk, last);
    else if (this.encoding === 'latin1') text = decodeWindows1252(chunk);
    else text = this.decodeUtf16(chunk, last);
    const nul = text.indexOf('\u0000');
    if (nul >= 0) {
      let line = before + 1;
      for (let i = 0; i < nul; i++) if (text.charCodeAt(i) === 10) line++;
      throw new AppError('BAD_INPUT', `${this.fileName}: line ${line}: contains a NUL byte; this looks like a binary file, not text.`, { line });
    }
    if (this.encoding === 'latin1') this.linesBefore += countLines(chunk, chunk.length);
    else if (this.encoding !== 'utf-8') for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.linesBefore++;
    return text;
  }
}
