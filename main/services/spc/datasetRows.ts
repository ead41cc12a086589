import { AppError } from '../../../common/contract/errors';
import type { RowCondition } from '../../../common/contract/schemas/kpi';
import type { DatasetChartInput } from '../../../common/contract/schemas/spc';
import { bucketStart } from '../../../common/domain/kpi/aggregate';
import type { KpiBucket } from '../../../common/domain/kpi/aggregate';
import type { Subgroup } from '../../../common/domain/spc/types';
import { matches } from '../kpi/series';
import { stageOf } from './kpiChart';
import { subgroupsFromColumns } from './series';
import type { ColumnData } from './series';

type Cell = number | string | null;

/** The columns a dataset chart reads, already checked against the dataset (names and types). */
export type ChartColumns = Readonly<{
  value: string;
  size?: string;
  /** Grouping column (subgrouping by column) or timestamp column (time buckets, stage dates). */
  group?: string;
  time?: string;
  stage?: string;
}>;

export type RowCounts = { total: number; filtered: number; missing: number; used: number };

const bad = (m: string) => new AppError('BAD_INPUT', m);
const ATTRIBUTE = new Set(['p', 'np', 'c', 'u']);

export const isAttributeChart = (chart: string): boolean => ATTRIBUTE.has(chart);

const isMissing = (v: Cell | undefined): boolean => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** A cell as a number: numbers, and text that reads as one (a column typed as text because of one bad cell). */
function toNumber(v: Cell): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function dayLabel(t: number, bucket: KpiBucket): string {
  const iso = new Date(t).toISOString();
  return bucket === 'hour' ? `${iso.slice(0, 13)}:00Z` : iso.slice(0, 10);
}

/**
 * Keeps the rows every filter accepts and that have the value (and size, group, timestamp, stage) the chart
 * needs; a row without the plotted value is left out and counted, a row whose value is not a number is an
 * error naming the column and the row (1-based, in the dataset's row order).
 */
export function selectRows(data: Readonly<Record<string, Cell[]>>, cols: ChartColumns, filters: readonly RowCondition[], source: string): { rows: number[]; counts: RowCounts } {
  const values = data[cols.value]!;
  const n = values.length;
  const needed = [cols.value, cols.size, cols.group, cols.time].filter((c): c is string => c !== undefined);
  const rows: number[] = [];
  const counts: RowCounts = { total: n, filtered: 0, missing: 0, used: 0 };
  for (let i = 0; i < n; i++) {
    if (filters.length > 0 && !filters.every((f) => matches(data[f.column]![i] ?? null, f))) {
      counts.filtered++;
      continue;
    }
    if (needed.some((c) => isMissing(data[c]![i]))) {
      counts.missing++;
      continue;
    }
    for (const [name, what] of [[cols.value, 'plotted'], [cols.size, 'size']] as const) {
      if (name === undefined) continue;
      const cell = data[name]![i]!;
      if (toNumber(cell) === null) {
        throw bad(`Column "${name}" (${what}) must hold numbers, but row ${i + 1} of ${source} is "${String(cell)}". Choose a numeric column.`);
      }
    }
    rows.push(i);
  }
  counts.used = rows.length;
  return { rows, counts };
}

/**
 * The chart's subgroups from the kept rows. None / size / column grouping go through
 * `subgroupsFromColumns` (as `kaizen spc` does); time buckets group by `bucketStart` of the timestamp
 * (UTC hour, day or ISO week), in time order, labelled like a KPI series (2026-11-12, 2026-11-12T09:00Z).
 * Stage split dates name each subgroup's stage from its first row's date (time buckets: the bucket's start).
 */
