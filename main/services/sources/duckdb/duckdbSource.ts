import fs from 'node:fs';
import { AppError } from '../../../../common/contract/errors';
import { bucketLength } from '../../../../common/domain/sources/evaluate';
import type { AggregateQuery, AggregateResult, AggregateRow, MeasureCell, SourceColumnType } from '../../../../common/domain/sources/queryTree';
import type { HistogramResult, SampleResult, Source, SourceSchema } from '../source';
import { fileFingerprint, missingFile, parquetFilesUnder } from './files';
import { DuckRunner } from './runner';
import type { QueryRows, RunnerOptions } from './runner';
import { aggregateSql, bucketCountsSql, histogramSql, readerSql, sampleSql, viewSql } from './sql';
import type { DuckLink } from './sql';

/**
 * DuckDB over local files (Parquet, a folder of Parquet, CSV/TSV, JSON Lines), read in place by one in-memory
 * DuckDB per source object (a job) in a child process (runner.ts). Exact quantiles are DuckDB's quantile_cont,
 * the same type-7 definition as the SQLite path. Bounded memory: above PARTITION_ABOVE rows, an exact bucketed
 * quantile query runs partition by partition (consecutive buckets of at most PARTITION_ROWS rows, in order), as
 * quantiles over 100M rows at once used 3.6 GiB even with memory_limit=1GB; in 'auto' mode above AUTO_APPROX_ABOVE
 * rows quantiles are approx_quantile (t-digest), labelled approximate.
 */

export const PARTITION_ABOVE = 20_000_000;
export const PARTITION_ROWS = 12_000_000;
export const AUTO_APPROX_ABOVE = 50_000_000;

export type DuckSourceOptions = RunnerOptions & Readonly<{ rowCount?: number; partitionAbove?: number; partitionRows?: number }>;

export type DuckSource = Source & Readonly<{ runner: () => DuckRunner }>;

/** Maps a DuckDB native type to the import's storage types. */
export function storageType(native: string): SourceColumnType {
  const t = native.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|REAL)$|^DECIMAL/.test(t)) return 'real';
  if (/^TIMESTAMP|^DATE$/.test(t)) return 'timestamp';
  if (t === 'BOOLEAN') return 'boolean';
  return 'text';
}

/** Columns and rows of a location, before a link exists (the link wizard's first step). */
export async function describeLocation(r: DuckRunner, format: DuckLink['format'], location: string, signal?: AbortSignal): Promise<{ columns: { physical: string; nativeType: string }[]; rowCount: number }> {
  const from = readerSql(format, location);
  const d = await runChecked(r, location, `DESCRIBE SELECT * FROM ${from}`, [], signal);
  const columns = d.rows.map((row) => ({ physical: String(row[0]), nativeType: String(row[1]) }));
  const c = await runChecked(r, location, `SELECT count(*) FROM ${from}`, [], signal);
  return { columns, rowCount: Number(c.rows[0]?.[0] ?? 0) };
}

const disappeared = (location: string) =>
  new AppError('NOT_FOUND', `The linked file ${location} disappeared while it was being read; nothing was saved. Put it back, or re-link the dataset.`, { path: location });

/** A DuckDB error on a linked location, said plainly: the file went away mid-query, or DuckDB's own message with the path. */
async function runChecked(r: DuckRunner, location: string, sql: string, params: readonly (number | string)[], signal?: AbortSignal, onProgress?: (pct: number) => void): Promise<QueryRows> {
  try {
    return await r.query(sql, params, signal, onProgress);
  } catch (e) {
    if (e instanceof AppError && e.code !== 'BAD_INPUT') throw e;
    if (!fs.existsSync(location)) throw disappeared(location);
    const msg = e instanceof Error ? e.message : String(e);
    throw new AppError('BAD_INPUT', `DuckDB could not read ${location}: ${msg.split('\n')[0]}`, { path: location });
  }
}

