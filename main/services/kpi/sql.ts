import type { DatasetSource, RowCondition } from '../../../common/contract/schemas/kpi';
import { aggregateByBucket } from '../../../common/domain/kpi/aggregate';
import type { BucketPoint } from '../../../common/domain/kpi/aggregate';

/** KPI series flag a partly covered first/last bucket (KpiPoint.partial). */
const PARTIAL = { markPartial: true } as const;
import type { StoredColumn, VersionRow } from '../../db/repositories/datasets';
import type { ReadContext } from '../../context';
import { versionSelect } from '../datasets/access';

/**
 * Dataset KPIs aggregated in ONE scan of the version's table(s): SQLite applies the filters and evaluates each
 * KPI's input (its value column, or its rate condition as 1/0) while a JavaScript aggregate (kz_kpi_collect)
 * gathers those inputs into Float64Arrays as rows stream past; aggregateByBucket (common/domain/kpi) then
 * computes every KPI's statistic per bucket, so the numbers are exactly the JavaScript path's (type-7
 * quantiles, UTC buckets, rows without a time or value left out). A GROUP BY would sort every row by bucket
 * first (440 ms of a 600 ms per-day p95 at 1,000,000 rows) and each percentile() keeps and sorts its own copy.
 * Returns null for a definition whose filters SQL cannot express with the same meaning as `matches`
 * (e.g. a numeric comparison on a text column); the caller then aggregates in JavaScript.
 */

const isNumericStorage = (c: StoredColumn) =>
  c.type === 'integer' || c.type === 'real' || c.type === 'timestamp' || c.type === 'boolean';
const isTextStorage = (c: StoredColumn) => c.type === 'category' || c.type === 'text';

/** `column op value` in SQL with matches()'s meaning (a missing cell only satisfies !=), or null when it differs. */
function conditionSql(
  c: RowCondition,
  col: StoredColumn,
  params: (number | string)[],
): string | null {
  const numeric = typeof c.value === 'number' || (c.op !== '=' && c.op !== '!=');
  let value: number | string;
  if (numeric) {
    // Number(cell) of a text cell ("12" → 12, "x" → NaN) is not what SQL comparisons do: leave those to JavaScript.
    if (!isNumericStorage(col)) return null;
    value = Number(c.value);
    if (!Number.isFinite(value)) return null;
  } else {
    // String(cell) of a number or timestamp is JavaScript's formatting: only text columns compare as text in SQL.
    if (!isTextStorage(col)) return null;
    value = String(c.value);
  }
  params.push(value);
  const x = col.sqlName;
  return c.op === '!=' ? `(${x} IS NULL OR ${x} != ?)` : `(${x} IS NOT NULL AND ${x} ${c.op} ?)`;
}

/** One KPI's statistic inside a grouped query: what it aggregates (value column, or the rate's condition). */
export type SqlMember = Readonly<{
  statistic: DatasetSource['statistic'];
  valueCol: StoredColumn | null;
  condition?: RowCondition;
}>;

/** What KPIs must share to be computed by one query: the version, the time column, the bucket and the filters. */
export type SqlGroup = Readonly<{
  v: VersionRow;
  timeCol: StoredColumn;
  bucket: DatasetSource['bucket'];
  filters: readonly RowCondition[];
}>;

/** The SQL input a member needs (value column, or its rate condition as 1.0/0.0), or null when SQL can't say it the same way. */
function memberInput(
  m: SqlMember,
  byName: ReadonlyMap<string, StoredColumn>,
  used: Set<string>,
): { sql: string | null; params: (number | string)[] } | null {
  if (m.statistic === 'count') return { sql: null, params: [] };
  if (m.statistic === 'rate') {
    if (!m.condition) return null;
    const col = byName.get(m.condition.column);
    if (!col) return null;
    const params: (number | string)[] = [];
    const sql = conditionSql(m.condition, col, params);
    if (sql === null) return null;
    used.add(col.sqlName);
    return { sql: `CASE WHEN ${sql} THEN 1.0 ELSE 0.0 END`, params };
  }
  if (!m.valueCol || !isNumericStorage(m.valueCol)) return null;
  used.add(m.valueCol.sqlName);
  return { sql: m.valueCol.sqlName, params: [] };
}

/** Growable columns filled by kz_kpi_collect: the time and each input, missing cells as NaN. */
type Collected = { n: number; cols: Float64Array[] };
let collected: Collected | null = null;
const registered = new WeakSet<object>();

