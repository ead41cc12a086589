import type { KaizenEvent } from '../../common/contract/schemas/events';

/** How a column's cells are typed in XLSX and formatted in HTML. Dates are ISO strings (YYYY-MM-DD or full). */
export type ColumnType = 'text' | 'number' | 'integer' | 'date' | 'datetime' | 'boolean';
export type Cell = string | number | boolean | null;

export type ReportColumn = Readonly<{ key: string; label: string; type: ColumnType; unit?: string }>;

/** A table that appears in the report and, as its own sheet / CSV file, in the data exports. */
export type ReportTable = Readonly<{
  /** File and sheet name stem, e.g. "team" → team.csv and sheet "Team". */
  id: string;
  title: string;
  columns: readonly ReportColumn[];
  rows: ReadonlyArray<readonly Cell[]>;
}>;

/** A chart as standalone SVG from a pure renderer in common/domain, with its text alternative. */
export type ReportChart = Readonly<{ id: string; title: string; svg: string; alt: string }>;

export type Block =
  | Readonly<{ kind: 'fields'; items: ReadonlyArray<Readonly<{ label: string; value: string }>> }>
  | Readonly<{ kind: 'text'; title?: string; text: string }>
  | Readonly<{ kind: 'table'; table: ReportTable; empty: string }>
  | Readonly<{ kind: 'chart'; chart: ReportChart }>
  | Readonly<{ kind: 'note'; tone: 'info' | 'warning'; text: string }>
  | Readonly<{ kind: 'subheading'; text: string }>
  /** Small print under a result: the parameters it was run with (window, bucket, UTC offset …), never the body. */
  | Readonly<{ kind: 'footnote'; text: string }>;

export type ReportSection = Readonly<{ id: string; title: string; blocks: readonly Block[] }>;

export type ReportModel = Readonly<{
  event: KaizenEvent;
  team: ReadonlyArray<Readonly<{ name: string; role: string }>>;
  generatedAt: string;
  appVersion: string;
  sections: readonly ReportSection[];
}>;

/** Every table of the model, in report order (the sheets of the XLSX, the CSV files). */
export function modelTables(model: ReportModel): ReportTable[] {
  return model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'table' ? [b.table] : [])));
}

/** Every chart of the model, in report order (the SVG / PNG exports). */
export function modelCharts(model: ReportModel): ReportChart[] {
  return model.sections.flatMap((s) => s.blocks.flatMap((b) => (b.kind === 'chart' ? [b.chart] : [])));
}