export function createDuckSource(link: DuckLink, opts: DuckSourceOptions = {}): DuckSource {
  let runner: DuckRunner | null = null;
  let viewReady: Promise<unknown> | null = null;
  let rowCount = opts.rowCount ?? null;
  const partitionAbove = opts.partitionAbove ?? PARTITION_ABOVE;
  const partitionRows = opts.partitionRows ?? PARTITION_ROWS;
  const start = () => (runner ??= new DuckRunner(opts));
  const ensure = (signal?: AbortSignal): DuckRunner => {
    const gone = link.format === 'parquet-folder' ? !fs.existsSync(link.location) || parquetFilesUnder(link.location).length === 0 : !fs.existsSync(link.location);
    if (gone && viewReady) throw disappeared(link.location);
    if (gone) throw missingFile(link.location);
    const r = start();
    viewReady ??= runChecked(r, link.location, viewSql(link), [], signal);
    return r;
  };
  const run = async (sql: string, params: readonly (number | string)[], signal?: AbortSignal): Promise<QueryRows> => {
    const r = ensure(signal);
    await viewReady;
    return runChecked(r, link.location, sql, params, signal);
  };
  const rows = async (signal?: AbortSignal): Promise<number> => {
    if (rowCount === null) rowCount = Number((await run('SELECT count(*) FROM src', [], signal)).rows[0]?.[0] ?? 0);
    return rowCount;
  };

  const toRows = (q: AggregateQuery, res: QueryRows): { rows: AggregateRow[]; spans: ({ first: number; last: number } | null)[] } => {
    const at = new Map(res.columns.map((c, i) => [c, i]));
    const get = (row: unknown[], c: string) => row[at.get(c)!];
    const spans: ({ first: number; last: number } | null)[] = q.measures.map(() => null);
    const out: AggregateRow[] = [];
    for (const row of res.rows) {
      if (Number(get(row, 'kept')) === 0) continue;
      const cells: MeasureCell[] = q.measures.map((m, j) => {
        const n = Number(get(row, `m${j}_n`) ?? 0);
        const v = get(row, `m${j}_v`);
        if (at.has(`m${j}_a`) && n > 0) {
          const a = Number(get(row, `m${j}_a`));
          const b = Number(get(row, `m${j}_b`));
          const s = spans[j];
          spans[j] = s ? { first: Math.min(s.first, a), last: Math.max(s.last, b) } : { first: a, last: b };
        }
        if (m.kind === 'quantiles') {
          const list = n > 0 && Array.isArray(v) ? v.map((x) => (x === null ? null : Number(x))) : m.probs.map(() => null);
          return { value: list[0] ?? null, values: list, n };
        }
        if (n === 0) return { value: null, n };
        if (m.kind === 'mean') return { value: Number(v) / n, n };
        if (m.kind === 'rate') return { value: Number(v) / n, n };
        return { value: Number(v), n };
      });
      const b = get(row, 'b');
      const g = get(row, 'g');
      out.push({ start: b === null || b === undefined ? null : Number(b), group: g === undefined ? null : (g as string | number | null), cells });
    }
    return { rows: out, spans };
  };

  const source: DuckSource = {
    kind: 'duckdb',
    location: link.location,
    capabilities: { quantile: 'type7', sampling: true, cancel: true },
    runner: start,
    async schema(signal): Promise<SourceSchema> {
      return { columns: link.columns.map((c) => ({ name: c.name, type: c.type, nativeType: c.nativeType })), rowCount: await rows(signal) };
    },
    async aggregate(q, signal): Promise<AggregateResult> {
      const mode = q.quantiles ?? 'exact';
      const hasQuantiles = q.measures.some((m) => m.kind === 'quantiles');
      const n = hasQuantiles && mode !== 'approx' ? await rows(signal) : (rowCount ?? 0);
      const approx = hasQuantiles && (mode === 'approx' || (mode === 'auto' && n > AUTO_APPROX_ABOVE));
      const method = approx ? 'approx' : 'type7';
      const canSplit = q.bucket && (!q.window || q.window.column === q.bucket.column);
      if (hasQuantiles && !approx && canSplit && n > partitionAbove) {
        // Exact quantiles partition by partition: consecutive buckets of at most partitionRows rows.
        const counts = bucketCountsSql(link, q)!;
        const buckets = (await run(counts.text, counts.params, signal)).rows.map((r) => ({ b: Number(r[0]), n: Number(r[1]) }));
        const len = bucketLength(q.bucket!.unit);
        const parts: { from: number; to: number }[] = [];
        for (const { b, n: k } of buckets) {
          const last = parts[parts.length - 1];
          if (last && last.to === b && (last as { rows?: number }).rows! + k <= partitionRows) {
            last.to = b + len;
            (last as { rows?: number }).rows! += k;
          } else parts.push(Object.assign({ from: b, to: b + len }, { rows: k }));
        }
        const all: AggregateRow[] = [];
        const spans: ({ first: number; last: number } | null)[] = q.measures.map(() => null);
        let text = '';
        for (const p of parts) {
          const from = Math.max(p.from, q.window?.from ?? -Infinity);
          const to = Math.min(p.to, q.window?.to ?? Infinity);
          const sub: AggregateQuery = { ...q, window: { column: q.bucket!.column, from, to } };
          const sql = aggregateSql(link, sub, false);
          text ||= sql.text;
          const got = toRows(sub, await run(sql.text, sql.params, signal));
          all.push(...got.rows);
          got.spans.forEach((s, j) => {
            const t = spans[j];
            if (s) spans[j] = t ? { first: Math.min(t.first, s.first), last: Math.max(t.last, s.last) } : s;
          });
        }
        return { rows: all, spans, quantileMethod: method, queryText: `${viewSql(link)};\n-- per partition of ≤ ${partitionRows} rows (${parts.length} partitions), e.g.:\n${text}`, rowsScanned: n };
      }
      const sql = aggregateSql(link, q, approx);
      const got = toRows(q, await run(sql.text, sql.params, signal));
      return { rows: got.rows, spans: got.spans, quantileMethod: method, queryText: `${viewSql(link)};\n${sql.text}`, rowsScanned: rowCount };
    },
    async sample(columns, n, seed, signal, opts): Promise<SampleResult> {
      const sql = sampleSql(link, columns, n, seed, opts ?? {});
      const total = await rows(signal);
      const res = await run(sql.text, sql.params, signal);
      const out: Record<string, (number | string | null)[]> = {};
      columns.forEach((c, i) => {
        out[c] = res.rows.map((r) => (r[i] ?? null) as number | string | null);
      });
      return { columns: out, totalRows: total, sampled: total > n, queryText: sql.text };
    },
    async histogram(column, innerEdges, signal, opts): Promise<HistogramResult> {
      const sql = histogramSql(link, column, innerEdges, opts ?? {});
      const res = await run(sql.text, sql.params, signal);
      const counts = new Array<number>(innerEdges.length + 1).fill(0);
      let missing = 0;
      for (const [bin, k] of res.rows) {
        if (Number(bin) < 0) missing = Number(k);
        else counts[Number(bin)] = Number(k);
      }
      return { counts, missing, queryText: sql.text };
    },
    async fingerprint() {
      return fileFingerprint(link.format, link.location);
    },
    async close() {
      const r = runner;
      runner = null;
      viewReady = null;
      await r?.close();
    },
  };
  return source;
}
