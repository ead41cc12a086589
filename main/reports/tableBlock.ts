import type { Block, Cell, ColumnType, ReportColumn } from './model';

/** A column as `[key, label, type, unit]`: the type is text unless named; no unit when empty. */
export type ColumnSpec = readonly [key: string, label: string, type?: ColumnType, unit?: string];

export type TableBlock = Extract<Block, { kind: 'table' }>;

/**
 * A table of a report section: an HTML table in the report, a sheet in the XLSX and a CSV file (named by `id`).
 * `empty` is what the report says in its place when there are no rows. Every section builds its tables here.
 */
export function tableBlock(t: Readonly<{ id: string; title: string; columns: readonly ColumnSpec[]; rows: ReadonlyArray<readonly Cell[]>; empty?: string }>): TableBlock {
  return { kind: 'table', empty: t.empty ?? '', table: { id: t.id, title: t.title, columns: t.columns.map(column), rows: t.rows } };
}

function column([key, label, type = 'text', unit]: ColumnSpec): ReportColumn {
  return unit ? { key, label, type, unit } : { key, label, type };
}
