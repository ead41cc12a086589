import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../../common/contract/errors';
import { DuckRunner } from './runner';
import type { RunnerOptions } from './runner';
import { quoteIdent, quoteString, readerSql } from './sql';
import type { LinkedFormat } from './sql';

/** The hive partition column a conversion adds (day of the time column, UTC); left out of the linked columns. */
export const DAY_PARTITION = 'kaizen_day';

/**
 * Converts a big CSV/TSV/JSON Lines file ONCE into day-partitioned Parquet (`<out>/kaizen_day=YYYY-MM-DD/*.parquet`),
 * which later queries read instead (about 4× smaller than the CSV and read column by column). One DuckDB COPY …
 * PARTITION_BY in a child process, with DuckDB's own progress and cancel (the process is killed). It writes into
 * `<out>.partial` and renames it when complete: a cancel, a crash or a full disk leaves no half-written folder.
 */
export async function convertToDayParquet(
  format: LinkedFormat,
  location: string,
  timeColumn: { physical: string; nativeType: string } | null,
  out: string,
  opts: RunnerOptions & { signal?: AbortSignal; onProgress?: (pct: number) => void } = {},
): Promise<void> {
  if (format === 'parquet' || format === 'parquet-folder') throw new AppError('BAD_INPUT', `${location} is Parquet already; link it directly.`);
  if (fs.existsSync(out)) throw new AppError('CONFLICT', `${out} exists already; nothing was converted.`);
  const partial = `${out}.partial`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const r = new DuckRunner(opts);
  try {
    const t = timeColumn ? quoteIdent(timeColumn.physical) : null;
    // The day (UTC) of each row; rows without a time go to kaizen_day=NULL.
    const day = !t
      ? 'NULL'
      : /^TIMESTAMP|^DATE$/i.test(timeColumn!.nativeType)
        ? `CAST(make_timestamp(epoch_us(${t})) AS DATE)`
        : `CAST(make_timestamp(epoch_us(TRY_CAST(${t} AS TIMESTAMPTZ))) AS DATE)`;
    const sql = `COPY (SELECT *, ${day} AS ${DAY_PARTITION} FROM ${readerSql(format, location)}) TO ${quoteString(partial)} (FORMAT parquet, PARTITION_BY (${DAY_PARTITION}), COMPRESSION zstd)`;
    await r.query(sql, [], opts.signal, opts.onProgress ?? (() => undefined));
    if (opts.signal?.aborted) throw new AppError('CANCELLED', 'The conversion was cancelled; nothing was saved.');
    fs.renameSync(partial, out);
    opts.onProgress?.(100);
  } catch (e) {
    await r.close();
    fs.rmSync(partial, { recursive: true, force: true });
    if (e instanceof AppError && e.code === 'BAD_INPUT') throw new AppError('BAD_INPUT', `Converting ${location} to Parquet failed: ${e.message.split('\n')[0]}`);
    throw e;
  } finally {
    await r.close();
  }
}
