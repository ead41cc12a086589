import type { ReviewKpiResult } from '../../../common/contract/schemas/reviews';
import type { PanelObjects } from '../../../common/domain/spc/packed';
import { fmt, renderControlChartSvg } from '../charts/controlChartSvg';

/** The KPI chart's first panel as the report reads it (points in time order, each with its subgroup label). */
export type ChartPanelInput = Pick<PanelObjects, 'statistic' | 'points'>;

/**
 * The follow-up points a review judged: the first `newPoints` points of the KPI's chart from the review's `since`
 * day on (appends after the review add later days, so these are the ones it saw). Day of a point: its time when
 * it has one, else its subgroup label.
 */
export function followUpPoints(panel: ChartPanelInput, since: string, newPoints: number): PanelObjects['points'] {
  const day = (p: PanelObjects['points'][number]) => (p.time !== undefined && Number.isFinite(p.time) ? new Date(p.time).toISOString().slice(0, 10) : p.subgroup.slice(0, 10));
  return panel.points.filter((p) => day(p) >= since).slice(0, newPoints);
}

/**
 * The follow-up points against the limits the review held (Phase II): one stage named for the stage they were held
 * from; a point beyond a held limit is marked as a test 1 signal (the review's evidence names the other tests).
 */
export function heldPanel(panel: ChartPanelInput, kpi: Pick<ReviewKpiResult, 'limits' | 'newPoints'>, since: string): PanelObjects | null {
  const lim = kpi.limits;
  if (!lim) return null;
  const pts = followUpPoints(panel, since, kpi.newPoints);
  if (pts.length < 2) return null;
  const beyond = (v: number) => (lim.ucl !== null && v > lim.ucl) || (lim.lcl !== null && v < lim.lcl);
  const points = pts.map((p, i) => ({ ...p, index: i + 1, center: lim.center, ucl: lim.ucl, lcl: lim.lcl, stage: 'held', tests: beyond(p.value) ? [1] : [] }));
  return {
    statistic: panel.statistic,
    center: lim.center,
    sigma: lim.sigma,
    ucl: lim.ucl,
    lcl: lim.lcl,
    stages: [{ name: `Limits held from "${lim.stage}"`, from: 1, to: points.length, center: lim.center, sigma: lim.sigma, ucl: lim.ucl, lcl: lim.lcl }],
    testsApplied: [1],
    total: points.length,
    decimated: false,
    points,
    signals: points.filter((p) => p.tests.length > 0).map((p) => ({ test: 1, index: p.index })),
  };
}

/** A small control chart (SVG) of the follow-up points and its text alternative; null when there is nothing to draw. */
export function reviewChartSvg(panel: ChartPanelInput, kpi: ReviewKpiResult, since: string): { svg: string; alt: string; title: string } | null {
  const held = heldPanel(panel, kpi, since);
  if (!held || !kpi.limits) return null;
  const lim = kpi.limits;
  const title = `${kpi.name} — follow-up since ${since} against the held limits`;
  const unit = held.statistic === 'i' || held.statistic === 'mr' || held.statistic === 'xbar' ? kpi.unit : '';
  const svg = renderControlChartSvg(held, { title, unit, width: 960, height: 320 });
  const out = held.signals.map((s) => held.points[s.index - 1]!);
  const alt = `${held.points.length} follow-up points from ${held.points[0]!.subgroup.slice(0, 10)} to ${held.points[held.points.length - 1]!.subgroup.slice(0, 10)}; CL ${fmt(lim.center)}${lim.ucl !== null ? `, UCL ${fmt(lim.ucl)}` : ''}${lim.lcl !== null ? `, LCL ${fmt(lim.lcl)}` : ''}${unit ? ` ${unit}` : ''} held from "${lim.stage}" (${lim.from.slice(0, 10)} – ${lim.to.slice(0, 10)}, ${lim.points} points). ${out.length === 0 ? 'No point beyond the held limits.' : `${out.length} point(s) beyond them: ${out.map((p) => `${p.subgroup.slice(0, 10)} (${fmt(p.value)})`).join(', ')}.`}`;
  return { svg, alt, title };
}
