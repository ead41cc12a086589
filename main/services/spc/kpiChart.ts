import { AppError } from '../../../common/contract/errors';
import { ChartSettings } from '../../../common/contract/schemas/kpi';
import type { Kpi, KpiPoint } from '../../../common/contract/schemas/kpi';
import type { SpcChartOut } from '../../../common/contract/schemas/spc';
import { buildChart } from '../../../common/domain/spc/buildChart';
import { fromDomain } from '../domainErrors';
import { describeCusumTest } from '../../../common/domain/spc/cusum';
import { describeTest, presetConfig } from '../../../common/domain/spc/runRules';
import type { TestConfig, TestNumber } from '../../../common/domain/spc/runRules';
import { CHART_LABELS } from '../../../common/domain/spc/types';
import { packPanels } from '../../../common/domain/spc/packed';
import type { PackedPanel, PanelView } from '../../../common/domain/spc/packed';
import type { SpcPanel, Subgroup } from '../../../common/domain/spc/types';
import type { ServiceContext } from '../../context';
import { bucketValues, kpiSeries } from '../kpi/series';

/** The stage a date falls in: the last boundary on or before it, else the first stage. */
export function stageOf(date: string, settings: ChartSettings): string {
  let name = settings.firstStage;
  for (const s of [...settings.stages].sort((a, b) => a.date.localeCompare(b.date))) if (date.slice(0, 10) >= s.date) name = s.name;
  return name;
}

export function testConfigOf(s: ChartSettings): TestConfig {
  if (s.preset !== 'custom') {
    const p = presetConfig(s.preset);
    return { enabled: p.enabled, k: { ...p.k, 1: s.nsigmas } };
  }
  return { enabled: [...new Set(s.tests)].sort() as TestNumber[], k: s.k };
}

function subgroupsFor(ctx: ServiceContext, kpi: Kpi, points: readonly KpiPoint[], s: ChartSettings): Subgroup[] {
  const stage = (d: string) => (s.stages.length > 0 ? stageOf(d, s) : undefined);
  const src = kpi.source;
  const stat = src.kind === 'dataset' ? src.statistic : null;
  switch (s.chart) {
    case 'imr':
    case 'ewma':
    case 'cusum':
      return points.map((p) => ({ label: p.date, values: [p.value], time: p.time, stage: stage(p.date) }));
    case 'xbar-r':
    case 'xbar-s':
      return bucketValues(ctx, kpi).map((b) => ({ label: b.date, values: b.values, time: b.time, stage: stage(b.date) }));
    case 'p':
    case 'np':
    case 'u':
      if (stat !== 'rate') throw new AppError('BAD_INPUT', `${s.chart.toUpperCase()} charts need a rate KPI (share of rows meeting a condition); this KPI is ${stat ?? 'manual'}.`);
      return points.map((p) => ({ label: p.date, values: [Math.round(p.value * p.n)], size: p.n, time: p.time, stage: stage(p.date) }));
    case 'c':
      if (stat !== 'count') throw new AppError('BAD_INPUT', `C charts need a count KPI; this KPI is ${stat ?? 'manual'}.`);
      return points.map((p) => ({ label: p.date, values: [p.value], time: p.time, stage: stage(p.date) }));
  }
}

/** Historical (known) mean and σ of the chart settings; σ only for variables charts (attribute charts derive it from the centre). */
export function knownOf(s: ChartSettings): { center?: number; sigma?: number } | undefined {
  const variables = !['p', 'np', 'c', 'u'].includes(s.chart);
  const known = { ...(s.knownMean !== null ? { center: s.knownMean } : {}), ...(s.knownSigma !== null && variables ? { sigma: s.knownSigma } : {}) };
  return Object.keys(known).length > 0 ? known : undefined;
}

/** A chart answer with the SPC engine's panels, before they are packed for the contract. */
export type Unpacked<T extends { panels: unknown }> = Omit<T, 'panels'> & { panels: SpcPanel[] };

/** Packs every panel for the contract, decimated to the view when one is asked for. */
export function packChart<T extends { panels: unknown }>(c: Unpacked<T>, view: PanelView | undefined): Omit<T, 'panels'> & { panels: PackedPanel[] } {
  return { ...c, panels: packPanels(c.panels, view) };
}

/** Builds the KPI's control chart with its saved settings, or a preview with `override` applied. */
export function kpiChart(ctx: ServiceContext, kpi: Kpi, override?: Partial<ChartSettings>): Unpacked<SpcChartOut> {
  const settings = ChartSettings.parse({ ...kpi.chart, ...override });
  const series = kpiSeries(ctx, kpi);
  if (series.error) throw new AppError('BAD_INPUT', `The KPI's data could not be read: ${series.error}`);
  if (series.points.length < 2) {
    throw new AppError('BAD_INPUT', `"${kpi.name}" has ${series.points.length} point${series.points.length === 1 ? '' : 's'}; a control chart needs at least 2. ${kpi.source.kind === 'manual' ? 'Add entries on the KPI board.' : 'Import more data.'}`);
  }
  const tests = testConfigOf(settings);
  const r = fromDomain(() => buildChart({
    chart: settings.chart,
    subgroups: subgroupsFor(ctx, kpi, series.points, settings),
    limitsFrom: settings.limitsFrom ?? undefined,
    known: knownOf(settings),
    tests,
    nsigmas: settings.nsigmas,
    lambda: settings.lambda,
    cusumK: settings.cusumK,
    cusumH: settings.cusumH,
  }));
  return {
    kpiId: kpi.id,
    title: `${kpi.name}: ${CHART_LABELS[settings.chart]}`,
    unit: kpi.unit,
    chart: r.chart,
    nsigmas: r.nsigmas,
    sigmaMethod: r.sigmaMethod,
    settings,
    panels: r.panels,
    // CUSUM has one rule (a sum beyond ±H), reported as test 1 whatever tests the Shewhart charts use.
    testDescriptions:
      settings.chart === 'cusum'
        ? [{ test: 1, text: describeCusumTest(settings.cusumH, settings.cusumK) }]
        : tests.enabled.map((t) => ({ test: t, text: describeTest(t, tests.k[t]) })),
  };
}
