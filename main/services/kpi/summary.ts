import type { Kpi, KpiSummary } from '../../../common/contract/schemas/kpi';
import { alertOf, kpiStatus, progressToTarget } from '../../../common/domain/kpi/status';
import { isAppError } from '../../../common/contract/errors';
import type { ServiceContext } from '../../context';
import { kpiSeries } from './series';
import type { Series } from './series';
import { kpiChart } from '../spc/kpiChart';
import { signalPoints } from '../../../common/domain/spc/signalPoints';

/**
 * Everything a board card shows: series, current value, baseline (given, or the mean over the baseline
 * period), progress to target, status, alert (first date the threshold was crossed) and the control
 * chart's signals in the latest stage. `series` when the caller computed several KPIs' series together.
 */
export function summarize(ctx: ServiceContext, kpi: Kpi, series: Series = kpiSeries(ctx, kpi)): KpiSummary {
  const pts = series.points;
  // A partly covered first/last bucket (a week with one day of data) is shown, flagged, but not the current value.
  const counted = kpi.chart.countPartial ? pts : pts.filter((p) => p.partial === undefined);
  const last = counted.length > 0 ? counted[counted.length - 1]! : null;
  let baselineValue = kpi.baseline;
  if (baselineValue === null && (kpi.baselineFrom || kpi.baselineTo)) {
    const inPeriod = counted.filter((p) => (!kpi.baselineFrom || p.date.slice(0, 10) >= kpi.baselineFrom) && (!kpi.baselineTo || p.date.slice(0, 10) <= kpi.baselineTo));
    baselineValue = inPeriod.length > 0 ? inPeriod.reduce((s, p) => s + p.value, 0) / inPeriod.length : null;
  }
  const alert = alertOf(counted, kpi.alertThreshold, kpi.direction);
  const current = last?.value ?? null;
  let signals: KpiSummary['signals'] = [];
  let points: KpiSummary['signalPoints'] = [];
  if (!series.error && pts.length >= 2) {
    try {
      const chart = kpiChart(ctx, kpi);
      // Points with signals on any panel, all stages: the same rows as the KPI page's list and the report's table.
      const first = chart.panels[0]!;
      const dates = new Map(first.points.map((p) => [p.index, p.subgroup]));
      const latestFrom = first.stages[first.stages.length - 1]!.from;
      points = signalPoints(chart.panels).map((r) => ({ ...r, date: dates.get(r.index) ?? '', latest: r.index >= latestFrom, panels: r.panels.map((p) => ({ statistic: p.statistic, tests: [...p.tests] })) }));
      // The location panel(s): the first one, and for CUSUM the lower sum too (a downward shift signals there).
      const located = chart.panels.filter((p, i) => i === 0 || p.statistic === 'cusum-lower');
      signals = located
        .flatMap((panel) => {
          const lastStage = panel.stages[panel.stages.length - 1]!;
          return panel.signals.filter((s) => s.index >= lastStage.from).map((s) => ({ ...s, date: panel.points.find((p) => p.index === s.index)?.subgroup ?? '' }));
        })
        .sort((a, b) => a.index - b.index || a.test - b.test);
    } catch (e) {
      // A chart that cannot be drawn (e.g. a P chart on a non-rate KPI) simply shows no badge.
      if (!isAppError(e)) throw e;
    }
  }
  return {
    ...kpi,
    points: pts,
    current,
    currentDate: last?.date ?? null,
    baselineValue,
    progress: progressToTarget(current, baselineValue, kpi.target),
    status: kpiStatus({ current, baseline: baselineValue, target: kpi.target, direction: kpi.direction, alertActive: alert?.active ?? false }),
    alert: alert ? { firstCrossedAt: pts.find((p) => p.time === alert.firstCrossedAt)!.date, active: alert.active, lastValue: alert.lastValue } : null,
    signals,
    signalPoints: points,
    sourceLabel: series.sourceLabel,
    sourceError: series.error,
    datasetVersion: series.version,
  };
}
