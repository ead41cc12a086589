import { AppError } from '../../../common/contract/errors';
import type { Output, ParsedInput } from '../../../common/contract/api';
import type { ReadContext } from '../../context';
import { requireVersion, versionSelect } from '../datasets/access';

/**
 * The most frequent values of one column, most frequent first (ties by value), blanks left out: the choices for a
 * positive label. The column profile only keeps top values of text, category and boolean columns, so a label coded
 * 0/1 (typed integer) had no choices at all; this reads any column with one GROUP BY (LIMIT keeps the answer small).
 * A boolean column's 1/0 read as "true"/"false", as the profile shows them.
 */
export function columnValues(ctx: ReadContext, input: ParsedInput<'analysis-column-values'>): Output<'analysis-column-values'> {
  const { ds, v } = requireVersion(ctx, input.datasetId, input.version);
  const c = v.columns.find((x) => x.name === input.column);
  if (!c) throw new AppError('NOT_FOUND', `Dataset "${ds.name}" has no column "${input.column}" (columns: ${v.columns.map((x) => x.name).join(', ')}).`, { column: input.column });
  const col = c.sqlName;
  const rows = ctx.db
    .prepare(`SELECT ${col} AS v, count(*) AS n FROM (${versionSelect(ctx, v, [col])}) WHERE ${col} IS NOT NULL AND ${col} <> '' GROUP BY ${col} ORDER BY n DESC, ${col} LIMIT ?`)
    .raw()
    .all(input.limit + 1) as [string | number, number][];
  const text = (x: string | number) => (c.type === 'boolean' ? (x === 1 ? 'true' : 'false') : String(x));
  return { values: rows.slice(0, input.limit).map(([x, n]) => ({ value: text(x), count: n })), more: rows.length > input.limit };
}
