import { AppError } from '../../../../common/contract/errors';
import { compareRows } from '../../../../common/domain/sources/evaluate';
import type { AggregateQuery, AggregateResult, AggregateRow, MeasureCell } from '../../../../common/domain/sources/queryTree';
import type { Fingerprint, SampleResult, Source, SourceColumn } from '../source';
import type { ClickHouseConfig } from './config';
import { describeServer, formatClickHouseUrl } from './config';
import { createClickHouseHttp } from './http';
import type { ClickHouseHttp, JsonCompact } from './http';
import { AUTO_EXACT_MAX_ROWS, aggregateSql, countSql, histogramSql, sampleSql, tableSql } from './queries';
import type { Resolve } from './queries';
import { numericExpr } from './sql';
import type { ColumnRef } from './sql';
import { columnRef, mapClickHouseType } from './types';

/** A logical column bound to a physical one (the link's column mapping). */
export type ColumnBinding = Readonly<{ name: string; source: string }>;

export type ClickHouseSourceOptions = Readonly<{
  config: ClickHouseConfig;
  /** Asked when the first query needs it: the secret store or KAIZEN_CLICKHOUSE_PASSWORD. Never stored here. */
  password: () => Promise<string>;
  /** Logical → physical columns; every readable table column under its own name when omitted. */
  columns?: readonly ColumnBinding[];
  /** Logical timestamp column the fingerprint's max time is taken from (the first timestamp column when omitted). */
  timeColumn?: string;
}>;

type Bound = Readonly<{ name: string; physical: string; native: string; ref: ColumnRef; column: SourceColumn }>;

/**
 * The Source over a ClickHouse table (see queries.ts for the SQL and the quantile method). Capabilities: exact
 * quantiles are type 7; sample() is drawn on the server (seeded hash order); a query stops on the server when its
 * signal aborts (KILL QUERY). Fingerprint: the table's row count and max timestamp.
 */
export function createClickHouseSource(opts: ClickHouseSourceOptions): Source {
  const { config } = opts;
  const http: ClickHouseHttp = createClickHouseHttp(config, opts.password);
  const from = tableSql(config.database, config.table);
  const location = formatClickHouseUrl(config);
  let bound: Promise<Bound[]> | null = null;

  const describe = async (signal?: AbortSignal): Promise<Bound[]> => {
    const res = await http.query(`DESCRIBE TABLE ${from}`, signal);
    const types = new Map<string, string>();
    for (const row of res.data) types.set(String(row[0]), String(row[1]));
    const bindings = opts.columns ?? [...types.keys()].map((n) => ({ name: n, source: n }));
    const out: Bound[] = [];
    for (const b of bindings) {
      const native = types.get(b.source);
      if (native === undefined) {
        if (opts.columns) {
          throw new AppError('NOT_FOUND', `The ClickHouse table ${config.database}.${config.table} at ${describeServer(config)} has no column "${b.source}" any more (bound to "${b.name}"); re-link the dataset.`, {
            column: b.name,
            reason: 'schema-changed',
          });
        }
        continue;
      }
      const mapped = mapClickHouseType(native);
      if (!mapped) {
        if (opts.columns) throw new AppError('BAD_INPUT', `Column "${b.source}" of ${config.database}.${config.table} has type ${native}, which an analysis cannot read.`, { column: b.name });
        continue;
      }
      out.push({ name: b.name, physical: b.source, native, ref: columnRef(b.source, mapped), column: { name: b.name, type: mapped.type, nativeType: native } });
    }
    return out;
  };

  async function columns(signal?: AbortSignal): Promise<Bound[]> {
    if (!bound) {
      bound = describe(signal);
      // A failure (server down, password refused) is not remembered: the next call asks again.
      bound.catch(() => (bound = null));
    }
    return await bound;
  }

  async function resolver(signal?: AbortSignal): Promise<{ col: Resolve; all: Bound[] }> {
    const all = await columns(signal);
    const byName = new Map(all.map((b) => [b.name, b]));
    const col: Resolve = (name) => {
      const b = byName.get(name);
      if (!b) {
        throw new AppError('NOT_FOUND', `The ClickHouse table ${config.database}.${config.table} has no column "${name}" (columns: ${all.map((c) => c.name).join(', ')}).`, { column: name });
      }
      return b.ref;
    };
    return { col, all };
  }

  const num = (x: unknown): number | null => (typeof x === 'number' ? x : x === null || x === undefined ? null : Number(x));

  return {
    kind: 'clickhouse',
    location,
    capabilities: { quantile: 'type7', sampling: true, cancel: true },

    async schema(signal) {
      const all = await columns(signal);
      const res = await http.query(`SELECT count() FROM ${from}`, signal);
      return { columns: all.map((b) => b.column), rowCount: Number(res.data[0]?.[0] ?? 0) };
    },

    async aggregate(q: AggregateQuery, signal?: AbortSignal): Promise<AggregateResult> {
      const { col } = await resolver(signal);
      const hasQuantiles = q.measures.some((m) => m.kind === 'quantiles');
      let approx = q.quantiles === 'approx';
      if (hasQuantiles && q.quantiles === 'auto') {
        const n = await http.query(countSql(from, q, col), signal);
        approx = Number(n.data[0]?.[0] ?? 0) > AUTO_EXACT_MAX_ROWS;
      }
      const sql = aggregateSql(from, q, col, approx);
      const res = await http.query(sql, signal);
      return readAggregate(q, res, sql, approx && hasQuantiles);
    },

    async sample(names, n, seed, signal, o = {}): Promise<SampleResult> {
      const { col, all } = await resolver(signal);
      for (const name of names) col(name);
      const total = Number((await http.query(countSql(from, o, col), signal)).data[0]?.[0] ?? 0);
      const sql = sampleSql(from, names, all.map((b) => b.ref), n, seed, o, col);
      const res = await http.query(sql, signal);
      const out: Record<string, (number | string | null)[]> = {};
      names.forEach((name, i) => (out[name] = res.data.map((r) => (r[i] === undefined ? null : (r[i] as number | string | null)))));
      return { columns: out, totalRows: total, sampled: total > n, queryText: sql };
    },

    async histogram(column, innerEdges, signal, o = {}) {
      const { col } = await resolver(signal);
      const sql = histogramSql(from, column, innerEdges, o, col);
      const res = await http.query(sql, signal);
      const row = res.data[0] ?? [];
      return { missing: Number(row[0] ?? 0), counts: row.slice(1).map((x) => Number(x)), queryText: sql };
    },

    async fingerprint(signal): Promise<Fingerprint> {
      const { all } = await resolver(signal);
      const time = opts.timeColumn ? all.find((b) => b.name === opts.timeColumn) : all.find((b) => b.column.type === 'timestamp');
      const t = time ? numericExpr(time.ref) : null;
      const res = await http.query(`SELECT count()${t ? `, max(${t})` : ''} FROM ${from}`, signal);
      const rows = Number(res.data[0]?.[0] ?? 0);
      const maxTime = t ? num(res.data[0]?.[1]) : null;
      const parts: Record<string, string | number> = { rows };
      if (time && maxTime !== null && rows > 0) {
        parts.maxTime = maxTime;
        parts.timeColumn = time.name;
      }
      return { value: `rows=${rows};maxTime=${parts.maxTime ?? 'none'}`, parts };
    },

    async close() {
      http.close();
    },
  };
}

