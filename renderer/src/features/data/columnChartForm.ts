import type { Input } from '../../../../common/contract/api';
import type { DatasetInfo } from '../../../../common/contract/schemas/datasets';
import type { RowCondition } from '../../../../common/contract/schemas/kpi';
import type { KpiBucket } from '../../../../common/domain/kpi/aggregate';
import type { RulePreset } from '../../../../common/domain/spc/runRules';
import type { ChartKind } from '../../../../common/domain/spc/types';
import { routeHref } from '../../router';

/** What the "Control chart" tab of a dataset asks for, as the form holds it (strings for selects). */
export type ColumnChartForm = Readonly<{
  value: string;
  chart: ChartKind;
  grouping: 'none' | 'size' | 'column' | 'time';
  subgroupSize: number;
  groupColumn: string;
  timeColumn: string;
  bucket: KpiBucket;
  sizeColumn: string;
  stageMode: 'none' | 'column' | 'dates' | 'phase1';
  /** Phase I: limits estimated from points from–to (1-based) and held for every point. */
  limitsFrom: Readonly<{ from: number; to: number }>;
  stageColumn: string;
  firstStage: string;
  stages: readonly Readonly<{ date: string; name: string }>[];
  preset: RulePreset;
  nsigmas: number;
  /** CUSUM plan: allowance k and decision interval h, in σ (Minitab's defaults 0.5 and 4). */
  cusumK: number;
  cusumH: number;
  /** One optional row filter (column empty = none). */
  filter: RowCondition;
}>;

export type ColumnChartLink = Readonly<{ column?: string; bucket?: KpiBucket }>;

type Col = DatasetInfo['columns'][number];
const NUMERIC = new Set(['integer', 'real', 'boolean']);
export const isNumericColumn = (c: Col): boolean => NUMERIC.has(c.type);
export const isAttributeChart = (chart: ChartKind): boolean => chart === 'p' || chart === 'np' || chart === 'c' || chart === 'u';

/**
 * Starting values: the linked (or latency-role, else first numeric) column; daily X̄-S subgroups when a link
 * asks for a time bucket, else one I-MR point per row; the Nelson tests as on a KPI chart.
 */
export function initialForm(columns: readonly Col[], link: ColumnChartLink = {}): ColumnChartForm {
  const numeric = columns.filter(isNumericColumn);
  const value = (link.column && columns.some((c) => c.name === link.column) ? link.column : undefined) ?? numeric.find((c) => c.role === 'latency')?.name ?? numeric[0]?.name ?? '';
  const time = columns.find((c) => c.role === 'timestamp' && c.type === 'timestamp') ?? columns.find((c) => c.type === 'timestamp');
  const other = columns.find((c) => c.type === 'category') ?? columns.find((c) => c.name !== value);
  return {
    value,
    chart: link.bucket ? 'xbar-s' : 'imr',
    grouping: link.bucket && time ? 'time' : 'none',
    subgroupSize: 5,
    groupColumn: other?.name ?? '',
    timeColumn: time?.name ?? '',
    bucket: link.bucket ?? 'day',
    sizeColumn: numeric.find((c) => c.name !== value)?.name ?? '',
    stageMode: 'none',
    limitsFrom: { from: 1, to: 10 },
    stageColumn: other?.name ?? '',
    firstStage: 'Before',
    stages: [],
    preset: 'nelson',
    nsigmas: 3,
    cusumK: 0.5,
    cusumH: 4,
    filter: { column: '', op: '=', value: '' },
  };
}

/**
 * Keeps the chart type consistent with the grouping: subgroups of several rows need X̄-R/X̄-S (or EWMA or an
 * attribute chart), one row per point needs I-MR rather than X̄ charts.
 */
export function withGrouping(f: ColumnChartForm, grouping: ColumnChartForm['grouping']): ColumnChartForm {
  const chart = grouping !== 'none' && f.chart === 'imr' ? 'xbar-s' : grouping === 'none' && (f.chart === 'xbar-r' || f.chart === 'xbar-s') ? 'imr' : f.chart;
  return { ...f, grouping, chart };
}

/**
 * The contract input for the form, at the dataset's latest version (so a new import redraws the chart).
 * A filter value that reads as a number compares as a number.
 */
export function toInput(f: ColumnChartForm, datasetId: string): Input<'spc-dataset-chart'> {
  const subgrouping =
    f.grouping === 'none' ? { kind: 'none' as const }
    : f.grouping === 'size' ? { kind: 'size' as const, size: f.subgroupSize }
    : f.grouping === 'column' ? { kind: 'column' as const, column: f.groupColumn }
    : { kind: 'time' as const, column: f.timeColumn || undefined, bucket: f.bucket };
  const raw = String(f.filter.value).trim();
  const filterValue = raw !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  return {
    datasetId,
    value: f.value,
    chart: f.chart,
    subgrouping,
    size: isAttributeChart(f.chart) && f.sizeColumn ? f.sizeColumn : undefined,
    stageColumn: f.stageMode === 'column' ? f.stageColumn : undefined,
    stages: f.stageMode === 'dates' ? [...f.stages] : [],
    limitsFrom: f.stageMode === 'phase1' ? { from: Math.min(f.limitsFrom.from, f.limitsFrom.to), to: Math.max(f.limitsFrom.from, f.limitsFrom.to) } : null,
    firstStage: f.firstStage.trim() || 'Before',
    preset: f.preset,
    nsigmas: f.nsigmas,
    cusumK: f.cusumK,
    cusumH: f.cusumH,
    filters: f.filter.column ? [{ column: f.filter.column, op: f.filter.op, value: filterValue }] : [],
  };
}

const CHART_SEGMENT = 'chart';

/** `#/event/<id>/data/<dataset>/chart[/<column>[/<bucket>]]`: the dataset's Control chart tab, pre-filled. */
export function columnChartHref(eventId: string, datasetId: string, link: ColumnChartLink = {}): string {
  const rest = [CHART_SEGMENT, link.column, link.column ? link.bucket : undefined].filter((x): x is string => !!x).map(encodeURIComponent).join('/');
  return `${routeHref({ page: 'event', eventId, section: 'data', sub: datasetId })}/${rest}`;
}

/** The router keeps only the dataset id of a Data page route; the chart link after it is read here. */
export function columnChartLink(hash: string): ColumnChartLink | null {
  const parts = hash.replace(/^#\/?/, '').split('/').map(decodeURIComponent);
  if (parts[0] !== 'event' || parts[2] !== 'data' || parts[4] !== CHART_SEGMENT) return null;
  const bucket = parts[6];
  return { column: parts[5] || undefined, bucket: bucket === 'hour' || bucket === 'day' || bucket === 'week' ? bucket : undefined };
}
