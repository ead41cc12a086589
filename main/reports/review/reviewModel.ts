import { AppError, isAppError } from '../../../common/contract/errors';
import { unpackChart } from '../../../common/domain/spc/packed';
import type { ReportReader } from '../sections/types';
import { reviewChartSvg } from './reviewChart';
import type { ReviewReportData } from './reviewHtml';

/**
 * Reads one stored review result for its report: the result as stored (never recomputed), its schedule entry, and
 * per KPI with held limits the follow-up points from the KPI's chart, drawn against those limits. A KPI that
 * cannot be charted any more (deleted, its dataset gone) keeps its verdict and evidence, without a chart.
 */
export async function readReviewReport(read: ReportReader, eventId: string, resultId: string | undefined, meta: { generatedAt: string; appVersion: string }): Promise<ReviewReportData> {
  if (!resultId) throw new AppError('BAD_INPUT', 'reviewResultId: the review report needs the review result to report (kaizen report --review RESULT_ID).', { field: 'reviewResultId' });
  const [event, result, list] = await Promise.all([read('event-get', { id: eventId }), read('review-get', { id: resultId }), read('review-list', { eventId })]);
  if (result.eventId !== eventId) throw new AppError('BAD_INPUT', `reviewResultId: review result "${resultId}" belongs to another event.`, { field: 'reviewResultId' });
  const entry = list.schedule.find((s) => s.id === result.reviewId);
  const charts = new Map<string, { svg: string; alt: string; title: string }>();
  for (const v of result.verdicts) {
    if (!v.limits || v.newPoints < 2) continue;
    try {
      const chart = unpackChart(await read('spc-chart-get', { kpiId: v.kpiId }));
      const drawn = chart.panels[0] ? reviewChartSvg(chart.panels[0], v, result.since) : null;
      if (drawn) charts.set(v.kpiId, drawn);
    } catch (e) {
      if (!isAppError(e)) throw e;
    }
  }
  return {
    event: { id: event.id, name: event.name },
    review: { title: entry?.title ?? 'Review', dueDate: entry?.dueDate ?? null },
    result,
    charts,
    ...meta,
  };
}
