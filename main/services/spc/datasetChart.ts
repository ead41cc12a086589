import { AppError } from '../../../common/contract/errors';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { MAX_CHART_POINTS } from '../../../common/contract/schemas/spc';
import type { DatasetChartInput, SpcDatasetChartOut } from '../../../common/contract/schemas/spc';
import { buildChartColumns, buildChartColumnsOf } from '../../../common/domain/spc/buildChart';
import { toSpcPanel } from '../../../common/domain/spc/chartColumns';
import type { ColumnChart } from '../../../common/domain/spc/chartColumns';
import { packColumnPanels } from '../../../common/domain/spc/packed';
import { fromDomain } from '../domainErrors';
import { describeCusumTest } from '../../../common/domain/spc/cusum';
import { describeTest } from '../../../common/domain/spc/runRules';
import type { TestConfig } from '../../../common/domain/spc/runRules';
import { CHART_LABELS } from '../../../common/domain/spc/types';
import type { ServiceContext } from '../../context';
import { getDataset, readColumns, recordDatasetUse } from '../datasets/access';
import { describeCondition } from '../kpi/series';
import { ChartCache } from './chartCache';
import { knownOf, testConfigOf } from './kpiChart';
import type { Unpacked } from './kpiChart';
import { readChartArrays, readsColumns } from './datasetColumns';
import { checkPoints, checkSubgroups, datasetSubgroups, isAttributeChart, selectRows } from './datasetRows';
import type { ChartColumns, RowCounts } from './datasetRows';


const bad = (m: string) => new AppError('BAD_INPUT', m);

type Column = DatasetInfo['columns'][number];

function columnOf(info: DatasetInfo, name: string, role: string): Column {
  const c = info.columns.find((x) => x.name === name);
  if (!c) throw new AppError('NOT_FOUND', `Dataset "${info.name}" has no column "${name}" (${role}). Its columns: ${info.columns.map((x) => x.name).join(', ')}.`, { column: name });
  return c;
}

function timestampColumn(info: DatasetInfo, name: string | undefined, why: string): Column {
  if (name !== undefined) {
    const c = columnOf(info, name, 'timestamp');
    if (c.type !== 'timestamp') throw bad(`${why} needs a timestamp column, but "${c.name}" is ${c.type}.`);
    return c;
  }
  const c = info.columns.find((x) => x.role === 'timestamp' && x.type === 'timestamp') ?? info.columns.find((x) => x.type === 'timestamp');
  if (!c) throw bad(`${why} needs a timestamp column, and dataset "${info.name}" has none.`);
  return c;
}

/** Checks every column the request names against the dataset and returns the ones to read. */
function chartColumns(info: DatasetInfo, input: DatasetChartInput): ChartColumns {
  const value = columnOf(info, input.value, 'the plotted column');
  if (value.type === 'timestamp') throw bad(`"${value.name}" is a timestamp; choose a numeric column to plot.`);
  const attribute = isAttributeChart(input.chart);
  const label = input.chart.toUpperCase();
  let size: Column | undefined;
  if (input.size !== undefined) {
    if (!attribute) throw bad(`A size column applies only to attribute charts (P, NP, C, U), not ${CHART_LABELS[input.chart]}.`);
    size = columnOf(info, input.size, 'the subgroup size');
  } else if (attribute && input.chart !== 'c') {
    throw bad(`A ${label} chart needs a size column: the items inspected (P, NP) or units of opportunity (U) per row.`);
  }
  const g = input.subgrouping;
  const group = g.kind === 'column' ? columnOf(info, g.column, 'to group rows by') : undefined;
  const byTime = g.kind === 'time' || input.stages.length > 0;
  const time = byTime ? timestampColumn(info, g.kind === 'time' ? g.column : undefined, g.kind === 'time' ? `Grouping rows by ${g.bucket}` : 'Splitting stages at dates') : undefined;
  const stage = input.stageColumn !== undefined ? columnOf(info, input.stageColumn, 'the stage column') : undefined;
  if (input.limitsFrom && (stage || input.stages.length > 0)) {
    throw bad('Use either stages (limits per stage) or Phase I limits (one set of limits held for all points), not both.');
  }
  for (const f of input.filters) columnOf(info, f.column, 'in a filter');
  return { value: value.name, size: size?.name, group: group?.name, time: time?.name, stage: stage?.name };
}

function describeSource(info: DatasetInfo, input: DatasetChartInput, cols: ChartColumns): string {
  const g = input.subgrouping;
  const grouping =
    g.kind === 'none' ? 'one point per row'
    : g.kind === 'size' ? `subgroups of ${g.size} consecutive rows`
    : g.kind === 'column' ? `subgroups by ${g.column}`
    : `subgroups per ${g.bucket} (UTC) of ${cols.time}`;
  const stages =
    cols.stage ? `, stages by ${cols.stage}`
    : input.stages.length > 0 ? `, stages from ${input.stages.map((s) => `${s.date} (${s.name})`).join(', ')}`
    : input.limitsFrom ? `, limits from points ${input.limitsFrom.from}–${input.limitsFrom.to} held for all points (Phase I / II)`
    : '';
  const filters = input.filters.length > 0 ? ` where ${input.filters.map(describeCondition).join(' and ')}` : '';
  return `${info.name} v${info.version}: ${cols.value}${cols.size ? ` per ${cols.size}` : ''}, ${grouping}${stages}${filters}`;
}


type ChartMeta = Omit<SpcDatasetChartOut, 'panels'>;

/** Computed charts per store connection (a dataset version never changes, so neither does its chart). */
const caches = new WeakMap<object, ChartCache<RowCounts>>();