/** Registers kz_kpi_collect(time, input1, input2, …) on this connection (once). */
function registerCollect(ctx: ReadContext): void {
  if (registered.has(ctx.db)) return;
  ctx.db.aggregate('kz_kpi_collect', {
    varargs: true,
    start: (): Collected | null => null,
    step: (st: Collected | null, ...xs: unknown[]) => {
      const state = st ?? { n: 0, cols: xs.map(() => new Float64Array(4096)) };
      if (state.n === state.cols[0]!.length) {
        state.cols = state.cols.map((c) => {
          const grown = new Float64Array(c.length * 2);
          grown.set(c);
          return grown;
        });
      }
      for (let j = 0; j < xs.length; j++) {
        const x = xs[j];
        state.cols[j]![state.n] = typeof x === 'number' ? x : NaN;
      }
      state.n++;
      return state;
    },
    result: (st: Collected | null) => {
      // The arrays can't travel as an SQL value: hand them over beside the statement (it ran synchronously).
      collected = st;
      return st?.n ?? 0;
    },
  });
  registered.add(ctx.db);
}

/**
 * Several KPIs over the same version, time column, bucket and filters in ONE scan (see above): the select
 * list holds every KPI's input once (p50, p95 and p99 of one column read it once), the results are split
 * per KPI. Each result equals what the KPI alone gives. Returns one entry per member, null where SQL can't
 * express the member (or the group's filters) with the same meaning: the caller aggregates those in JavaScript.
 */
export function aggregateManyInSql(
  ctx: ReadContext,
  g: SqlGroup,
  members: readonly SqlMember[],
): (BucketPoint[] | null)[] {
  const none = members.map(() => null);
  if (!isNumericStorage(g.timeCol)) return none;
  const byName = new Map(g.v.columns.map((c) => [c.name, c]));
  const whereParams: (number | string)[] = [];
  const where = [`${g.timeCol.sqlName} IS NOT NULL`];
  const used = new Set([g.timeCol.sqlName]);
  for (const f of g.filters) {
    const col = byName.get(f.column);
    if (!col) return none;
    const sql = conditionSql(f, col, whereParams);
    if (sql === null) return none;
    where.push(sql);
    used.add(col.sqlName);
  }
  // Inputs, each once; argument 0 of kz_kpi_collect is the time.
  const inputs: { sql: string; params: (number | string)[] }[] = [];
  const slot = new Map<string, number>();
  const plan = members.map((m) => {
    const input = memberInput(m, byName, used);
    if (!input) return null;
    if (input.sql === null) return { slot: null };
    const key = `${input.sql}\u0000${JSON.stringify(input.params)}`;
    let i = slot.get(key);
    if (i === undefined) {
      i = inputs.length + 1;
      inputs.push({ sql: input.sql, params: input.params });
      slot.set(key, i);
    }
    return { slot: i };
  });
  if (plan.every((p) => p === null)) return none;
  for (const name of used) if (!/^c\d+$/.test(name)) return none;
  registerCollect(ctx);
  const inner = versionSelect(ctx, g.v, [...used]);
  const args = [g.timeCol.sqlName, ...inputs.map((e) => e.sql)].join(', ');
  const sql = `SELECT kz_kpi_collect(${args}) FROM (${inner}) WHERE ${where.join(' AND ')}`;
  collected = null;
  ctx.db.prepare(sql).pluck().get(...inputs.flatMap((e) => e.params), ...whereParams);
  const got = collected as Collected | null;
  collected = null;
  const n = got?.n ?? 0;
  const col = (i: number) => got!.cols[i]!.subarray(0, n);
  return plan.map((p, k) => {
    if (!p) return null;
    if (n === 0) return [];
    const m = members[k]!;
    if (m.statistic === 'count') return aggregateByBucket(col(0), null, 'count', g.bucket, undefined, undefined, PARTIAL);
    if (m.statistic === 'rate') return aggregateByBucket(col(0), null, 'rate', g.bucket, undefined, col(p.slot!), PARTIAL);
    return aggregateByBucket(col(0), col(p.slot!), m.statistic, g.bucket, undefined, undefined, PARTIAL);
  });
}

/** One KPI alone (a group of one): its per-bucket points from SQLite, or null when JavaScript must do it. */
export function aggregateInSql(
  ctx: ReadContext,
  v: VersionRow,
  src: DatasetSource,
  timeCol: StoredColumn,
  valueCol: StoredColumn | null,
): BucketPoint[] | null {
  return aggregateManyInSql(ctx, { v, timeCol, bucket: src.bucket, filters: src.filters ?? [] }, [
    { statistic: src.statistic, valueCol, condition: src.condition },
  ])[0]!;
}