export function datasetSubgroups(data: Readonly<Record<string, Cell[]>>, rows: readonly number[], cols: ChartColumns, input: DatasetChartInput, types: Readonly<Record<string, string>>, source: string): Subgroup[] {
  const pick = (name: string) => rows.map((i) => data[name]![i] ?? null);
  const g = input.subgrouping;
  const columns: ColumnData[] = [{ name: 'value', type: 'real', values: pick(cols.value).map((v) => toNumber(v)!) }];
  if (cols.size) columns.push({ name: 'size', type: 'real', values: pick(cols.size).map((v) => toNumber(v)!) });
  if (g.kind === 'column') columns.push({ name: 'group', type: types[cols.group!] ?? 'text', values: pick(cols.group!) });
  if (g.kind === 'time') columns.push({ name: 'group', type: 'timestamp', values: pick(cols.time!).map((t) => bucketStart(t as number, g.bucket)) });
  const datesStage = input.stages.length > 0;
  if (cols.stage) columns.push({ name: 'stage', type: types[cols.stage] ?? 'text', values: pick(cols.stage) });
  else if (datesStage && g.kind !== 'time') columns.push({ name: 'stage', type: 'text', values: pick(cols.time!).map((t) => stageOf(new Date(t as number).toISOString(), input)) });
  const out = subgroupsFromColumns(columns, {
    chart: input.chart,
    value: 'value',
    size: cols.size ? 'size' : undefined,
    subgroup: g.kind === 'column' || g.kind === 'time' ? 'group' : undefined,
    subgroupSize: g.kind === 'size' ? g.size : undefined,
    stage: columns.some((c) => c.name === 'stage') ? 'stage' : undefined,
    source,
  });
  if (g.kind !== 'time') return out;
  return out
    .sort((a, b) => a.time! - b.time!)
    .map((s) => {
      const label = dayLabel(s.time!, g.bucket);
      return { ...s, label, stage: datesStage ? stageOf(label, input) : s.stage };
    });
}

/** Problems `buildChart` would also refuse, said in the form's words (and naming the column) instead of the CLI's flags. */
export function checkSubgroups(subgroups: readonly Subgroup[], input: DatasetChartInput, counts: RowCounts, maxPoints: number): void {
  checkPoints({ m: subgroups.length, label: (i) => subgroups[i]!.label, rows: (i) => subgroups[i]!.values.length, size: (i) => subgroups[i]!.size }, input, counts, maxPoints);
}

/** The same checks over points given by accessors (the column path: no subgroup objects). */
export function checkPoints(p: Readonly<{ m: number; label: (i: number) => string; rows: (i: number) => number; size: (i: number) => number | undefined }>, input: DatasetChartInput, counts: RowCounts, maxPoints: number): void {
  const m = p.m;
  const col = `"${input.value}"`;
  if (m < 2) {
    const why = counts.filtered > 0 || counts.missing > 0 ? ` (${counts.filtered} rows left out by the filters, ${counts.missing} without a value)` : '';
    throw bad(`Only ${m} point${m === 1 ? '' : 's'} to plot from ${counts.used} row${counts.used === 1 ? '' : 's'} of ${col}${why}; a control chart needs at least 2.`);
  }
  if (m > maxPoints) throw bad(`${m.toLocaleString('en-US')} points is more than a chart can show (${maxPoints.toLocaleString('en-US')}); group the rows into subgroups (by size, a column or a time bucket).`);
  const attributeNeedsSize = input.chart !== 'c' && isAttributeChart(input.chart);
  const imr = input.chart === 'imr';
  const xbar = input.chart === 'xbar-r' || input.chart === 'xbar-s';
  if (!imr && !xbar && !attributeNeedsSize) return;
  for (let i = 0; i < m; i++) {
    const rows = p.rows(i);
    if (imr && rows > 1) {
      throw bad(`I-MR plots one value per point, but subgroup "${p.label(i)}" has ${rows.toLocaleString('en-US')} rows of ${col}. Choose X̄-R or X̄-S for subgroups, or no subgrouping for one point per row.`);
    }
    if (xbar && rows < 2) {
      throw bad(`${input.chart === 'xbar-r' ? 'X̄-R' : 'X̄-S'} needs at least 2 observations per subgroup, but subgroup "${p.label(i)}" has 1 row of ${col}. Use larger subgroups, or I-MR for one value per point.`);
    }
    const size = p.size(i);
    if (attributeNeedsSize && !(size !== undefined && size > 0)) {
      throw bad(`Subgroup "${p.label(i)}" has a size of ${size ?? 0} in "${input.size}"; a ${input.chart.toUpperCase()} chart needs a positive number of items (or units) per subgroup.`);
    }
  }
}