/** The cache of computed dataset charts of this store: the engine's columns and the row counts (names and units are read each time). */
export function datasetChartCache(ctx: ServiceContext): ChartCache<RowCounts> {
  let c = caches.get(ctx.db);
  if (!c) caches.set(ctx.db, (c = new ChartCache<RowCounts>()));
  return c;
}

/**
 * A control chart of one column of an imported dataset, grouped into subgroups by size, by a column or by
 * time bucket, with stages from a column or split dates, as the SPC engine's columns. Nothing is saved
 * except the dataset's lineage ("Control chart of total_ms" on the version, as a KPI records its use).
 * One point per row and subgroups of consecutive rows are read straight into typed arrays in chunks
 * (readChartArrays); grouping by a column or a time bucket goes through subgroup objects. The result is kept
 * per (version id, chart options) in a bounded LRU cache: re-opening, zooming and another width only re-pack.
 */
export function datasetChartColumns(ctx: ServiceContext, input: Omit<DatasetChartInput, 'view'>): { meta: ChartMeta; chart: ColumnChart; cached: boolean } {
  const info = getDataset(ctx, input.datasetId, input.version);
  const cols = chartColumns(info, input);
  const { datasetId: _d, version: _v, ...options } = input;
  const key = `${info.versionId}\n${JSON.stringify(options)}`;
  const cache = datasetChartCache(ctx);
  const tests = testConfigOf(input);
  const hit = cache.get(key);
  // About 18 bytes a row for one point per row (values, moving ranges, test masks): make room first.
  if (!hit) cache.makeRoom(info.rowCount * 18);
  const { chart, counts } = hit ? { chart: hit.chart, counts: hit.meta } : computeChart(ctx, info, input, cols, tests);
  if (!hit) cache.set(key, counts, chart);
  recordDatasetUse(ctx, info.versionId, `spc-column:${cols.value}`, `Control chart of ${cols.value}`);
  const unitOf = info.columns.find((c) => c.name === cols.value)?.unit ?? '';
  const meta: ChartMeta = {
    datasetId: info.id,
    datasetName: info.name,
    version: info.version,
    title: `${cols.value} (${info.name}): ${CHART_LABELS[input.chart]}`,
    unit: isAttributeChart(input.chart) ? '' : unitOf,
    source: describeSource(info, input, cols),
    rows: { ...counts },
    chart: chart.chart,
    nsigmas: chart.nsigmas,
    sigmaMethod: chart.sigmaMethod,
    // CUSUM has one rule (a sum beyond ±H), reported as test 1 whatever tests the Shewhart charts use.
    testDescriptions: input.chart === 'cusum' ? [{ test: 1, text: describeCusumTest(input.cusumH, input.cusumK) }] : tests.enabled.map((t) => ({ test: t, text: describeTest(t, tests.k[t]) })),
  };
  return { meta, chart, cached: hit !== undefined };
}

function computeChart(ctx: ServiceContext, info: DatasetInfo, input: Omit<DatasetChartInput, 'view'>, cols: ChartColumns, tests: TestConfig): { chart: ColumnChart; counts: RowCounts } {
  const source = `dataset "${info.name}"`;
  const types = Object.fromEntries(info.columns.map((c) => [c.name, c.type]));
  const opts = { chart: input.chart, limitsFrom: input.limitsFrom ?? undefined, known: knownOf(input), tests, nsigmas: input.nsigmas, lambda: input.lambda, cusumK: input.cusumK, cusumH: input.cusumH };
  if (readsColumns(input)) {
    const r = readChartArrays(ctx, { ...input, version: info.version }, cols, types, source);
    const d = r.data;
    const attribute = isAttributeChart(input.chart);
    const nAt = (i: number) => (typeof d.n === 'number' ? d.n : d.n[i]!);
    // The packed columns are sized for MAX_CHART_POINTS (10,000,000); a long chart is decimated to the pixel width on request.
    checkPoints({ m: d.m, label: (i) => String(i + 1), rows: (i) => (attribute ? 1 : nAt(i)), size: (i) => (attribute && cols.size ? nAt(i) : undefined) }, input, r.counts, MAX_CHART_POINTS);
    return { chart: fromDomain(() => buildChartColumns({ ...opts, data: d })), counts: r.counts };
  }
  // Grouping by a column or a time bucket: whole columns, then subgroup objects.
  const names = [...new Set([cols.value, cols.size, cols.group, cols.time, cols.stage, ...input.filters.map((f) => f.column)].filter((c): c is string => c !== undefined))];
  const data = readColumns(ctx, info.id, names, { version: info.version });
  const { rows, counts } = selectRows(data, cols, input.filters, source);
  const subgroups = datasetSubgroups(data, rows, cols, input, types, source);
  checkSubgroups(subgroups, input, counts, MAX_CHART_POINTS);
  return { chart: fromDomain(() => buildChartColumnsOf({ ...opts, subgroups })), counts };
}

/** The dataset chart with the engine's object form of its panels (one object per point: the CLI's and tests' form). */
export function datasetChartOf(ctx: ServiceContext, input: DatasetChartInput): Unpacked<SpcDatasetChartOut> {
  const { view: _view, ...rest } = input;
  const { meta, chart } = datasetChartColumns(ctx, rest);
  return { ...meta, panels: chart.panels.map((p) => toSpcPanel(p, chart.data)) };
}

/** The dataset chart as the contract sends it: panels packed from the columns, decimated to `input.view` when given. */
export function datasetChart(ctx: ServiceContext, input: DatasetChartInput): SpcDatasetChartOut {
  const { view, ...rest } = input;
  const { meta, chart } = datasetChartColumns(ctx, rest);
  return { ...meta, panels: packColumnPanels(chart, view) };
}
