import { AppError } from '../../../../common/contract/errors';
import type { AggregateQuery, Condition, Measure, SourceColumnType } from '../../../../common/domain/sources/queryTree';
import { bucketLength } from '../../../../common/domain/sources/evaluate';

/**
 * DuckDB SQL generated from the query tree (common/domain/sources/queryTree), never from user text: column names
 * are bound through the link's column mapping to aliases c0, c1 … of one view `src` over the file(s); every value
 * a user typed (filter values, histogram edges, window bounds) is a bound parameter. Only the file location (a path
 * the user chose, stored with the link) is written into the SQL, as an escaped string literal.
 */

export type LinkedFormat = 'parquet' | 'parquet-folder' | 'csv' | 'tsv' | 'jsonl';

/** One column of a linked file: logical name ↔ physical name, storage type and the engine's native type. */
export type BoundColumn = Readonly<{ name: string; physical: string; type: SourceColumnType; nativeType: string }>;

export type DuckLink = Readonly<{ format: LinkedFormat; location: string; columns: readonly BoundColumn[] }>;

export type Sql = { text: string; params: (number | string)[] };

/** Numbered parameters ($1, $2 …): a fragment using one can be repeated (FILTER clauses) without re-binding. */
export class Params {
  readonly values: (number | string)[] = [];
  add(v: number | string): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

export const quoteIdent = (s: string): string => `"${s.replace(/"/g, '""')}"`;
export const quoteString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** The table function reading a linked location (paths only from the stored link, escaped). */
export function readerSql(format: LinkedFormat, location: string): string {
  const loc = quoteString(location);
  switch (format) {
    case 'parquet':
      return `read_parquet(${loc})`;
    case 'parquet-folder':
      return `read_parquet(${quoteString(`${location.replace(/[\\/]+$/, '')}/**/*.parquet`)}, hive_partitioning = true, union_by_name = true)`;
    case 'csv':
      return `read_csv(${loc}, header = true, delim = ',', sample_size = 100000)`;
    case 'tsv':
      return `read_csv(${loc}, header = true, delim = '\t', sample_size = 100000)`;
    case 'jsonl':
      return `read_json(${loc}, format = 'newline_delimited', sample_size = 100000)`;
  }
}

const isTimestampNative = (t: string) => /^TIMESTAMP/i.test(t);
/** A plain TIMESTAMP (no time zone): compared with make_timestamp() so DuckDB can skip row groups by their statistics. */
const isPlainTimestamp = (t: string) => /^TIMESTAMP(_S|_MS|_NS)?$/i.test(t.trim());
const isTextNative = (t: string) => /^VARCHAR|^STRING|^TEXT/i.test(t);
const isNumericType = (t: SourceColumnType) => t === 'integer' || t === 'real' || t === 'timestamp' || t === 'boolean';

/** The view's expression of a column: numbers (timestamps as epoch ms) as DOUBLE, text as VARCHAR. */
function columnExpr(c: BoundColumn): string {
  const p = quoteIdent(c.physical);
  if (c.type === 'timestamp') {
    if (isTimestampNative(c.nativeType)) return `CAST(epoch_ms(${p}) AS DOUBLE)`;
    if (/^DATE$/i.test(c.nativeType)) return `CAST(epoch_ms(CAST(${p} AS TIMESTAMP)) AS DOUBLE)`;
    if (isTextNative(c.nativeType)) return `CAST(epoch_ms(TRY_CAST(${p} AS TIMESTAMPTZ)) AS DOUBLE)`;
    return `TRY_CAST(${p} AS DOUBLE)`;
  }
  if (isNumericType(c.type)) return isTextNative(c.nativeType) ? `TRY_CAST(${p} AS DOUBLE)` : `CAST(${p} AS DOUBLE)`;
  return `CAST(${p} AS VARCHAR)`;
}

/** CREATE VIEW src: c<i> for each bound column, r<i> beside a TIMESTAMP column (its raw value, for filter pushdown). */
export function viewSql(link: DuckLink): string {
  const cols = link.columns.flatMap((c, i) => {
    const out = [`${columnExpr(c)} AS c${i}`];
    if (c.type === 'timestamp' && isPlainTimestamp(c.nativeType)) out.push(`${quoteIdent(c.physical)} AS r${i}`);
    return out;
  });
  return `CREATE OR REPLACE TEMP VIEW src AS SELECT ${cols.length > 0 ? cols.join(', ') : '1 AS one'} FROM ${readerSql(link.format, link.location)}`;
}

/** Binds logical names to the view's aliases; an unknown name is a clear NOT_FOUND. */
export class Binder {
  private readonly byName: Map<string, { i: number; c: BoundColumn }>;
  constructor(private readonly link: DuckLink) {
    this.byName = new Map(link.columns.map((c, i) => [c.name, { i, c }]));
  }
  column(name: string): { alias: string; raw: string | null; c: BoundColumn } {
    const b = this.byName.get(name);
    if (!b) {
      throw new AppError('NOT_FOUND', `The linked file ${this.link.location} has no column "${name}" (columns: ${this.link.columns.map((c) => c.name).join(', ')}).`, { column: name });
    }
    const raw = b.c.type === 'timestamp' && isPlainTimestamp(b.c.nativeType) ? `r${b.i}` : null;
    return { alias: `c${b.i}`, raw, c: b.c };
  }
}

/** `column op value` with conditionHolds' meaning (a missing cell only satisfies !=; Number()/String() of the cell). */
export function conditionSql(cond: Condition, bind: Binder, ps: Params): string {
  const { alias: x, c } = bind.column(cond.column);
  const numeric = typeof cond.value === 'number' || (cond.op !== '=' && cond.op !== '!=');
  const numCol = isNumericType(c.type);
  if (numeric) {
    const v = Number(cond.value);
    // Number(value) is NaN: every comparison is false except !=.
    if (Number.isNaN(v)) return cond.op === '!=' ? 'TRUE' : 'FALSE';
    const cell = numCol ? x : `TRY_CAST(${x} AS DOUBLE)`;
    const p = ps.add(v);
    return cond.op === '!=' ? `(${cell} IS NULL OR ${cell} != ${p})` : `(${cell} IS NOT NULL AND ${cell} ${cond.op} ${p})`;
  }
  const s = String(cond.value);
  if (numCol) {
    // String(number) === s exactly when the number equals Number(s) and s is its canonical form.
    const v = Number(s);
    const canonical = s.trim() !== '' && Number.isFinite(v) && String(v) === s;
    if (!canonical) return cond.op === '!=' ? 'TRUE' : 'FALSE';
    const p = ps.add(v);
    return cond.op === '!=' ? `(${x} IS NULL OR ${x} != ${p})` : `(${x} IS NOT NULL AND ${x} = ${p})`;
  }
  const p = ps.add(s);
  return cond.op === '!=' ? `(${x} IS NULL OR ${x} != ${p})` : `(${x} IS NOT NULL AND ${x} = ${p})`;
}

/** Probabilities come from code (KPI statistics), never from text; checked and written as DOUBLE literals. */
function probList(probs: readonly number[], type: 'DOUBLE' | 'FLOAT' = 'DOUBLE'): string {
  for (const p of probs) if (!(typeof p === 'number' && p >= 0 && p <= 1)) throw new AppError('BAD_INPUT', `A quantile probability must be in [0, 1] (got ${p}).`);
  return `[${probs.map((p) => `CAST('${String(p)}' AS ${type})`).join(', ')}]`;
}

/** The WHERE shared by every measure: the time present and in the window, and the filters. */
export function whereSql(q: Pick<AggregateQuery, 'filters' | 'window' | 'bucket'>, bind: Binder, ps: Params): string {
  const parts: string[] = [];
  const timeName = q.bucket?.column ?? q.window?.column;
  if (timeName) parts.push(`isfinite(${bind.column(timeName).alias})`);
  if (q.window) {
    const w = bind.column(q.window.column);
    if (q.window.column !== timeName) parts.push(`isfinite(${w.alias})`);
    if (q.window.from !== undefined) {
      // The raw TIMESTAMP comparison lets DuckDB skip row groups (Parquet statistics); the DOUBLE one is exact.
      if (w.raw) parts.push(`${w.raw} >= make_timestamp(CAST(${ps.add(Math.floor(q.window.from) * 1000)} AS BIGINT))`);
      parts.push(`${w.alias} >= ${ps.add(q.window.from)}`);
    }
    if (q.window.to !== undefined) {
      if (w.raw) parts.push(`${w.raw} <= make_timestamp(CAST(${ps.add(Math.ceil(q.window.to) * 1000)} AS BIGINT))`);
      parts.push(`${w.alias} < ${ps.add(q.window.to)}`);
    }
  }
  for (const f of q.filters ?? []) parts.push(conditionSql(f, bind, ps));
  return parts.length > 0 ? parts.join(' AND ') : 'TRUE';
}

/** Result columns: b (bucket start), g (group), kept, then per measure j m{j}_v (value or quantile list), m{j}_n (rows used), m{j}_a / m{j}_b (first/last time). */
export function aggregateSql(link: DuckLink, q: AggregateQuery, approx: boolean): Sql {
  const bind = new Binder(link);
  const ps = new Params();
  const select: string[] = [];
  const group: string[] = [];
  const timeName = q.bucket?.column ?? q.window?.column;
  const t = timeName ? bind.column(timeName).alias : null;
  if (q.bucket) {
    const len = bucketLength(q.bucket.unit);
    const o = Math.round(q.bucket.utcOffsetMinutes) * 60_000;
    const w = q.bucket.unit === 'week' ? 3 * 86_400_000 : 0;
    select.push(`floor((${t} + ${o + w}) / ${len}) * ${len} - ${w + o} AS b`);
    group.push('b');
  } else select.push('NULL AS b');
  if (q.groupBy) {
    select.push(`${bind.column(q.groupBy).alias} AS g`);
    group.push('g');
  } else select.push('NULL AS g');
  select.push('count(*) AS kept');
  q.measures.forEach((m, j) => select.push(...measureSql(m, j, bind, t, ps, approx)));
  const where = whereSql(q, bind, ps);
  const text = `SELECT ${select.join(', ')} FROM src WHERE ${where}${group.length > 0 ? ` GROUP BY ${group.join(', ')}` : ''} ORDER BY b NULLS FIRST, g NULLS FIRST`;
  return { text, params: ps.values };
}

function measureSql(m: Measure, j: number, bind: Binder, t: string | null, ps: Params, approx: boolean): string[] {
  const conds: string[] = [];
  for (const w of m.where ?? []) conds.push(conditionSql(w, bind, ps));
  let v: string | null = null;
  if (m.kind !== 'count' && m.kind !== 'rate') {
    v = bind.column(m.column).alias;
    conds.push(`isfinite(${v})`);
  }
  const f = conds.length > 0 ? ` FILTER (WHERE ${conds.join(' AND ')})` : '';
  const out: string[] = [];
  switch (m.kind) {
    case 'count':
      out.push(`count(*)${f} AS m${j}_v`);
      break;
    case 'sum':
    case 'mean':
      out.push(`sum(${v})${f} AS m${j}_v`);
      break;
    case 'min':
    case 'max':
      out.push(`${m.kind}(${v})${f} AS m${j}_v`);
      break;
    case 'quantiles':
      // approx_quantile (a t-digest) takes FLOAT probabilities.
      out.push(approx ? `approx_quantile(${v}, ${probList(m.probs, 'FLOAT')})${f} AS m${j}_v` : `quantile_cont(${v}, ${probList(m.probs)})${f} AS m${j}_v`);
      break;
    case 'rate':
      out.push(`count(*) FILTER (WHERE ${[...conds, conditionSql(m.condition, bind, ps)].join(' AND ')}) AS m${j}_v`);
      break;
  }
  out.push(`count(*)${f} AS m${j}_n`);
  if (t) out.push(`min(${t})${f} AS m${j}_a`, `max(${t})${f} AS m${j}_b`);
  return out;
}

/** Bin index of each value: the number of inner edges ≤ x (−1: missing or not finite), counted per bin. */
export function histogramSql(link: DuckLink, column: string, innerEdges: readonly number[], opts: Pick<AggregateQuery, 'filters' | 'window'>): Sql {
  const bind = new Binder(link);
  const x = bind.column(column).alias;
  const ps = new Params();
  const cases = innerEdges.map((e, i) => `WHEN ${x} < ${ps.add(e)} THEN ${i}`);
  const bin = `CASE WHEN ${x} IS NULL OR NOT isfinite(${x}) THEN -1 ${cases.join(' ')} ELSE ${innerEdges.length} END`;
  const where = whereSql(opts, bind, ps);
  return { text: `SELECT ${bin} AS bin, count(*) AS n FROM src WHERE ${where} GROUP BY bin ORDER BY bin`, params: ps.values };
}

/** A seeded reservoir sample of the rows kept by the filters and window: USING SAMPLE reservoir(n ROWS) REPEATABLE(seed). */
export function sampleSql(link: DuckLink, columns: readonly string[], n: number, seed: number, opts: Pick<AggregateQuery, 'filters' | 'window'>): Sql {
  const bind = new Binder(link);
  const aliases = columns.map((c, i) => `${bind.column(c).alias} AS s${i}`);
  const ps = new Params();
  const where = whereSql(opts, bind, ps);
  const size = Math.max(1, Math.floor(n));
  const s = Math.abs(Math.floor(seed)) % 2_147_483_647;
  return { text: `SELECT ${aliases.join(', ')} FROM (SELECT * FROM src WHERE ${where}) USING SAMPLE reservoir(${size} ROWS) REPEATABLE (${s})`, params: ps.values };
}

/** Buckets and their row counts (to split an exact quantile query into partitions of bounded size). */
export function bucketCountsSql(link: DuckLink, q: AggregateQuery): Sql | null {
  if (!q.bucket) return null;
  const bind = new Binder(link);
  const ps = new Params();
  const t = bind.column(q.bucket.column).alias;
  const len = bucketLength(q.bucket.unit);
  const o = Math.round(q.bucket.utcOffsetMinutes) * 60_000;
  const w = q.bucket.unit === 'week' ? 3 * 86_400_000 : 0;
  const where = whereSql(q, bind, ps);
  return { text: `SELECT floor((${t} + ${o + w}) / ${len}) * ${len} - ${w + o} AS b, count(*) AS n FROM src WHERE ${where} GROUP BY b ORDER BY b`, params: ps.values };
}
