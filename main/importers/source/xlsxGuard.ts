import { Transform } from 'node:stream';
import type { AppError } from '../../../common/contract/errors';
import { formatBytes } from '../limits';

/**
 * Limits on what an XLSX unpacks to, checked on the bytes as they are inflated, before the XML parser
 * sees them: a zip's stated sizes can lie, and exceljs's parser would otherwise gather a 1 GB cell into
 * one string (the worker runs out of memory). Counted per workbook (every part read), per part (the
 * shared strings are held in memory) and per cell or shared string (Excel's own limit is 32,767
 * characters; 1 MiB of XML is far past anything a spreadsheet writes).
 */
export type UnzipLimits = Readonly<{ maxUnzippedBytes: number; maxSharedStringsBytes: number; maxFieldBytes: number }>;

/** Bytes inflated so far across the parts of one read of a workbook. */
export type UnzipBudget = { used: number };

export type PartKind = 'sheet' | 'shared-strings' | 'other';

const NAMES: Record<PartKind, number[] | null> = { sheet: [0x63], 'shared-strings': [0x73, 0x69], other: null }; // "c", "si"

/**
 * A byte scanner over one part's inflated XML. It tracks tags (from "<" to ">") and the text between
 * them with Buffer#indexOf, and the bytes inside each unit of content: a cell (`<c>` … `</c>`) in a sheet,
 * a shared string (`<si>` … `</si>`); over the field limit any of them fails, as does the part or the
 * workbook passing its size limit.
 */
export class XmlGuard {
  private inTag = false;
  private tagBytes = 0;
  private textBytes = 0;
  private inUnit = false;
  private unitBytes = 0;
  private units = 0;
  private partBytes = 0;
  /** The tag being read: its name's first bytes, whether the name is complete, its last byte so far. */
  private name: number[] = [];
  private nameDone = false;
  private last = 0;
  /** Where the tag being read starts, when in the current chunk (for a failing cell's reference). */
  private tagAt: { buf: Buffer; start: number } | null = null;
  /** The unit's opening tag (only read when it fails). */
  private unitTag: { buf: Buffer; start: number; end: number } | null = null;
  private readonly unitName: number[] | null;

  constructor(
    private readonly kind: PartKind,
    private readonly part: string,
    private readonly budget: UnzipBudget,
    private readonly limits: UnzipLimits,
    private readonly fail: (message: string) => AppError,
  ) {
    this.unitName = NAMES[kind];
  }

  feed(buf: Buffer): void {
    const n = buf.length;
    this.partBytes += n;
    this.budget.used += n;
    const { limits } = this;
    if (this.budget.used > limits.maxUnzippedBytes) {
      throw this.fail(`the workbook unpacks to more than ${formatBytes(limits.maxUnzippedBytes)} (the limit), found while reading ${this.part}; the file is damaged or built to exhaust memory (a "zip bomb"), or too big: save the sheet as CSV and import that.`);
    }
    if (this.kind === 'shared-strings' && this.partBytes > limits.maxSharedStringsBytes) {
      throw this.fail(`its shared-strings table (${this.part}) unpacks to more than ${formatBytes(limits.maxSharedStringsBytes)}, the limit for a table that is held in memory while the sheet is read; save the sheet as CSV and import that.`);
    }
    const max = limits.maxFieldBytes;
    let i = 0;
    while (i < n) {
      if (!this.inTag) {
        const j = buf.indexOf(0x3c, i);
        const end = j < 0 ? n : j;
        this.textBytes += end - i;
        if (this.inUnit) this.unitBytes += end - i;
        if (this.textBytes > max || this.unitBytes > max) throw this.tooBig();
        if (j < 0) return;
        this.inTag = true;
        this.tagBytes = 0;
        this.textBytes = 0;
        this.name = [];
        this.nameDone = false;
        this.tagAt = { buf, start: j + 1 };
        i = j + 1;
        continue;
      }
      const j = buf.indexOf(0x3e, i);
      const end = j < 0 ? n : j;
      // The tag's name: up to a space, "/" (after the first byte) or ">"; 32 bytes are plenty to compare.
      for (let k = i; !this.nameDone && k < end; k++) {
        const b = buf[k]!;
        if (b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d || (b === 0x2f && this.name.length > 0) || this.name.length >= 32) this.nameDone = true;
        else this.name.push(b);
      }
      this.tagBytes += end - i;
      if (this.inUnit) this.unitBytes += end - i + 1;
      if (this.tagBytes > max || this.unitBytes > max) throw this.tooBig();
      if (end > i) this.last = buf[end - 1]!;
      if (j < 0) {
        this.tagAt = null;
        return;
      }
      this.tagEnd(buf, j);
      this.inTag = false;
      i = j + 1;
    }
  }

  /** A tag has ended at `gt`: a unit opens (not self-closing) or closes when its name is the unit's. */
  private tagEnd(buf: Buffer, gt: number): void {
    const u = this.unitName;
    if (!u) return;
    let name = this.name;
    const closing = name[0] === 0x2f;
    if (closing) name = name.slice(1);
    const colon = name.lastIndexOf(0x3a); // a namespace prefix (x:c)
    if (colon >= 0) name = name.slice(colon + 1);
    if (name.length !== u.length || name.some((b, k) => b !== u[k])) return;
    if (closing) {
      this.inUnit = false;
      return;
    }
    this.units++;
    if (this.last === 0x2f) return; // <c r="A1"/>: an empty cell
    this.inUnit = true;
    this.unitBytes = 0;
    this.unitTag = this.tagAt && this.tagAt.buf === buf ? { buf, start: this.tagAt.start, end: gt } : null;
  }

  private tooBig(): AppError {
    const size = formatBytes(this.limits.maxFieldBytes);
    const why = `(Excel's own limit is 32,767 characters); the workbook is damaged or not a real spreadsheet`;
    if (this.inUnit && this.kind === 'shared-strings') return this.fail(`shared string ${this.units} (${this.part}) holds over ${size} of text ${why}.`);
    if (this.inUnit && this.kind === 'sheet') {
      const t = this.unitTag;
      const ref = t ? /\br\s*=\s*["']([A-Za-z]{1,3}\d{1,7})["']/.exec(t.buf.toString('latin1', t.start, Math.min(t.end, t.start + 200)))?.[1] : undefined;
      return this.fail(`${this.part}, ${ref ? `cell ${ref.toUpperCase()}` : `cell number ${this.units}`}: the cell holds over ${size} of text ${why}.`);
    }
    return this.fail(`${this.part} holds an XML tag or text over ${size}; the workbook is damaged or not a real spreadsheet.`);
  }
}

/** A pass-through stream that feeds each chunk to the guard first (an error ends the stream). */
export function guardStream(guard: XmlGuard): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      try {
        guard.feed(chunk);
        done(null, chunk);
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** The same for an async iterable of chunks. */
export async function* guardChunks(guard: XmlGuard, chunks: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  for await (const c of chunks) {
    guard.feed(c);
    yield c;
  }
}
