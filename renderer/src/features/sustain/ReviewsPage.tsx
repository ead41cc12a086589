import type { ReviewResult } from '../../../../common/contract/schemas/reviews';
import { formatDateTime } from '../../format';
import { fileStem } from '../../../../common/domain/text/fileStem';
import { useCall } from '../../api/useCall';
import { useChange } from '../../api/useChange';
import { routeHref } from '../../router';
import { useAppStore } from '../../store';
import { ExportBar } from '../report/ExportBar';
import { useExport } from '../report/useExport';
import type { SectionProps } from '../sectionProps';
import { ReviewsResult, VerdictBadge } from './ReviewsResult';
import { ReviewsRunForm } from './ReviewsRunForm';
import { ReviewsSchedule } from './ReviewsSchedule';
import '../report/report.css';
import './sustain.css';

const AREAS = ['reviews', 'actions'] as const;

/**
 * The 30/60/90-day reviews: the schedule (what is due), Run review, and the stored results newest first — each
 * KPI's verdict with its evidence, drift, fairness, open actions — with the review report to export. Older results
 * are listed as they were stored; a re-run adds a result, it never recomputes one.
 */
export function ReviewsPage({ event }: SectionProps) {
  const eventId = event.id;
  const list = useCall('review-list', { eventId }, AREAS);
  const team = useCall('team-list', { eventId }, ['team']);
  const ops = useChange(AREAS);
  const toast = useAppStore((s) => s.toast);
  const exp = useExport(eventId, fileStem(event.name));
  const schedule = list.data?.schedule ?? [];
  const results = list.data?.results ?? [];
  const titleOf = (r: ReviewResult) => schedule.find((s) => s.id === r.reviewId)?.title ?? 'Review';
  const exportOf = (r: ReviewResult) => (format: 'review-html' | 'review-pdf') => void exp.run(format, { reviewResultId: r.id });
  const [latest, ...older] = results;
  return (
    <div className="reviews-page">
      {list.error && (
        <p className="error-banner" role="alert">
          {list.error}
        </p>
      )}
      <p className="review-hint">
        Before a review, append the fresh logs to the event's datasets on the <a href={routeHref({ page: 'event', eventId, section: 'data' })}>Data page</a> (Import → append). The review
        then recomputes every KPI on the latest data against the limits held from the event.
      </p>
      {list.data && (
        <>
          <ReviewsSchedule eventId={eventId} hasEndDate={event.endDate !== null && event.endDate !== ''} rows={schedule} ops={ops} />
          <ReviewsRunForm
            rows={schedule}
            members={team.data?.members ?? []}
            ops={ops}
            onDone={(r) => toast({ kind: 'success', message: `${titleOf(r)}: ${r.verdicts.length} KPI verdict${r.verdicts.length === 1 ? '' : 's'} stored.` })}
          />
          <ExportBar progress={exp.progress} onCancel={exp.cancel} />
          <section className="review-results" aria-labelledby="review-results-h">
            <h2 id="review-results-h">Results</h2>
            {!latest ? (
              <p className="muted">No review has been run yet. Results appear here, newest first, and stay as they were stored.</p>
            ) : (
              <>
                <ReviewsResult result={latest} title={titleOf(latest)} onExport={exportOf(latest)} exporting={exp.progress !== null} />
                {older.length > 0 && (
                  <>
                    <h3>Earlier results (as stored, not recomputed)</h3>
                    {older.map((r) => (
                      <details key={r.id} className="review-older">
                        <summary>
                          <strong>{titleOf(r)}</strong> — run {formatDateTime(r.createdAt)}{' '}
                          {r.verdicts.map((v) => (
                            <span key={v.kpiId} className="review-older-verdict">
                              {v.name}: <VerdictBadge verdict={v.verdict} />
                            </span>
                          ))}
                        </summary>
                        <ReviewsResult result={r} title={titleOf(r)} onExport={exportOf(r)} exporting={exp.progress !== null} />
                      </details>
                    ))}
                  </>
                )}
              </>
            )}
          </section>
        </>
      )}
    </div>
  );
}
