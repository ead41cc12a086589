import path from 'node:path';
import { AppError } from '../../../common/contract/errors';
import { makeConverter, newStats } from '../../importers/convert';
import { inferColumns, numericLooking } from '../../importers/infer';
import { INFER_SAMPLE_ROWS } from '../../importers/readTableFile';
import type { ColumnType } from '../../importers/readTableFile';
import { openSource } from '../../importers/source/index';
import type { RawRow } from '../../importers/source/index';
import { detectNumberLocale } from '../../importers/valueParse';

/**
 * A column of a log read for the guardrails check: numbers (timestamps as epoch ms, booleans 0/1, missing NaN) in a
 * Float64Array, or text as dictionary codes (−1 = missing) into `dict`, so a 1,000,000-row log costs 8 or 4 bytes a
 * row per column used and nothing for the columns no check needs.
 */
export type LogColumn =
  | Readonly<{ name: string; type: ColumnType; kind: 'number'; values: Float64Array }>
  | Readonly<{ name: string; type: ColumnType; kind: 'text'; codes: Int32Array; dict: readonly string[] }>;

export type LogTable = Readonly<{ fileName: string; rowCount: number; headers: readonly string[]; columns: ReadonlyMap<string, LogColumn> }>;

/** The cell as the KPI filters see it (`matches`): a number, a text, or null. */
export function cellAt(c: LogColumn, i: number): number | string | null {
  if (c.kind === 'number') {
    const v = c.values[i]!;
    return Number.isNaN(v) ? null : v;
  }
  const k = c.codes[i]!;
  return k < 0 ? null : c.dict[k]!;
}

type Builder = { add: (cell: number | string | boolean | null, i: number) => void; done: (n: number) => LogColumn };

function builder(name: string, type: ColumnType): Builder {
  if (type === 'integer' || type === 'real' || type === 'timestamp' || type === 'boolean') {
    let values = new Float64Array(1 << 16);
    return {
      add: (cell, i) => {
        if (i >= values.length) {
          const grown = new Float64Array(values.length * 2);
          grown.set(values);
          values = grown;
        }
        values[i] = typeof cell === 'number' ? cell : typeof cell === 'boolean' ? (cell ? 1 : 0) : Number.NaN;
      },
      done: (n) => ({ name, type, kind: 'number', values: values.slice(0, n) }),
    };
  }
  let codes = new Int32Array(1 << 16);
  const dict: string[] = [];
  const index = new Map<string, number>();
  return {
    add: (cell, i) => {
      if (i >= codes.length) {
        const grown = new Int32Array(codes.length * 2);
        grown.set(codes);
        codes = grown;
      }
      if (cell === null) {
        codes[i] = -1;
        return;
      }
      const s = String(cell);
      let k = index.get(s);
      if (k === undefined) {
        k = dict.length;
        dict.push(s);
        index.set(s, k);
      }
      codes[i] = k;
    },
    done: (n) => ({ name, type, kind: 'text', codes: codes.slice(0, n), dict }),
  };
}

/**
 * Streams a CSV/TSV/JSON/JSONL/XLSX log with the importer's readers and type inference (the first 20,000 rows, as
 * the importer), converting only the columns named in `wanted` (those the file has). Rows that cannot be read
 * refuse the file (strict, as `readTableFile`): AppError BAD_INPUT naming file and line.
 */
export async function readLogColumns(file: string, wanted: ReadonlySet<string>): Promise<LogTable> {
  const src = await openSource(file, { strict: true });
  const headers = src.headers;
  const picked = headers.map((h, j) => ({ h, j })).filter(({ h }) => wanted.has(h));
  const sample: RawRow[] = [];
  let builders: { j: number; b: Builder; convert: (raw: string | null, line: number) => number | string | boolean | null }[] | null = null;
  let n = 0;
  const start = () => {
    const locale = detectNumberLocale(numericLooking(sample));
    const inferred = inferColumns(headers, sample, locale);
    builders = picked.map(({ h, j }) => {
      const c = inferred[j]!;
      const type: ColumnType = c.type === 'timestamp' && c.needsDateOrder ? 'text' : c.type;
      const convert = makeConverter(type, c.dateFormat, locale, newStats());
      return { j, b: builder(h, type), convert: (raw: string | null, line: number) => { const v = convert(raw, line); return type === 'boolean' && v !== null ? v === 1 : v; } };
    });
  };
  const take = (r: RawRow) => {
    for (const { j, b, convert } of builders!) b.add(convert(r[j] ?? null, n + 2), n);
    n++;
  };
  for await (const batch of src.batches()) {
    for (const r of batch.rows) {
      if (builders === null) {
        sample.push(r);
        if (sample.length === INFER_SAMPLE_ROWS) {
          start();
          for (const s of sample) take(s);
          sample.length = 0;
        }
      } else take(r);
    }
  }
  if (builders === null) {
    if (sample.length === 0) throw new AppError('BAD_INPUT', `${path.basename(file)}: the log has no data rows.`);
    start();
    for (const s of sample) take(s);
  }
  const columns = new Map<string, LogColumn>();
  for (const { b } of builders!) {
    const c = b.done(n);
    columns.set(c.name, c);
  }
  return { fileName: src.fileName, rowCount: n, headers, columns };
}
