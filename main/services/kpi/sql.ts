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

export function aggregateInSql(
  ctx: ServiceContext,
  v: VersionRow,
  src: DatasetSource,
  timeCol: StoredColumn,
  valueCol: StoredColumn | null,
): BucketPoint[] | null {
  if (!isNumericStorage(timeCol)) return null;
  const needValue = src.statistic !== 'count' && src.statistic !== 'rate';
  if (needValue && (!valueCol || !isNumericStorage(valueCol))) return null;
  const byName = new Map(v.columns.map((c) => [c.name, c]));
  const params: (number | string)[] = [];
  const where = [`${timeCol.sqlName} IS NOT NULL`];
  if (needValue) where.push(`${valueCol!.sqlName} IS NOT NULL`);
  const used = new Set([timeCol.sqlName, ...(needValue ? [valueCol!.sqlName] : [])]);
  for (const f of src.filters ?? []) {
    const col = byName.get(f.column);
    if (!col) return null;
    const sql = conditionSql(f, col, params);
    if (sql === null) return null;
    where.push(sql);
    used.add(col.sqlName);
  }
  let stat: string;
  let n = 'count(*)';
  const conditionParams: (number | string)[] = [];
  if (src.statistic === 'count') stat = 'count(*)';
  else if (src.statistic === 'rate') {
    if (!src.condition) return null;
    const col = byName.get(src.condition.column);
    if (!col) return null;
    const sql = conditionSql(src.condition, col, conditionParams);
    if (sql === null) return null;
    used.add(col.sqlName);
    stat = `avg(CASE WHEN ${sql} THEN 1.0 ELSE 0.0 END)`;
  } else {
    const x = valueCol!.sqlName;
    n = `count(${x})`;
    const q = QUANTILE[src.statistic];
    if (q !== undefined) stat = `percentile(${x}, ${q})`;
    else if (src.statistic === 'mean') stat = `avg(${x})`;
    else if (src.statistic === 'sum') stat = `total(${x})`;
    else if (src.statistic === 'min' || src.statistic === 'max') stat = `${src.statistic}(${x})`;
    else return null;
  }
  for (const name of used) if (!/^c\d+$/.test(name)) return null;
  const inner = versionSelect(ctx, v, [...used]);
  const sql = `SELECT ${BUCKET_SQL[src.bucket](timeCol.sqlName)} AS b, ${stat} AS value, ${n} AS n FROM (${inner}) WHERE ${where.join(' AND ')} GROUP BY b ORDER BY b`;
  const rows = ctx.db
    .prepare(sql)
    .raw(true)
    .all(...conditionParams, ...params) as [number, number, number][];
  return rows.map(([start, value, count]) => ({
    start,
    value: Number(value),
    n: count,
  }));
}
