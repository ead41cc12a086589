import { createHash } from 'node:crypto';
import type { Hash } from 'node:crypto';
import type { Rule, Violation } from '../../common/contract/schemas/datasets';
import type { ColumnType } from './columnTypes';
import { storageOf } from './columnTypes';
import { makeConverter, newStats } from './convert';
import type { Cell, ConvertStats } from './convert';
import { isNewRow } from './previousData';
import type { AppendCutoff } from './previousData';
import { ColumnAccumulator } from './profiler';
import type { AccumulatorState } from './profiler';
import { compileRules, ViolationLog } from './rules';
import { openSource, readChunks } from './source/index';
import type { Batch, SourceOptions } from './source/index';
import { FastCsvReader, isoFromBytes, parseDecimalBytes } from './fastCsv';
import { ByteDict, NOT_FOUND } from './byteDict';
import type { DateFormat, NumberLocale } from './valueParse';
import { DEFAULT_LIMITS } from './limits';
import { badRowReason, MALFORMED_ROW, quarantineValue } from './csvTokenizer';
import type { BadRow } from './csvTokenizer';
import { isWellFormed, toWellFormed } from './textDecode';

/**
 * The CPU-heavy half of an import, as plain data in and out so it can run in its own worker thread
 * while the connection's thread only inserts: read → decode → tokenise → convert → append filter →
 * rules → pseudonymise → profile, producing insert-ready blocks of rows.
 */
export type ParseColumn = Readonly<{ name: string; type: ColumnType; dateFormat: DateFormat | null; srcIndex: number; pseudonymise: boolean }>;

export type ParseSpec = Readonly<{
  file: string;
  source: SourceOptions;
  columns: readonly ParseColumn[];
  locale: NumberLocale;
  rules: readonly Rule[];
  /** Values already stored for columns with a "unique" rule (append), so uniqueness holds across versions. */
  seen: readonly (readonly [string, Cell[]])[];
  cutoff: AppendCutoff | null;
  salt: string | null;
  /** Starting profile state per column (append: the previous rows), else fresh. */
  start: AccumulatorState[] | null;
  /** Append: also profile the new rows alone (PSI of new rows against the previous version). */
  trackNew: boolean;
  /** Hash the file (SHA-256) after the last row and return it in ParseEnd. */
  hash: boolean;
  /**
   * Per column: profile it here (true), or leave it to the consumer, which sees every value in the blocks
   * anyway (false; the import profiles every column here, which keeps its SQLite thread to inserting).
   */
  profileHere: readonly boolean[];
}>;

/**
 * Rows ready to insert, columnar and cheap to pass between threads: numeric columns (INTEGER/REAL
 * storage) row-major in `nums` with NaN for missing; text columns row-major in `lens`: a value's length
 * (its text is next in the concatenated `text`), −1 for missing, or −2 − code for a dictionary-coded
 * value (byteDict.ts). `dict` holds the codes given out since the previous block, in order, as
 * [text column (0 = the first text column), value]: the consumer's dictionaries grow by them.
 */
export type Block = {
  rows: number;
  nums: Float64Array;
  text: string;
  lens: Int32Array;
  dict: [number, string | null][];
  violations: Violation[];
  bytesRead: number;
  size: number;
  rowsSoFar: number;
};

export type ParseEnd = {
  /** The file's SHA-256, when the spec asked for it. */
  sha256: string | null;
  rows: number;
  skipped: number;
  stats: ConvertStats[];
  accs: AccumulatorState[];
  accsNew: AccumulatorState[] | null;
  rejectedRows: number;
  byRule: { reason: string; count: number }[];
  first: Violation[];
  /** Rows that could not be read (CSV/TSV: ragged, text after a closing quote), quarantined: count and the first 3. */
  malformed: { count: number; examples: Violation[] };
};

/** SHA-256 of a file, read in 4 MiB chunks. */
export function hashFile(file: string): string {
  const h = createHash('sha256');
  for (const c of readChunks(file, 4 << 20)) h.update(c.bytes);
  return h.digest('hex');
}

