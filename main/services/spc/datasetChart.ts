import { AppError } from '../../../common/contract/errors';
import type { DatasetInfo } from '../../../common/contract/schemas/datasets';
import { MAX_CHART_POINTS } from '../../../common/contract/schemas/spc';
import type { DatasetChartInput, SpcDatasetChartOut } from '../../../common/contract/schemas/spc';
import { buildChart } from '../../../common/domain/spc/buildChart';
import { fromDomain } from '../domainErrors';
import { describeCusumTest } from '../../../common/domain/spc/cusum';
import { describeTest } from '../../../common/domain/spc/runRules';
import { CHART_LABELS } from '../../../common/domain/spc/types';
import type { ServiceContext } from '../../context';
import { getDataset, readColumns, recordDatasetUse } from '../datasets/access';
import { describeCondition } from '../kpi/series';
import { packChart, testConfigOf } from './kpiChart';
import type { Unpacked } from './kpiChart';
import { checkSubgroups, datasetSubgroups, isAttributeChart, selectRows } from './datasetRows';
import type { ChartColumns } from './datasetRows';


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


/**
 * A control chart of one column of an imported dataset, grouped into subgroups by size, by a column or by
 * time bucket, with stages from a column or split dates. Nothing is saved except the dataset's lineage
 * ("Control chart of total_ms" on the version, as a KPI records its use).
 */
export function datasetChartOf(ctx: ServiceContext, input: DatasetChartInput): Unpacked<SpcDatasetChartOut> {
  const info = getDataset(ctx, input.datasetId, input.version);
  const cols = chartColumns(info, input);
  const names = [...new Set([cols.value, cols.size, cols.group, cols.time, cols.stage, ...input.filters.map((f) => f.column)].filter((c): c is string => c !== undefined))];
  const data = readColumns(ctx, info.id, names, { version: info.version });
  const source = `dataset "${info.name}"`;
  const { rows, counts } = selectRows(data, cols, input.filters, source);
  const types = Object.fromEntries(info.columns.map((c) => [c.name, c.type]));
  const subgroups = datasetSubgroups(data, rows, cols, input, types, source);
  // The packed columns are sized for MAX_CHART_POINTS (10,000,000); a long chart is decimated to the pixel width on request.
  checkSubgroups(subgroups, input, counts, MAX_CHART_POINTS);
  const tests = testConfigOf(input);
  const r = fromDomain(() => buildChart({ chart: input.chart, subgroups, limitsFrom: input.limitsFrom ?? undefined, tests, nsigmas: input.nsigmas, lambda: input.lambda, cusumK: input.cusumK, cusumH: input.cusumH }));
  recordDatasetUse(ctx, info.versionId, `spc-column:${cols.value}`, `Control chart of ${cols.value}`);
  const unitOf = info.columns.find((c) => c.name === cols.value)?.unit ?? '';
  return {
    datasetId: info.id,
    datasetName: info.name,
    version: info.version,
    title: `${cols.value} (${info.name}): ${CHART_LABELS[input.chart]}`,
    unit: isAttributeChart(input.chart) ? '' : unitOf,
    source: describeSource(info, input, cols),
    rows: counts,
    chart: r.chart,
    nsigmas: r.nsigmas,
    sigmaMethod: r.sigmaMethod,
    panels: r.panels,
    // CUSUM has one rule (a sum beyond ±H), reported as test 1 whatever tests the Shewhart charts use.
    testDescriptions: input.chart === 'cusum' ? [{ test: 1, text: describeCusumTest(input.cusumH, input.cusumK) }] : tests.enabled.map((t) => ({ test: t, text: describeTest(t, tests.k[t]) })),
  };
}

/** The dataset chart as the contract sends it: panels packed, decimated to `input.view` when given. */
export function datasetChart(ctx: ServiceContext, input: DatasetChartInput): SpcDatasetChartOut {
  const { view, ...rest } = input;
  return packChart(datasetChartOf(ctx, rest), view);
}
