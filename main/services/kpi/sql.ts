import type { DatasetSource, RowCondition } from '../../../common/contract/schemas/kpi';
import type { BucketPoint } from '../../../common/domain/kpi/aggregate';
import type { StoredColumn, VersionRow } from '../../db/repositories/datasets';
import type { ServiceContext } from '../../context';
import { versionSelect } from '../datasets/access';

/**
 * A dataset KPI aggregated inside SQLite: one GROUP BY over the version's table(s) returns a row per
 * bucket, so a recompute over 1,000,000 rows never moves the rows into JavaScript. It gives exactly what
 * aggregateByBucket (common/domain/kpi) gives: the same UTC bucket arithmetic, type-7 quantiles (SQLite's
 * percentile(), linear interpolation between order statistics), rows without a time or value left out.
 * Returns null for a definition whose filters SQL cannot express with the same meaning as `matches`
 * (e.g. a numeric comparison on a text column); the caller then aggregates in JavaScript.
 */

const BUCKET_SQL = {
  hour: (t: string) => `CAST(floor(${t} / 3600000.0) AS INTEGER) * 3600000`,
  day: (t: string) => `CAST(floor(${t} / 86400000.0) AS INTEGER) * 86400000`,
  // ISO weeks (Monday 00:00 UTC): 1970-01-01 was a Thursday, 3 days after a Monday.
  week: (t: string) =>
    `CAST(floor((${t} + 259200000) / 604800000.0) AS INTEGER) * 604800000 - 259200000`,
} as const;

const QUANTILE: Readonly<Record<string, number>> = {
  median: 50,
  p90: 90,
  p95: 95,
  p99: 99,
};

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

/** A member's select-list expressions (statistic, n) with their parameters, or null when SQL can't say it the same way. */
function memberSql(
  m: SqlMember,
  byName: ReadonlyMap<string, StoredColumn>,
  used: Set<string>,
): { stat: string; n: string; params: (number | string)[]; needValue: boolean } | null {
  if (m.statistic === 'count') return { stat: 'count(*)', n: 'count(*)', params: [], needValue: false };
  if (m.statistic === 'rate') {
    if (!m.condition) return null;
    const col = byName.get(m.condition.column);
    if (!col) return null;
    const params: (number | string)[] = [];
    const sql = conditionSql(m.condition, col, params);
    if (sql === null) return null;
    used.add(col.sqlName);
    return { stat: `avg(CASE WHEN ${sql} THEN 1.0 ELSE 0.0 END)`, n: 'count(*)', params, needValue: false };
  }
  if (!m.valueCol || !isNumericStorage(m.valueCol)) return null;
  const x = m.valueCol.sqlName;
  const q = QUANTILE[m.statistic];
  let stat: string;
  if (q !== undefined) stat = `percentile(${x}, ${q})`;
  else if (m.statistic === 'mean') stat = `avg(${x})`;
  else if (m.statistic === 'sum') stat = `total(${x})`;
  else if (m.statistic === 'min' || m.statistic === 'max') stat = `${m.statistic}(${x})`;
  else return null;
  used.add(x);
  return { stat, n: `count(${x})`, params: [], needValue: true };
}

/**
 * Several KPIs over the same version, time column, bucket and filters in ONE scan: a single GROUP BY whose
 * select list holds every statistic (e.g. percentile(x,50), percentile(x,95), percentile(x,99), avg(y)),
 * split per KPI afterwards. Each result equals what the KPI alone gives: its aggregate skips missing values
 * (as `x IS NOT NULL` in its own WHERE would) and a bucket where it saw no value (count(x) = 0) is left out.
 * Returns one entry per member, null where SQL can't express the member (or the group's filters) with the
 * same meaning: the caller aggregates those in JavaScript.
 */
export function aggregateManyInSql(
  ctx: ServiceContext,
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
  // Select-list expressions, each once (p50/p95/p99 of one column share count(x)).
  const exprs: { sql: string; params: (number | string)[] }[] = [];
  const slot = new Map<string, number>();
  const add = (sql: string, params: (number | string)[]) => {
    const key = `${sql}\u0000${JSON.stringify(params)}`;
    let i = slot.get(key);
    if (i === undefined) {
      i = exprs.length + 1; // column 0 is the bucket
      exprs.push({ sql, params });
      slot.set(key, i);
    }
    return i;
  };
  const plan = members.map((m) => {
    const s = memberSql(m, byName, used);
    return s && { stat: add(s.stat, s.params), n: add(s.n, []), needValue: s.needValue };
  });
  if (plan.every((p) => p === null)) return none;
  for (const name of used) if (!/^c\d+$/.test(name)) return none;
  const inner = versionSelect(ctx, g.v, [...used]);
  const select = exprs.map((e) => e.sql).join(', ');
  const sql = `SELECT ${BUCKET_SQL[g.bucket](g.timeCol.sqlName)} AS b, ${select} FROM (${inner}) WHERE ${where.join(' AND ')} GROUP BY b ORDER BY b`;
  const rows = ctx.db
    .prepare(sql)
    .raw(true)
    .all(...exprs.flatMap((e) => e.params), ...whereParams) as (number | null)[][];
  return plan.map((p) => {
    if (!p) return null;
    const out: BucketPoint[] = [];
    for (const r of rows) {
      const n = r[p.n] as number;
      if (p.needValue && n === 0) continue;
      out.push({ start: r[0] as number, value: Number(r[p.stat]), n });
    }
    return out;
  });
}

/** One KPI alone (a group of one): its per-bucket points from SQLite, or null when JavaScript must do it. */
export function aggregateInSql(
  ctx: ServiceContext,
  v: VersionRow,
  src: DatasetSource,
  timeCol: StoredColumn,
  valueCol: StoredColumn | null,
): BucketPoint[] | null {
  return aggregateManyInSql(ctx, { v, timeCol, bucket: src.bucket, filters: src.filters ?? [] }, [
    { statistic: src.statistic, valueCol, condition: src.condition },
  ])[0]!;
}