/** Rows per Block: big enough that passing a block between threads costs little per row. */
const BLOCK_ROWS = 4096;

/** The byte reader for a UTF-8 CSV/TSV, unless turned off (KAIZEN_IMPORT_FAST=0, for comparison). */
function fastReader(spec: ParseSpec, delimiter: string, quote: string, width: number, hash: Hash | null, onBad: ((line: number, found: number, raw: string) => void) | undefined): FastCsvReader | null {
  if (process.env.KAIZEN_IMPORT_FAST === '0') return null;
  const limits = { ...DEFAULT_LIMITS, ...spec.source.limits };
  return new FastCsvReader(spec.file, { delimiter, quote, width, maxFieldChars: limits.maxFieldBytes, hash: hash ?? undefined, onBad });
}

/** Which stored columns are numeric (true) or text (false), in column order. */
export function numericLayout(columns: readonly { type: ColumnType }[]): boolean[] {
  return columns.map((c) => storageOf(c.type) !== 'TEXT');
}

/** Parses the whole file, yielding Blocks of up to BLOCK_ROWS rows and returning the tallies and profile state. */
export async function* produceRows(spec: ParseSpec): AsyncGenerator<Block, ParseEnd> {
  const cols = spec.columns;
  const width = cols.length;
  const src = await openSource(spec.file, spec.source);
  const seen = new Map<string, Set<Cell>>(spec.seen.map(([c, values]) => [c, new Set(values)]));
  for (const r of spec.rules) if (r.kind === 'unique' && !seen.has(r.column)) seen.set(r.column, new Set());
  const checks = compileRules(spec.rules, cols.map((c) => c.name), seen);
  const stats: ConvertStats[] = cols.map(() => newStats());
  const conv = cols.map((c, k) => makeConverter(c.type, c.dateFormat, spec.locale, stats[k]!));
  const accs = cols.map((c, k) => new ColumnAccumulator(c.type, spec.start?.[k], k + 1));
  const accsNew = spec.trackNew ? cols.map((c, k) => new ColumnAccumulator(c.type, undefined, k + 101)) : null;
  const pseudo = cols.map((c, k) => (c.pseudonymise ? k : -1)).filter((k) => k >= 0);
  if (pseudo.length > 0 && !spec.salt) throw new Error('pseudonymisation needs the event salt');
  const isNew = spec.cutoff ? isNewRow(spec.cutoff) : null;
  const numeric = numericLayout(cols);
  const numCount = numeric.filter(Boolean).length;
  // Stored-numeric columns in `nums` order, text columns in `lens` order (the writer's layout, numericLayout).
  const numIdx = numeric.flatMap((isNum, k) => (isNum ? [k] : []));
  const textIdx = numeric.flatMap((isNum, k) => (isNum ? [] : [k]));
  const keyed = cols.map((c) => c.type === 'boolean');
  const here = spec.profileHere;
  // Number columns are profiled a column of a block at a time when the block is taken (addNumbers: the same
  // result as value by value); a pseudonymised one (its cells become hashes) value by value as before.
  const colWise = cols.map((c, k) => here[k]! && numeric[k]! && !keyed[k] && !c.pseudonymise);
  const textCount = width - numCount;
  const srcIdx = cols.map((c) => c.srcIndex);
  let pending: Violation[] = [];
  let dictAdds: [number, string | null][] = [];
  const violations = new ViolationLog((vs) => pending.push(...vs));
  const malformed = { count: 0, examples: [] as Violation[] };
  /** A row that could not be read goes to the quarantine (in file order with the rule violations). */
  const quarantine = (b: BadRow): void => {
    const field = b.column === null ? null : b.column - 1;
    const column = field === null ? '(row)' : (cols.find((c) => c.srcIndex === field)?.name ?? src.headers[field] ?? `column ${b.column}`);
    const v: Violation = { line: b.line, column, value: quarantineValue(b.raw), reason: badRowReason(b), rule: MALFORMED_ROW };
    malformed.count++;
    if (malformed.examples.length < 3) malformed.examples.push(v);
    violations.add([v]);
  };
  // Sources whose text is not validated UTF-8 (UTF-16 files, JSON strings, XLSX cells) may hold unpaired
  // surrogates; each becomes U+FFFD (what SQLite would store anyway, but said) and is counted.
  const checkText = (src.format !== 'csv' && src.format !== 'tsv') || src.encoding === 'utf-16le' || src.encoding === 'utf-16be';
  const wellFormed = (raw: string, k: number, line: number): string => {
    if (isWellFormed(raw)) return raw;
    const s = stats[k]!;
    s.replaced++;
    if (s.replacedLines.length < 3) s.replacedLines.push(line);
    return toWellFormed(raw);
  };
  const cells: Cell[] = new Array(width);
  // Per column: the dictionary code of this row's value (fast path, text columns), else −1.
  const codes = new Int32Array(width).fill(-1);
  const raws: (string | null)[] = new Array(width);
  /**
   * Byte reader: the text of column k of the current row, for a violation's value where no rule reads the
   * text (required, min, max, unique) — made only when a rule fails, not for every row.
   */
  let lateRaw: ((k: number) => string) | null = null;
  /**
   * Byte reader without privacy or append filter: number columns' values are in `nv` (NaN = missing), and
   * in `cells` only where a rule reads them — no boxed double per value for the garbage collector.
   */
  let unboxed = false;
  const nv = new Float64Array(width);
  let rows = 0;
  let skipped = 0;
  let nums = new Float64Array(BLOCK_ROWS * numCount);
  let lens = new Int32Array(BLOCK_ROWS * textCount);
  // Text values appended with += (a rope that postMessage flattens once): measured 2–3× cheaper than join.
  let text = '';
  let ni = 0;
  let ti = 0;
  let out = 0;
  let bytesRead = () => src.bytesRead();
  const ready: Block[] = [];
  const take = (): Block => {
    for (let j = 0; j < numIdx.length; j++) {
      const k = numIdx[j]!;
      if (!colWise[k]) continue;
      accs[k]!.addNumbers(nums, j, numCount, out);
      accsNew?.[k]!.addNumbers(nums, j, numCount, out);
    }
    const b: Block = { rows: out, nums, text, lens, dict: dictAdds, violations: pending, bytesRead: bytesRead(), size: src.size, rowsSoFar: rows };
    nums = new Float64Array(BLOCK_ROWS * numCount);
    lens = new Int32Array(BLOCK_ROWS * textCount);
    text = '';
    pending = [];
    dictAdds = [];
    ni = ti = out = 0;
    return b;
  };

  /** One converted row in `cells` (and, for rule columns, its text in `raws`): append filter, rules, privacy, profile, block. */
  const processRow = (line: number): void => {
    if (isNew && !isNew(cells)) {
      skipped++;
      return;
    }
    let vs: Violation[] | null = null;
    for (const rc of checks) {
      const msg = rc.check(cells[rc.index]!, raws[rc.index]!);
      if (msg) (vs ??= []).push({ line, column: rc.column, value: raws[rc.index] ?? lateRaw?.(rc.index) ?? null, reason: msg, rule: rc.rule });
    }
    if (vs) {
      violations.add(vs);
      return;
    }
    for (const k of pseudo) {
      const v = cells[k];
      if (v !== null) cells[k] = createHash('sha256').update(spec.salt!).update(String(v)).digest('hex');
    }
    // Numbers (integer, real, timestamp; booleans are stored as numbers but profiled as keys), then text.
    if (unboxed) {
      for (let j = 0; j < numIdx.length; j++) {
        const k = numIdx[j]!;
        const x = nv[k]!;
        nums[ni++] = x;
        if (x !== x) {
          if (here[k] && !colWise[k]) accs[k]!.addMissing();
        } else if (keyed[k]) accs[k]!.addCoded(x, x); // a boolean: 0 or 1, its own code
        else if (here[k] && !colWise[k]) accs[k]!.addNumber(x);
      }
    } else for (let j = 0; j < numIdx.length; j++) {
      const k = numIdx[j]!;
      const v = cells[k] as number | null;
      if (v === null) {
        nums[ni++] = NaN;
        if (here[k] && !colWise[k]) {
          accs[k]!.addMissing();
          accsNew?.[k]!.addMissing();
        }
      } else {
        nums[ni++] = v;
        if (keyed[k]) {
          accs[k]!.addKey(v);
          accsNew?.[k]!.addKey(v);
        } else if (here[k] && !colWise[k]) {
          accs[k]!.addNumber(v);
          accsNew?.[k]!.addNumber(v);
        }
      }
    }
    for (let j = 0; j < textIdx.length; j++) {
      const k = textIdx[j]!;
      const v = cells[k] as string | null;
      if (v === null) {
        lens[ti++] = -1;
        accs[k]!.addMissing();
        accsNew?.[k]!.addMissing();
      } else {
        const c = codes[k]!;
        if (c >= 0) {
          lens[ti++] = -2 - c;
          accs[k]!.addCoded(c, v);
          accsNew?.[k]!.addCoded(c, v);
        } else {
          lens[ti++] = v.length;
          text += v;
          accs[k]!.addKey(v);
          accsNew?.[k]!.addKey(v);
        }
      }
    }
    rows++;
    if (++out === BLOCK_ROWS) ready.push(take());
  };

  const slowRows = async function* (batches: AsyncGenerator<Batch>): AsyncGenerator<Block> {
    for await (const batch of batches) {
      const count = batch.rows.length;
      const bad = batch.bad;
      let b = 0;
      for (let i = 0; i < count; i++) {
        const row = batch.rows[i]!;
        const line = batch.lines[i]!;
        if (bad) while (b < bad.length && bad[b]!.line < line) quarantine(bad[b++]!);
        for (let k = 0; k < width; k++) {
          let raw = row[srcIdx[k]!] ?? null;
          if (checkText && raw !== null) raw = wellFormed(raw, k, line);
          raws[k] = raw;
          cells[k] = conv[k]!(raw, line);
        }
        processRow(line);
        while (ready.length > 0) yield ready.shift()!;
      }
      if (bad) while (b < bad.length) quarantine(bad[b++]!);
      // Violations and progress also travel with a block; send a short one when they would otherwise wait long.
      if ((out > 0 || pending.length > 0) && (pending.length >= 1000 || src.bytesRead() >= src.size)) yield take();
    }
  };

  // The file's SHA-256: the fast reader hashes what it reads; the rest (after a handover, or all of a
  // file it does not read) is hashed after the last row.
  const hash = spec.hash ? createHash('sha256') : null;
  let hashedUpTo = 0;
  const width0 = src.headers.length;
  const onBad = spec.source.strict ? undefined : (line: number, found: number, raw: string) => quarantine({ line, found, width: width0, column: null, after: null, raw });
  const reader = src.batchesFrom && src.encoding === 'utf-8' && src.delimiter && src.quote ? fastReader(spec, src.delimiter, src.quote, width0, hash, onBad) : null;
  if (reader) {
    // Columns whose text the rules read (allowed values, patterns); a violated rule's text comes from lateRaw.
    const rawNeeded = new Uint8Array(width);
    checks.forEach((rc, i) => {
      const kind = spec.rules[i]!.kind;
      if (kind === 'allowed' || kind === 'regex') rawNeeded[rc.index] = 1;
    });
    lateRaw = (k) => reader.text(srcIdx[k]!);
    // accsNew is only kept for an append, which has a filter: unboxed rows never need it.
    unboxed = pseudo.length === 0 && isNew === null && accsNew === null;
    const boxed = new Uint8Array(width).fill(unboxed ? 0 : 1);
    for (const rc of checks) boxed[rc.index] = 1;
    const fastNum = cols.map((c) => (c.type === 'integer' || c.type === 'real') && spec.locale === 'dot');
    const isBool = cols.map((c) => c.type === 'boolean');
    const isIso = cols.map((c) => c.type === 'timestamp' && (c.dateFormat ?? 'iso') === 'iso');
    const isInt = cols.map((c) => c.type === 'integer');
    // Text columns (not pseudonymised: their stored values are hashes) code their repeated values.
    const dicts = cols.map((c) => ((c.type === 'category' || c.type === 'text') && !c.pseudonymise ? new ByteDict() : null));
    const textPos = cols.map((_, k) => textIdx.indexOf(k));
    const onRow = (line: number): void => {
      const buf = reader.buf;
      for (let k = 0; k < width; k++) {
        const f = srcIdx[k]!;
        const s0 = reader.starts[f]!;
        const e0 = reader.ends[f]!;
        if (s0 === e0) {
          cells[k] = null;
          nv[k] = NaN;
          raws[k] = rawNeeded[k] ? '' : null;
          continue;
        }
        if (fastNum[k]) {
          const v = parseDecimalBytes(buf, s0, e0);
          if (v === v && (!isInt[k] || Number.isInteger(v))) {
            nv[k] = v;
            if (boxed[k]) cells[k] = v;
            raws[k] = rawNeeded[k] ? reader.text(f) : null;
            continue;
          }
        } else if (isIso[k]) {
          const t = isoFromBytes(buf, s0, e0);
          if (t !== undefined) {
            nv[k] = t;
            if (boxed[k]) cells[k] = t;
            raws[k] = rawNeeded[k] ? reader.text(f) : null;
            continue;
          }
        } else if (dicts[k]) {
          const dict = dicts[k]!;
          let c = dict.find(buf, s0, e0);
          if (c === NOT_FOUND) {
            const raw = reader.text(f);
            const v = conv[k]!(raw, line) as string | null;
            c = dict.add(buf, s0, e0, raw, v);
            dictAdds.push([textPos[k]!, v]);
          }
          if (c >= 0) {
            codes[k] = c;
            cells[k] = dict.values[c] as string | null;
            raws[k] = rawNeeded[k] ? dict.raws[c]! : null;
            continue;
          }
          codes[k] = -1;
          const raw = reader.plainText(f);
          raws[k] = raw;
          cells[k] = conv[k]!(raw, line);
          continue;
        } else if (isBool[k]) {
          const len = e0 - s0;
          if (len === 4 && buf[s0] === 116 && buf[s0 + 1] === 114 && buf[s0 + 2] === 117 && buf[s0 + 3] === 101) {
            cells[k] = nv[k] = 1;
            raws[k] = rawNeeded[k] ? 'true' : null;
            continue;
          }
          if (len === 5 && buf[s0] === 102 && buf[s0 + 1] === 97 && buf[s0 + 2] === 108 && buf[s0 + 3] === 115 && buf[s0 + 4] === 101) {
            cells[k] = nv[k] = 0;
            raws[k] = rawNeeded[k] ? 'false' : null;
            continue;
          }
        }
        const raw = reader.text(f);
        raws[k] = raw;
        const v = conv[k]!(raw, line);
        cells[k] = v;
        if (numeric[k]) nv[k] = v === null ? NaN : (v as number);
      }
      processRow(line);
    };
    bytesRead = () => reader.bytesRead;
    try {
      while (reader.step(onRow)) {
        if (pending.length >= 1000) ready.push(take());
        while (ready.length > 0) yield ready.shift()!;
      }
      while (ready.length > 0) yield ready.shift()!;
    } finally {
      reader.close();
      lateRaw = null;
      unboxed = false;
    }
    bytesRead = () => src.bytesRead();
    hashedUpTo = reader.readUpTo;
    codes.fill(-1);
    const h = reader.handover;
    if (h) yield* slowRows(h.offset < 0 ? src.batches() : src.batchesFrom!(h.offset, h.line));
  } else yield* slowRows(src.batches());
  if (out > 0 || pending.length > 0) yield take();
  if (hash) for (const c of readChunks(spec.file, 4 << 20, hashedUpTo)) hash.update(c.bytes);
  const sha256 = hash ? hash.digest('hex') : null;
  return {
    sha256,
    rows,
    skipped,
    stats,
    accs: accs.map((a) => a.state()),
    accsNew: accsNew?.map((a) => a.state()) ?? null,
    rejectedRows: violations.rejectedRows,
    byRule: violations.summary(),
    first: violations.first,
    malformed,
  };
}