/** The server's answer as AggregateRows: type-7 interpolation of the returned order statistics, empty cells null. */
function readAggregate(q: AggregateQuery, res: JsonCompact, queryText: string, approx: boolean): AggregateResult {
  const idx = new Map(res.meta.map((m, i) => [m.name, i]));
  const get = (r: readonly unknown[], name: string): unknown => r[idx.get(name)!];
  const spans = q.measures.map(() => ({ first: Infinity, last: -Infinity }));
  const hasTime = Boolean(q.bucket ?? q.window);
  const rows: AggregateRow[] = res.data.map((r) => ({
    start: q.bucket ? Number(get(r, 'b')) : null,
    group: q.groupBy ? ((get(r, 'g') as string | number | null) ?? null) : null,
    cells: q.measures.map((m, j): MeasureCell => {
      const n = Number(get(r, `m${j}_n`));
      if (hasTime && n > 0) {
        const s = spans[j]!;
        s.first = Math.min(s.first, Number(get(r, `m${j}_a`)));
        s.last = Math.max(s.last, Number(get(r, `m${j}_b`)));
      }
      if (n === 0) return m.kind === 'quantiles' ? { value: null, values: m.probs.map(() => null), n: 0 } : { value: null, n: 0 };
      const v = get(r, `m${j}_v`);
      switch (m.kind) {
        case 'count':
          return { value: n, n };
        case 'sum':
        case 'min':
        case 'max':
          return { value: Number(v), n };
        case 'mean':
          return { value: Number(v) / n, n };
        case 'rate':
          return { value: Number(v) / n, n };
        case 'quantiles': {
          const values = approx ? (v as number[]).map(Number) : interpolate(v as [number, number][], n, m.probs);
          return { value: values[0] ?? null, values, n };
        }
      }
    }),
  }));
  rows.sort(compareRows);
  return {
    rows,
    spans: spans.map((s) => (s.first <= s.last ? { first: s.first, last: s.last } : null)),
    quantileMethod: approx ? 'approx' : 'type7',
    queryText,
    rowsScanned: res.statistics?.rows_read ?? null,
  };
}

/**
 * Type 7 from the two order statistics around h = (n − 1)·p: x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋+1 − x⌊h⌋), exactly x⌊h⌋ when
 * h is whole — common/domain/stats/quantile's arithmetic, operation for operation.
 */
export function interpolate(pairs: readonly (readonly [number, number])[], n: number, probs: readonly number[]): number[] {
  return probs.map((p, i) => {
    const [a, b] = pairs[i]!;
    const h = (n - 1) * p;
    const f = h - Math.floor(h);
    return f === 0 ? a : a + f * (b - a);
  });
}
