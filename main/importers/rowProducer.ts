import { createHash } from 'node:crypto';
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
import { openSource } from './source';
import type { SourceOptions } from './source';
import type { DateFormat, NumberLocale } from './valueParse';

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
}>;

/**
 * Rows ready to insert, columnar and cheap to pass between threads: numeric columns (INTEGER/REAL
 * storage) row-major in `nums` with NaN for missing; text columns row-major as one concatenated string
 * with each value's length in `lens` (−1 for missing).
 */
export type Block = {
  rows: number;
  nums: Float64Array;
  text: string;
  lens: Int32Array;
  violations: Violation[];
  bytesRead: number;
  size: number;
  rowsSoFar: number;
};

export type ParseEnd = {
  rows: number;
  skipped: number;
  stats: ConvertStats[];
  accs: AccumulatorState[];
  accsNew: AccumulatorState[] | null;
  rejectedRows: number;
  byRule: { reason: string; count: number }[];
  first: Violation[];
};

/** Rows per Block: big enough that passing a block between threads costs little per row. */
const BLOCK_ROWS = 4096;

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
  const textCount = width - numCount;
  const srcIdx = cols.map((c) => c.srcIndex);
  let pending: Violation[] = [];
  const violations = new ViolationLog((vs) => pending.push(...vs));
  const cells: Cell[] = new Array(width);
  const raws: (string | null)[] = new Array(width);
  let rows = 0;
  let skipped = 0;
  let nums = new Float64Array(BLOCK_ROWS * numCount);
  let lens = new Int32Array(BLOCK_ROWS * textCount);
  let texts: string[] = [];
  let ni = 0;
  let ti = 0;
  let out = 0;
  const take = (): Block => {
    const b: Block = { rows: out, nums, text: texts.join(''), lens, violations: pending, bytesRead: src.bytesRead(), size: src.size, rowsSoFar: rows };
    nums = new Float64Array(BLOCK_ROWS * numCount);
    lens = new Int32Array(BLOCK_ROWS * textCount);
    texts = [];
    pending = [];
    ni = ti = out = 0;
    return b;
  };
  for await (const batch of src.batches()) {
    const count = batch.rows.length;
    for (let i = 0; i < count; i++) {
      const row = batch.rows[i]!;
      const line = batch.lines[i]!;
      for (let k = 0; k < width; k++) {
        const raw = row[srcIdx[k]!] ?? null;
        raws[k] = raw;
        cells[k] = conv[k]!(raw, line);
      }
      if (isNew && !isNew(cells)) {
        skipped++;
        continue;
      }
      let vs: Violation[] | null = null;
      for (const rc of checks) {
        const msg = rc.check(cells[rc.index]!, raws[rc.index]!);
        if (msg) (vs ??= []).push({ line, column: rc.column, value: raws[rc.index] ?? null, reason: msg, rule: rc.rule });
      }
      if (vs) {
        violations.add(vs);
        continue;
      }
      for (const k of pseudo) {
        const v = cells[k];
        if (v !== null) cells[k] = createHash('sha256').update(spec.salt!).update(String(v)).digest('hex');
      }
      for (let k = 0; k < width; k++) {
        const v = cells[k]!;
        accs[k]!.add(v);
        if (accsNew) accsNew[k]!.add(v);
        if (numeric[k]) nums[ni++] = v === null ? NaN : (v as number);
        else if (v === null) lens[ti++] = -1;
        else {
          const s = v as string;
          lens[ti++] = s.length;
          texts.push(s);
        }
      }
      rows++;
      if (++out === BLOCK_ROWS) yield take();
    }
    // Violations and progress also travel with a block; send a short one when they would otherwise wait long.
    if (out > 0 && (pending.length >= 1000 || src.bytesRead() >= src.size)) yield take();
  }
  if (out > 0 || pending.length > 0) yield take();
  return {
    rows,
    skipped,
    stats,
    accs: accs.map((a) => a.state()),
    accsNew: accsNew?.map((a) => a.state()) ?? null,
    rejectedRows: violations.rejectedRows,
    byRule: violations.summary(),
    first: violations.first,
  };
}
